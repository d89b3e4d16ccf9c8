-- Series: a meeting with a recurrence rule, and its exceptions. Keep migrations/postgres/2026-12-03-000014_series equal in meaning.
--
-- recurrence holds the RRULE value in Treffpunkt's normal form (UNTIL in UTC); starts_at and
-- ends_at stay the first meeting's. For a series, participants.meeting_ends_at holds the end of
-- the last meeting (or a far date for a series without end), so agendas still find it by time.
ALTER TABLE meetings ADD COLUMN recurrence TEXT;

-- One row per occurrence that differs from the rule: cancelled alone, or moved or retitled
-- alone. recurrence_id is the occurrence's original start (UTC): its RECURRENCE-ID.
CREATE TABLE meeting_exceptions (
    meeting_id    TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    recurrence_id TIMESTAMP NOT NULL,
    cancelled_at  TIMESTAMP,
    -- Moved: its own start and end (both or neither).
    starts_at     TIMESTAMP,
    ends_at       TIMESTAMP,
    title         TEXT,
    description   TEXT,
    -- The SEQUENCE of this occurrence's own calendar component (RFC 5546: per instance).
    sequence      INTEGER NOT NULL CHECK (sequence >= 0),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, recurrence_id),
    CHECK ((starts_at IS NULL) = (ends_at IS NULL))
);

-- Series on an agenda are found by the end of their last meeting, not by their first start (a
-- weekly series planned a year ago still runs). Copied from the meeting like its times; the
-- partial indexes hold only series rows, so single meetings pay no extra index write.
ALTER TABLE participants ADD COLUMN in_series BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX participants_user_series ON participants (user_id, meeting_ends_at)
    WHERE in_series AND user_id IS NOT NULL;
CREATE INDEX participants_unlinked_series ON participants (email, meeting_ends_at)
    WHERE in_series AND user_id IS NULL;

-- Reminders look at the series that go on: few among all meetings.
CREATE INDEX meetings_running_series ON meetings (id)
    WHERE recurrence IS NOT NULL AND cancelled_at IS NULL;
