-- Mail: jobs that needed no mail (skipped) or that an administrator gave up on (discarded)
-- stay visible beside sent and failed ones.
ALTER TABLE outbox_jobs DROP CONSTRAINT outbox_jobs_state_check;
ALTER TABLE outbox_jobs ADD CONSTRAINT outbox_jobs_state_check
    CHECK (state IN ('pending', 'sent', 'failed', 'skipped', 'discarded'));
-- The administrators' view lists failed jobs, newest first.
CREATE INDEX outbox_jobs_failed ON outbox_jobs (finished_at) WHERE state = 'failed';

-- Reminders go out once per participant and revision: the revision last reminded of.
ALTER TABLE participants ADD COLUMN reminded_revision INTEGER;
