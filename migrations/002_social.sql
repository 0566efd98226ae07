-- The social core: items (every kind of content), their revisions, tags and
-- mentions; comments; likes; follows; notifications.

-- One table for every kind of content. Kind-specific fields live in `data`
-- (JSON) so new kinds need no reshaping; space_id stays NULL for items on the
-- author's profile until spaces exist.
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES people(id),
  space_id INTEGER,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',          -- Markdown source
  body_html TEXT NOT NULL DEFAULT '',     -- rendered once, when written
  data TEXT,                              -- JSON, per type
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted_at INTEGER,
  comments_count INTEGER NOT NULL DEFAULT 0,
  likes_count INTEGER NOT NULL DEFAULT 0
);
-- Streams read live items only: partial indexes keep them narrow.
CREATE INDEX items_author ON items (author_id, id) WHERE deleted_at IS NULL;
CREATE INDEX items_space ON items (space_id, id) WHERE deleted_at IS NULL;

-- Every earlier version of an item, kept on each edit.
CREATE TABLE item_revisions (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  rev INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  editor_id INTEGER REFERENCES people(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, rev)
);

CREATE TABLE item_tags (
  tag TEXT NOT NULL,                      -- folded: lowercase, no accents
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tag, item_id)
);
CREATE INDEX item_tags_item ON item_tags (item_id);
CREATE INDEX item_tags_recent ON item_tags (created_at, tag);

CREATE TABLE item_mentions (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  PRIMARY KEY (person_id, item_id)
);
CREATE INDEX item_mentions_item ON item_mentions (item_id);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES people(id),
  parent_id INTEGER REFERENCES comments(id),
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted_at INTEGER,
  likes_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_item ON comments (item_id, id);
CREATE INDEX comments_author ON comments (author_id, item_id);

-- Likes and follows have their own id so lists of them page by id.
CREATE TABLE item_likes (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (item_id, person_id)
);

CREATE TABLE comment_likes (
  id INTEGER PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (comment_id, person_id)
);

CREATE TABLE follows (
  id INTEGER PRIMARY KEY,
  follower_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  followee_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id, follower_id);

-- One row per event and recipient; the unique key makes a repeated event
-- (liking twice after an unlike, a second edit mentioning the same person)
-- a no-op instead of a duplicate.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                     -- mention, comment, reply, like, follow
  actor_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL DEFAULT 0,     -- 0: none (follow)
  comment_id INTEGER NOT NULL DEFAULT 0,  -- 0: none
  created_at INTEGER NOT NULL,
  read_at INTEGER,
  UNIQUE (person_id, kind, actor_id, item_id, comment_id)
);
CREATE INDEX notifications_person ON notifications (person_id, id);
CREATE INDEX notifications_unread ON notifications (person_id, read_at);

-- Kinds a person turned off (absent: on).
CREATE TABLE notification_prefs (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  PRIMARY KEY (person_id, kind)
);

-- Reports of a manager are listed by name: the index serves the order too.
DROP INDEX people_manager;
CREATE INDEX people_manager ON people (manager_id, sort_key, id);
