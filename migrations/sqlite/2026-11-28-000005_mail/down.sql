ALTER TABLE participants DROP COLUMN reminded_revision;
DELETE FROM outbox_jobs WHERE state IN ('skipped', 'discarded');
CREATE TABLE outbox_jobs_old (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at       TIMESTAMP NOT NULL,
    locked_by    TEXT,
    locked_until TIMESTAMP,
    last_error   TEXT,
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);
INSERT INTO outbox_jobs_old SELECT * FROM outbox_jobs;
DROP TABLE outbox_jobs;
ALTER TABLE outbox_jobs_old RENAME TO outbox_jobs;
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at) WHERE state = 'pending';
