/* db: the one storage API the rest of Ruche uses. It hides the backend
 * (SQLite today, PostgreSQL next): no SQLite type crosses this header.
 *
 * SQL is literal, with $1..$n placeholders; statements are prepared once per
 * connection and cached by their text. A connection belongs to one thread. */
#ifndef RUCHE_DB_H
#define RUCHE_DB_H
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_result { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1, DB_CONSTRAINT = 2 };

/* Opens (creating if needed) the database named by `url`: a file path for
 * SQLite. Returns NULL and writes a one-line message into err. */
struct db *db_open(const char *url, char *err, size_t errlen);
/* 1 if url names a PostgreSQL database (postgres:// or postgresql://). */
int db_is_postgres(const char *url);
void db_close(struct db *db);
/* 1 if this connection is to PostgreSQL: for the few statements whose SQL
 * must differ (full-text search), and migration sections. */
int db_postgres(struct db *db);

/* Thread-local connection for server workers, opened on first use with the
 * url given to db_thread_setup. NULL if it cannot be opened. */
void db_thread_setup(const char *url);
struct db *db_thread(void);
void db_thread_close(void);

/* Prepared statement from the per-connection cache, reset and unbound.
 * Aborts the process on invalid SQL: that is a programming error. */
struct db_stmt *db_prep(struct db *db, const char *sql);
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *v); /* NULL binds NULL */
void db_bind_blob(struct db_stmt *st, int idx, const void *v, size_t len);
void db_bind_null(struct db_stmt *st, int idx);
/* DB_ROW, DB_DONE, DB_CONSTRAINT (unique/foreign key violated) or DB_ERROR. */
enum db_result db_step(struct db_stmt *st);
int64_t db_col_int(struct db_stmt *st, int col);
/* Valid until the next step/reset of this statement; NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col, size_t *len);
int db_col_is_null(struct db_stmt *st, int col);
/* Ends use of a statement (releases read locks); it stays cached. */
void db_done(struct db_stmt *st);

/* Runs a statement expected to return no rows (or ignores them). */
enum db_result db_run(struct db_stmt *st);
/* Convenience: run and return the first column of the first row, or dflt. */
int64_t db_int_or(struct db_stmt *st, int64_t dflt);

/* Id of the row just inserted by this connection. */
int64_t db_last_id(struct db *db);
/* Rows changed by the last statement. */
int64_t db_changes(struct db *db);

/* One snapshot for a series of reads (a page): also saves taking the read
 * lock for every statement. A db_begin inside it ends it first. */
int db_read_begin(struct db *db);
void db_read_end(struct db *db);

/* Transactions. db_begin takes the write lock at once (IMMEDIATE). */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Several statements separated by ';' with no parameters (migrations). */
int db_exec_script(struct db *db, const char *sql, char *err, size_t errlen);

/* The last error message of this connection. */
const char *db_errmsg(struct db *db);

/* Applies the embedded migrations not yet applied, each in a transaction.
 * A line `-- sqlite:` or `-- postgres:` starts a section run on that
 * backend only; `-- both:` ends it. Returns 0, or -1 with a message in err. */
int db_migrate(struct db *db, char *err, size_t errlen);
/* The part of a migration script that applies to a backend (see above);
 * malloc'd. */
char *db_migration_for(const char *sql, int postgres);

/* Integrity check; 0 when the database is sound. */
int db_check(struct db *db);

/* Consistent online copy of the database into a new file at `dest`. */
int db_backup(struct db *db, const char *dest, char *err, size_t errlen);

/* Notifications between processes sharing a database (PostgreSQL's
 * NOTIFY/LISTEN; -1 on SQLite, which has no such thing). db_notify sends at
 * once (outside any transaction of the caller's: use its own connection or
 * call it after commit). db_wait_notification waits up to timeout_ms on a
 * connection that called db_listen; 1 with the payload, 0 on time-out, -1
 * when the connection broke. */
int db_notify(struct db *db, const char *channel, const char *payload);
int db_listen(struct db *db, const char *channel);
int db_wait_notification(struct db *db, int timeout_ms, char *payload, size_t size);

/* Current time as seconds since the epoch (one clock for all of Ruche). */
int64_t db_now(void);

#endif
