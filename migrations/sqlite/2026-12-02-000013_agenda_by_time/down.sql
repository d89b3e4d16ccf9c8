DROP INDEX participants_unlinked_agenda;
DROP INDEX participants_user_agenda;
ALTER TABLE participants DROP COLUMN meeting_ends_at;
ALTER TABLE participants DROP COLUMN meeting_starts_at;
