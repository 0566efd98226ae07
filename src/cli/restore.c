/* ruche restore: a new data directory from a file written by `ruche backup`.
 * The backup is the whole instance (files and pictures are stored in the
 * database); it is copied, checked (a SQLite file, integrity_check, Ruche's
 * tables, a schema this binary knows) and brought up to date as `ruche init`
 * would, then put in place under its final name only once all of that passed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/embedded.h"

/* 1 when DIR holds anything, 0 when empty, -1 when it cannot be read. */
static int dir_used(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    int used = 0;
    while (!used && (e = readdir(d)))
        used = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return used;
}

static int copy_file(const char *from, const char *to, char *err, size_t errlen) {
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        snprintf(err, errlen, "cannot read %s: %s", from, strerror(errno));
        return -1;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (out < 0) {
        snprintf(err, errlen, "cannot create %s: %s", to, strerror(errno));
        close(in);
        return -1;
    }
    static char buf[1 << 16];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                n = -1;
                break;
            }
            done += w;
        }
    if (n < 0 || fsync(out) != 0) {
        snprintf(err, errlen, "cannot copy %s to %s: %s", from, to, strerror(errno));
        rc = -1;
    }
    close(in);
    if (close(out) != 0) rc = -1;
    return rc;
}

static long newest_migration(void) {
    long max = 0;
    for (unsigned long i = 0; i < embedded_count; i++)
        if (strncmp(embedded_files[i].path, "migrations/", 11) == 0) {
            long v = strtol(embedded_files[i].path + 11, NULL, 10);
            if (v > max) max = v;
        }
    return max;
}

/* Checks the copy at PATH and migrates it. 0, or -1 with err filled. */
static int check_copy(const char *path, const char *file, char *err, size_t errlen) {
    char why[600];
    struct db *db = db_open(path, why, sizeof why);
    if (!db) {
        snprintf(err, errlen, "%s is not a Ruche backup (%s)", file, why);
        return -1;
    }
    int rc = -1;
    struct db_stmt *st = db_prep(db, "PRAGMA integrity_check");
    char res[300] = "";
    int got = db_step(st) == DB_ROW && db_col_text(st, 0);
    if (got) snprintf(res, sizeof res, "%s", db_col_text(st, 0)); /* the text lives until db_done */
    db_done(st);
    if (!got)
        snprintf(err, errlen, "%s is not a Ruche backup (%s)", file, db_errmsg(db));
    else if (strcmp(res, "ok") != 0)
        snprintf(err, errlen, "%s is damaged: integrity_check says: %s", file, res);
    if (!got || strcmp(res, "ok") != 0) goto out;
    st = db_prep(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                     " AND name IN ('schema_migrations', 'people', 'items', 'spaces')");
    if (db_int_or(st, 0) != 4) {
        snprintf(err, errlen, "%s is a SQLite database but not a Ruche backup (no Ruche tables)", file);
        goto out;
    }
    long version = (long)db_int_or(db_prep(db, "SELECT coalesce(max(version), 0) FROM schema_migrations"), -1);
    long known = newest_migration();
    if (version > known) {
        snprintf(err, errlen,
                 "%s comes from a newer Ruche (schema version %ld; this binary knows up to %ld): upgrade ruche first",
                 file, version, known);
        goto out;
    }
    if (db_migrate(db, why, sizeof why)) {
        snprintf(err, errlen, "cannot bring %s up to date: %s", file, why);
        goto out;
    }
    rc = 0;
out:
    db_close(db);
    return rc;
}

int cli_restore(int argc, char **argv) {
    static const struct option opts[] = {{"data", 1, 0, 'd'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    const char *dir = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'h') {
            puts("usage: ruche restore --data DIR FILE\n\n"
                 "Makes a new data directory from FILE, a copy written by 'ruche backup'. The\n"
                 "backup holds the whole instance, uploaded files and pictures included\n"
                 "(ruche.conf, the operator's settings, is not in it: copy it yourself).\n"
                 "FILE is checked first (integrity, Ruche's tables, a schema version this\n"
                 "binary knows) and brought up to date as 'ruche init' would.\n\n"
                 "  --data DIR   the new data directory: must not exist, or be empty\n\n"
                 "With PostgreSQL, restore a pg_dump archive with pg_restore (see README).");
            return 0;
        }
        if (opt == 'd')
            dir = optarg;
        else
            return cli_usage_error("restore: see 'ruche restore --help'");
    }
    if (!dir || !*dir) return cli_usage_error("restore: give the new data directory with --data DIR");
    if (optind != argc - 1) return cli_usage_error("restore: give one backup FILE (see 'ruche restore --help')");
    const char *file = argv[optind];
    struct stat st;
    if (stat(file, &st) != 0) return cli_fail("restore: cannot read %s: %s", file, strerror(errno));
    if (!S_ISREG(st.st_mode)) return cli_fail("restore: %s is not a regular file", file);

    int made = 0;
    if (mkdir(dir, 0750) == 0)
        made = 1;
    else if (errno != EEXIST)
        return cli_fail("restore: cannot create %s: %s", dir, strerror(errno));
    int used = dir_used(dir);
    if (used < 0) return cli_fail("restore: cannot read the directory %s: %s", dir, strerror(errno));
    if (used) return cli_fail("restore: %s is not empty: restore into a new, empty data directory", dir);

    char db[1100], tmp[1120], err[1400] = "";
    snprintf(db, sizeof db, "%s/ruche.db", dir);
    snprintf(tmp, sizeof tmp, "%s.restoring", db);
    if (copy_file(file, tmp, err, sizeof err) || check_copy(tmp, file, err, sizeof err) || rename(tmp, db) != 0) {
        if (!err[0]) snprintf(err, sizeof err, "cannot rename %s: %s", tmp, strerror(errno));
        for (const char *sfx = ""; sfx; sfx = !*sfx ? "-wal" : !strcmp(sfx, "-wal") ? "-shm" : NULL) {
            char f[1130];
            snprintf(f, sizeof f, "%s%s", tmp, sfx);
            unlink(f);
        }
        if (made) rmdir(dir);
        return cli_fail("restore: %s", err);
    }
    printf("Restored %s into %s; start it with: ruche serve --data %s\n", file, dir, dir);
    return 0;
}
