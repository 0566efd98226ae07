/* The job queue (see queue.h). Workers poll every second, or sooner when
 * jobs_wake is called; a claim holds a job for LOCK_SECONDS, so the job of
 * a node that hangs while running it is taken up again by another worker
 * once the lock expires. A node that dies gives its claims back at once:
 * on PostgreSQL a claim names the backend of the claiming connection, and a
 * claim whose backend is gone is free (migrations/019); SQLite, one server
 * per file, releases every claim when the server starts. */
#include "jobs/queue.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/reset.h" /* the password_reset job */
#include "db/db.h"
#include "jobs/fetch.h"
#include "jobs/link_preview.h"
#include "jobs/mail.h"
#include "jobs/webhook.h"

enum { LOCK_SECONDS = 120, WORKERS_MAX = 16 };
/* PostgreSQL: the claim's connection is gone (its node died) */
#define CLAIM_ORPHANED "NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = jobs.locked_by)"

static const struct job_kind *const kinds[] = {&link_preview_job, &webhook_job, &mail_job, &reset_job};

static int max_attempts = 5, retry_base = 30;
static pthread_t workers[WORKERS_MAX];
static int nworkers;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static atomic_int stopping;
static int pending_wake;

int job_enqueue(struct db *db, const char *kind, const char *payload, int64_t delay) {
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db, "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $4)");
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, payload);
    db_bind_int(st, 3, now + (delay > 0 ? delay : 0));
    db_bind_int(st, 4, now);
    return db_run(st) == DB_DONE ? 0 : -1;
}

void jobs_wake(void) {
    pthread_mutex_lock(&lock);
    pending_wake = 1;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
}

static const struct job_kind *kind_named(const char *name) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i]->name, name)) return kinds[i];
    return NULL;
}

/* The delay before attempt n + 1, after n failed: base, 2 base, 4 base... */
static int64_t backoff(int64_t attempts) {
    int64_t d = retry_base;
    for (int64_t i = 1; i < attempts && d < 86400; i++) d *= 2;
    return d < 86400 ? d : 86400;
}

int jobs_run_one(struct db *db) {
    int64_t now = db_now();
    int pg = db_postgres(db);
    struct db_stmt *st = db_prep(db, pg ? "SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $1"
                                          " AND (locked_until < $1 OR " CLAIM_ORPHANED ") ORDER BY run_at, id LIMIT 1"
                                        : "SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $1"
                                          " AND locked_until < $1 ORDER BY run_at, id LIMIT 1");
    db_bind_int(st, 1, now);
    int64_t id = db_int_or(st, 0);
    if (!id) return 0;
    /* the claim: whoever changes the row owns the job (several nodes race here) */
    st = db_prep(db, pg ? "UPDATE jobs SET locked_until = $2, locked_by = pg_backend_pid(), attempts = attempts + 1"
                          " WHERE id = $1 AND (locked_until < $3 OR " CLAIM_ORPHANED ")"
                          " AND done_at IS NULL AND failed_at IS NULL"
                        : "UPDATE jobs SET locked_until = $2, attempts = attempts + 1 WHERE id = $1 AND locked_until < $3"
                          " AND done_at IS NULL AND failed_at IS NULL");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, now + LOCK_SECONDS);
    db_bind_int(st, 3, now);
    if (db_run(st) != DB_DONE || db_changes(db) != 1) return 1; /* another worker won: look again */
    st = db_prep(db, "SELECT kind, payload, attempts FROM jobs WHERE id = $1");
    db_bind_int(st, 1, id);
    char kind[64] = "";
    char *payload = NULL;
    int64_t attempts = 0;
    if (db_step(st) == DB_ROW) {
        snprintf(kind, sizeof kind, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
        payload = strdup(db_col_text(st, 1) ? db_col_text(st, 1) : "");
        attempts = db_col_int(st, 2);
    }
    db_done(st);
    if (!payload) return 1;
    const struct job_kind *k = kind_named(kind);
    char err[300] = "";
    int last = attempts >= max_attempts;
    enum job_result rc = JOB_FAIL;
    if (k) rc = k->run(db, payload, last, err, sizeof err);
    else snprintf(err, sizeof err, "unknown kind of job '%s'", kind);
    free(payload);
    if (rc == JOB_RETRY && stopping) { /* cut short by the shutdown: not the job's fault */
        st = db_prep(db, "UPDATE jobs SET locked_until = 0, attempts = attempts - 1 WHERE id = $1");
        db_bind_int(st, 1, id);
        db_run(st);
        return 1;
    }
    if (rc == JOB_RETRY && last) rc = JOB_FAIL;
    now = db_now();
    if (rc == JOB_DONE) {
        st = db_prep(db, "UPDATE jobs SET done_at = $2, locked_until = 0, last_error = '' WHERE id = $1");
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, now);
    } else if (rc == JOB_RETRY) {
        st = db_prep(db, "UPDATE jobs SET run_at = $2, locked_until = 0, last_error = $3 WHERE id = $1");
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, now + backoff(attempts));
        db_bind_text(st, 3, err);
    } else {
        st = db_prep(db, "UPDATE jobs SET failed_at = $2, locked_until = 0, last_error = $3 WHERE id = $1");
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, now);
        db_bind_text(st, 3, err);
        fprintf(stderr, "ruche: job %lld (%s) failed: %s\n", (long long)id, kind, err);
    }
    db_run(st);
    return 1;
}

static void *worker(void *arg) {
    int eager = 0; /* after a wake: look again soon, the enqueuing transaction may not have committed yet */
    for (;;) {
        if (stopping) break;
        struct db *db = db_thread();
        int ran = 0;
        for (int i = 0; db && i < 100 && !stopping; i++) { /* drain what is due */
            if (!jobs_run_one(db)) break;
            ran = 1;
        }
        pthread_mutex_lock(&lock);
        if (!stopping && !pending_wake && !ran) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            if (eager > 0) {
                eager--;
                until.tv_nsec += 50 * 1000000L;
                if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
            } else {
                until.tv_sec += 1;
            }
            pthread_cond_timedwait(&wake, &lock, &until);
        }
        if (pending_wake) eager = 20;
        pending_wake = 0;
        pthread_mutex_unlock(&lock);
    }
    db_thread_close();
    return NULL;
}

int jobs_start(const struct config *cfg) {
    fetch_setup(cfg->allow_private_fetch);
    mail_configure(cfg);
    fetch_cancel(0);
    max_attempts = cfg->job_max_attempts > 0 ? cfg->job_max_attempts : 5;
    retry_base = cfg->job_retry_base > 0 ? cfg->job_retry_base : 30;
    stopping = 0;
    nworkers = 0;
    struct db *db = db_thread();
    if (db && !db_postgres(db)) { /* the claims of this file's previous server, killed while running them */
        struct db_stmt *st = db_prep(db, "UPDATE jobs SET locked_until = 0 WHERE locked_until > 0"
                                         " AND done_at IS NULL AND failed_at IS NULL");
        db_run(st);
    }
    for (int i = 0; i < cfg->job_workers && i < WORKERS_MAX; i++) {
        if (pthread_create(&workers[i], NULL, worker, NULL)) return -1;
        nworkers++;
    }
    return 0;
}

void jobs_stop(void) {
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
    fetch_cancel(1);
    for (int i = 0; i < nworkers; i++) pthread_join(workers[i], NULL);
    nworkers = 0;
}
