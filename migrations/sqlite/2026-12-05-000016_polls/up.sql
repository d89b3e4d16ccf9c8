-- Date polls: proposed times, who is asked, their answers. Keep
-- migrations/postgres/2026-12-05-000016_polls equal in meaning.

CREATE TABLE polls (
    id                 TEXT PRIMARY KEY,
    organizer_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL,
    time_zone          TEXT NOT NULL,
    -- Whether the public link answers (its secret is derived from the server key and the poll
    -- id; the database keeps its SHA-256 for the look-up).
    public_link        BOOLEAN NOT NULL,
    public_token_hash  TEXT NOT NULL UNIQUE,
    show_answers       BOOLEAN NOT NULL,
    deadline           TIMESTAMP,
    -- Hours before the deadline the one reminder goes to those who have not answered; NULL: none.
    reminder_hours     INTEGER,
    reminded_at        TIMESTAMP,
    closed_at          TIMESTAMP,
    -- The proposal chosen at closing (NULL: closed without a date) and the meeting made of it.
    chosen_proposal_id TEXT,
    meeting_id         TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX polls_organizer ON polls (organizer_id, created_at);
-- The worker's look for reminders due: open polls with a deadline and a reminder not yet sent.
CREATE INDEX polls_reminder_due ON polls (deadline)
    WHERE closed_at IS NULL AND reminded_at IS NULL AND reminder_hours IS NOT NULL;

-- A proposed time, in UTC; position keeps the organizer's order.
CREATE TABLE poll_proposals (
    id         TEXT PRIMARY KEY,
    poll_id    TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL,
    UNIQUE (poll_id, starts_at, ends_at)
);
CREATE INDEX poll_proposals_poll ON poll_proposals (poll_id, position);

-- Someone asked (invited by address) or a guest who answered on the public link (guest, the
-- address optional). The personal link's secret is an HMAC of the id; its SHA-256 is kept.
CREATE TABLE poll_participants (
    id           TEXT PRIMARY KEY,
    poll_id      TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    email        TEXT,
    display_name TEXT,
    locale       TEXT NOT NULL,
    user_id      TEXT REFERENCES users (id) ON DELETE SET NULL,
    guest        BOOLEAN NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    answered_at  TIMESTAMP,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX poll_participants_poll ON poll_participants (poll_id, created_at);
CREATE INDEX poll_participants_user ON poll_participants (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX poll_participants_email ON poll_participants (poll_id, email)
    WHERE email IS NOT NULL AND NOT guest;

-- One answer per person and proposal: yes, maybe (if need be) or no.
CREATE TABLE poll_answers (
    participant_id TEXT NOT NULL REFERENCES poll_participants (id) ON DELETE CASCADE,
    proposal_id    TEXT NOT NULL REFERENCES poll_proposals (id) ON DELETE CASCADE,
    answer         TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    PRIMARY KEY (participant_id, proposal_id)
);

-- An answer a meeting's participant gave in the poll the meeting was made from ('poll': "no"
-- to the chosen time, so probably absent) beside 'web' and 'calendar'. SQLite cannot change a
-- CHECK, so the table is rebuilt.
CREATE TABLE responses_new (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    recurrence_id  TEXT NOT NULL DEFAULT '',
    partstat       TEXT NOT NULL CHECK (partstat IN ('ACCEPTED', 'TENTATIVE', 'DECLINED')),
    comment        TEXT,
    answered_at    TIMESTAMP NOT NULL,
    via            TEXT NOT NULL CHECK (via IN ('web', 'calendar', 'poll')),
    sequence       INTEGER NOT NULL,
    PRIMARY KEY (participant_id, recurrence_id)
);
INSERT INTO responses_new SELECT participant_id, recurrence_id, partstat, comment, answered_at,
    via, sequence FROM responses;
DROP INDEX responses_answered;
DROP TABLE responses;
ALTER TABLE responses_new RENAME TO responses;
CREATE INDEX responses_answered ON responses (answered_at);
