-- Feeds (issue 7): each person's feed token, good only for their Atom and
-- calendar feeds (read-only, never for pages or the API). Only the SHA-256
-- of the 32 random bytes is stored; resetting replaces it.
CREATE TABLE feed_tokens (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  PRIMARY KEY (person_id)
);
