DROP INDEX meetings_running_series;
DROP INDEX participants_unlinked_series;
DROP INDEX participants_user_series;
ALTER TABLE participants DROP COLUMN in_series;
DROP TABLE meeting_exceptions;
ALTER TABLE meetings DROP COLUMN recurrence;
