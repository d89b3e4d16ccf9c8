ALTER TABLE participants ADD COLUMN reminded_revision INTEGER;
UPDATE participants
   SET reminded_revision = (SELECT revision FROM meetings WHERE meetings.id = participants.meeting_id)
 WHERE reminded_for IS NOT NULL;
ALTER TABLE participants DROP COLUMN reminded_for;
ALTER TABLE participants DROP COLUMN sequence;
