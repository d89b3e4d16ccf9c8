-- Schema v1. Keep migrations/postgres/2026-11-28-000001_schema_v1 equal in meaning.
-- Ids are random UUIDs as text (v4 where they appear in URLs, v7 for the time-ordered outbox).
-- Times are UTC (TIMESTAMP without zone); meetings keep their IANA zone beside them.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    password_hash TEXT,
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    locale        TEXT NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
    time_zone     TEXT NOT NULL DEFAULT 'Europe/Berlin',
    disabled_at   TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE jitsi_servers (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    base_url          TEXT NOT NULL CHECK (base_url LIKE 'http%://%'),
    token_mode        TEXT NOT NULL DEFAULT 'none' CHECK (token_mode IN ('none', 'shared_secret', 'rsa')),
    app_id            TEXT,
    -- AEAD-sealed with a key derived from TREFFPUNKT_SECRET_KEY; never stored in the clear.
    secret_sealed     BLOB,
    audience          TEXT NOT NULL DEFAULT 'jitsi',
    is_default        BOOLEAN NOT NULL DEFAULT FALSE,
    retired_at        TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    CHECK (token_mode = 'none' OR (app_id IS NOT NULL AND secret_sealed IS NOT NULL))
);
-- At most one default server.
CREATE UNIQUE INDEX jitsi_servers_one_default ON jitsi_servers (is_default) WHERE is_default;

CREATE TABLE meetings (
    id                  TEXT PRIMARY KEY,
    -- A user with meetings is disabled, not deleted: their invitees' calendars still point here.
    organizer_id        TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    -- A server in use is retired, not deleted.
    jitsi_server_id     TEXT REFERENCES jitsi_servers (id) ON DELETE RESTRICT,
    title               TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description         TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    starts_at           TIMESTAMP NOT NULL,
    ends_at             TIMESTAMP NOT NULL,
    time_zone           TEXT NOT NULL,
    room_name           TEXT NOT NULL UNIQUE,
    lobby_enabled       BOOLEAN NOT NULL DEFAULT FALSE,
    join_minutes_before INTEGER NOT NULL DEFAULT 15 CHECK (join_minutes_before BETWEEN 0 AND 1440),
    -- Increases with every change invitees must hear about; the iCalendar SEQUENCE.
    revision            INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    cancelled_at        TIMESTAMP,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_organizer_starts ON meetings (organizer_id, starts_at);
CREATE INDEX meetings_starts ON meetings (starts_at);

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

-- The transactional outbox: rows are written in the same transaction as the change
-- that causes them, and a worker delivers them after commit.
CREATE TABLE outbox_jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at       TIMESTAMP NOT NULL,
    -- A worker's lease: while locked_until is in the future no other worker takes the job.
    locked_by    TEXT,
    locked_until TIMESTAMP,
    last_error   TEXT,
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at) WHERE state = 'pending';
