-- Content types beyond status updates: blog posts (drafts), wiki pages,
-- discussions, questions, ideas, polls, events, bookmarks, files; and the
-- durable job queue that fetches link previews (later: webhooks, e-mail).
-- Each kind keeps its own fields in its own table, keyed by the item.

-- A draft is seen by its author only and enters no stream until published.
ALTER TABLE items ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;
-- Lists of one kind (a space's wiki, its questions, a person's blog).
CREATE INDEX items_type ON items (type, id) WHERE deleted_at IS NULL;
CREATE INDEX items_type_author ON items (type, author_id, id) WHERE deleted_at IS NULL;

-- Wiki pages: a slug unique within their space; revisions in item_revisions,
-- which gains the editor's comment.
CREATE TABLE wiki_pages (
  item_id INTEGER NOT NULL PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  slug TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1      -- the current revision's number
);
CREATE UNIQUE INDEX wiki_pages_slug ON wiki_pages (space_id, slug);
ALTER TABLE item_revisions ADD COLUMN comment TEXT NOT NULL DEFAULT '';

-- Questions: the accepted answer is a comment.
CREATE TABLE questions (
  item_id INTEGER NOT NULL PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  accepted_comment_id INTEGER REFERENCES comments(id) ON DELETE SET NULL,
  accepted_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  accepted_at INTEGER
);

-- Ideas: one vote per person (+1 or -1), a status set by moderators.
CREATE TABLE ideas (
  item_id INTEGER NOT NULL PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'review', 'planned', 'done', 'declined')),
  status_comment TEXT NOT NULL DEFAULT '',
  status_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  status_at INTEGER,
  score INTEGER NOT NULL DEFAULT 0,       -- votes for minus votes against
  votes_for INTEGER NOT NULL DEFAULT 0,
  votes_against INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ideas_score ON ideas (score, item_id);
CREATE TABLE idea_votes (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  value INTEGER NOT NULL CHECK (value IN (1, -1)),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, person_id)
);

-- Polls: 2 to 20 options (JSON array of strings), single or multiple
-- choice, an optional closing time, voters shown or not.
CREATE TABLE polls (
  item_id INTEGER NOT NULL PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  options TEXT NOT NULL,
  multiple INTEGER NOT NULL DEFAULT 0,
  closes_at INTEGER,
  voters_visible INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE poll_votes (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  option_index INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, person_id, option_index)
);
CREATE INDEX poll_votes_option ON poll_votes (item_id, option_index);

-- Events: times in UTC seconds with the time zone they were given in.
CREATE TABLE events (
  item_id INTEGER NOT NULL PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  timezone TEXT NOT NULL,                 -- IANA name, e.g. Europe/Paris
  location TEXT NOT NULL DEFAULT '',
  online_url TEXT NOT NULL DEFAULT '',
  capacity INTEGER                        -- NULL: no limit
);
CREATE INDEX events_starts ON events (starts_at, item_id);
CREATE TABLE event_rsvps (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  answer TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
  waiting INTEGER NOT NULL DEFAULT 0,     -- said yes when the event was full
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, person_id)
);

-- Bookmarks: the URL as given and in a canonical form ("also shared by");
-- previews are fetched once per canonical URL by the job queue.
CREATE TABLE bookmarks (
  item_id INTEGER NOT NULL PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  url_key TEXT NOT NULL
);
CREATE INDEX bookmarks_url ON bookmarks (url_key, item_id);
CREATE TABLE link_previews (
  url_key TEXT NOT NULL PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'failed')),
  title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  image_url TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  fetched_at INTEGER
);

-- Files: every version kept; the current one is the highest.
CREATE TABLE file_versions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,                     -- as uploaded, cleaned
  mime TEXT NOT NULL,                     -- recognised from the content
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  preview BLOB,                           -- WebP thumbnail of images
  uploaded_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (item_id, version)
);

-- The durable job queue: a job is done once; a crash leaves it to run again.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                     -- link_preview, ...
  payload TEXT NOT NULL,                  -- JSON
  run_at INTEGER NOT NULL,                -- not before
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0, -- a worker holds it until then
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE done_at IS NULL;
