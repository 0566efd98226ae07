/* libmicrohttpd glue: accepts connections on an epoll thread pool, collects
 * each request's body (forms through MHD's own post processor), runs the
 * pipeline, queues the buffered response, and logs and counts it. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/cluster.h"
#include "core/items.h"
#include "core/people.h"
#include "core/spaces.h"
#include "core/tags.h"
#include "core/timeline.h"
#include "core/webhooks.h"
#include "core/wiki.h"
#include "db/db.h"
#include "http/assets.h"
#include "http/events.h"
#include "http/metrics.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "jobs/queue.h"

static const struct config *cfg;
static struct config running; /* the configuration being served, once the port is known */

const struct config *server_config(void) { return cfg; }

static int64_t now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static enum method parse_method(const char *m) {
    static const char *const names[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
    for (int i = 0; i < 6; i++)
        if (!strcmp(m, names[i])) return (enum method)i;
    return M_OTHER;
}

/* Collects form fields; values arrive in pieces, appended to a heap buffer. */
static enum MHD_Result on_post_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                     const char *content_type, const char *encoding, const char *data, uint64_t off,
                                     size_t size) {
    struct req *r = cls;
    if (!key) { /* a multipart part without a name (Content-Disposition missing or mangled) */
        r->body_bad = 1;
        return MHD_NO;
    }
    struct kv *f = r->form;
    if (!f || off == 0 || strcmp(f->key, key) != 0) {
        int fields = 0;
        for (struct kv *k = r->form; k; k = k->next) fields++;
        if (fields >= FORM_FIELDS_MAX) {
            r->body_bad = 1;
            r->too_many_fields = 1;
            return MHD_NO;
        }
        f = arena_alloc(&r->arena, sizeof *f);
        f->key = arena_strdup(&r->arena, key);
        f->filename = filename ? arena_strdup(&r->arena, filename) : NULL;
        f->content_type = content_type ? arena_strdup(&r->arena, content_type) : NULL;
        f->data = arena_alloc(&r->arena, sizeof *f->data);
        f->next = r->form;
        r->form = f;
    }
    buf_append(f->data, data, size);
    f->value = f->data->data;
    f->len = f->data->len;
    return MHD_YES;
}

/* Counts the headers that frame a request body. */
struct framing {
    const char *length; /* the first Content-Length */
    int conflict;       /* another, different Content-Length */
    int chunked;        /* Transfer-Encoding present */
};

static enum MHD_Result on_framing_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    struct framing *f = cls;
    if (!strcasecmp(key, "Transfer-Encoding")) f->chunked = 1;
    if (strcasecmp(key, "Content-Length")) return MHD_YES;
    if (!f->length)
        f->length = value ? value : "";
    else if (strcmp(f->length, value ? value : ""))
        f->conflict = 1;
    return MHD_YES;
}

/* A body whose end is ambiguous (two different Content-Lengths, or one
 * with Transfer-Encoding) is refused: a proxy that reads the other framing
 * would see a different next request (request smuggling, RFC 9112 6.3). */
static int ambiguous_framing(struct MHD_Connection *conn) {
    struct framing f = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, on_framing_header, &f);
    return f.conflict || (f.length && f.chunked);
}

/* Adds up the bytes of the request line and headers (limits: max_header;
 * libmicrohttpd's own bound is looser, it includes its I/O buffers). */
static enum MHD_Result add_size(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

static int headers_too_large(struct MHD_Connection *conn, const char *url, const char *method) {
    size_t n = strlen(url) + strlen(method) + 12;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_size, &n);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_size, &n);
    return n > cfg->max_header;
}

/* The text as the access log shows it: control bytes as %XX, so a request
 * cannot forge log lines or send terminal escapes. */
static const char *printable(struct arena *a, const char *s) {
    char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            o += sprintf(o, "%%%02X", *p);
        else
            *o++ = (char)*p;
    }
    *o = 0;
    return out;
}

static void free_form(struct req *r) {
    for (struct kv *f = r->form; f; f = f->next)
        if (f->data) buf_free(f->data);
}

static struct MHD_Response *build_response(struct req *r) {
    if (r->stream_response) {
        struct MHD_Response *resp = r->stream_response;
        r->stream_response = NULL;
        if (r->content_type) MHD_add_response_header(resp, "Content-Type", r->content_type);
        for (struct kv *h = r->headers; h; h = h->next)
            MHD_add_response_header(resp, h->key, h->value);
        return resp;
    }
    size_t len;
    char *body = buf_steal(&r->out, &len);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body);
        return NULL;
    }
    r->sent_bytes = len;
    if (r->content_type) MHD_add_response_header(resp, "Content-Type", r->content_type);
    for (struct kv *h = r->headers; h; h = h->next)
        MHD_add_response_header(resp, h->key, h->value);
    return resp;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
    struct req *r = *con_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        r->started_us = now_us();
        r->conn = conn;
        r->method = parse_method(method);
        r->method_name = arena_strdup(&r->arena, method);
        r->path = arena_strdup(&r->arena, url);
        r->route_index = router_match(r, r->method, r->path);
        r->route = r->route_index >= 0 ? &routes[r->route_index] : NULL;
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char ip[INET6_ADDRSTRLEN] = "?";
        if (ci && ci->client_addr) {
            const struct sockaddr *sa = ci->client_addr;
            if (sa->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
            else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
        }
        r->client_ip = arena_strdup(&r->arena, ip);
        r->headers_too_large = headers_too_large(conn, url, method);
        *con_cls = r;
        if (ambiguous_framing(conn)) {
            /* Answered at once, and the connection closed: the rest of the
             * bytes cannot be trusted to be this request's body. */
            static const char msg[] = "Bad Request: ambiguous message length\n";
            struct MHD_Response *resp =
                MHD_create_response_from_buffer(sizeof msg - 1, (void *)msg, MHD_RESPMEM_PERSISTENT);
            if (!resp) return MHD_NO;
            MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
            MHD_add_response_header(resp, "Connection", "close");
            r->status = 400;
            enum MHD_Result ret = MHD_queue_response(conn, 400, resp);
            MHD_destroy_response(resp);
            return ret;
        }
        /* Answer on a later call: MHD 0.9.75 closes keep-alive connections
         * when a response is queued on the first one. */
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t limit = pipeline_body_limit(r);
        if (r->body_too_large || r->body.len + *upload_data_size > limit) {
            r->body_too_large = 1; /* drain without keeping; answered at the end */
            *upload_data_size = 0;
            return MHD_YES;
        }
        /* forms; and multipart uploads on API routes that take them (POST, or
         * PUT to replace a picture) */
        if (r->route && (r->method == M_POST || (r->method == M_PUT && pipeline_is_multipart_upload(r))) &&
            (!(r->route->flags & JSON) || pipeline_is_multipart_upload(r)) && !r->post_processor && !r->body_bad)
            r->post_processor = MHD_create_post_processor(conn, 16384, on_post_field, r);
        if (r->post_processor) {
            r->body.len += *upload_data_size; /* counted for the limit only */
            if (MHD_post_process(r->post_processor, upload_data, *upload_data_size) != MHD_YES) r->body_bad = 1;
        } else {
            buf_append(&r->body, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->post_processor) {
        MHD_destroy_post_processor(r->post_processor);
        r->post_processor = NULL;
    }
    pipeline_run(r);
    struct MHD_Response *resp = build_response(r);
    if (!resp) return MHD_NO;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe) {
    struct req *r = *con_cls;
    if (!r) return;
    int64_t us = now_us() - r->started_us;
    if (r->status) {
        metrics_count(r->route_index, r->status, us);
        if (cfg->access_log && !(r->route && (r->route->flags & NO_LOG)))
            fprintf(stderr, "%s %s %d %zu %.1fms\n", printable(&r->arena, r->method_name),
                    printable(&r->arena, r->path), r->status, r->sent_bytes, (double)us / 1000.0);
    }
    if (r->post_processor) MHD_destroy_post_processor(r->post_processor);
    if (r->stream_response) MHD_destroy_response(r->stream_response);
    free_form(r);
    if (r->json) json_decref(r->json);
    buf_free(&r->body);
    buf_free(&r->out);
    arena_free(&r->arena);
    free(r);
    *con_cls = NULL;
}

struct MHD_Daemon *server_start_embedded(const struct config *c) {
    running = *c;
    cfg = &running;
    db_thread_setup(c->db_url);
    assets_init();
    timeline_start();
    people_cache_start();
    item_cache_start();
    wiki_start();
    space_cache_start();
    return MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC, 0, NULL, NULL,
                            on_request, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, c->max_header + (size_t)32 * 1024, MHD_OPTION_END);
}

int server_run(const struct config *c) {
    /* SIGINT and SIGTERM are blocked in every thread (the ones started below
     * inherit the mask) and taken by sigwait at the end: a handler could run
     * on any thread and leave the main one asleep in pause() (under valgrind
     * it did, and the server never stopped). */
    sigset_t stopset;
    sigemptyset(&stopset);
    sigaddset(&stopset, SIGINT);
    sigaddset(&stopset, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopset, NULL);
    running = *c;
    cfg = &running;
    db_thread_setup(c->db_url);
    assets_init();
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)c->listen_port)};
    if (inet_pton(AF_INET, c->listen_host, &addr.sin_addr) != 1) {
        fprintf(stderr, "ruche: listen address must be an IPv4 address, not '%s'\n", c->listen_host);
        return 1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0,
        NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, c->max_header + (size_t)32 * 1024,
        /* headers + I/O buffers */ MHD_OPTION_CONNECTION_LIMIT, (unsigned)20000, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)1024, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "ruche: cannot listen on %s:%d (address in use or not allowed)\n", c->listen_host,
                c->listen_port);
        return 1;
    }
    timeline_start();
    people_cache_start();
    item_cache_start();
    wiki_start();
    space_cache_start();
    tags_trending_start();
    events_start();
    webhooks_start(c->public_url);
    if (cluster_start(c->db_url)) {
        fprintf(stderr, "ruche: cannot start the event relay between nodes\n");
        events_stop();
        MHD_stop_daemon(d);
        return 1;
    }
    if (jobs_start(c)) {
        fprintf(stderr, "ruche: cannot start the job workers\n");
        cluster_stop();
        events_stop();
        MHD_stop_daemon(d);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    /* With port 0 the default public URL (links in pages) names the port picked. */
    char derived[sizeof running.public_url];
    snprintf(derived, sizeof derived, "http://%s:0", c->listen_host);
    if (c->listen_port == 0 && !strcmp(running.public_url, derived))
        snprintf(running.public_url, sizeof running.public_url, "http://%s:%u", c->listen_host, port);
    fprintf(stderr, "ruche: listening on http://%s:%u\n", c->listen_host, port);
    signal(SIGPIPE, SIG_IGN);
    int stop_signal = 0;
    while (sigwait(&stopset, &stop_signal) != 0) {
    }
    fprintf(stderr, "ruche: %s received, finishing requests\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
    /* Stop accepting, then let the pool finish what it has. */
    MHD_quiesce_daemon(d);
    jobs_stop(); /* fetches in progress are cut short; their jobs run again later */
    cluster_stop();
    events_stop(); /* no connection may stay suspended when the daemon stops */
    MHD_stop_daemon(d);
    assets_shutdown();
    db_thread_setup(NULL);
    fprintf(stderr, "ruche: stopped\n");
    return 0;
}
