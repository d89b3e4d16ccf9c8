-- Data protection: personal data is deleted once it is no longer needed, by a daily job.
-- Keep migrations/sqlite/2026-12-08-000019_retention equal in meaning.

-- When each daily job last started: a worker claims a run by moving the time forward, so of
-- several workers only one runs it per day.
CREATE TABLE maintenance_runs (
    job             TEXT PRIMARY KEY,
    last_started_at TIMESTAMP NOT NULL
);

-- The job finds its rows by age without reading whole tables.
CREATE INDEX outbox_jobs_finished ON outbox_jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX meetings_by_end ON meetings (ends_at);
CREATE INDEX meetings_cancelled ON meetings (cancelled_at) WHERE cancelled_at IS NOT NULL;
