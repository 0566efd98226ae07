-- Outgoing webhooks (docs/decisions/013-webhooks.md): URLs registered by an
-- admin (every space, space_id NULL) or a space's owner (that space) for a
-- set of events, each message kept as one delivery, sent by the `webhook`
-- job with the hook's secret (Standard Webhooks signatures).
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  space_id INTEGER REFERENCES spaces(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  events TEXT NOT NULL,                   -- comma-separated event names
  secret TEXT NOT NULL,                   -- whsec_ + base64 of 32 bytes (needed to sign)
  created_at INTEGER NOT NULL
);
CREATE INDEX webhooks_space ON webhooks (space_id, id);
CREATE INDEX webhooks_owner ON webhooks (owner_id, id);
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  message_id TEXT NOT NULL,               -- the webhook-id header, the same on every attempt
  body TEXT NOT NULL,                     -- the JSON sent, as it was when the event happened
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'ok', 'failed')),
  response_code INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  attempted_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
