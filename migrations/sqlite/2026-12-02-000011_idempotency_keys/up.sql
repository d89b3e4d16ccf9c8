-- POST /api/v1/meetings with an Idempotency-Key: the meeting the first request created, so a
-- retry after a lost answer gets that meeting instead of a second one. Kept 24 hours.
-- `fingerprint` (SHA-256 of the request as parsed) tells a retry from a different request that
-- reuses the key. No foreign key to meetings: the row is written first, so a concurrent twin
-- waits on it, and meetings are never deleted anyway.
CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    meeting_id   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
