DROP TABLE calendar_feeds;
DROP TABLE counter_proposals;
DROP TABLE responses;
ALTER TABLE meetings DROP COLUMN failures_seen_at;
DROP INDEX outbox_jobs_failed_subject;
DROP INDEX outbox_jobs_subject;
ALTER TABLE outbox_jobs DROP COLUMN subject_part;
ALTER TABLE outbox_jobs DROP COLUMN subject_id;
