-- The dashboard and the API list read an account's meetings in time order. Keeping the
-- meeting's start and end on each participant row lets an index walk one account's meetings (or
-- one unclaimed address's) in that order, so the cost no longer grows with the account's history.
-- `meetings::queries::save_meeting` keeps the copies equal to the meeting's times.
ALTER TABLE participants ADD COLUMN meeting_starts_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
ALTER TABLE participants ADD COLUMN meeting_ends_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE participants
   SET meeting_starts_at = (SELECT starts_at FROM meetings WHERE meetings.id = participants.meeting_id),
       meeting_ends_at = (SELECT ends_at FROM meetings WHERE meetings.id = participants.meeting_id);
CREATE INDEX participants_user_agenda ON participants (user_id, meeting_starts_at, meeting_id)
    WHERE user_id IS NOT NULL;
CREATE INDEX participants_unlinked_agenda ON participants (email, meeting_starts_at, meeting_id)
    WHERE user_id IS NULL;
