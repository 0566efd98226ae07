/* The db.h API: picks the backend from the URL and dispatches to it; the
 * per-thread connections and the small conveniences live here once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/backend.h"

int64_t db_now(void) { return (int64_t)time(NULL); }

int db_is_postgres(const char *url) {
    return url && (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13));
}

struct db *db_open(const char *url, char *err, size_t errlen) {
    return db_is_postgres(url) ? pg_open(url, err, errlen) : sqlite_open(url, err, errlen);
}

void db_close(struct db *db) {
    if (db) db->ops->close(db);
}

/* Worker threads each get their own connection, closed when the thread
 * exits (MHD joins its pool on shutdown, so every connection closes). */
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
static char *thread_url;

static void close_thread_db(void *db) { db_close(db); }
static void make_key(void) { pthread_key_create(&thread_key, close_thread_db); }

void db_thread_setup(const char *url) {
    pthread_once(&thread_once, make_key);
    free(thread_url);
    thread_url = url ? strdup(url) : NULL;
}

struct db *db_thread(void) {
    pthread_once(&thread_once, make_key);
    struct db *db = pthread_getspecific(thread_key);
    if (!db && thread_url) {
        char err[256];
        db = db_open(thread_url, err, sizeof err);
        if (!db) fprintf(stderr, "ruche: %s\n", err);
        pthread_setspecific(thread_key, db);
    }
    return db;
}

void db_thread_close(void) {
    pthread_once(&thread_once, make_key);
    db_close(pthread_getspecific(thread_key));
    pthread_setspecific(thread_key, NULL);
}

struct db_stmt *db_prep(struct db *db, const char *sql) { return db->ops->prep(db, sql); }
void db_bind_int(struct db_stmt *st, int idx, int64_t v) { st->db->ops->bind_int(st, idx, v); }
void db_bind_text(struct db_stmt *st, int idx, const char *v) { st->db->ops->bind_text(st, idx, v); }
void db_bind_blob(struct db_stmt *st, int idx, const void *v, size_t len) { st->db->ops->bind_blob(st, idx, v, len); }
void db_bind_null(struct db_stmt *st, int idx) { st->db->ops->bind_null(st, idx); }
enum db_result db_step(struct db_stmt *st) { return st->db->ops->step(st); }
int64_t db_col_int(struct db_stmt *st, int col) { return st->db->ops->col_int(st, col); }
const char *db_col_text(struct db_stmt *st, int col) { return st->db->ops->col_text(st, col); }
const void *db_col_blob(struct db_stmt *st, int col, size_t *len) { return st->db->ops->col_blob(st, col, len); }
int db_col_is_null(struct db_stmt *st, int col) { return st->db->ops->col_is_null(st, col); }
void db_done(struct db_stmt *st) { st->db->ops->done(st); }
int64_t db_last_id(struct db *db) { return db->ops->last_id(db); }
int64_t db_changes(struct db *db) { return db->ops->changes(db); }
const char *db_errmsg(struct db *db) { return db->ops->errmsg(db); }
int db_begin(struct db *db) { return db->ops->begin(db); }
int db_commit(struct db *db) { return db->ops->commit(db); }
void db_rollback(struct db *db) { db->ops->rollback(db); }
int db_read_begin(struct db *db) { return db->ops->read_begin(db); }
void db_read_end(struct db *db) { db->ops->read_end(db); }
int db_postgres(struct db *db) { return db->ops->postgres; }

int db_exec_script(struct db *db, const char *sql, char *err, size_t errlen) {
    return db->ops->exec_script(db, sql, err, errlen);
}
int db_check(struct db *db) { return db->ops->check(db); }
int db_backup(struct db *db, const char *dest, char *err, size_t errlen) { return db->ops->backup(db, dest, err, errlen); }

int db_notify(struct db *db, const char *channel, const char *payload) {
    return db->ops->notify ? db->ops->notify(db, channel, payload) : -1;
}
int db_listen(struct db *db, const char *channel) { return db->ops->listen ? db->ops->listen(db, channel) : -1; }
int db_wait_notification(struct db *db, int timeout_ms, char *payload, size_t size) {
    return db->ops->wait_notification ? db->ops->wait_notification(db, timeout_ms, payload, size) : -1;
}

enum db_result db_run(struct db_stmt *st) {
    enum db_result r;
    while ((r = db_step(st)) == DB_ROW) {
    }
    db_done(st);
    return r;
}

int64_t db_int_or(struct db_stmt *st, int64_t dflt) {
    int64_t v = dflt;
    if (db_step(st) == DB_ROW && !db_col_is_null(st, 0)) v = db_col_int(st, 0);
    db_done(st);
    return v;
}
