-- Treffpunkt's own waiting room: with the lobby on, a participant who presses Join asks to be
-- let in, and a moderator admits or declines. One row per participant (their link is personal);
-- only an admitted participant is given a room token.
CREATE TABLE lobby_entries (
    participant_id  TEXT PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    meeting_id      TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    state           TEXT NOT NULL,
    asked_at        TIMESTAMP NOT NULL,
    decided_at      TIMESTAMP,
    decided_by      TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX lobby_entries_meeting ON lobby_entries (meeting_id, state);

-- Per server: tokens also carry the claims the jitsi-contrib lobby plugins read
-- (`context.room.lobby_autostart`, `lobby_bypass`), for deployments that run them.
ALTER TABLE jitsi_servers ADD COLUMN lobby_claims BOOLEAN NOT NULL DEFAULT FALSE;
