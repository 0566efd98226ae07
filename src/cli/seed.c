/* ruche seed: demo content. */
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/seed.h"
#include "lib/crypto.h"

int cli_seed(int argc, char **argv) {
    static const struct option opts[] = {{"data", 1, 0, 'd'},   {"db", 1, 0, 'D'},    {"demo", 0, 0, 'm'},
                                         {"people", 1, 0, 'p'}, {"posts", 1, 0, 'P'}, {"help", 0, 0, 'h'},
                                         {0, 0, 0, 0}};
    long long people = 0, posts = 0;
    char *end;
    struct config c;
    config_defaults(&c);
    int opt, want_demo = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char err[300];
        switch (opt) {
        case 'h':
            puts("usage: ruche seed --data DIR --demo\n"
                 "       ruche seed --data DIR --people N --posts M\n\n"
                 "--demo fills the instance with a demo company (people across departments,\n"
                 "with managers, expertise and bios). All demo accounts share one generated\n"
                 "password, printed and kept in DIR/demo-admin.txt. Does nothing when the\n"
                 "demo company is already there.\n\n"
                 "--people N --posts M generates a large company for benchmarks: N employees\n"
                 "(user<id>@bench.example, password \"bench password 2026\") following each\n"
                 "other on a power-law graph (~150 followees on average), and M status\n"
                 "updates with hashtags, mentions, comments and likes over the past year.");
            return 0;
        case 'd': snprintf(c.data_dir, sizeof c.data_dir, "%s", optarg); break;
        case 'D':
            if (config_set(&c, "db", optarg, err, sizeof err)) return cli_usage_error("seed: %s", err);
            break;
        case 'm': want_demo = 1; break;
        case 'p':
            people = strtoll(optarg, &end, 10);
            if (*end || people < 2 || people > 10000000) return cli_usage_error("seed: --people is 2 to 10000000");
            break;
        case 'P':
            posts = strtoll(optarg, &end, 10);
            if (*end || posts < 0 || posts > 100000000) return cli_usage_error("seed: --posts is 0 to 100000000");
            break;
        default: return cli_usage_error("seed: see 'ruche seed --help'");
        }
    }
    if (optind < argc) return cli_usage_error("seed: unexpected argument '%s'", argv[optind]);
    if (!want_demo && !people) return cli_usage_error("seed: say what to generate: --demo, or --people N --posts M");
    if (want_demo && people) return cli_usage_error("seed: --demo and --people go separately");
    if (cli_config(&c)) return 1;
    struct db *db = cli_open(&c, 0);
    if (!db) return 1;
    char password[21], err[300], path[1100];
    if (people) {
        int rc = seed_bulk(db, people, posts, err, sizeof err);
        db_close(db);
        if (rc) return cli_fail("seed: %s", err);
        printf("Generated %lld people and %lld posts.\n", people, posts);
        return 0;
    }
    password_generate(password);
    int rc = seed_demo(db, password, err, sizeof err);
    db_close(db);
    if (rc < 0) return cli_fail("seed: %s", err);
    snprintf(path, sizeof path, "%s/demo-admin.txt", c.data_dir);
    if (rc == 1) {
        printf("The demo company is already there (see %s).\n", path);
        return 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        dprintf(fd, "e-mail: %s\npassword: %s\n", DEMO_ADMIN_EMAIL, password);
        close(fd);
    }
    printf("Demo company created. Sign in as %s with password %s\n(every demo account uses this password; kept in %s)\n",
           DEMO_ADMIN_EMAIL, password, path);
    return 0;
}
