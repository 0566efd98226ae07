-- The search vocabulary on PostgreSQL too (see 018 and decision 012): a
-- prefix query `'customer':*` makes GIN merge the posting lists of every
-- word with that prefix into one bitmap before anything else (47 ms for
-- "zzz customer" in 3,000,000 posts, though "zzz" matches nothing);
-- the words themselves, OR'ed, let GIN intersect lists and stop early.
-- Kept by a trigger on the index (the words of its tsvector, in order, so
-- that concurrent writers take their locks in the same order).
-- postgres:
CREATE TABLE search_vocab (word TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO search_vocab (word)
  SELECT DISTINCT w FROM search_index, unnest(tsvector_to_array(tsv)) AS w WHERE octet_length(w) <= 64;
CREATE FUNCTION search_vocab_add() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO search_vocab (word)
    SELECT w FROM unnest(tsvector_to_array(NEW.tsv)) AS w WHERE octet_length(w) <= 64 ORDER BY w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$;
CREATE TRIGGER search_vocab_add AFTER INSERT ON search_index FOR EACH ROW EXECUTE FUNCTION search_vocab_add();
-- sqlite:
SELECT 1;
