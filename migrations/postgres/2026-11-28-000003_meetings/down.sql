DROP TABLE participants;

CREATE TABLE participants (
    id           TEXT PRIMARY KEY,
    meeting_id   TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    email        TEXT NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    display_name TEXT CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 100),
    role         TEXT NOT NULL DEFAULT 'participant' CHECK (role IN ('participant', 'moderator')),
    locale       TEXT NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
    -- Set when the invitee has an account, so the meeting shows on their dashboard.
    user_id      TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, email)
);
CREATE INDEX participants_user ON participants (user_id);
