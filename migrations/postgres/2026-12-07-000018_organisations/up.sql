-- Cities in one installation: every account belongs to one organisation, which has its own
-- administrators and Jitsi servers. Keep migrations/sqlite/2026-12-07-000018_organisations
-- equal in meaning.

CREATE TABLE organisations (
    id                TEXT PRIMARY KEY,
    -- Short, lower case, for the command line and the sign-in page (`stadt-a`).
    slug              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    -- Keycloak's identity provider alias: the sign-in button passes it as `kc_idp_hint`, and an
    -- organisation claim naming it (or the slug) puts the account here.
    idp_hint          TEXT UNIQUE,
    -- New meetings of its members run here unless they pick another of its servers.
    default_server_id TEXT REFERENCES jitsi_servers (id) ON DELETE SET NULL,
    -- Accounts no rule places go to the one default organisation.
    is_default        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX organisations_one_default ON organisations (is_default) WHERE is_default;

-- The default organisation, named at the first start from TREFFPUNKT_ORGANISATION_NAME (an
-- empty name means "not named yet"); every existing account belongs to it.
INSERT INTO organisations (id, slug, name, is_default, created_at, updated_at)
VALUES ('00000000-0000-4000-8000-000000000001', '', '', TRUE, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');

-- Addresses whose domain places an account: `stadt-a.de` (that domain) or `*.stadt-a.de` (its
-- subdomains), lower case.
CREATE TABLE organisation_domains (
    domain          TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
);
CREATE INDEX organisation_domains_by_organisation ON organisation_domains (organisation_id);

-- The organisations a server is offered to; a server without rows is offered to all.
CREATE TABLE jitsi_server_organisations (
    server_id       TEXT NOT NULL REFERENCES jitsi_servers (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (server_id, organisation_id)
);
CREATE INDEX jitsi_server_organisations_by_organisation
    ON jitsi_server_organisations (organisation_id);

ALTER TABLE users ADD COLUMN organisation_id TEXT NOT NULL
    DEFAULT '00000000-0000-4000-8000-000000000001' REFERENCES organisations (id);
-- Manages the accounts, servers and settings of its own organisation only.
ALTER TABLE users ADD COLUMN organisation_admin BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX users_by_organisation ON users (organisation_id, email);
