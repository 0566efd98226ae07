-- Accounts, sessions, API tokens, invitations and profiles.
-- Portable SQL: the PostgreSQL backend maps INTEGER PRIMARY KEY to an
-- identity column; times are Unix seconds; secrets are stored as SHA-256 hex.

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,            -- lowercased
  handle TEXT NOT NULL UNIQUE,           -- lowercased, [a-z0-9._-]
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'employee', 'external')),
  password_hash TEXT,                    -- Argon2id string; NULL: no password yet
  disabled INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  manager_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  bio TEXT NOT NULL DEFAULT '',
  lang TEXT,                             -- 'en', 'fr', or NULL: follow the browser
  sort_key TEXT NOT NULL,                -- folded name, for ordering
  search_key TEXT NOT NULL DEFAULT '',   -- folded name, title, department, location, expertise
  photo_version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX people_manager ON people (manager_id);
CREATE INDEX people_sort ON people (sort_key, id);

CREATE TABLE person_expertise (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (person_id, tag)
);
CREATE INDEX person_expertise_tag ON person_expertise (tag);

CREATE TABLE person_photos (
  person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  image BLOB NOT NULL,
  mime TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL DEFAULT 'read write',
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

CREATE TABLE invitations (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'employee', 'external')),
  invited_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  accepted_at INTEGER,
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL
);

-- Failed logins, by account ("e:<email>") and by address ("a:<ip>").
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
