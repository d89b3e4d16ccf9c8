-- Mail: jobs that needed no mail (skipped) or that an administrator gave up on (discarded)
-- stay visible beside sent and failed ones. SQLite cannot change a CHECK, so the table is
-- rebuilt.
CREATE TABLE outbox_jobs_new (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'sent', 'failed', 'skipped', 'discarded')),
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at       TIMESTAMP NOT NULL,
    locked_by    TEXT,
    locked_until TIMESTAMP,
    last_error   TEXT,
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);
INSERT INTO outbox_jobs_new SELECT id, kind, payload, state, attempts, run_at, locked_by,
    locked_until, last_error, created_at, finished_at FROM outbox_jobs;
DROP TABLE outbox_jobs;
ALTER TABLE outbox_jobs_new RENAME TO outbox_jobs;
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at) WHERE state = 'pending';
CREATE INDEX outbox_jobs_failed ON outbox_jobs (finished_at) WHERE state = 'failed';

-- Reminders go out once per participant and revision: the revision last reminded of.
ALTER TABLE participants ADD COLUMN reminded_revision INTEGER;
