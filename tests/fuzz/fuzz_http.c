/* Fuzzes whole HTTP/1.1 requests through the real server: libmicrohttpd
 * with our access handler (http/server.c, server_start_embedded) on a
 * daemon with no listening socket. Each input is written raw (request
 * line, headers, body; several requests when pipelined) into one end of a
 * socketpair handed to MHD_add_connection, and MHD_run serves it in this
 * thread. That covers request-line and header parsing, routing, query
 * strings, cookies, url-encoded and multipart forms (MHD's post
 * processor), JSON bodies, the CSRF and scope checks and the size limits.
 *
 * A data directory on tmpfs is made once: migrated SQLite, an admin with a
 * session and an API token (scopes read write admin). In the input,
 * @SESSION@, @CSRF@ and @TOKEN@ are replaced by that session cookie, its
 * CSRF token and the bearer token, so seeds reach the signed-in handlers.
 * The database grows with what the inputs create (a few MB per hour).
 *
 * Properties besides the sanitizers: whatever the server answers starts
 * with an HTTP status line of 100..599, and never 500 (SQLite on tmpfs
 * does not fail, so a 500 is a bug); the connection always ends. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/people.h"
#include "core/session.h"
#include "db/db.h"
#include "fuzz.h"
#include "http/events.h"
#include "http/server.h"
#include "lib/buf.h"
#include "lib/config.h"
#include "lib/crypto.h"
#include "lib/i18n.h"

static struct MHD_Daemon *daemon_;
static char data_dir[256];
static char session[TOKEN_CHARS + 1], csrf[TOKEN_CHARS + 1], token[TOKEN_CHARS + 1];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }
static void cleanup(void) {
    if (data_dir[0]) nftw(data_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void die(const char *what) {
    fprintf(stderr, "fuzz_http: %s\n", what);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    snprintf(data_dir, sizeof data_dir, "%s/ruche-fuzz-http-XXXXXX", access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
    if (!mkdtemp(data_dir)) die("cannot create the data directory");
    atexit(cleanup);
    static struct config c;
    config_defaults(&c);
    snprintf(c.data_dir, sizeof c.data_dir, "%s", data_dir);
    config_finish(&c);
    c.api_rate = 0; /* no 429 after a few hundred inputs */
    c.access_log = 0;
    c.pwhash_fast = 1; /* POST /login hashes passwords */
    crypto_set_fast_passwords(1);
    if (i18n_init()) die("i18n_init");
    char err[600];
    struct db *db = db_open(c.db_url, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err)) die(err);
    struct arena a = {0};
    struct err e = {0};
    int64_t id;
    if (people_create(db, &a, "fuzz@example.com", "Fuzz Admin", ROLE_ADMIN, "fuzz password 1", &id, &e) ||
        people_create(db, &a, "other@example.com", "Other Person", ROLE_EMPLOYEE, NULL, NULL, &e))
        die(e.msg);
    if (session_create(db, id, 30, session)) die("session_create");
    if (apitoken_create(db, id, "fuzz", "read write admin", 0, token, &e)) die(e.msg);
    token_hmac(session, "csrf", csrf);
    arena_free(&a);
    db_close(db);
    daemon_ = server_start_embedded(&c);
    if (!daemon_) die("cannot start the daemon");
    return 0;
}

/* The input with the placeholders replaced. */
static void expand(const uint8_t *data, size_t size, struct buf *out) {
    static const struct {
        const char *name;
        const char *value;
    } subst[] = {{"@SESSION@", session}, {"@CSRF@", csrf}, {"@TOKEN@", token}};
    size_t i = 0;
    while (i < size) {
        int done = 0;
        if (data[i] == '@')
            for (int k = 0; k < 3 && !done; k++) {
                size_t n = strlen(subst[k].name);
                if (size - i >= n && !memcmp(data + i, subst[k].name, n)) {
                    buf_append(out, subst[k].value, strlen(subst[k].value));
                    i += n;
                    done = 1;
                }
            }
        if (!done) buf_append(out, (const char *)data + i++, 1);
    }
}

static unsigned open_connections(void) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}

/* The status of the response at the start of s (len bytes), or -1. */
static int status_of(const char *s, size_t len) {
    if (len < 12 || (memcmp(s, "HTTP/1.1 ", 9) && memcmp(s, "HTTP/1.0 ", 9))) return -1;
    int st = 0;
    for (int k = 9; k < 12; k++) {
        if (s[k] < '0' || s[k] > '9') return -1;
        st = st * 10 + (s[k] - '0');
    }
    return st;
}

/* Checks the responses in out: the first starts with a status line, and
 * none is a 500. Bodies are skipped by Content-Length; the checks stop at a
 * response without one (chunked, ended by closing) or at bytes that are
 * not a status line (after a HEAD answer, whose Content-Length has no body). */
static void check_responses(const char *s, size_t len) {
    for (int first = 1; len; first = 0) {
        int st = status_of(s, len);
        if (st < 0 && !first) return;
        if (st < 100 || st > 599) {
            fprintf(stderr, "fuzz_http: not an HTTP status line: %.40s\n", s);
            abort();
        }
        if (st == 500) {
            fprintf(stderr, "fuzz_http: 500 answer:\n%.*s\n", (int)(len < 2000 ? len : 2000), s);
            abort();
        }
        const char *end = memmem(s, len, "\r\n\r\n", 4);
        if (!end) return;
        size_t head = (size_t)(end - s) + 4;
        const char *cl = memmem(s, head, "\r\nContent-Length: ", 18);
        size_t body = 0;
        if (st >= 200) {
            if (!cl) return;
            body = strtoul(cl + 18, NULL, 10);
        }
        if (head + body > len) return;
        s += head + body;
        len -= head + body;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    struct buf in = {0}, out = {0};
    expand(data, size, &in);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv)) die("socketpair");
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(40000)};
    peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (MHD_add_connection(daemon_, sv[0], (struct sockaddr *)&peer, sizeof peer) != MHD_YES) die("MHD_add_connection");
    size_t sent = 0;
    int shut = 0, eof = 0, idle = 0;
    char chunk[16384];
    /* Feed, serve and read until the server closes the connection; an idle
     * connection (a live-events stream) is ended after a while. */
    for (int round = 0; !eof; round++) {
        int progress = 0;
        if (sent < in.len) {
            ssize_t n = write(sv[1], in.data + sent, in.len - sent);
            if (n > 0) sent += (size_t)n, progress = 1;
        } else if (!shut) {
            shutdown(sv[1], SHUT_WR);
            shut = progress = 1;
        }
        MHD_run(daemon_);
        for (;;) {
            ssize_t n = read(sv[1], chunk, sizeof chunk);
            if (n > 0) {
                if (out.len < (size_t)1 << 22) buf_append(&out, chunk, (size_t)n);
                progress = 1;
            } else {
                if (n == 0)
                    eof = 1;
                else if (errno != EAGAIN && errno != EWOULDBLOCK)
                    eof = 1;
                break;
            }
        }
        idle = progress ? 0 : idle + 1;
        if (idle == 50) events_close_all();
        if (idle > 5000) die("the server neither answers nor closes the connection");
    }
    close(sv[1]);
    for (int k = 0; open_connections() > 0; k++) {
        MHD_run(daemon_);
        if (k == 50) events_close_all();
        if (k > 5000) die("a connection stays open after the client left");
    }
    if (getenv("FUZZ_HTTP_SHOW")) /* to see what the seeds reach */
        fprintf(
            stderr, "fuzz_http: %zu bytes back: %.*s\n", out.len,
            (int)(out.len && memchr(out.data, '\r', out.len) ? (char *)memchr(out.data, '\r', out.len) - out.data : 0),
            out.data);
    check_responses(out.data ? out.data : "", out.len);
    buf_free(&in);
    buf_free(&out);
    return 0;
}
