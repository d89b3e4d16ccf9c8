-- Who is coming: delivery per person, answers, calendar feeds. Keep
-- migrations/sqlite/2026-12-04-000015_replies equal in meaning.

-- What an outbox job is about, so a person's mails can be found without reading payloads: the
-- participant, and for a mail about one date of a series that date's recurrence id
-- (20270105T090000Z). Jobs queued before this migration get theirs from their payload.
ALTER TABLE outbox_jobs ADD COLUMN subject_id TEXT;
ALTER TABLE outbox_jobs ADD COLUMN subject_part TEXT;
UPDATE outbox_jobs
   SET subject_id = payload::json ->> 'participant_id',
       subject_part = payload::json ->> 'recurrence_id';
CREATE INDEX outbox_jobs_subject ON outbox_jobs (subject_id, created_at)
    WHERE subject_id IS NOT NULL;
-- The dashboard's failed mails come from outbox_jobs_failed (migration 5).

-- The organizer last looked at the meeting's failed mails (the dashboard shows newer ones).
ALTER TABLE meetings ADD COLUMN failures_seen_at TIMESTAMP;

-- One answer per person, for the whole meeting or series (recurrence_id '') or for one date of
-- a series (its recurrence id, 20270105T090000Z), which then counts for that date instead.
CREATE TABLE responses (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    recurrence_id  TEXT NOT NULL DEFAULT '',
    partstat       TEXT NOT NULL CHECK (partstat IN ('ACCEPTED', 'TENTATIVE', 'DECLINED')),
    comment        TEXT,
    answered_at    TIMESTAMP NOT NULL,
    -- 'web' (the reply page or the API) or 'calendar' (an iMIP REPLY).
    via            TEXT NOT NULL CHECK (via IN ('web', 'calendar')),
    -- The SEQUENCE answered: an answer to an older version says so.
    sequence       INTEGER NOT NULL,
    PRIMARY KEY (participant_id, recurrence_id)
);

-- The digest of new answers: once a day to each organizer who has not switched it off;
-- answers up to reply_digest_until were in an earlier one.
CREATE INDEX responses_answered ON responses (answered_at);
ALTER TABLE users ADD COLUMN reply_digest BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN reply_digest_until TIMESTAMP;

-- Another time someone's calendar proposed (iMIP COUNTER): shown to the organizer, never
-- applied. message_id makes a message read twice count once.
CREATE TABLE counter_proposals (
    id             TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    recurrence_id  TEXT NOT NULL DEFAULT '',
    starts_at      TIMESTAMP,
    ends_at        TIMESTAMP,
    comment        TEXT,
    message_id     TEXT NOT NULL UNIQUE,
    received_at    TIMESTAMP NOT NULL
);
CREATE INDEX counter_proposals_participant ON counter_proposals (participant_id);

-- A subscription address per account; the secret is derived from the server key and the
-- version (shown again on demand), the database keeps its SHA-256 for the look-up.
CREATE TABLE calendar_feeds (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
