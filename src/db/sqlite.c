/* SQLite backend of db.h: WAL, synchronous=NORMAL, foreign keys, a busy
 * timeout, and a per-connection cache of prepared statements keyed by the
 * address of their (literal) SQL text. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"

#define CACHE_SLOTS 512 /* more distinct statements than Ruche has */

#define MAX_PARAMS 32

struct db_stmt {
    const char *sql;
    sqlite3_stmt *st;
    struct db *db;
    unsigned char index[MAX_PARAMS + 1]; /* $N -> SQLite's parameter number, 0: none */
};

struct db {
    sqlite3 *h;
    int in_read; /* inside a read transaction opened by db_read_begin */
    struct db_stmt cache[CACHE_SLOTS];
};

int64_t db_now(void) { return (int64_t)time(NULL); }

struct db *db_open(const char *url, char *err, size_t errlen) {
    struct db *db = calloc(1, sizeof *db);
    if (!db) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int rc = sqlite3_open_v2(url, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", url, db->h ? sqlite3_errmsg(db->h) : "out of memory");
        sqlite3_close(db->h);
        free(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->h, 10000);
    sqlite3_extended_result_codes(db->h, 1);
    char *msg = NULL;
    if (sqlite3_exec(db->h,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                     "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot configure database %s: %s", url, msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(db->h);
        free(db);
        return NULL;
    }
    return db;
}

void db_close(struct db *db) {
    if (!db) return;
    for (int i = 0; i < CACHE_SLOTS; i++) sqlite3_finalize(db->cache[i].st);
    sqlite3_close(db->h);
    free(db);
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

struct db_stmt *db_prep(struct db *db, const char *sql) {
    size_t h = ((uintptr_t)sql >> 3) % CACHE_SLOTS;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        struct db_stmt *s = &db->cache[(h + i) % CACHE_SLOTS];
        if (s->sql == sql) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            return s;
        }
        if (!s->sql) {
            if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK) {
                fprintf(stderr, "ruche: bad SQL (%s): %s\n", sqlite3_errmsg(db->h), sql);
                abort();
            }
            s->sql = sql;
            s->db = db;
            /* SQLite numbers named parameters by first appearance: map $N once */
            int count = sqlite3_bind_parameter_count(s->st);
            for (int p = 1; p <= count; p++) {
                const char *name = sqlite3_bind_parameter_name(s->st, p);
                long n = name && name[0] == '$' ? strtol(name + 1, NULL, 10) : 0;
                if (n < 1 || n > MAX_PARAMS) {
                    fprintf(stderr, "ruche: parameters are $1..$%d: %s\n", MAX_PARAMS, sql);
                    abort();
                }
                s->index[n] = (unsigned char)p;
            }
            return s;
        }
    }
    fprintf(stderr, "ruche: statement cache full\n");
    abort();
}

static int param(struct db_stmt *st, int idx) {
    int i = idx >= 1 && idx <= MAX_PARAMS ? st->index[idx] : 0;
    if (!i) {
        fprintf(stderr, "ruche: no parameter $%d in: %s\n", idx, st->sql);
        abort();
    }
    return i;
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v) { sqlite3_bind_int64(st->st, param(st, idx), v); }
void db_bind_null(struct db_stmt *st, int idx) { sqlite3_bind_null(st->st, param(st, idx)); }
void db_bind_text(struct db_stmt *st, int idx, const char *v) {
    if (!v)
        sqlite3_bind_null(st->st, param(st, idx));
    else
        sqlite3_bind_text(st->st, param(st, idx), v, -1, SQLITE_TRANSIENT);
}
void db_bind_blob(struct db_stmt *st, int idx, const void *v, size_t len) {
    sqlite3_bind_blob64(st->st, param(st, idx), v ? v : "", len, SQLITE_TRANSIENT);
}

enum db_result db_step(struct db_stmt *st) {
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) return DB_DONE;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return DB_CONSTRAINT;
    fprintf(stderr, "ruche: database error: %s\n", sqlite3_errmsg(st->db->h));
    return DB_ERROR;
}

int64_t db_col_int(struct db_stmt *st, int col) { return sqlite3_column_int64(st->st, col); }
const char *db_col_text(struct db_stmt *st, int col) { return (const char *)sqlite3_column_text(st->st, col); }
int db_col_is_null(struct db_stmt *st, int col) { return sqlite3_column_type(st->st, col) == SQLITE_NULL; }
const void *db_col_blob(struct db_stmt *st, int col, size_t *len) {
    const void *p = sqlite3_column_blob(st->st, col);
    *len = (size_t)sqlite3_column_bytes(st->st, col);
    return p;
}

void db_done(struct db_stmt *st) { sqlite3_reset(st->st); }

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

int64_t db_last_id(struct db *db) { return sqlite3_last_insert_rowid(db->h); }
int64_t db_changes(struct db *db) { return sqlite3_changes64(db->h); }
const char *db_errmsg(struct db *db) { return sqlite3_errmsg(db->h); }

int db_begin(struct db *db) {
    db_read_end(db); /* a write takes the newest snapshot, with the write lock */
    return db_run(db_prep(db, "BEGIN IMMEDIATE")) == DB_DONE ? 0 : -1;
}

int db_read_begin(struct db *db) {
    if (db->in_read || !sqlite3_get_autocommit(db->h)) return 0;
    if (db_run(db_prep(db, "BEGIN")) != DB_DONE) return -1;
    db->in_read = 1;
    return 0;
}

void db_read_end(struct db *db) {
    if (!db->in_read) return;
    db->in_read = 0;
    if (!sqlite3_get_autocommit(db->h)) db_run(db_prep(db, "COMMIT"));
}
int db_commit(struct db *db) { return db_run(db_prep(db, "COMMIT")) == DB_DONE ? 0 : -1; }
void db_rollback(struct db *db) {
    db->in_read = 0;
    if (!sqlite3_get_autocommit(db->h)) db_run(db_prep(db, "ROLLBACK"));
}

int db_exec_script(struct db *db, const char *sql, char *err, size_t errlen) {
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int db_check(struct db *db) {
    struct db_stmt *st = db_prep(db, "PRAGMA quick_check");
    int ok = db_step(st) == DB_ROW && db_col_text(st, 0) && strcmp(db_col_text(st, 0), "ok") == 0;
    db_done(st);
    return ok ? 0 : -1;
}

int db_backup(struct db *db, const char *dest, char *err, size_t errlen) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.partial", dest);
    unlink(tmp);
    sqlite3 *out;
    if (sqlite3_open(tmp, &out) != SQLITE_OK) {
        snprintf(err, errlen, "cannot create %s: %s", tmp, sqlite3_errmsg(out));
        sqlite3_close(out);
        return -1;
    }
    /* One step copies everything under a read transaction: a consistent
     * snapshot even while the server writes (WAL lets writers go on). */
    sqlite3_backup *b = sqlite3_backup_init(out, "main", db->h, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    if (b) sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE) rc = sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        snprintf(err, errlen, "backup failed: %s", sqlite3_errmsg(out));
        sqlite3_close(out);
        unlink(tmp);
        return -1;
    }
    sqlite3_close(out);
    if (rename(tmp, dest) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s", tmp, dest);
        unlink(tmp);
        return -1;
    }
    return 0;
}
