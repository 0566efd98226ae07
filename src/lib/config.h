/* Settings of a Ruche instance. Sources, later ones winning:
 * built-in defaults < DATA/ruche.conf < RUCHE_* environment < command line. */
#ifndef RUCHE_CONFIG_H
#define RUCHE_CONFIG_H
#include <stddef.h>

struct config {
    char data_dir[1024];
    char db_url[1100];       /* default: DATA/ruche.db */
    char listen_host[64];    /* default 127.0.0.1 */
    int listen_port;         /* default 8080; 0 picks a free port */
    char public_url[512];    /* e.g. https://social.example.com; default from listen */
    int threads;             /* worker threads; default: number of cores */
    size_t max_header;       /* bytes of the request line and headers; default 32 KiB */
    size_t max_body;         /* bytes of a form or JSON body; default 1 MiB */
    size_t max_upload;       /* bytes of a multipart upload; default 10 MiB */
    size_t max_photo;        /* bytes of a profile photo; default 5 MiB */
    int session_days;        /* idle lifetime of a session; default 30 */
    int login_max_failures;  /* per account or address within login_window; default 5 */
    int login_window;        /* seconds; default 900 */
    int pwhash_fast;         /* RUCHE_PWHASH=fast: cheap Argon2id, for tests */
    int access_log;          /* 1: one line per request on stderr */
    /* Outbound requests (link previews, webhooks): see jobs/fetch.h. */
    int allow_private_fetch; /* 1: loopback and private addresses allowed (tests, intranets); default 0 */
    int job_workers;         /* background job threads; 0 runs none; default 1 */
    int job_max_attempts;    /* a failing job is tried this many times; default 5 */
    int job_retry_base;      /* seconds before the first retry, doubled at each; default 30 */
    int api_rate;            /* API requests per minute per token, account or address; 0: no limit; default 600 */
    int api_burst;           /* requests allowed at once (the bucket's size); default 120 */
    int incoming_rate;       /* posts per minute to one incoming webhook; 0: no limit; default 60 */
    int incoming_burst;      /* posts to one incoming webhook allowed at once; default 20 */
    /* Outgoing e-mail (jobs/mail.h): none is sent while smtp_url is empty. */
    char smtp_url[512];      /* smtp://host:port or smtps://host:port; default empty */
    char smtp_user[256];     /* optional */
    char smtp_password[256]; /* optional */
    char mail_from[256];     /* the From address; default ruche@<host of public_url> */
    int reset_token_minutes; /* validity of a password reset link; default 60; 0: born expired (tests) */
};

void config_defaults(struct config *c);
/* Reads DATA/ruche.conf if it exists. Returns 0, or -1 with a message. */
int config_load_file(struct config *c, char *err, size_t errlen);
/* Applies RUCHE_* variables. Returns 0, or -1 with a message. */
int config_load_env(struct config *c, char *err, size_t errlen);
/* Sets one setting by its name in ruche.conf (e.g. "max_body", "listen"). */
int config_set(struct config *c, const char *name, const char *value, char *err, size_t errlen);
/* Fills the derived defaults (db_url, public_url) once all sources are read. */
void config_finish(struct config *c);

#endif
