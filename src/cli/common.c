/* Shared command-line plumbing: errors, configuration, opening the data. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/crypto.h"

__attribute__((format(printf, 1, 0))) static void vmsg(const char *fmt, va_list ap) {
    fputs("ruche: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    return 2;
}

int cli_fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    return 1;
}

int cli_config(struct config *c) {
    char err[600];
    /* command-line values win: keep them across file and environment */
    struct config cli = *c;
    if (config_load_file(c, err, sizeof err) || config_load_env(c, err, sizeof err)) return cli_fail("%s", err);
    if (cli.db_url[0]) memcpy(c->db_url, cli.db_url, sizeof c->db_url);
    memcpy(c->data_dir, cli.data_dir, sizeof c->data_dir);
    crypto_set_fast_passwords(c->pwhash_fast);
    return 0;
}

struct db *cli_open(struct config *c, int create) {
    config_finish(c);
    struct stat st;
    if (create) {
        if (mkdir(c->data_dir, 0750) && errno != EEXIST) {
            cli_fail("cannot create data directory %s: %s", c->data_dir, strerror(errno));
            return NULL;
        }
    } else if (!db_is_postgres(c->db_url) && stat(c->db_url, &st) != 0) {
        cli_fail("no Ruche database at %s; run: ruche init --data %s", c->db_url, c->data_dir);
        return NULL;
    }
    char err[600];
    struct db *db = db_open(c->db_url, err, sizeof err);
    if (!db) {
        cli_fail("%s", err);
        return NULL;
    }
    if (db_migrate(db, err, sizeof err)) {
        db_close(db);
        cli_fail("%s", err);
        return NULL;
    }
    return db;
}

int cli_read_password(const char *prompt, char *out, size_t size) {
    int tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *got = fgets(out, (int)size, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (!got) return -1;
    size_t n = strlen(out);
    if (n && out[n - 1] != '\n' && !feof(stdin)) return -1; /* longer than the buffer */
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r')) out[--n] = 0;
    return 0;
}

int cli_data_option(struct config *c, int opt, const char *arg, const char *cmd) {
    if (opt == 'd') {
        if (strlen(arg) >= sizeof c->data_dir) return cli_usage_error("%s: --data path is too long", cmd);
        snprintf(c->data_dir, sizeof c->data_dir, "%s", arg);
        return 0;
    }
    if (opt == 'D') {
        char err[300];
        if (config_set(c, "db", arg, err, sizeof err)) return cli_usage_error("%s: %s", cmd, err);
        return 0;
    }
    return -1;
}
