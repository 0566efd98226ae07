-- Incoming webhooks (docs/decisions/013-webhooks.md): a space's owner creates
-- a URL carrying a secret token (only its hash is kept); another application
-- POSTs JSON to it and a status update appears in the space, posted by the
-- creator and marked "via <name>" (items.data {"via": name}).
CREATE TABLE incoming_webhooks (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incoming_webhooks_space ON incoming_webhooks (space_id, id);
