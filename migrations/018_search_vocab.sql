-- The search vocabulary of SQLite (docs/decisions/012-search.md): every
-- distinct word of the index, so that the last word of a query, a prefix
-- ("meet"), expands to the words it begins ("meeting" OR "meetings") and the
-- match stays FTS5's ordered walk that stops at the newest matches; FTS5's
-- own prefix query reads every document of every such word first (100 ms
-- for a common word in 3,000,000 posts). Kept by triggers in the same
-- transaction as the content; search_words() (src/db/sqlite_words.c) folds
-- and splits text as the search does. The vocabulary only grows: a word
-- whose documents are gone expands to nothing. PostgreSQL's vocabulary:
-- migration 020.
-- sqlite:
CREATE TABLE search_vocab (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE temp.search_terms USING fts5vocab(main, search_index, row);
INSERT INTO search_vocab (word) SELECT term FROM temp.search_terms WHERE length(CAST(term AS BLOB)) <= 64;
DROP TABLE temp.search_terms;
CREATE TRIGGER search_vocab_item_ins AFTER INSERT ON items BEGIN
  INSERT OR IGNORE INTO search_vocab (word) SELECT value FROM json_each(search_words(new.title, substr(new.body, 1, 100000)));
END;
CREATE TRIGGER search_vocab_item_upd AFTER UPDATE OF title, body ON items BEGIN
  INSERT OR IGNORE INTO search_vocab (word) SELECT value FROM json_each(search_words(new.title, substr(new.body, 1, 100000)));
END;
CREATE TRIGGER search_vocab_comment_ins AFTER INSERT ON comments BEGIN
  INSERT OR IGNORE INTO search_vocab (word) SELECT value FROM json_each(search_words(substr(new.body, 1, 100000)));
END;
CREATE TRIGGER search_vocab_comment_upd AFTER UPDATE OF body ON comments BEGIN
  INSERT OR IGNORE INTO search_vocab (word) SELECT value FROM json_each(search_words(substr(new.body, 1, 100000)));
END;
CREATE TRIGGER search_vocab_person_ins AFTER INSERT ON people BEGIN
  INSERT OR IGNORE INTO search_vocab (word)
    SELECT value FROM json_each(search_words(new.name, new.handle, new.title, new.department, new.location, substr(new.bio, 1, 100000)));
END;
CREATE TRIGGER search_vocab_person_upd AFTER UPDATE OF name, handle, title, department, location, bio ON people BEGIN
  INSERT OR IGNORE INTO search_vocab (word)
    SELECT value FROM json_each(search_words(new.name, new.handle, new.title, new.department, new.location, substr(new.bio, 1, 100000)));
END;
CREATE TRIGGER search_vocab_space_ins AFTER INSERT ON spaces BEGIN
  INSERT OR IGNORE INTO search_vocab (word) SELECT value FROM json_each(search_words(new.name, substr(new.description, 1, 100000)));
END;
CREATE TRIGGER search_vocab_space_upd AFTER UPDATE OF name, description ON spaces BEGIN
  INSERT OR IGNORE INTO search_vocab (word) SELECT value FROM json_each(search_words(new.name, substr(new.description, 1, 100000)));
END;
-- postgres:
SELECT 1;
