/* Web addresses (see url.h), parsed by libcurl's URL API. */
#include "lib/url.h"

#include <ctype.h>
#include <curl/curl.h>
#include <string.h>

/* Tracking parameters that do not change the page. */
static int tracking(const char *param, size_t len) {
    return (len >= 4 && !strncmp(param, "utm_", 4)) || (len >= 7 && !strncmp(param, "fbclid=", 7)) ||
           (len >= 6 && !strncmp(param, "gclid=", 6)) || (len == 6 && !strncmp(param, "fbclid", 6)) ||
           (len == 5 && !strncmp(param, "gclid", 5));
}

static char *filtered_query(struct arena *a, const char *q) {
    size_t n = strlen(q);
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (const char *p = q; *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len && !tracking(p, len)) {
            if (o) out[o++] = '&';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len + (amp ? 1 : 0);
    }
    out[o] = 0;
    return out;
}

enum url_check url_canonical(struct arena *a, const char *url, const char **key) {
    *key = NULL;
    if (!url) return URL_INVALID;
    if (strlen(url) > URL_MAX) return URL_TOO_LONG;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f) return URL_INVALID;
    CURLU *u = curl_url();
    if (!u) return URL_INVALID;
    enum url_check rc = URL_INVALID;
    char *scheme = NULL, *host = NULL, *user = NULL, *password = NULL, *query = NULL, *out = NULL;
    if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) goto done;
    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(u, CURLUPART_HOST, &host, 0);
    curl_url_get(u, CURLUPART_USER, &user, 0);
    curl_url_get(u, CURLUPART_PASSWORD, &password, 0);
    if (!scheme || (strcmp(scheme, "http") && strcmp(scheme, "https"))) {
        rc = URL_SCHEME;
        goto done;
    }
    if (!host || !*host) goto done;
    if (user || password) {
        rc = URL_CREDENTIALS;
        goto done;
    }
    for (char *h = host; *h; h++) *h = (char)tolower((unsigned char)*h);
    curl_url_set(u, CURLUPART_HOST, host, 0);
    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
    if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK && query) {
        const char *kept = filtered_query(a, query);
        curl_url_set(u, CURLUPART_QUERY, *kept ? kept : NULL, 0);
    }
    if (curl_url_get(u, CURLUPART_URL, &out, CURLU_NO_DEFAULT_PORT) != CURLUE_OK || !out) goto done;
    if (strlen(out) > URL_MAX) {
        rc = URL_TOO_LONG;
        goto done;
    }
    *key = arena_strdup(a, out);
    rc = URL_OK;
done:
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_free(password);
    curl_free(query);
    curl_free(out);
    curl_url_cleanup(u);
    return rc;
}

const char *url_host(struct arena *a, const char *url) {
    CURLU *u = curl_url();
    char *host = NULL;
    const char *out = "";
    if (u && url && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host) {
        for (char *h = host; *h; h++) *h = (char)tolower((unsigned char)*h);
        out = arena_strdup(a, !strncmp(host, "www.", 4) ? host + 4 : host);
    }
    curl_free(host);
    curl_url_cleanup(u);
    return out;
}
