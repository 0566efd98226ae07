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

#include "db/backend.h"
#include "db/sqlite_words.h"

#define CACHE_SLOTS 512 /* more distinct statements than Ruche has */

#define MAX_PARAMS 32

struct sq_stmt {
    struct db_stmt base;
    const char *sql;
    sqlite3_stmt *st;
    unsigned char index[MAX_PARAMS + 1]; /* $N -> SQLite's parameter number, 0: none */
};

struct sq_db {
    struct db base;
    sqlite3 *h;
    int in_read; /* inside a read transaction opened by db_read_begin */
    struct sq_stmt cache[CACHE_SLOTS];
};

#define DB(d) ((struct sq_db *)(d))
#define ST(s) ((struct sq_stmt *)(s))

static const struct db_ops ops;

struct db *sqlite_open(const char *url, char *err, size_t errlen) {
    struct sq_db *db = calloc(1, sizeof *db);
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
    /* Plans that do not depend on bound values: otherwise a statement with
     * `column LIKE $n` is prepared again at every run (SQLite re-plans for
     * each pattern), which cost the space directory 60% of its time. Ruche's
     * patterns are '%word%', which no plan can use anyway. */
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
    char *msg = NULL;
    if (sqlite_words_register(db->h) != SQLITE_OK) {
        snprintf(err, errlen, "cannot register search_words on %s: %s", url, sqlite3_errmsg(db->h));
        sqlite3_close(db->h);
        free(db);
        return NULL;
    }
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
    db->base.ops = &ops;
    return &db->base;
}

static void sq_close(struct db *d) {
    struct sq_db *db = DB(d);
    for (int i = 0; i < CACHE_SLOTS; i++) sqlite3_finalize(db->cache[i].st);
    sqlite3_close(db->h);
    free(db);
}

static struct db_stmt *sq_prep(struct db *d, const char *sql) {
    struct sq_db *db = DB(d);
    size_t h = ((uintptr_t)sql >> 3) % CACHE_SLOTS;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        struct sq_stmt *s = &db->cache[(h + i) % CACHE_SLOTS];
        if (s->sql == sql) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            return &s->base;
        }
        if (!s->sql) {
            if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK) {
                fprintf(stderr, "ruche: bad SQL (%s): %s\n", sqlite3_errmsg(db->h), sql);
                abort();
            }
            s->sql = sql;
            s->base.db = d;
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
            return &s->base;
        }
    }
    fprintf(stderr, "ruche: statement cache full\n");
    abort();
}

static int param(struct sq_stmt *st, int idx) {
    int i = idx >= 1 && idx <= MAX_PARAMS ? st->index[idx] : 0;
    if (!i) {
        fprintf(stderr, "ruche: no parameter $%d in: %s\n", idx, st->sql);
        abort();
    }
    return i;
}

static void sq_bind_int(struct db_stmt *s, int idx, int64_t v) { sqlite3_bind_int64(ST(s)->st, param(ST(s), idx), v); }
static void sq_bind_null(struct db_stmt *s, int idx) { sqlite3_bind_null(ST(s)->st, param(ST(s), idx)); }
static void sq_bind_text(struct db_stmt *s, int idx, const char *v) {
    if (!v)
        sqlite3_bind_null(ST(s)->st, param(ST(s), idx));
    else
        sqlite3_bind_text(ST(s)->st, param(ST(s), idx), v, -1, SQLITE_TRANSIENT);
}
static void sq_bind_blob(struct db_stmt *s, int idx, const void *v, size_t len) {
    sqlite3_bind_blob64(ST(s)->st, param(ST(s), idx), v ? v : "", len, SQLITE_TRANSIENT);
}

static enum db_result sq_step(struct db_stmt *s) {
    int rc = sqlite3_step(ST(s)->st);
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) return DB_DONE;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return DB_CONSTRAINT;
    fprintf(stderr, "ruche: database error: %s\n", sqlite3_errmsg(DB(s->db)->h));
    return DB_ERROR;
}

static int64_t sq_col_int(struct db_stmt *s, int col) { return sqlite3_column_int64(ST(s)->st, col); }
static const char *sq_col_text(struct db_stmt *s, int col) { return (const char *)sqlite3_column_text(ST(s)->st, col); }
static int sq_col_is_null(struct db_stmt *s, int col) { return sqlite3_column_type(ST(s)->st, col) == SQLITE_NULL; }
static const void *sq_col_blob(struct db_stmt *s, int col, size_t *len) {
    const void *p = sqlite3_column_blob(ST(s)->st, col);
    *len = (size_t)sqlite3_column_bytes(ST(s)->st, col);
    return p;
}

static void sq_done(struct db_stmt *s) { sqlite3_reset(ST(s)->st); }

static int64_t sq_last_id(struct db *db) { return sqlite3_last_insert_rowid(DB(db)->h); }
static int64_t sq_changes(struct db *db) { return sqlite3_changes64(DB(db)->h); }
static const char *sq_errmsg(struct db *db) { return sqlite3_errmsg(DB(db)->h); }

static void sq_read_end(struct db *d) {
    struct sq_db *db = DB(d);
    if (!db->in_read) return;
    db->in_read = 0;
    if (!sqlite3_get_autocommit(db->h)) db_run(db_prep(d, "COMMIT"));
}

static int sq_begin(struct db *db) {
    sq_read_end(db); /* a write takes the newest snapshot, with the write lock */
    return db_run(db_prep(db, "BEGIN IMMEDIATE")) == DB_DONE ? 0 : -1;
}

static int sq_read_begin(struct db *d) {
    struct sq_db *db = DB(d);
    if (db->in_read || !sqlite3_get_autocommit(db->h)) return 0;
    if (db_run(db_prep(d, "BEGIN")) != DB_DONE) return -1;
    db->in_read = 1;
    return 0;
}

static int sq_commit(struct db *db) { return db_run(db_prep(db, "COMMIT")) == DB_DONE ? 0 : -1; }
static void sq_rollback(struct db *d) {
    DB(d)->in_read = 0;
    if (!sqlite3_get_autocommit(DB(d)->h)) db_run(db_prep(d, "ROLLBACK"));
}

static int sq_exec_script(struct db *d, const char *sql, char *err, size_t errlen) {
    struct sq_db *db = DB(d);
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int sq_check(struct db *db) {
    struct db_stmt *st = db_prep(db, "PRAGMA quick_check");
    int ok = db_step(st) == DB_ROW && db_col_text(st, 0) && strcmp(db_col_text(st, 0), "ok") == 0;
    db_done(st);
    return ok ? 0 : -1;
}

static int sq_backup(struct db *d, const char *dest, char *err, size_t errlen) {
    struct sq_db *db = DB(d);
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

static const struct db_ops ops = {
    .close = sq_close,
    .prep = sq_prep,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_is_null = sq_col_is_null,
    .done = sq_done,
    .last_id = sq_last_id,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .read_begin = sq_read_begin,
    .read_end = sq_read_end,
    .exec_script = sq_exec_script,
    .check = sq_check,
    .backup = sq_backup,
};
