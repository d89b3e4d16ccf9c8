-- Each person's calendar entry has its own SEQUENCE: a new link for one invitee, or removing
-- one, moves only theirs. `meetings.revision` stays the highest SEQUENCE ever sent for the
-- meeting, so a re-invitation always outranks an earlier CANCEL.
ALTER TABLE participants ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
UPDATE participants
   SET sequence = (SELECT revision FROM meetings WHERE meetings.id = participants.meeting_id);

-- Reminders are kept per start time, not per revision: a change that does not move the start
-- sends no second reminder. Whoever was reminded is taken to be reminded of today's start.
ALTER TABLE participants ADD COLUMN reminded_for TIMESTAMP;
UPDATE participants
   SET reminded_for = (SELECT starts_at FROM meetings WHERE meetings.id = participants.meeting_id)
 WHERE reminded_revision IS NOT NULL;
ALTER TABLE participants DROP COLUMN reminded_revision;
