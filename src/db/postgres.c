/* PostgreSQL backend of db.h (libpq). Statements are prepared once per
 * connection (named by their slot) and cached by the address of their SQL
 * text, as in the SQLite backend; parameters go as text (integers printed,
 * NULL as NULL) except blobs, which go binary; results come as text.
 * Migrations written for SQLite are translated where the dialects differ:
 * INTEGER PRIMARY KEY becomes an identity column, INTEGER becomes BIGINT
 * (Unix times and ids need 64 bits), BLOB becomes BYTEA. */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/backend.h"
#include "lib/buf.h"

#define CACHE_SLOTS 512
#define MAX_PARAMS 32

struct pg_stmt {
    struct db_stmt base;
    const char *sql;
    int prepared, nparams;
    int used[MAX_PARAMS + 1];
    char name[16];
    const char *values[MAX_PARAMS];
    int lengths[MAX_PARAMS], formats[MAX_PARAMS];
    char *owned[MAX_PARAMS]; /* copies of bound values */
    PGresult *res;
    int row, nrows, executed;
    unsigned char *blob; /* last unescaped bytea */
};

struct pg_db {
    struct db base;
    PGconn *conn;
    char changes[24];
    int in_read;
    struct pg_stmt cache[CACHE_SLOTS];
};

#define DB(d) ((struct pg_db *)(d))
#define ST(s) ((struct pg_stmt *)(s))

static const struct db_ops ops;

struct db *pg_open(const char *url, char *err, size_t errlen) {
    struct pg_db *db = calloc(1, sizeof *db);
    if (!db) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    db->conn = PQconnectdb(url);
    if (PQstatus(db->conn) != CONNECTION_OK) {
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(db->conn));
        char *nl = strchr(err, '\n');
        if (nl) *nl = 0;
        PQfinish(db->conn);
        free(db);
        return NULL;
    }
    PQclear(PQexec(db->conn, "SET client_min_messages = warning"));
    db->base.ops = &ops;
    return &db->base;
}

static void clear_binds(struct pg_stmt *s) {
    for (int i = 0; i < MAX_PARAMS; i++) {
        free(s->owned[i]);
        s->owned[i] = NULL;
        s->values[i] = NULL;
        s->lengths[i] = 0;
        s->formats[i] = 0;
    }
}

static void reset(struct pg_stmt *s) {
    PQclear(s->res);
    s->res = NULL;
    s->row = s->nrows = s->executed = 0;
    PQfreemem(s->blob);
    s->blob = NULL;
}

static void pg_close(struct db *d) {
    struct pg_db *db = DB(d);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        reset(&db->cache[i]);
        clear_binds(&db->cache[i]);
    }
    PQfinish(db->conn);
    free(db);
}

/* The highest $N in the SQL text (outside quotes); used[n] says which
 * appear (a statement may skip one, and PostgreSQL must be told its type). */
static int count_params(const char *sql, int used[MAX_PARAMS + 1]) {
    int max = 0, quote = 0;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'') quote = !quote;
        if (!quote && *p == '$' && p[1] >= '1' && p[1] <= '9') {
            int n = (int)strtol(p + 1, NULL, 10);
            if (n > max) max = n;
            if (n <= MAX_PARAMS) used[n] = 1;
        }
    }
    return max;
}

/* After PostgreSQL restarted, the connection is broken: reconnect, and
 * prepare every statement again (only the requests in flight failed). */
static void reconnect_if_broken(struct pg_db *db) {
    if (PQstatus(db->conn) == CONNECTION_OK) return;
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK) return;
    PQclear(PQexec(db->conn, "SET client_min_messages = warning"));
    db->in_read = 0;
    for (int i = 0; i < CACHE_SLOTS; i++)
        db->cache[i].prepared = 0;
}

static struct db_stmt *pg_prep(struct db *d, const char *sql) {
    struct pg_db *db = DB(d);
    reconnect_if_broken(db);
    size_t h = ((uintptr_t)sql >> 3) % CACHE_SLOTS;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        struct pg_stmt *s = &db->cache[(h + i) % CACHE_SLOTS];
        if (s->sql && s->sql != sql) continue;
        if (!s->sql) {
            s->sql = sql;
            s->base.db = d;
            s->nparams = count_params(sql, s->used);
            if (s->nparams > MAX_PARAMS) {
                fprintf(stderr, "ruche: parameters are $1..$%d: %s\n", MAX_PARAMS, sql);
                abort();
            }
            snprintf(s->name, sizeof s->name, "r%zu", (h + i) % CACHE_SLOTS);
        }
        reset(s);
        clear_binds(s);
        return &s->base;
    }
    fprintf(stderr, "ruche: statement cache full\n");
    abort();
}

static void bind(struct pg_stmt *s, int idx, char *owned, int len, int format) {
    if (idx < 1 || idx > s->nparams) {
        fprintf(stderr, "ruche: no parameter $%d in: %s\n", idx, s->sql);
        abort();
    }
    free(s->owned[idx - 1]);
    s->owned[idx - 1] = owned;
    s->values[idx - 1] = owned;
    s->lengths[idx - 1] = len;
    s->formats[idx - 1] = format;
}

static void pg_bind_int(struct db_stmt *st, int idx, int64_t v) {
    char *t = malloc(24);
    if (t) snprintf(t, 24, "%lld", (long long)v);
    bind(ST(st), idx, t, 0, 0);
}
static void pg_bind_text(struct db_stmt *st, int idx, const char *v) { bind(ST(st), idx, v ? strdup(v) : NULL, 0, 0); }
static void pg_bind_null(struct db_stmt *st, int idx) { bind(ST(st), idx, NULL, 0, 0); }
static void pg_bind_blob(struct db_stmt *st, int idx, const void *v, size_t len) {
    char *copy = malloc(len ? len : 1);
    if (copy && len) memcpy(copy, v, len);
    bind(ST(st), idx, copy, (int)len, 1);
}

static enum db_result fail(struct pg_stmt *s) {
    const char *state = s->res ? PQresultErrorField(s->res, PG_DIAG_SQLSTATE) : NULL;
    if (state && !strncmp(state, "23", 2)) return DB_CONSTRAINT; /* integrity constraint violation */
    fprintf(stderr, "ruche: database error: %s", s->res ? PQresultErrorMessage(s->res) : "no result\n");
    return DB_ERROR;
}

static enum db_result pg_step(struct db_stmt *st) {
    struct pg_stmt *s = ST(st);
    struct pg_db *db = DB(st->db);
    if (!s->executed) {
        s->executed = 1;
        if (!s->prepared) {
            Oid types[MAX_PARAMS] = {0}; /* 0: inferred; 25 (text) for a number the SQL skips */
            for (int i = 1; i <= s->nparams; i++)
                if (!s->used[i]) types[i - 1] = 25;
            PGresult *r = PQprepare(db->conn, s->name, s->sql, s->nparams, types);
            if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                /* invalid SQL is a programming error; anything else (a
                 * transaction already failed, a lost connection) is not */
                const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
                if (state && !strncmp(state, "42", 2)) {
                    fprintf(stderr, "ruche: bad SQL (%s): %s\n", PQresultErrorMessage(r), s->sql);
                    PQclear(r);
                    abort();
                }
                fprintf(stderr, "ruche: database error: %s", PQresultErrorMessage(r));
                PQclear(r);
                return DB_ERROR;
            }
            PQclear(r);
            s->prepared = 1;
        }
        s->res = PQexecPrepared(db->conn, s->name, s->nparams, s->values, s->lengths, s->formats, 0);
        ExecStatusType status = PQresultStatus(s->res);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return fail(s);
        snprintf(db->changes, sizeof db->changes, "%s", PQcmdTuples(s->res));
        s->nrows = status == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
        s->row = -1;
    }
    if (s->row + 1 < s->nrows) {
        s->row++;
        return DB_ROW;
    }
    return DB_DONE;
}

static int64_t pg_col_int(struct db_stmt *st, int col) {
    struct pg_stmt *s = ST(st);
    if (PQgetisnull(s->res, s->row, col)) return 0;
    const char *v = PQgetvalue(s->res, s->row, col);
    if (v[0] == 't' && !v[1]) return 1; /* booleans */
    if (v[0] == 'f' && !v[1]) return 0;
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(struct db_stmt *st, int col) {
    struct pg_stmt *s = ST(st);
    return PQgetisnull(s->res, s->row, col) ? NULL : PQgetvalue(s->res, s->row, col);
}

static int pg_col_is_null(struct db_stmt *st, int col) { return PQgetisnull(ST(st)->res, ST(st)->row, col); }

static const void *pg_col_blob(struct db_stmt *st, int col, size_t *len) {
    struct pg_stmt *s = ST(st);
    PQfreemem(s->blob);
    s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, col), len);
    return s->blob;
}

static void pg_done(struct db_stmt *st) { reset(ST(st)); }

static int64_t pg_last_id(struct db *d) {
    /* the value the last identity column handed out in this session */
    return db_int_or(db_prep(d, "SELECT lastval()"), 0);
}

static int64_t pg_changes(struct db *d) { return strtoll(DB(d)->changes, NULL, 10); }
static const char *pg_errmsg(struct db *d) { return PQerrorMessage(DB(d)->conn); }

static int in_transaction(struct db *d) { return PQtransactionStatus(DB(d)->conn) != PQTRANS_IDLE; }

static void pg_read_end(struct db *d) {
    if (!DB(d)->in_read) return;
    DB(d)->in_read = 0;
    if (in_transaction(d)) db_run(db_prep(d, "COMMIT"));
}

static int pg_begin(struct db *d) {
    pg_read_end(d);
    return db_run(db_prep(d, "BEGIN")) == DB_DONE ? 0 : -1;
}

static int pg_read_begin(struct db *d) {
    if (DB(d)->in_read || in_transaction(d)) return 0;
    if (db_run(db_prep(d, "BEGIN ISOLATION LEVEL REPEATABLE READ")) != DB_DONE) return -1;
    DB(d)->in_read = 1;
    return 0;
}

static int pg_commit(struct db *d) { return db_run(db_prep(d, "COMMIT")) == DB_DONE ? 0 : -1; }

static void pg_rollback(struct db *d) {
    DB(d)->in_read = 0;
    if (in_transaction(d)) db_run(db_prep(d, "ROLLBACK"));
}

/* SQLite's migration dialect to PostgreSQL's (see the file comment). */
static char *translate(const char *sql) {
    static const struct {
        const char *from, *to;
    } words[] = {
        {"INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"INTEGER", "BIGINT"},
        {"BLOB", "BYTEA"},
    };
    struct buf b = {0};
    for (const char *p = sql; *p;) {
        int done = 0;
        for (size_t i = 0; i < sizeof words / sizeof words[0] && !done; i++) {
            size_t n = strlen(words[i].from);
            if (!strncmp(p, words[i].from, n)) {
                buf_puts(&b, words[i].to);
                p += n;
                done = 1;
            }
        }
        if (!done) buf_putc(&b, *p++);
    }
    return buf_steal(&b, NULL);
}

static int pg_exec_script(struct db *d, const char *sql, char *err, size_t errlen) {
    char *pgsql = translate(sql);
    PGresult *r = PQexec(DB(d)->conn, pgsql);
    free(pgsql);
    ExecStatusType status = PQresultStatus(r);
    int ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok) {
        snprintf(err, errlen, "%s", PQresultErrorMessage(r));
        char *nl = strchr(err, '\n');
        if (nl) *nl = 0;
    }
    PQclear(r);
    return ok ? 0 : -1;
}

static int pg_check(struct db *d) { return db_int_or(db_prep(d, "SELECT 1"), 0) == 1 ? 0 : -1; }

static int pg_backup(struct db *d, const char *dest, char *err, size_t errlen) {
    snprintf(err, errlen,
             "with PostgreSQL, back up with pg_dump -Fc -f FILE URL and restore with pg_restore "
             "(README, Operating)");
    return -1;
}

static int pg_notify(struct db *d, const char *channel, const char *payload) {
    static const char sql[] = "SELECT pg_notify($1, $2)";
    struct db_stmt *st = db_prep(d, sql);
    db_bind_text(st, 1, channel);
    db_bind_text(st, 2, payload);
    return db_run(st) == DB_DONE ? 0 : -1;
}

static int pg_listen(struct db *d, const char *channel) {
    char *quoted = PQescapeIdentifier(DB(d)->conn, channel, strlen(channel));
    if (!quoted) return -1;
    char sql[256];
    snprintf(sql, sizeof sql, "LISTEN %s", quoted);
    PQfreemem(quoted);
    PGresult *r = PQexec(DB(d)->conn, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok ? 0 : -1;
}

static int pg_wait_notification(struct db *d, int timeout_ms, char *payload, size_t size) {
    PGconn *c = DB(d)->conn;
    for (int round = 0; round < 2; round++) {
        if (!PQconsumeInput(c)) return -1;
        PGnotify *n = PQnotifies(c);
        if (n) {
            snprintf(payload, size, "%s", n->extra);
            PQfreemem(n);
            return 1;
        }
        if (round) break;
        int fd = PQsocket(c);
        if (fd < 0) return -1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int rc = poll(&p, 1, timeout_ms);
        if (rc < 0) return -1;
        if (rc == 0) return 0;
    }
    return 0;
}

static const struct db_ops ops = {
    .close = pg_close,
    .prep = pg_prep,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_is_null = pg_col_is_null,
    .done = pg_done,
    .last_id = pg_last_id,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .read_begin = pg_read_begin,
    .read_end = pg_read_end,
    .exec_script = pg_exec_script,
    .postgres = 1,
    .check = pg_check,
    .backup = pg_backup,
    .notify = pg_notify,
    .listen = pg_listen,
    .wait_notification = pg_wait_notification,
};
