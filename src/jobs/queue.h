/* The durable job queue (docs/decisions/010-job-queue.md): work done in the
 * background, after the request that asked for it (link previews; later
 * webhooks, e-mail, federation). A job is a row of `jobs`, written inside
 * the caller's transaction, so it exists exactly when what asked for it was
 * committed and survives a crash. Worker threads of every node claim due
 * jobs (an UPDATE guarded by locked_until: one node wins), run them, and
 * mark them done, or retry them later with exponential backoff, up to a
 * maximum of attempts, after which they are marked failed. A job runs at
 * least once: a handler must be idempotent. */
#ifndef RUCHE_QUEUE_H
#define RUCHE_QUEUE_H
#include <stddef.h>
#include <stdint.h>

#include "lib/config.h"

struct db;

/* What a handler answers. */
enum job_result {
    JOB_DONE,  /* finished: never run again */
    JOB_RETRY, /* failed for now (network, 5xx): try again later */
    JOB_FAIL,  /* failed for good (bad input, refused address): no retry */
};

/* A kind of job: its name (the `kind` column) and its handler. The handler
 * gets the payload (JSON text) and whether this is the last attempt
 * allowed; it writes a short reason into err on failure. It runs on a
 * worker thread with its own database connection, outside any
 * transaction. */
struct job_kind {
    const char *name;
    enum job_result (*run)(struct db *db, const char *payload, int last_attempt, char *err, size_t errlen);
};

/* Adds a job to run not before `delay` seconds from now. Call it inside
 * the transaction that writes what the job is for. 0, or -1 on a database
 * error (the caller rolls back). */
int job_enqueue(struct db *db, const char *kind, const char *payload, int64_t delay);
/* Wakes the workers of this node (after the commit of a job_enqueue). */
void jobs_wake(void);

/* Starts cfg->job_workers threads (none when 0); jobs_stop cancels the
 * fetches in progress, and joins them. */
int jobs_start(const struct config *cfg);
void jobs_stop(void);

/* Claims and runs one due job on `db`; 1 if one ran, 0 if none was due. */
int jobs_run_one(struct db *db);

#endif
