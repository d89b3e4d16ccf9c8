DELETE FROM responses WHERE via = 'poll';
ALTER TABLE responses DROP CONSTRAINT responses_via_check;
ALTER TABLE responses ADD CONSTRAINT responses_via_check CHECK (via IN ('web', 'calendar'));
DROP TABLE poll_answers;
DROP TABLE poll_participants;
DROP TABLE poll_proposals;
DROP TABLE polls;
