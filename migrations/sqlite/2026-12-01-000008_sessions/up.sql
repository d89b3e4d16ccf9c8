-- Signed-in browser sessions, one row each: the encrypted cookie carries a random secret whose
-- SHA-256 is the key here. Signing out deletes the row, so a copied cookie stops working.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
