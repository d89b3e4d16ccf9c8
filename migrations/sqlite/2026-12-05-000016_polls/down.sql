DELETE FROM responses WHERE via = 'poll';
CREATE TABLE responses_old (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    recurrence_id  TEXT NOT NULL DEFAULT '',
    partstat       TEXT NOT NULL CHECK (partstat IN ('ACCEPTED', 'TENTATIVE', 'DECLINED')),
    comment        TEXT,
    answered_at    TIMESTAMP NOT NULL,
    via            TEXT NOT NULL CHECK (via IN ('web', 'calendar')),
    sequence       INTEGER NOT NULL,
    PRIMARY KEY (participant_id, recurrence_id)
);
INSERT INTO responses_old SELECT participant_id, recurrence_id, partstat, comment, answered_at,
    via, sequence FROM responses;
DROP INDEX responses_answered;
DROP TABLE responses;
ALTER TABLE responses_old RENAME TO responses;
CREATE INDEX responses_answered ON responses (answered_at);
DROP TABLE poll_answers;
DROP TABLE poll_participants;
DROP TABLE poll_proposals;
DROP TABLE polls;
