/* Configuration from ruche.conf (INI, parsed by libinih), the environment
 * and the command line, all validated by config_set. */
#include "lib/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void config_defaults(struct config *c) {
    memset(c, 0, sizeof *c);
    snprintf(c->data_dir, sizeof c->data_dir, "data");
    snprintf(c->listen_host, sizeof c->listen_host, "127.0.0.1");
    c->listen_port = 8080;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = cores > 0 ? (int)cores : 2;
    c->max_header = 32 << 10;
    c->max_body = 1 << 20;
    c->max_upload = 10 << 20;
    c->max_photo = 5 << 20;
    c->session_days = 30;
    c->reset_token_minutes = 60;
    c->login_max_failures = 5;
    c->login_window = 900;
    c->access_log = 1;
    c->job_workers = 1;
    c->job_max_attempts = 5;
    c->job_retry_base = 30;
    c->api_rate = 600;
    c->api_burst = 120;
    c->incoming_rate = 60;
    c->incoming_burst = 20;
}

static int parse_size(const char *v, size_t *out) {
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno || end == v) return -1;
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K') shift = 10, end++;
    else if (*end == 'm' || *end == 'M') shift = 20, end++;
    else if (*end == 'g' || *end == 'G') shift = 30, end++;
    if (n > (1ull << 34) >> shift) return -1; /* checked before shifting: 2^54+1 k must not wrap to 1 KiB */
    n <<= shift;
    if (*end || n == 0) return -1;
    *out = (size_t)n;
    return 0;
}

static int parse_int(const char *v, int lo, int hi, int *out) {
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi) return -1;
    *out = (int)n;
    return 0;
}

static int copy(char *dst, size_t size, const char *v) {
    if (strlen(v) >= size) return -1;
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

int config_set(struct config *c, const char *name, const char *v, char *err, size_t errlen) {
    int bad = 0;
    if (!strcmp(name, "listen")) {
        const char *colon = strrchr(v, ':');
        char host[64];
        if (!colon || (size_t)(colon - v) >= sizeof host || colon == v) {
            bad = 1;
        } else {
            memcpy(host, v, (size_t)(colon - v));
            host[colon - v] = 0;
            bad = parse_int(colon + 1, 0, 65535, &c->listen_port) || copy(c->listen_host, sizeof c->listen_host, host);
        }
        if (bad) {
            snprintf(err, errlen, "listen must be ADDRESS:PORT (e.g. 127.0.0.1:8080), not '%s'", v);
            return -1;
        }
        return 0;
    }
    if (!strcmp(name, "db")) bad = copy(c->db_url, sizeof c->db_url, v);
    else if (!strcmp(name, "data")) bad = copy(c->data_dir, sizeof c->data_dir, v);
    else if (!strcmp(name, "public_url")) {
        bad = copy(c->public_url, sizeof c->public_url, v) ||
              (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) || strpbrk(v, " \r\n\"'<>");
        size_t n = strlen(c->public_url);
        while (n && c->public_url[n - 1] == '/') c->public_url[--n] = 0;
    } else if (!strcmp(name, "threads")) bad = parse_int(v, 1, 256, &c->threads);
    else if (!strcmp(name, "max_header")) bad = parse_size(v, &c->max_header) || c->max_header < 4096 || c->max_header > (1 << 20);
    else if (!strcmp(name, "max_body")) bad = parse_size(v, &c->max_body);
    else if (!strcmp(name, "max_upload")) bad = parse_size(v, &c->max_upload);
    else if (!strcmp(name, "max_photo")) bad = parse_size(v, &c->max_photo);
    else if (!strcmp(name, "session_days")) bad = parse_int(v, 1, 3650, &c->session_days);
    else if (!strcmp(name, "login_max_failures")) bad = parse_int(v, 1, 1000, &c->login_max_failures);
    else if (!strcmp(name, "login_window")) bad = parse_int(v, 10, 86400, &c->login_window);
    else if (!strcmp(name, "access_log")) bad = parse_int(v, 0, 1, &c->access_log);
    else if (!strcmp(name, "allow_private_fetch")) {
        bad = strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0");
        c->allow_private_fetch = !strcmp(v, "true") || !strcmp(v, "1");
    } else if (!strcmp(name, "job_workers")) bad = parse_int(v, 0, 16, &c->job_workers);
    else if (!strcmp(name, "job_max_attempts")) bad = parse_int(v, 1, 100, &c->job_max_attempts);
    else if (!strcmp(name, "job_retry_base")) bad = parse_int(v, 1, 86400, &c->job_retry_base);
    else if (!strcmp(name, "api_rate")) bad = parse_int(v, 0, 1000000, &c->api_rate);
    else if (!strcmp(name, "api_burst")) bad = parse_int(v, 1, 1000000, &c->api_burst);
    else if (!strcmp(name, "incoming_rate")) bad = parse_int(v, 0, 1000000, &c->incoming_rate);
    else if (!strcmp(name, "incoming_burst")) bad = parse_int(v, 1, 1000000, &c->incoming_burst);
    else if (!strcmp(name, "smtp_url"))
        bad = copy(c->smtp_url, sizeof c->smtp_url, v) ||
              (*v && strncmp(v, "smtp://", 7) && strncmp(v, "smtps://", 8)) || strpbrk(v, " \r\n");
    else if (!strcmp(name, "smtp_user"))
        bad = copy(c->smtp_user, sizeof c->smtp_user, v) || strpbrk(v, "\r\n");
    else if (!strcmp(name, "smtp_password"))
        bad = copy(c->smtp_password, sizeof c->smtp_password, v) || strpbrk(v, "\r\n");
    else if (!strcmp(name, "mail_from"))
        bad = copy(c->mail_from, sizeof c->mail_from, v) || !strchr(v, '@') || strpbrk(v, " \r\n<>\",;");
    else if (!strcmp(name, "reset_token_minutes"))
        bad = parse_int(v, 0, 1440, &c->reset_token_minutes);
    else if (!strcmp(name, "pwhash")) {
        bad = strcmp(v, "fast") && strcmp(v, "strong");
        c->pwhash_fast = !strcmp(v, "fast");
    } else {
        snprintf(err, errlen, "unknown setting '%s'", name);
        return -1;
    }
    if (bad) {
        snprintf(err, errlen, "invalid value for %s: '%s'", name, v);
        return -1;
    }
    return 0;
}

struct ini_ctx {
    struct config *c;
    char *err;
    size_t errlen;
    int failed;
};

static int on_ini(void *user, const char *section, const char *name, const char *value) {
    struct ini_ctx *ctx = user;
    if (section && *section) {
        snprintf(ctx->err, ctx->errlen, "ruche.conf: sections are not used ([%s])", section);
        ctx->failed = 1;
        return 0;
    }
    if (config_set(ctx->c, name, value, ctx->err, ctx->errlen)) {
        ctx->failed = 1;
        return 0;
    }
    return 1;
}

int config_load_file(struct config *c, char *err, size_t errlen) {
    char path[1100];
    snprintf(path, sizeof path, "%s/ruche.conf", c->data_dir);
    FILE *f = fopen(path, "r");
    if (!f) return 0; /* optional */
    struct ini_ctx ctx = {c, err, errlen, 0};
    int rc = ini_parse_file(f, on_ini, &ctx);
    fclose(f);
    if (ctx.failed) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s: %s", path, err);
        snprintf(err, errlen, "%s", tmp);
        return -1;
    }
    if (rc != 0) {
        snprintf(err, errlen, "%s: syntax error on line %d", path, rc);
        return -1;
    }
    return 0;
}

int config_load_env(struct config *c, char *err, size_t errlen) {
    static const char *const names[] = {"db", "listen", "public_url", "threads", "max_header", "max_body", "max_upload",
                                        "max_photo", "session_days", "login_max_failures", "login_window",
                                        "access_log", "pwhash", "allow_private_fetch", "job_workers",
                                        "job_max_attempts", "job_retry_base", "api_rate", "api_burst",
                                        "incoming_rate", "incoming_burst",
                                        "smtp_url", "smtp_user", "smtp_password", "mail_from", "reset_token_minutes"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char var[64];
        int n = snprintf(var, sizeof var, "RUCHE_%s", names[i]);
        for (int j = 6; j < n; j++) var[j] = (char)toupper((unsigned char)var[j]);
        const char *v = getenv(var);
        if (v && config_set(c, names[i], v, err, errlen)) {
            char tmp[512];
            snprintf(tmp, sizeof tmp, "%s: %s", var, err);
            snprintf(err, errlen, "%s", tmp);
            return -1;
        }
    }
    return 0;
}

void config_finish(struct config *c) {
    if (!c->db_url[0]) snprintf(c->db_url, sizeof c->db_url, "%s/ruche.db", c->data_dir);
    if (!c->public_url[0])
        snprintf(c->public_url, sizeof c->public_url, "http://%s:%d", c->listen_host, c->listen_port);
    if (!c->mail_from[0]) { /* ruche@ the host of public_url */
        const char *h = strstr(c->public_url, "://");
        h = h ? h + 3 : c->public_url;
        int n = (int)strcspn(h, ":/[]");
        snprintf(c->mail_from, sizeof c->mail_from, "ruche@%.*s", n ? n : 9, n ? h : "localhost");
    }
}
