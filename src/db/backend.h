/* What a storage backend provides to db.c, which dispatches the db.h API to
 * it. A backend's connection and statement structs start with struct db and
 * struct db_stmt. */
#ifndef RUCHE_DB_BACKEND_H
#define RUCHE_DB_BACKEND_H
#include "db/db.h"

struct db_ops {
    void (*close)(struct db *db);
    struct db_stmt *(*prep)(struct db *db, const char *sql);
    void (*bind_int)(struct db_stmt *st, int idx, int64_t v);
    void (*bind_text)(struct db_stmt *st, int idx, const char *v);
    void (*bind_blob)(struct db_stmt *st, int idx, const void *v, size_t len);
    void (*bind_null)(struct db_stmt *st, int idx);
    enum db_result (*step)(struct db_stmt *st);
    int64_t (*col_int)(struct db_stmt *st, int col);
    const char *(*col_text)(struct db_stmt *st, int col);
    const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
    int (*col_is_null)(struct db_stmt *st, int col);
    void (*done)(struct db_stmt *st);
    int64_t (*last_id)(struct db *db);
    int64_t (*changes)(struct db *db);
    const char *(*errmsg)(struct db *db);
    int (*begin)(struct db *db);
    int (*commit)(struct db *db);
    void (*rollback)(struct db *db);
    int (*read_begin)(struct db *db);
    void (*read_end)(struct db *db);
    int (*exec_script)(struct db *db, const char *sql, char *err, size_t errlen);
    int (*check)(struct db *db);
    int (*backup)(struct db *db, const char *dest, char *err, size_t errlen);
    int (*notify)(struct db *db, const char *channel, const char *payload); /* NULL: unsupported */
    int (*listen)(struct db *db, const char *channel);
    int (*wait_notification)(struct db *db, int timeout_ms, char *payload, size_t size);
    int postgres; /* 1 for the PostgreSQL backend (db_postgres) */
};

struct db {
    const struct db_ops *ops;
};

struct db_stmt {
    struct db *db;
};

struct db *sqlite_open(const char *path, char *err, size_t errlen);
struct db *pg_open(const char *url, char *err, size_t errlen);

#endif
