/* ruche reindex: rebuilds the search index from the content, printing a
 * progress line (core/search_index.c does the work). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/search.h"

static void progress(int64_t done, int64_t total) {
    int pct = total > 0 ? (int)(done * 100 / total) : 100;
    int bar = pct / 5;
    /* one line, redrawn in place on a terminal, one line per step otherwise */
    printf("%sindexing [%.*s%*s] %3d%% (%lld/%lld rows scanned)%s", isatty(1) ? "\r" : "", bar,
           "====================", 20 - bar, "", pct, (long long)done, (long long)total, isatty(1) ? "" : "\n");
    fflush(stdout);
}

int cli_reindex(int argc, char **argv) {
    static const struct option opts[] = {{"data", 1, 0, 'd'}, {"db", 1, 0, 'D'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    struct config c;
    config_defaults(&c);
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'h') {
            puts("usage: ruche reindex --data DIR [--db URL]\n\n"
                 "Rebuilds the search index from every item, comment, person and space, in one\n"
                 "transaction (searches keep answering from the old index meanwhile), with a\n"
                 "progress line. The index is kept current as content changes: this is for\n"
                 "repairs and after restoring data by hand.");
            return 0;
        }
        int rc = cli_data_option(&c, opt, optarg, "reindex");
        if (rc >= 0) {
            if (rc) return rc;
            continue;
        }
        return cli_usage_error("reindex: see 'ruche reindex --help'");
    }
    if (optind != argc) return cli_usage_error("reindex: takes no arguments (see 'ruche reindex --help')");
    if (cli_config(&c)) return 1;
    struct db *db = cli_open(&c, 0);
    if (!db) return 1;
    int64_t n = search_reindex(db, progress);
    if (isatty(1)) putchar('\n');
    if (n < 0) {
        int rc = cli_fail("reindex: %s", db_errmsg(db));
        db_close(db);
        return rc;
    }
    db_close(db);
    printf("Search index rebuilt: %lld documents.\n", (long long)n);
    return 0;
}
