-- Failed attempts (sign-in, join and setup links), shared by every instance on this database.
-- One row per counted thing and key; the window begins with the key's first failure and ends at
-- `expires_at`, after which the row counts as gone (and is purged). Keys are stored as SHA-256:
-- client addresses, accounts and link prefixes are never kept in clear.
CREATE TABLE attempt_counts (
    counted     TEXT NOT NULL,
    key_hash    TEXT NOT NULL,
    failures    INTEGER NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (counted, key_hash)
);
CREATE INDEX attempt_counts_expiry ON attempt_counts (expires_at);
