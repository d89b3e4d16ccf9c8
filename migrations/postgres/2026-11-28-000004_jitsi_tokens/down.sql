DROP INDEX meetings_server;
ALTER TABLE jitsi_servers DROP COLUMN token_margin_minutes;
ALTER TABLE jitsi_servers DROP COLUMN features;
ALTER TABLE jitsi_servers DROP COLUMN moderator_claim;
ALTER TABLE jitsi_servers DROP COLUMN subject;
ALTER TABLE jitsi_servers DROP COLUMN key_id;
ALTER TABLE jitsi_servers DROP COLUMN algorithm;
