DROP INDEX meetings_cancelled;
DROP INDEX meetings_by_end;
DROP INDEX outbox_jobs_finished;
DROP TABLE maintenance_runs;
