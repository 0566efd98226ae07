/* Subcommands of the ruche binary. Each parses its own options, answers
 * --help, and exits 0 on success, 1 on failure, 2 on bad usage with a
 * one-line message. */
#ifndef RUCHE_CLI_H
#define RUCHE_CLI_H
#include "db/db.h"
#include "lib/config.h"

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_seed(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_migrate_to_postgres(int argc, char **argv);
int cli_reindex(int argc, char **argv);

/* Prints "ruche: MESSAGE" and returns 2 (usage) — for bad command lines. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "ruche: MESSAGE" and returns 1 — for failures. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Loads ruche.conf and RUCHE_* over defaults after --data/--db were given
 * (those two keep their command-line values). */
int cli_config(struct config *c);
/* Fills derived settings, then opens the instance's database, applying
 * migrations; create=0 refuses a
 * data directory that was never initialised. NULL after printing why. */
struct db *cli_open(struct config *c, int create);
/* --data DIR ('d') and --db URL ('D'), the options of every command that
 * names an instance: 0 when taken, -1 for another option, else the usage
 * error's exit status. */
int cli_data_option(struct config *c, int opt, const char *arg, const char *cmd);
/* Reads one line from stdin (no echo when it is a terminal). */
int cli_read_password(const char *prompt, char *out, size_t size);

#endif
