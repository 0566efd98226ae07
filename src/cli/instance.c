/* ruche init, serve and backup: create, run and copy an instance. */
#include <fcntl.h>
#include <getopt.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/server.h"
#include "lib/i18n.h"

/* `init --db URL` writes the URL into DIR/ruche.conf (readable by its owner
 * only: it may hold a password), so later commands need only --data. */
static int remember_db(const struct config *c) {
    char path[1100];
    snprintf(path, sizeof path, "%s/ruche.conf", c->data_dir);
    FILE *f = fopen(path, "r");
    if (f) { /* an existing file is the operator's: leave it */
        fclose(f);
        return 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return cli_fail("init: cannot write %s", path);
    dprintf(fd, "# written by ruche init\ndb = %s\n", c->db_url);
    close(fd);
    return 0;
}

int cli_init(int argc, char **argv) {
    static const struct option opts[] = {{"data", 1, 0, 'd'}, {"db", 1, 0, 'D'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    struct config c;
    config_defaults(&c);
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'h') {
            puts("usage: ruche init --data DIR [--db URL]\n\n"
                 "Creates the data directory and its database, or brings an existing one up to\n"
                 "date by applying pending migrations. Safe to run again.\n\n"
                 "  --data DIR   data directory (created if missing)\n"
                 "  --db URL     database (default: DIR/ruche.db), e.g. postgres://user@host/ruche;\n"
                 "               recorded in DIR/ruche.conf so other commands find it");
            return 0;
        }
        if (opt == '?') return cli_usage_error("init: see 'ruche init --help'");
        if (cli_data_option(&c, opt, optarg, "init")) return 2;
    }
    if (optind < argc) return cli_usage_error("init: unexpected argument '%s'", argv[optind]);
    int given_db = c.db_url[0] != 0; /* on the command line */
    if (cli_config(&c)) return 1;
    struct db *db = cli_open(&c, 1);
    if (!db) return 1;
    db_close(db);
    if (given_db && remember_db(&c)) return 1;
    printf("Ruche data directory ready: %s\n", c.data_dir);
    return 0;
}

int cli_serve(int argc, char **argv) {
    static const struct option opts[] = {{"data", 1, 0, 'd'},   {"db", 1, 0, 'D'},      {"listen", 1, 0, 'l'},
                                         {"threads", 1, 0, 't'}, {"public-url", 1, 0, 'p'}, {"help", 0, 0, 'h'},
                                         {0, 0, 0, 0}};
    struct config c;
    config_defaults(&c);
    const char *listen = NULL, *threads = NULL, *public_url = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'h') {
            puts("usage: ruche serve --data DIR [--listen ADDR:PORT] [--threads N] [--public-url URL] [--db URL]\n\n"
                 "Serves the web app and the API until SIGINT or SIGTERM, which let requests in\n"
                 "flight finish and close the database cleanly.\n\n"
                 "  --data DIR          data directory (from 'ruche init')\n"
                 "  --listen ADDR:PORT  default 127.0.0.1:8080; port 0 picks a free port\n"
                 "  --threads N         worker threads (default: one per core)\n"
                 "  --public-url URL    the address users reach, e.g. https://social.example.com\n"
                 "  --db URL            database (default: DIR/ruche.db)\n\n"
                 "Settings also come from DIR/ruche.conf (name = value lines) and RUCHE_*\n"
                 "variables (RUCHE_LISTEN, RUCHE_MAX_BODY, ...); the command line wins.");
            return 0;
        }
        if (opt == 'l') listen = optarg;
        else if (opt == 't') threads = optarg;
        else if (opt == 'p') public_url = optarg;
        else if (opt == '?') return cli_usage_error("serve: see 'ruche serve --help'");
        else if (cli_data_option(&c, opt, optarg, "serve")) return 2;
    }
    if (optind < argc) return cli_usage_error("serve: unexpected argument '%s'", argv[optind]);
    char err[300];
    if (cli_config(&c)) return 1;
    if ((listen && config_set(&c, "listen", listen, err, sizeof err)) ||
        (threads && config_set(&c, "threads", threads, err, sizeof err)) ||
        (public_url && config_set(&c, "public_url", public_url, err, sizeof err)))
        return cli_usage_error("serve: %s", err);
    struct db *db = cli_open(&c, 0);
    if (!db) return 1;
    db_close(db);
    if (i18n_init()) return cli_fail("serve: the embedded translations are broken");
    int rc = server_run(&c);
    i18n_shutdown();
    return rc;
}

int cli_backup(int argc, char **argv) {
    static const struct option opts[] = {{"data", 1, 0, 'd'}, {"db", 1, 0, 'D'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    struct config c;
    config_defaults(&c);
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'h') {
            puts("usage: ruche backup --data DIR FILE\n\n"
                 "Writes a consistent copy of the database to FILE, also while the server runs.\n"
                 "The copy is a complete SQLite database: to restore, stop the server and put\n"
                 "it in place of DIR/ruche.db.");
            return 0;
        }
        if (opt == '?') return cli_usage_error("backup: see 'ruche backup --help'");
        if (cli_data_option(&c, opt, optarg, "backup")) return 2;
    }
    if (optind != argc - 1) return cli_usage_error("backup: give one destination FILE (see 'ruche backup --help')");
    if (cli_config(&c)) return 1;
    struct db *db = cli_open(&c, 0);
    if (!db) return 1;
    char err[600];
    int rc = db_backup(db, argv[optind], err, sizeof err);
    db_close(db);
    if (rc) return cli_fail("backup: %s", err);
    printf("Backup written to %s\n", argv[optind]);
    return 0;
}
