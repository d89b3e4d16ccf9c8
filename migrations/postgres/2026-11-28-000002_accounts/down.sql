DROP TABLE audit_events;
DROP TABLE setup_tokens;
DROP TABLE api_tokens;
ALTER TABLE users DROP COLUMN sessions_valid_after;
DROP INDEX users_oidc_identity;
ALTER TABLE users DROP COLUMN oidc_subject;
ALTER TABLE users DROP COLUMN oidc_issuer;
