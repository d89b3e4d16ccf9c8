DROP TABLE jitsi_reservations;
DROP TABLE room_stays;
ALTER TABLE meetings DROP COLUMN room_settings;
DROP INDEX meetings_dial_in_pin;
ALTER TABLE meetings DROP COLUMN dial_in_pin;
DROP TABLE jitsi_server_hooks;
