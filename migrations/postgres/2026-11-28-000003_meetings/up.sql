-- Meetings and participants. Keep migrations/sqlite/2026-11-28-000003_meetings equal in meaning.
--
-- participants is recreated: schema v1 made it before join links were designed, and nothing
-- could write to it until now.
DROP TABLE participants;

CREATE TABLE participants (
    id              TEXT PRIMARY KEY,
    meeting_id      TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    email           TEXT NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    display_name    TEXT CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 100),
    role            TEXT NOT NULL DEFAULT 'participant' CHECK (role IN ('participant', 'moderator')),
    locale          TEXT NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
    -- Set when the invitee has an account, so the meeting shows on their dashboard.
    user_id         TEXT REFERENCES users (id) ON DELETE SET NULL,
    -- The organizer has a row too (always a moderator), so they have a join link like everyone else.
    is_organizer    BOOLEAN NOT NULL DEFAULT FALSE,
    -- The join link is an HMAC of (id, link_version) under a key derived from TREFFPUNKT_SECRET_KEY;
    -- only its SHA-256 is stored, so a copy of the database reveals no working link.
    -- Raising link_version replaces the link.
    link_version    INTEGER NOT NULL DEFAULT 0 CHECK (link_version >= 0),
    join_token_hash TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, email),
    CHECK (NOT is_organizer OR role = 'moderator')
);
-- Only invitees with an account are looked up by it; most invitees have none, and a partial
-- index spares their inserts the index write.
CREATE INDEX participants_user ON participants (user_id) WHERE user_id IS NOT NULL;
-- An account also finds invitations sent to its address before it existed (not yet linked).
CREATE INDEX participants_unlinked_email ON participants (email) WHERE user_id IS NULL;
CREATE UNIQUE INDEX participants_one_organizer ON participants (meeting_id) WHERE is_organizer;
