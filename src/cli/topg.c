/* ruche migrate-to-postgres: copies a SQLite deployment into an empty
 * PostgreSQL database, table by table in one transaction, then checks that
 * every table has the same rows in both (count and an order-independent
 * checksum of every value). */
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* Tables in an order that satisfies their foreign keys, with their columns.
 * people.manager_id is copied in a second pass (a manager may come later). */
static const struct table {
    const char *name, *cols;
    int ncols;
    unsigned blobs; /* bit c set: column c is a blob */
    int has_id;
} tables[] = {
    {"people", "id, email, handle, name, role, password_hash, disabled, title, department, location, phone, bio, lang, "
               "sort_key, search_key, photo_version, created_at, updated_at", 18, 0, 1},
    {"person_expertise", "person_id, tag", 2, 0, 0},
    {"person_photos", "person_id, image, mime, updated_at", 4, 1u << 1, 0},
    {"sessions", "token_hash, person_id, created_at, last_seen_at, expires_at", 5, 0, 0},
    {"api_tokens", "id, person_id, name, token_hash, scopes, created_at, last_used_at, expires_at, revoked_at", 9, 0, 1},
    {"feed_tokens", "person_id, token_hash, created_at, last_used_at", 4, 0, 0},
    {"invitations", "id, token_hash, email, role, invited_by, created_at, expires_at, accepted_at, person_id", 9, 0, 1},
    {"login_failures", "key, at", 2, 0, 0},
    {"spaces", "id, slug, name, sort_key, description, description_html, visibility, secret, parent_id, created_by, "
               "created_at, updated_at, archived_at, deleted_at, members_count, photo_version", 16, 0, 1},
    {"space_members", "space_id, person_id, role, sort_key, invited_by, created_at", 6, 0, 0},
    {"space_photos", "space_id, image, mime, updated_at", 4, 1u << 1, 0},
    {"items", "id, type, author_id, space_id, title, body, body_html, data, created_at, edited_at, deleted_at, "
              "comments_count, likes_count, pinned_at, draft", 15, 0, 1},
    {"item_revisions", "item_id, rev, title, body, editor_id, created_at, comment", 7, 0, 0},
    {"item_tags", "tag, item_id, created_at", 3, 0, 0},
    {"item_mentions", "person_id, item_id", 2, 0, 0},
    {"comments", "id, item_id, author_id, parent_id, body, body_html, created_at, edited_at, deleted_at, likes_count", 10,
      0, 1},
    {"item_likes", "id, item_id, person_id, created_at", 4, 0, 1},
    {"comment_likes", "id, comment_id, person_id, created_at", 4, 0, 1},
    {"follows", "id, follower_id, followee_id, created_at", 4, 0, 1},
    {"notifications", "id, person_id, kind, actor_id, item_id, comment_id, space_id, created_at, read_at", 9, 0, 1},
    {"notification_prefs", "person_id, kind", 2, 0, 0},
    {"wiki_pages", "item_id, space_id, slug, revision", 4, 0, 0},
    {"questions", "item_id, accepted_comment_id, accepted_by, accepted_at", 4, 0, 0},
    {"ideas", "item_id, status, status_comment, status_by, status_at, score, votes_for, votes_against", 8, 0, 0},
    {"idea_votes", "item_id, person_id, value, created_at", 4, 0, 0},
    {"polls", "item_id, options, multiple, closes_at, voters_visible", 5, 0, 0},
    {"poll_votes", "item_id, person_id, option_index, created_at", 4, 0, 0},
    {"events", "item_id, starts_at, ends_at, timezone, location, online_url, capacity", 7, 0, 0},
    {"event_rsvps", "item_id, person_id, answer, waiting, created_at, updated_at, seq", 7, 0, 0},
    {"bookmarks", "item_id, url, url_key", 3, 0, 0},
    {"link_previews", "url_key, status, title, description, image_url, error, fetched_at", 7, 0, 0},
    {"file_versions", "id, item_id, version, name, mime, size, sha256, data, preview, uploaded_by, created_at", 11,
     (1u << 7) | (1u << 8), 1},
    {"jobs", "id, kind, payload, run_at, attempts, locked_until, last_error, created_at, done_at, failed_at", 10, 0, 1},
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* The statements, built once from the fixed names above (never from input):
 * their addresses stay stable, so both backends' statement caches work.
 * Rows go over in batches of BATCH_ROWS, one JSON array bound as a single
 * parameter and unpacked by json_populate_recordset: one round trip per
 * batch instead of per row (13 million follows took hours row by row). */
enum { BATCH_ROWS = 2000, COLS_MAX = 24 };
static char select_sql[NTABLES][512], insert_sql[NTABLES][1024], count_sql[NTABLES][128];
static char colnames[NTABLES][COLS_MAX][40];

static void build_sql(void) {
    for (size_t t = 0; t < NTABLES; t++) {
        /* by id: a row referring to an earlier one of its table (a sub-space) comes after it */
        snprintf(select_sql[t], sizeof select_sql[t], "SELECT %s FROM %s%s", tables[t].cols, tables[t].name,
                 tables[t].has_id ? " ORDER BY id" : "");
        snprintf(insert_sql[t], sizeof insert_sql[t],
                 "INSERT INTO %s (%s) SELECT %s FROM json_populate_recordset(NULL::%s, $1)", tables[t].name,
                 tables[t].cols, tables[t].cols, tables[t].name);
        snprintf(count_sql[t], sizeof count_sql[t], "SELECT count(*) FROM %s", tables[t].name);
        const char *p = tables[t].cols;
        for (int c = 0; c < tables[t].ncols && c < COLS_MAX; c++) {
            size_t n = strcspn(p, ",");
            snprintf(colnames[t][c], sizeof colnames[t][c], "%.*s", (int)n, p);
            p += n;
            while (*p == ',' || *p == ' ') p++;
        }
    }
}

/* Order-independent checksum of a table: the sum of each row's hash. */
static uint64_t checksum(struct db *db, size_t t, int64_t *rows) {
    struct db_stmt *st = db_prep(db, select_sql[t]);
    uint64_t sum = 0;
    *rows = 0;
    while (db_step(st) == DB_ROW) {
        crypto_generichash_state h;
        crypto_generichash_init(&h, NULL, 0, 8);
        for (int c = 0; c < tables[t].ncols; c++) {
            if (db_col_is_null(st, c)) {
                crypto_generichash_update(&h, (const unsigned char *)"\1N", 2);
            } else if (tables[t].blobs & (1u << c)) {
                size_t len;
                const void *p = db_col_blob(st, c, &len);
                crypto_generichash_update(&h, p, len);
            } else {
                const char *v = db_col_text(st, c);
                crypto_generichash_update(&h, (const unsigned char *)v, strlen(v) + 1);
            }
            crypto_generichash_update(&h, (const unsigned char *)"\2", 1);
        }
        uint64_t x;
        crypto_generichash_final(&h, (unsigned char *)&x, sizeof x);
        sum += x;
        (*rows)++;
    }
    db_done(st);
    return sum;
}

/* Sends the rows gathered in *batch (then empties it); 0 or -1. */
static int send_batch(struct db *to, size_t t, json_t *batch) {
    if (!json_array_size(batch)) return 0;
    char *text = json_dumps(batch, JSON_COMPACT);
    json_array_clear(batch);
    if (!text) return -1;
    struct db_stmt *dst = db_prep(to, insert_sql[t]);
    db_bind_text(dst, 1, text);
    free(text);
    return db_run(dst) == DB_DONE ? 0 : -1;
}

static int copy_table(struct db *from, struct db *to, size_t t) {
    const struct table *tb = &tables[t];
    struct db_stmt *src = db_prep(from, select_sql[t]);
    json_t *batch = json_array();
    int64_t n = 0;
    int rc = 0;
    while (!rc && db_step(src) == DB_ROW) {
        json_t *row = json_object();
        for (int c = 0; c < tb->ncols && row; c++) {
            json_t *v;
            if (db_col_is_null(src, c)) {
                v = json_null();
            } else if (tb->blobs & (1u << c)) { /* bytea's hex input: \x0a1b... */
                size_t len;
                const unsigned char *b = db_col_blob(src, c, &len);
                char *hex = malloc(2 * len + 3);
                memcpy(hex, "\\x", 2);
                for (size_t i = 0; i < len; i++) snprintf(hex + 2 + 2 * i, 3, "%02x", b[i]);
                hex[2 + 2 * len] = 0;
                v = json_string(hex);
                free(hex);
            } else {
                v = json_string(db_col_text(src, c));
            }
            if (!v) { /* not UTF-8: the SQLite file holds what Ruche never writes */
                json_decref(row);
                row = NULL;
            } else {
                json_object_set_new(row, colnames[t][c], v);
            }
        }
        if (!row) {
            rc = cli_fail("migrate-to-postgres: %s row %lld holds text that is not UTF-8", tb->name, (long long)n + 1);
            break;
        }
        json_array_append_new(batch, row);
        if (json_array_size(batch) == BATCH_ROWS && send_batch(to, t, batch))
            rc = cli_fail("migrate-to-postgres: copying %s failed near row %lld", tb->name, (long long)n + 1);
        if (++n % 100000 == 0) fprintf(stderr, "  %s: %lld rows\n", tb->name, (long long)n);
    }
    db_done(src);
    if (!rc && send_batch(to, t, batch)) rc = cli_fail("migrate-to-postgres: copying %s failed at its end", tb->name);
    json_decref(batch);
    return rc;
}

int cli_migrate_to_postgres(int argc, char **argv) {
    static const struct option opts[] = {{"data", 1, 0, 'd'}, {"db", 1, 0, 'D'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    struct config c;
    config_defaults(&c);
    const char *target = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            puts("usage: ruche migrate-to-postgres --data DIR --db postgres://...\n\n"
                 "Copies the SQLite database of DIR into an empty PostgreSQL database (the\n"
                 "migrations are applied first), in one transaction, then checks every table:\n"
                 "same row count and same checksum of every value. Stop the server first.\n"
                 "Afterwards, point DIR/ruche.conf at the new database (db = URL).");
            return 0;
        case 'd': snprintf(c.data_dir, sizeof c.data_dir, "%s", optarg); break;
        case 'D': target = optarg; break;
        default: return cli_usage_error("migrate-to-postgres: see 'ruche migrate-to-postgres --help'");
        }
    }
    if (optind < argc) return cli_usage_error("migrate-to-postgres: unexpected argument '%s'", argv[optind]);
    if (!target || !db_is_postgres(target))
        return cli_usage_error("migrate-to-postgres: --db must be a postgres:// URL");
    if (cli_config(&c)) return 1;
    snprintf(c.db_url, sizeof c.db_url, "%s/ruche.db", c.data_dir); /* the source is the SQLite file */
    struct db *from = cli_open(&c, 0);
    if (!from) return 1;
    char err[600];
    struct db *to = db_open(target, err, sizeof err);
    if (!to || db_migrate(to, err, sizeof err)) {
        db_close(from);
        if (to) db_close(to);
        return cli_fail("migrate-to-postgres: %s", err);
    }
    build_sql();
    int rc = 0;
    for (size_t t = 0; t < NTABLES && !rc; t++)
        if (db_int_or(db_prep(to, count_sql[t]), 0) > 0)
            rc = cli_fail("migrate-to-postgres: the target is not empty (table %s has rows)", tables[t].name);
    if (!rc && db_begin(to)) rc = cli_fail("migrate-to-postgres: %s", db_errmsg(to));
    for (size_t t = 0; t < NTABLES && !rc; t++) {
        fprintf(stderr, "copying %s\n", tables[t].name);
        rc = copy_table(from, to, t);
    }
    if (!rc) { /* second pass: managers */
        struct db_stmt *src = db_prep(from, "SELECT id, manager_id FROM people WHERE manager_id IS NOT NULL");
        while (!rc && db_step(src) == DB_ROW) {
            struct db_stmt *up = db_prep(to, "UPDATE people SET manager_id = $2 WHERE id = $1");
            db_bind_int(up, 1, db_col_int(src, 0));
            db_bind_int(up, 2, db_col_int(src, 1));
            if (db_run(up) != DB_DONE) rc = cli_fail("migrate-to-postgres: copying managers failed");
        }
        db_done(src);
    }
    for (size_t t = 0; t < NTABLES && !rc; t++) {
        if (!tables[t].has_id) continue;
        /* identity columns continue after the copied ids */
        static char setval_sql[NTABLES][200];
        snprintf(setval_sql[t], sizeof setval_sql[t],
                 "SELECT setval(pg_get_serial_sequence('%s', 'id'), coalesce(max(id), 0) + 1, false) FROM %s",
                 tables[t].name, tables[t].name);
        if (db_run(db_prep(to, setval_sql[t])) != DB_DONE) rc = cli_fail("migrate-to-postgres: %s", db_errmsg(to));
    }
    if (!rc && db_commit(to)) rc = cli_fail("migrate-to-postgres: commit failed: %s", db_errmsg(to));
    if (rc) db_rollback(to);
    /* verify: the manager column is part of the check */
    for (size_t t = 0; t < NTABLES && !rc; t++) {
        int64_t ra, rb;
        uint64_t a = checksum(from, t, &ra), b = checksum(to, t, &rb);
        printf("%-20s %10lld rows  %s\n", tables[t].name, (long long)ra, a == b && ra == rb ? "identical" : "DIFFERENT");
        if (a != b || ra != rb) rc = cli_fail("migrate-to-postgres: %s differs after the copy", tables[t].name);
    }
    if (!rc) {
        struct db_stmt *m = db_prep(from, "SELECT count(*) * 1000003 + coalesce(sum(id * 31 + manager_id), 0) FROM people"
                                          " WHERE manager_id IS NOT NULL");
        struct db_stmt *n = db_prep(to, "SELECT count(*) * 1000003 + coalesce(sum(id * 31 + manager_id), 0) FROM people"
                                        " WHERE manager_id IS NOT NULL");
        if (db_int_or(m, -1) != db_int_or(n, -2)) rc = cli_fail("migrate-to-postgres: managers differ after the copy");
    }
    db_close(from);
    db_close(to);
    if (!rc) printf("Done. Now set db = %s in %s/ruche.conf.\n", target, c.data_dir);
    return rc;
}
