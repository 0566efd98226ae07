/* ruche user (add, list, disable, enable, passwd) and ruche token create. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/apitokens.h"
#include "core/people.h"
#include "core/session.h"
#include "lib/crypto.h"

static const char user_help[] =
    "usage: ruche user add --data DIR --email E --name N [--role admin|employee|external] [--password-stdin]\n"
    "       ruche user list --data DIR\n"
    "       ruche user disable --data DIR EMAIL\n"
    "       ruche user enable --data DIR EMAIL\n"
    "       ruche user passwd --data DIR EMAIL\n\n"
    "Manages accounts. 'add' prints a generated password unless --password-stdin\n"
    "reads one (first line of standard input); 'passwd' asks for the new one (or\n"
    "reads it from standard input). 'disable' ends the person's sessions\n"
    "and stops their API tokens; 'enable' lets them in again.";

struct user_opts {
    struct config c;
    const char *email, *name, *role;
    int password_stdin;
};

static int parse(int argc, char **argv, struct user_opts *o, const char *cmd) {
    static const struct option opts[] = {{"data", 1, 0, 'd'},  {"db", 1, 0, 'D'},   {"email", 1, 0, 'e'},
                                         {"name", 1, 0, 'n'},  {"role", 1, 0, 'r'}, {"password-stdin", 0, 0, 'P'},
                                         {"help", 0, 0, 'h'},  {0, 0, 0, 0}};
    config_defaults(&o->c);
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char err[300];
        switch (opt) {
        case 'h': puts(user_help); return -1;
        case 'd':
            if (strlen(optarg) >= sizeof o->c.data_dir) return cli_usage_error("user %s: --data path is too long", cmd);
            snprintf(o->c.data_dir, sizeof o->c.data_dir, "%s", optarg);
            break;
        case 'D':
            if (config_set(&o->c, "db", optarg, err, sizeof err)) return cli_usage_error("user %s: %s", cmd, err);
            break;
        case 'e': o->email = optarg; break;
        case 'n': o->name = optarg; break;
        case 'r': o->role = optarg; break;
        case 'P': o->password_stdin = 1; break;
        default: return cli_usage_error("user %s: see 'ruche user --help'", cmd);
        }
    }
    return 0;
}

static int read_new_password(char *pw, size_t size, int from_stdin, int *generated) {
    *generated = 0;
    if (from_stdin) {
        if (cli_read_password("New password: ", pw, size)) return cli_fail("cannot read the password from standard input");
        return 0;
    }
    char gen[21];
    password_generate(gen);
    snprintf(pw, size, "%s", gen);
    *generated = 1;
    return 0;
}

static int user_add(int argc, char **argv) {
    struct user_opts o = {0};
    int rc = parse(argc, argv, &o, "add");
    if (rc) return rc < 0 ? 0 : rc;
    if (optind < argc) return cli_usage_error("user add: unexpected argument '%s'", argv[optind]);
    if (!o.email || !o.name) return cli_usage_error("user add: --email and --name are required");
    enum role role = ROLE_EMPLOYEE;
    if (o.role && role_parse(o.role, &role)) return cli_usage_error("user add: --role is admin, employee or external");
    if (cli_config(&o.c)) return 1;
    char pw[PASSWORD_MAX * 4 + 2];
    int generated;
    if (read_new_password(pw, sizeof pw, o.password_stdin, &generated)) return 1;
    struct db *db = cli_open(&o.c, 0);
    if (!db) return 1;
    struct arena a = {0};
    struct err e = {0};
    int64_t id;
    rc = people_create(db, &a, o.email, o.name, role, pw, &id, &e);
    struct person *p = rc ? NULL : people_get(db, &a, id);
    if (p) {
        printf("Created %s <%s> (@%s, %s)\n", p->name, p->email, p->handle, role_name(p->role));
        if (generated) printf("Password: %s\n", pw);
    }
    arena_free(&a);
    db_close(db);
    return rc ? cli_fail("user add: %s", e.msg) : 0;
}

static int user_list(int argc, char **argv) {
    struct user_opts o = {0};
    int rc = parse(argc, argv, &o, "list");
    if (rc) return rc < 0 ? 0 : rc;
    if (optind < argc) return cli_usage_error("user list: unexpected argument '%s'", argv[optind]);
    if (cli_config(&o.c)) return 1;
    struct db *db = cli_open(&o.c, 0);
    if (!db) return 1;
    struct db_stmt *st = db_prep(db, "SELECT email, handle, name, role, disabled FROM people ORDER BY sort_key, id");
    printf("%-32s %-20s %-9s %-8s %s\n", "EMAIL", "HANDLE", "ROLE", "STATE", "NAME");
    while (db_step(st) == DB_ROW)
        printf("%-32s %-20s %-9s %-8s %s\n", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 3),
               db_col_int(st, 4) ? "disabled" : "active", db_col_text(st, 2));
    db_done(st);
    db_close(db);
    return 0;
}

/* disable, enable, passwd: one EMAIL argument. */
static int user_change(int argc, char **argv, const char *cmd) {
    struct user_opts o = {0};
    int rc = parse(argc, argv, &o, cmd);
    if (rc) return rc < 0 ? 0 : rc;
    if (optind != argc - 1) return cli_usage_error("user %s: give one EMAIL (see 'ruche user --help')", cmd);
    if (cli_config(&o.c)) return 1;
    struct db *db = cli_open(&o.c, 0);
    if (!db) return 1;
    struct arena a = {0};
    struct person *p = people_by_email(db, &a, argv[optind]);
    rc = 0;
    if (!p) {
        rc = cli_fail("user %s: no account with e-mail %s", cmd, argv[optind]);
    } else if (!strcmp(cmd, "passwd")) {
        char pw[PASSWORD_MAX * 4 + 2];
        int generated;
        struct err e = {0};
        if (read_new_password(pw, sizeof pw, 1, &generated)) rc = 1;
        else if (people_set_password(db, p->id, pw, &e)) rc = cli_fail("user passwd: %s", e.msg);
        else {
            session_destroy_person(db, p->id, NULL);
            printf("Password changed for %s; their sessions are ended.\n", p->email);
            if (generated) printf("Password: %s\n", pw);
        }
    } else {
        int disable = !strcmp(cmd, "disable");
        if (people_set_disabled(db, p->id, disable)) rc = cli_fail("user %s: the change could not be saved", cmd);
        else printf("%s is %s.\n", p->email, disable ? "disabled" : "enabled");
    }
    arena_free(&a);
    db_close(db);
    return rc;
}

int cli_user(int argc, char **argv) {
    if (argc < 2) return cli_usage_error("user: give a command: add, list, disable, enable, passwd (see 'ruche user --help')");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        puts(user_help);
        return 0;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "add")) return user_add(argc - 1, argv + 1);
    if (!strcmp(sub, "list")) return user_list(argc - 1, argv + 1);
    if (!strcmp(sub, "disable") || !strcmp(sub, "enable") || !strcmp(sub, "passwd"))
        return user_change(argc - 1, argv + 1, sub);
    return cli_usage_error("user: unknown command '%s' (add, list, disable, enable, passwd)", sub);
}

int cli_token(int argc, char **argv) {
    static const char help[] =
        "usage: ruche token create --data DIR --email E [--name LABEL] [--scope \"read write admin\"]\n"
        "                    [--expires 30d|YYYY-MM-DD] [--days N]\n\n"
        "Creates an API token for the account and prints it once; only its hash is\n"
        "stored. Use it as 'Authorization: Bearer TOKEN'. Scopes default to \"read write\".\n"
        "--expires takes a number of days (30d) or the last day it works (UTC);\n"
        "without it (or --days N) the token never expires.";
    if (argc < 2) return cli_usage_error("token: give a command: create (see 'ruche token --help')");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        puts(help);
        return 0;
    }
    if (strcmp(argv[1], "create")) return cli_usage_error("token: unknown command '%s' (create)", argv[1]);
    static const struct option opts[] = {{"data", 1, 0, 'd'}, {"db", 1, 0, 'D'},    {"email", 1, 0, 'e'},
                                         {"name", 1, 0, 'n'}, {"scope", 1, 0, 's'}, {"days", 1, 0, 'x'},
                                         {"expires", 1, 0, 'E'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    struct config c;
    config_defaults(&c);
    const char *email = NULL, *name = "", *scope = "read write";
    long days = 0;
    const char *expires = NULL;
    int opt;
    argc--, argv++;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char err[300], *end;
        switch (opt) {
        case 'h': puts(help); return 0;
        case 'd': snprintf(c.data_dir, sizeof c.data_dir, "%s", optarg); break;
        case 'D':
            if (config_set(&c, "db", optarg, err, sizeof err)) return cli_usage_error("token create: %s", err);
            break;
        case 'e': email = optarg; break;
        case 'n': name = optarg; break;
        case 's': scope = optarg; break;
        case 'x':
            days = strtol(optarg, &end, 10);
            if (*end || days < 1 || days > 3650) return cli_usage_error("token create: --days is 1 to 3650");
            break;
        case 'E': expires = optarg; break;
        default: return cli_usage_error("token create: see 'ruche token --help'");
        }
    }
    if (optind < argc) return cli_usage_error("token create: unexpected argument '%s'", argv[optind]);
    if (!email) return cli_usage_error("token create: --email is required");
    int64_t expires_at = days ? db_now() + days * 86400 : 0;
    struct err pe = {0};
    if (expires && days) return cli_usage_error("token create: give --expires or --days, not both");
    if (expires && apitoken_parse_expiry(expires, db_now(), &expires_at, &pe))
        return cli_usage_error("token create: --expires: %s", pe.msg);
    if (cli_config(&c)) return 1;
    struct db *db = cli_open(&c, 0);
    if (!db) return 1;
    struct arena a = {0};
    struct person *p = people_by_email(db, &a, email);
    int rc = 0;
    char token[TOKEN_CHARS + 1];
    struct err e = {0};
    if (!p) rc = cli_fail("token create: no account with e-mail %s", email);
    else if (apitoken_create(db, p->id, name, scope, expires_at, token, &e))
        rc = cli_fail("token create: %s", e.msg);
    else
        printf("%s\n", token);
    arena_free(&a);
    db_close(db);
    return rc;
}
