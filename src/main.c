/* ruche: the single binary. Dispatches to the subcommands in src/cli/. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/crypto.h"

#define RUCHE_VERSION "0.1.0"

static const char help[] =
    "usage: ruche COMMAND [OPTIONS]\n\n"
    "Ruche, the enterprise social platform.\n\n"
    "commands:\n"
    "  init      create or upgrade a data directory\n"
    "  serve     serve the web app and the API\n"
    "  user      add, list, disable, enable accounts; change passwords\n"
    "  token     create API tokens\n"
    "  seed      fill an instance with demo content\n"
    "  backup    copy the database consistently, also while serving\n"
    "  restore   a new data directory from a backup\n"
    "  reindex   rebuild the search index\n"
    "  migrate-to-postgres  copy a SQLite instance into PostgreSQL, verified\n"
    "  version   print the version\n\n"
    "'ruche COMMAND --help' tells more about each.";

int main(int argc, char **argv) {
    if (argc < 2) return cli_usage_error("give a command (see 'ruche --help')");
    opterr = 0; /* getopt stays quiet: each command reports bad options in one line */
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        puts(help);
        return 0;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        if (argc > 2 && strcmp(argv[2], "--help")) return cli_usage_error("version: takes no arguments");
        if (argc > 2) {
            puts("usage: ruche version\n\nPrints the version of this binary.");
            return 0;
        }
        printf("ruche %s\n", RUCHE_VERSION);
        return 0;
    }
    if (crypto_setup()) return cli_fail("libsodium could not start");
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {{"init", cli_init},   {"serve", cli_serve}, {"user", cli_user},
                    {"token", cli_token}, {"seed", cli_seed},   {"backup", cli_backup},
                    {"migrate-to-postgres", cli_migrate_to_postgres},
                    {"reindex", cli_reindex},         {"restore", cli_restore}};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(cmd, commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    return cli_usage_error("unknown command '%s' (see 'ruche --help')", cmd);
}
