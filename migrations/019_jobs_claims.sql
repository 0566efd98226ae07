-- Who holds a job's claim (src/jobs/queue.c): on PostgreSQL the backend
-- process id of the node's connection, so that a claim of a node that died
-- (its connections, hence its backend, gone) is taken up at once instead of
-- after the claim's 120 seconds. SQLite has one server per file: it
-- releases every claim when it starts.
ALTER TABLE jobs ADD COLUMN locked_by INTEGER NOT NULL DEFAULT 0;
