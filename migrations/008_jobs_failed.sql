-- The job queue (docs/decisions/010-job-queue.md): a job that failed its
-- last allowed attempt is marked failed, so that workers skip it while it
-- stays visible for operators; the index serves the workers' claim.
ALTER TABLE jobs ADD COLUMN failed_at INTEGER;
CREATE INDEX jobs_pending ON jobs (run_at, id) WHERE done_at IS NULL AND failed_at IS NULL;
