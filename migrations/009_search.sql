-- Search (issue 7): one full-text index over items, comments, people and
-- spaces, kept by triggers in the same transaction as the content, so
-- nothing is stale and nothing is lost on a crash (docs/decisions/012).
-- A document's key is (2^40 - its source id) * 4 + kind (0 item,
-- 1 comment, 2 person, 3 space): newer documents have smaller keys, so the
-- newest matches come first in the index's natural (ascending) order.
-- `type` is the item's kind, or 'comment', 'person',
-- 'space'; `item` the item a comment belongs to (an item: itself); `at`
-- its creation time. Bodies are indexed up to 100,000 characters.
-- The sections differ by backend (src/db/migrate.c keeps the ones that
-- apply): SQLite uses FTS5, PostgreSQL its text search on text folded
-- like lib/text.c text_fold (lowercase, Latin accents removed).
-- sqlite:
CREATE VIRTUAL TABLE search_index USING fts5(
  title, body, type UNINDEXED, item UNINDEXED, space UNINDEXED, author UNINDEXED, at UNINDEXED,
  tokenize = "unicode61 remove_diacritics 2");
CREATE TRIGGER search_item_ins AFTER INSERT ON items BEGIN
  INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  VALUES ((1099511627776 - new.id) * 4, new.title, substr(new.body, 1, 100000), new.type, new.id, coalesce(new.space_id, 0), new.author_id, new.created_at);
END;
CREATE TRIGGER search_item_upd AFTER UPDATE OF title, body, deleted_at, created_at, space_id ON items BEGIN
  DELETE FROM search_index WHERE rowid = (1099511627776 - old.id) * 4;
  INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - new.id) * 4, new.title, substr(new.body, 1, 100000), new.type, new.id, coalesce(new.space_id, 0), new.author_id, new.created_at
  WHERE new.deleted_at IS NULL;
  DELETE FROM search_index WHERE new.deleted_at IS NOT NULL AND old.deleted_at IS NULL
    AND rowid IN (SELECT (1099511627776 - id) * 4 + 1 FROM comments WHERE item_id = old.id);
END;
CREATE TRIGGER search_item_del AFTER DELETE ON items BEGIN
  DELETE FROM search_index WHERE rowid = (1099511627776 - old.id) * 4;
END;
CREATE TRIGGER search_comment_ins AFTER INSERT ON comments BEGIN
  INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - new.id) * 4 + 1, '', substr(new.body, 1, 100000), 'comment', new.item_id, coalesce(i.space_id, 0), new.author_id, new.created_at
  FROM items i WHERE i.id = new.item_id;
END;
CREATE TRIGGER search_comment_upd AFTER UPDATE OF body, deleted_at ON comments BEGIN
  DELETE FROM search_index WHERE rowid = (1099511627776 - old.id) * 4 + 1;
  INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - new.id) * 4 + 1, '', substr(new.body, 1, 100000), 'comment', new.item_id, coalesce(i.space_id, 0), new.author_id, new.created_at
  FROM items i WHERE i.id = new.item_id AND new.deleted_at IS NULL;
END;
CREATE TRIGGER search_comment_del AFTER DELETE ON comments BEGIN
  DELETE FROM search_index WHERE rowid = (1099511627776 - old.id) * 4 + 1;
END;
CREATE TRIGGER search_person_ins AFTER INSERT ON people BEGIN
  INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  VALUES ((1099511627776 - new.id) * 4 + 2, new.name, new.handle || ' ' || new.title || ' ' || new.department || ' ' || new.location || ' ' || substr(new.bio, 1, 100000),
          'person', 0, 0, new.id, new.created_at);
END;
CREATE TRIGGER search_person_upd AFTER UPDATE OF name, handle, title, department, location, bio, disabled ON people BEGIN
  DELETE FROM search_index WHERE rowid = (1099511627776 - old.id) * 4 + 2;
  INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - new.id) * 4 + 2, new.name, new.handle || ' ' || new.title || ' ' || new.department || ' ' || new.location || ' ' || substr(new.bio, 1, 100000),
         'person', 0, 0, new.id, new.created_at WHERE new.disabled = 0;
END;
CREATE TRIGGER search_person_del AFTER DELETE ON people BEGIN
  DELETE FROM search_index WHERE rowid = (1099511627776 - old.id) * 4 + 2;
END;
CREATE TRIGGER search_space_ins AFTER INSERT ON spaces BEGIN
  INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  VALUES ((1099511627776 - new.id) * 4 + 3, new.name, substr(new.description, 1, 100000), 'space', 0, new.id, new.created_by, new.created_at);
END;
CREATE TRIGGER search_space_upd AFTER UPDATE OF name, description, deleted_at ON spaces BEGIN
  DELETE FROM search_index WHERE rowid = (1099511627776 - old.id) * 4 + 3;
  INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - new.id) * 4 + 3, new.name, substr(new.description, 1, 100000), 'space', 0, new.id, new.created_by, new.created_at
  WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER search_space_del AFTER DELETE ON spaces BEGIN
  DELETE FROM search_index WHERE rowid = (1099511627776 - old.id) * 4 + 3;
END;
-- postgres:
CREATE FUNCTION search_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
  SELECT translate(replace(replace(replace(replace(replace(replace(replace(replace(replace(lower(t), 'Æ', 'ae'), 'Þ', 'th'), 'ß', 'ss'), 'æ', 'ae'), 'þ', 'th'), 'Ĳ', 'ij'), 'ĳ', 'ij'), 'Œ', 'oe'), 'œ', 'oe'),
    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ',
    'aaaaaaceeeeiiiidnoooooouuuuyaaaaaaceeeeiiiidnoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs')
$f$;
CREATE TABLE search_index (
  rowid INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  type TEXT NOT NULL,
  item INTEGER NOT NULL,
  space INTEGER NOT NULL,
  author INTEGER NOT NULL,
  at INTEGER NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', search_fold(title)), 'A') ||
    setweight(to_tsvector('simple', search_fold(body)), 'B')) STORED
);
CREATE INDEX search_index_tsv ON search_index USING gin (tsv);
CREATE FUNCTION search_item_sync() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP <> 'INSERT' THEN DELETE FROM search_index WHERE rowid = (1099511627776 - OLD.id) * 4; END IF;
  IF TG_OP = 'UPDATE' AND NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN
    DELETE FROM search_index WHERE rowid IN (SELECT (1099511627776 - id) * 4 + 1 FROM comments WHERE item_id = OLD.id);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
    INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
    VALUES ((1099511627776 - NEW.id) * 4, NEW.title, substr(NEW.body, 1, 100000), NEW.type, NEW.id, coalesce(NEW.space_id, 0), NEW.author_id, NEW.created_at);
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER search_item_sync AFTER INSERT OR DELETE OR UPDATE OF title, body, deleted_at, created_at, space_id ON items
  FOR EACH ROW EXECUTE FUNCTION search_item_sync();
CREATE FUNCTION search_comment_sync() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP <> 'INSERT' THEN DELETE FROM search_index WHERE rowid = (1099511627776 - OLD.id) * 4 + 1; END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
    INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
    SELECT (1099511627776 - NEW.id) * 4 + 1, '', substr(NEW.body, 1, 100000), 'comment', NEW.item_id, coalesce(i.space_id, 0), NEW.author_id, NEW.created_at
    FROM items i WHERE i.id = NEW.item_id;
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER search_comment_sync AFTER INSERT OR DELETE OR UPDATE OF body, deleted_at ON comments
  FOR EACH ROW EXECUTE FUNCTION search_comment_sync();
CREATE FUNCTION search_person_sync() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP <> 'INSERT' THEN DELETE FROM search_index WHERE rowid = (1099511627776 - OLD.id) * 4 + 2; END IF;
  IF TG_OP <> 'DELETE' AND NEW.disabled = 0 THEN
    INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
    VALUES ((1099511627776 - NEW.id) * 4 + 2, NEW.name, NEW.handle || ' ' || NEW.title || ' ' || NEW.department || ' ' || NEW.location || ' ' || substr(NEW.bio, 1, 100000),
            'person', 0, 0, NEW.id, NEW.created_at);
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER search_person_sync AFTER INSERT OR DELETE OR UPDATE OF name, handle, title, department, location, bio, disabled ON people
  FOR EACH ROW EXECUTE FUNCTION search_person_sync();
CREATE FUNCTION search_space_sync() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP <> 'INSERT' THEN DELETE FROM search_index WHERE rowid = (1099511627776 - OLD.id) * 4 + 3; END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
    INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
    VALUES ((1099511627776 - NEW.id) * 4 + 3, NEW.name, substr(NEW.description, 1, 100000), 'space', 0, NEW.id, NEW.created_by, NEW.created_at);
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER search_space_sync AFTER INSERT OR DELETE OR UPDATE OF name, description, deleted_at ON spaces
  FOR EACH ROW EXECUTE FUNCTION search_space_sync();
-- both:
-- the index is filled from what exists (also by `ruche reindex`)
INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - id) * 4, title, substr(body, 1, 100000), type, id, coalesce(space_id, 0), author_id, created_at FROM items WHERE deleted_at IS NULL;
INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - c.id) * 4 + 1, '', substr(c.body, 1, 100000), 'comment', c.item_id, coalesce(i.space_id, 0), c.author_id, c.created_at
  FROM comments c JOIN items i ON i.id = c.item_id WHERE c.deleted_at IS NULL AND i.deleted_at IS NULL;
INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - id) * 4 + 2, name, handle || ' ' || title || ' ' || department || ' ' || location || ' ' || substr(bio, 1, 100000), 'person', 0, 0, id, created_at
  FROM people WHERE disabled = 0;
INSERT INTO search_index (rowid, title, body, type, item, space, author, at)
  SELECT (1099511627776 - id) * 4 + 3, name, substr(description, 1, 100000), 'space', 0, id, created_by, created_at FROM spaces WHERE deleted_at IS NULL;
