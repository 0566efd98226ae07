-- Spaces (teams, projects, communities, partner programmes, public pages),
-- their members, pictures and pinned items; notifications about spaces.

CREATE TABLE spaces (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL,                     -- lowercase, [a-z0-9-], unique among live spaces
  name TEXT NOT NULL,
  sort_key TEXT NOT NULL,                 -- folded name, for ordering and search
  description TEXT NOT NULL DEFAULT '',   -- Markdown source
  description_html TEXT NOT NULL DEFAULT '',
  visibility TEXT NOT NULL CHECK (visibility IN ('internal', 'private', 'extranet', 'public')),
  secret INTEGER NOT NULL DEFAULT 0,      -- private or extranet only: hidden from non-members
  parent_id INTEGER REFERENCES spaces(id),
  created_by INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  archived_at INTEGER,                    -- read-only, out of the directory
  deleted_at INTEGER,                     -- gone for everyone (admins delete)
  members_count INTEGER NOT NULL DEFAULT 0,
  photo_version INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX spaces_slug ON spaces (slug) WHERE deleted_at IS NULL;
CREATE INDEX spaces_sort ON spaces (sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX spaces_parent ON spaces (parent_id, sort_key, id) WHERE deleted_at IS NULL;

-- One row per person and space: a member (owner, moderator, member), an
-- open invitation, or a request waiting for approval.
CREATE TABLE space_members (
  space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'moderator', 'member', 'invited', 'requested')),
  sort_key TEXT NOT NULL,                 -- the person's folded name, for member lists
  invited_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (space_id, person_id)
);
CREATE INDEX space_members_person ON space_members (person_id, space_id);
CREATE INDEX space_members_list ON space_members (space_id, sort_key, person_id);

CREATE TABLE space_photos (
  space_id INTEGER NOT NULL PRIMARY KEY REFERENCES spaces(id) ON DELETE CASCADE,
  image BLOB NOT NULL,
  mime TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Pinned items head their space's home, newest pin first.
ALTER TABLE items ADD COLUMN pinned_at INTEGER;
CREATE INDEX items_pinned ON items (space_id, pinned_at) WHERE pinned_at IS NOT NULL AND deleted_at IS NULL;

-- Notifications gain a space (invitations, join requests, approvals); the
-- unique key must include it, so the table is rebuilt (ids are given anew,
-- in the same order: nothing refers to them, and PostgreSQL's identity
-- sequence stays right).
CREATE TABLE notifications_new (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  actor_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL DEFAULT 0,     -- 0: none
  comment_id INTEGER NOT NULL DEFAULT 0,  -- 0: none
  space_id INTEGER NOT NULL DEFAULT 0,    -- 0: none
  created_at INTEGER NOT NULL,
  read_at INTEGER,
  UNIQUE (person_id, kind, actor_id, item_id, comment_id, space_id)
);
INSERT INTO notifications_new (person_id, kind, actor_id, item_id, comment_id, created_at, read_at)
  SELECT person_id, kind, actor_id, item_id, comment_id, created_at, read_at FROM notifications ORDER BY id;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_person ON notifications (person_id, id);
CREATE INDEX notifications_unread ON notifications (person_id, read_at);
