DROP INDEX users_by_organisation;
ALTER TABLE users DROP COLUMN organisation_admin;
ALTER TABLE users DROP COLUMN organisation_id;
DROP TABLE jitsi_server_organisations;
DROP TABLE organisation_domains;
DROP TABLE organisations;
