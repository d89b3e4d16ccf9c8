ALTER TABLE jitsi_servers DROP COLUMN lobby_claims;
DROP TABLE lobby_entries;
