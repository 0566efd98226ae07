/* Safe outbound HTTP (see fetch.h). One curl handle per hop; the address
 * check runs in the open-socket callback, on the address curl is about to
 * connect to, whatever name resolved to it. */
#include "jobs/fetch.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int allow_private_addresses;
static atomic_int cancelled;

void fetch_setup(int allow_private) {
    allow_private_addresses = allow_private;
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void fetch_cancel(int on) { atomic_store(&cancelled, on); }

static int v4_allowed(uint32_t a) {
    static const struct {
        uint32_t net;
        int bits;
    } special[] = {
        {0x00000000, 8},  {0x0a000000, 8},  {0x64400000, 10}, {0x7f000000, 8},  {0xa9fe0000, 16},
        {0xac100000, 12}, {0xc0000000, 24}, {0xc0000200, 24}, {0xc01fc400, 24}, {0xc034c100, 24},
        {0xc0586300, 24}, {0xc0a80000, 16}, {0xc0af3000, 24}, {0xc6120000, 15}, {0xc6336400, 24},
        {0xcb007100, 24}, {0xe0000000, 4},  {0xf0000000, 4},
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        uint32_t mask = special[i].bits ? 0xffffffffu << (32 - special[i].bits) : 0;
        if ((a & mask) == special[i].net) return 0;
    }
    return 1;
}

static uint32_t v4_at(const unsigned char *b) {
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static int v6_allowed(const unsigned char *b) {
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (!memcmp(b, mapped, 12) || !memcmp(b, nat64, 12)) return v4_allowed(v4_at(b + 12));
    if ((b[0] & 0xe0) != 0x20) return 0;                  /* only global unicast, 2000::/3 */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) return 0; /* 2001::/23 (Teredo, benchmarks...) */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return 0; /* 2001:db8::/32 */
    if (b[0] == 0x20 && b[1] == 0x02) return 0;           /* 6to4 */
    if (b[0] == 0x3f && (b[1] == 0xfe || (b[1] & 0xf0) == 0xf0)) return 0; /* 3ffe::/16, 3fff::/20 */
    return 1;
}

int fetch_address_allowed(const struct sockaddr *sa, int allow_private) {
    if (!sa) return 0;
    if (sa->sa_family == AF_INET) {
        if (allow_private) return 1;
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return v4_allowed(ntohl(in->sin_addr.s_addr));
    }
    if (sa->sa_family == AF_INET6) {
        if (allow_private) return 1;
        return v6_allowed(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr);
    }
    return 0; /* unix sockets and the rest: never */
}

struct hop {
    struct fetch_result *res;
    size_t max;
    int refused;
    int keep; /* keep the body (not for a redirect's) */
};

static curl_socket_t open_socket(void *user, curlsocktype purpose, struct curl_sockaddr *addr) {
    struct hop *h = user;
    if (purpose != CURLSOCKTYPE_IPCXN || !fetch_address_allowed(&addr->addr, allow_private_addresses)) {
        h->refused = 1;
        return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype, addr->protocol);
}

static size_t on_body(char *data, size_t size, size_t n, void *user) {
    struct hop *h = user;
    struct fetch_result *res = h->res;
    size_t len = size * n;
    if (!h->keep) return len;
    size_t room = h->max - res->len;
    size_t take = len < room ? len : room;
    if (take) {
        char *grown = realloc(res->body, res->len + take + 1);
        if (!grown) return 0;
        res->body = grown;
        memcpy(res->body + res->len, data, take);
        res->len += take;
        res->body[res->len] = 0;
    }
    if (take < len) {
        res->truncated = 1;
        return 0; /* stop reading: enough */
    }
    return len;
}

static int on_progress(void *user, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un) {
    return atomic_load(&cancelled) ? 1 : 0;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 if `url` is an absolute http or https URL with a host and no
 * credentials, of a sensible length. */
static int url_allowed(const char *url) {
    if (!url || strlen(url) > FETCH_URL_MAX) return 0;
    CURLU *u = curl_url();
    int ok = 0;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
        char *scheme = NULL, *host = NULL, *user = NULL;
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
        curl_url_get(u, CURLUPART_HOST, &host, 0);
        curl_url_get(u, CURLUPART_USER, &user, 0);
        ok = scheme && host && *host && !user && (!strcmp(scheme, "http") || !strcmp(scheme, "https"));
        curl_free(scheme);
        curl_free(host);
        curl_free(user);
    }
    curl_url_cleanup(u);
    return ok;
}

static void set_type(struct fetch_result *res, const char *ct) {
    res->content_type[0] = res->charset[0] = 0;
    if (!ct) return;
    size_t i = 0;
    for (; ct[i] && ct[i] != ';' && i + 1 < sizeof res->content_type; i++)
        res->content_type[i] = (char)tolower((unsigned char)ct[i]);
    while (i && res->content_type[i - 1] == ' ') i--;
    res->content_type[i] = 0;
    const char *cs = strcasestr(ct, "charset=");
    if (cs) {
        cs += 8;
        if (*cs == '"') cs++;
        size_t j = 0;
        for (; cs[j] && (isalnum((unsigned char)cs[j]) || cs[j] == '-' || cs[j] == '_') && j + 1 < sizeof res->charset; j++)
            res->charset[j] = cs[j];
        res->charset[j] = 0;
    }
}

enum fetch_status fetch_get(const char *url, const char *accept, size_t max_bytes, struct fetch_result *res) {
    memset(res, 0, sizeof *res);
    int64_t deadline = now_ms() + FETCH_TIMEOUT_MS;
    char current[FETCH_URL_MAX + 1];
    snprintf(current, sizeof current, "%s", url ? url : "");
    for (int hops = 0;; hops++) {
        snprintf(res->final_url, sizeof res->final_url, "%s", current);
        if (!url_allowed(current)) {
            snprintf(res->error, sizeof res->error, "only http and https addresses can be fetched");
            return res->status = FETCH_REFUSED;
        }
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            snprintf(res->error, sizeof res->error, "timed out");
            return res->status = FETCH_FAILED;
        }
        CURL *c = curl_easy_init();
        if (!c) {
            snprintf(res->error, sizeof res->error, "out of memory");
            return res->status = FETCH_FAILED;
        }
        struct hop h = {.res = res, .max = max_bytes};
        struct curl_slist *headers = NULL;
        char accept_header[200];
        snprintf(accept_header, sizeof accept_header, "Accept: %s", accept ? accept : "*/*");
        headers = curl_slist_append(headers, accept_header);
        curl_easy_setopt(c, CURLOPT_URL, current);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)left);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(left < FETCH_CONNECT_MS ? left : FETCH_CONNECT_MS));
        curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
        curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &h);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &h);
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(c, CURLOPT_USERAGENT, "Ruche link preview (+https://github.com/ruche)");
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, 0L);
        /* the status is known before the body: keep only a final answer's */
        h.keep = 1;
        free(res->body);
        res->body = NULL;
        res->len = 0;
        res->truncated = 0;
        CURLcode rc = curl_easy_perform(c);
        long code = 0;
        char *ct = NULL, *location = NULL;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
        curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
        res->http_status = code;
        set_type(res, ct);
        char next[FETCH_URL_MAX + 1] = "";
        int too_long = location && strlen(location) > FETCH_URL_MAX;
        if (location && !too_long) snprintf(next, sizeof next, "%s", location);
        curl_slist_free_all(headers);
        curl_easy_cleanup(c);
        if (atomic_load(&cancelled)) {
            snprintf(res->error, sizeof res->error, "cancelled");
            return res->status = FETCH_CANCELLED;
        }
        if (h.refused) {
            snprintf(res->error, sizeof res->error, "the address is not allowed (loopback, private or special-use)");
            return res->status = FETCH_REFUSED;
        }
        if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && res->truncated)) {
            snprintf(res->error, sizeof res->error, "%s", curl_easy_strerror(rc));
            return res->status = FETCH_FAILED;
        }
        if (code >= 300 && code < 400 && (next[0] || too_long)) {
            if (hops + 1 > FETCH_MAX_REDIRECTS || too_long) {
                snprintf(res->error, sizeof res->error, "too many redirects");
                return res->status = FETCH_REFUSED;
            }
            memcpy(current, next, sizeof current);
            continue;
        }
        if (code < 200 || code > 299) {
            snprintf(res->error, sizeof res->error, "HTTP status %ld", code);
            return res->status = FETCH_HTTP;
        }
        return res->status = FETCH_OK;
    }
}

void fetch_result_free(struct fetch_result *res) {
    free(res->body);
    res->body = NULL;
    res->len = 0;
}

enum fetch_status fetch_post(const char *url, const char *const *headers, const char *body, size_t len,
                             struct fetch_result *res) {
    memset(res, 0, sizeof *res);
    snprintf(res->final_url, sizeof res->final_url, "%s", url ? url : "");
    if (!url_allowed(url)) {
        snprintf(res->error, sizeof res->error, "only http and https addresses can be fetched");
        return res->status = FETCH_REFUSED;
    }
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(res->error, sizeof res->error, "out of memory");
        return res->status = FETCH_FAILED;
    }
    struct hop h = {.res = res, .max = 4096, .keep = 1};
    struct curl_slist *list = curl_slist_append(NULL, "Content-Type: application/json");
    list = curl_slist_append(list, "Expect:");
    for (int i = 0; headers && headers[i]; i++) list = curl_slist_append(list, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)FETCH_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)FETCH_CONNECT_MS);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &h);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "Ruche webhooks (+https://github.com/ruche)");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    res->http_status = code;
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    if (atomic_load(&cancelled)) {
        snprintf(res->error, sizeof res->error, "cancelled");
        return res->status = FETCH_CANCELLED;
    }
    if (h.refused) {
        snprintf(res->error, sizeof res->error, "the address is not allowed (loopback, private or special-use)");
        return res->status = FETCH_REFUSED;
    }
    if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && res->truncated)) {
        snprintf(res->error, sizeof res->error, "%s", curl_easy_strerror(rc));
        return res->status = FETCH_FAILED;
    }
    if (code < 200 || code > 299) { /* redirects are not followed: a receiver answers where it was registered */
        snprintf(res->error, sizeof res->error, "HTTP status %ld", code);
        return res->status = FETCH_HTTP;
    }
    return res->status = FETCH_OK;
}
