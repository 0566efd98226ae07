/* Applies the numbered SQL files of migrations/ (embedded in the binary) in
 * order, each in its own transaction, recording them in schema_migrations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "lib/embedded.h"

char *db_migration_for(const char *sql, int postgres) {
    size_t n = strlen(sql);
    char *out = malloc(n + 1), *o = out;
    if (!out) return NULL;
    int keep = 1;
    for (const char *p = sql; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (!strncmp(p, "-- sqlite:", 10)) keep = !postgres;
        else if (!strncmp(p, "-- postgres:", 12)) keep = postgres;
        else if (!strncmp(p, "-- both:", 8)) keep = 1;
        else if (keep) {
            memcpy(o, p, len);
            o += len;
        }
        p += len;
    }
    *o = 0;
    return out;
}

static int by_path(const void *a, const void *b) {
    return strcmp((*(const struct embedded_file *const *)a)->path, (*(const struct embedded_file *const *)b)->path);
}

int db_migrate(struct db *db, char *err, size_t errlen) {
    if (db_exec_script(db,
                       "CREATE TABLE IF NOT EXISTS schema_migrations ("
                       " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
                       err, errlen))
        return -1;
    const struct embedded_file *files[256];
    size_t n = 0;
    for (unsigned long i = 0; i < embedded_count && n < 256; i++)
        if (strncmp(embedded_files[i].path, "migrations/", 11) == 0) files[n++] = &embedded_files[i];
    qsort(files, n, sizeof files[0], by_path);
    for (size_t i = 0; i < n; i++) {
        long version = strtol(files[i]->path + 11, NULL, 10);
        if (version <= 0) continue;
        struct db_stmt *st = db_prep(db, "SELECT 1 FROM schema_migrations WHERE version = $1");
        db_bind_int(st, 1, version);
        if (db_int_or(st, 0)) continue;
        if (db_begin(db)) {
            snprintf(err, errlen, "cannot start migration %ld: %s", version, db_errmsg(db));
            return -1;
        }
        char msg[512];
        char *script = db_migration_for((const char *)files[i]->data, db_postgres(db));
        int failed = !script || db_exec_script(db, script, msg, sizeof msg);
        free(script);
        if (failed) {
            if (!script) snprintf(msg, sizeof msg, "out of memory");
            db_rollback(db);
            snprintf(err, errlen, "migration %s failed: %s", files[i]->path, msg);
            return -1;
        }
        st = db_prep(db, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)");
        db_bind_int(st, 1, version);
        db_bind_int(st, 2, db_now());
        if (db_run(st) != DB_DONE || db_commit(db)) {
            db_rollback(db);
            snprintf(err, errlen, "cannot record migration %ld: %s", version, db_errmsg(db));
            return -1;
        }
    }
    return 0;
}
