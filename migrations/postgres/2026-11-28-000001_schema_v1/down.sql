DROP TABLE outbox_jobs;
DROP TABLE participants;
DROP TABLE meetings;
DROP TABLE jitsi_servers;
DROP TABLE users;
