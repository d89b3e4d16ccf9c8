-- What Jitsi tells and asks Treffpunkt: dial-in PINs, the event_sync component's room events,
-- mod_reservations' questions. Keep migrations/sqlite/2026-12-06-000017_jitsi_hooks equal in
-- meaning.

-- Per server, each hook off until an administrator sets it.
CREATE TABLE jitsi_server_hooks (
    server_id                 TEXT PRIMARY KEY REFERENCES jitsi_servers (id) ON DELETE CASCADE,
    -- The MUC domain of its rooms (conference.meet.example.org), lower case: the mapper's
    -- `conference=<room>@<muc domain>`.
    muc_domain                TEXT UNIQUE,
    -- The dial-in numbers as the numbers endpoint answers them (a JSON array).
    dial_in_numbers           TEXT NOT NULL DEFAULT '[]',
    -- The bearer tokens Prosody sends, as HMACs under a key derived from the server key: looked
    -- up by equality, never shown again, useless without the key.
    events_token_digest       TEXT UNIQUE,
    reservations              TEXT NOT NULL DEFAULT 'off'
        CHECK (reservations IN ('off', 'refuse-unplanned', 'allow-unplanned')),
    reservations_token_digest TEXT UNIQUE,
    -- The server runs Jitsi's lobby with reservations (`reservations_enable_lobby_support`).
    reservations_lobby        BOOLEAN NOT NULL DEFAULT FALSE,
    -- Presets of room settings the server offers organizers (a JSON array of named settings).
    room_presets              TEXT NOT NULL DEFAULT '[]',
    updated_at                TIMESTAMP NOT NULL
);

-- Nine random digits callers type; unique, so a PIN names one meeting.
ALTER TABLE meetings ADD COLUMN dial_in_pin TEXT UNIQUE;

-- Room settings beyond the server's defaults (who may share screens, record, chat privately;
-- start muted), as JSON; '{}': the server's.
ALTER TABLE meetings ADD COLUMN room_settings TEXT NOT NULL DEFAULT '{}';

-- Who was in a meeting's room, from the event_sync component: one row per stay of one
-- occupant in the main room or one breakout room. Events are retried, so a stay is named by
-- its occupant and its join time.
CREATE TABLE room_stays (
    id             TEXT PRIMARY KEY,
    meeting_id     TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    occupant_jid   TEXT NOT NULL,
    -- The breakout room's id; NULL in the main room.
    breakout_room  TEXT,
    -- The invitee whose token it was (the token's context.user.id), if any.
    participant_id TEXT REFERENCES participants (id) ON DELETE SET NULL,
    -- The name Jitsi showed.
    name           TEXT NOT NULL,
    -- person, phone (a Jigasi caller) or recorder (Jibri): recorders are no attendees.
    kind           TEXT NOT NULL CHECK (kind IN ('person', 'phone', 'recorder')),
    joined_at      TIMESTAMP NOT NULL,
    left_at        TIMESTAMP,
    UNIQUE (meeting_id, occupant_jid, joined_at)
);
-- "Running now": the stays still open.
CREATE INDEX room_stays_open ON room_stays (meeting_id) WHERE left_at IS NULL;

-- mod_reservations' reservations: one per room that was asked for, with the number Jitsi
-- knows it by. Held while Jitsi holds it (until its DELETE).
CREATE TABLE jitsi_reservations (
    id          BIGINT PRIMARY KEY,
    server_id   TEXT NOT NULL REFERENCES jitsi_servers (id) ON DELETE CASCADE,
    room_name   TEXT NOT NULL,
    -- NULL for a room Treffpunkt never planned (on a server that allows them).
    meeting_id  TEXT REFERENCES meetings (id) ON DELETE CASCADE,
    mail_owner  TEXT NOT NULL,
    -- Whether Jitsi holds it now (answered, not yet deleted).
    active      BOOLEAN NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (server_id, room_name)
);
