-- Wiki pages: when each page last changed (the wiki's "recently changed"),
-- and which pages each page links to with [[Page name]], so that creating,
-- renaming or deleting a page re-renders the pages that point to it.
ALTER TABLE wiki_pages ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX wiki_pages_recent ON wiki_pages (space_id, updated_at);
CREATE TABLE wiki_links (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  target TEXT NOT NULL,                    -- the slug linked to
  PRIMARY KEY (item_id, target)
);
CREATE INDEX wiki_links_target ON wiki_links (space_id, target);
