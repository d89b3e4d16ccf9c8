-- What a room token needs beyond app id and secret (see ../shared/reference/jitsi-jwt.md).
ALTER TABLE jitsi_servers ADD COLUMN algorithm TEXT NOT NULL DEFAULT 'HS256'
    CHECK (algorithm IN ('HS256', 'HS384', 'HS512', 'RS256'));
-- The `kid` header of RSA tokens; Prosody fetches the public key by it.
ALTER TABLE jitsi_servers ADD COLUMN key_id TEXT;
-- The `sub` claim: the domain, a tenant, or '*'.
ALTER TABLE jitsi_servers ADD COLUMN subject TEXT NOT NULL DEFAULT '*';
-- Where a moderator's claim goes: context.user (mod_token_affiliation), top level, or both.
ALTER TABLE jitsi_servers ADD COLUMN moderator_claim TEXT NOT NULL DEFAULT 'context'
    CHECK (moderator_claim IN ('context', 'top_level', 'both'));
-- `context.features` as a JSON object of booleans; '{}' grants nothing explicitly.
ALTER TABLE jitsi_servers ADD COLUMN features TEXT NOT NULL DEFAULT '{}';
-- How long after the meeting's end a token stays valid (reconnects, overrunning meetings).
ALTER TABLE jitsi_servers ADD COLUMN token_margin_minutes INTEGER NOT NULL DEFAULT 60
    CHECK (token_margin_minutes BETWEEN 0 AND 1440);
-- "Is this server in use?" before deleting it.
CREATE INDEX meetings_server ON meetings (jitsi_server_id);
