-- Password reset links (core/reset.c): 32 random bytes handed out once in
-- the link /reset/{token}; only the SHA-256 is kept. A link is valid
-- reset_token_minutes (default 60) and once: using one voids every other
-- link of the same person.
CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX password_resets_person ON password_resets (person_id, used_at);
