ALTER TABLE participants DROP COLUMN reminded_revision;
DROP INDEX outbox_jobs_failed;
DELETE FROM outbox_jobs WHERE state IN ('skipped', 'discarded');
ALTER TABLE outbox_jobs DROP CONSTRAINT outbox_jobs_state_check;
ALTER TABLE outbox_jobs ADD CONSTRAINT outbox_jobs_state_check
    CHECK (state IN ('pending', 'sent', 'failed'));
