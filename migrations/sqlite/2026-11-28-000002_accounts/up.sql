-- Accounts and sign-in. Keep migrations/postgres/2026-11-28-000002_accounts equal in meaning.

-- A single sign-on account is found by its provider's (issuer, subject), which never changes,
-- unlike the e-mail address.
ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject);

-- Sessions begun before this time are over (set when the password changes). Session cookies
-- cannot be recalled, so every request compares the session's sign-in time with this.
ALTER TABLE users ADD COLUMN sessions_valid_after TIMESTAMP;

-- Personal tokens for the JSON API. Only a SHA-256 of the token is kept:
-- the token is 256 random bits, so a fast hash is as safe as a slow one and costs nothing per request.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One-time links that create the first administrator; useless once any account exists.
CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL
);

-- Who did what, when, from where: sign-ins, failed sign-ins, administrators' actions.
CREATE TABLE audit_events (
    id             TEXT PRIMARY KEY,
    occurred_at    TIMESTAMP NOT NULL,
    action         TEXT NOT NULL,
    actor_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    target_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    ip             TEXT,
    detail         TEXT
);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);
