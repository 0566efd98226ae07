/* The mail job (see mail.h). A network error or an SMTP 4xx is retried by
 * the queue with exponential backoff; an SMTP 5xx (unknown recipient,
 * refused sender) fails for good. */
#include "jobs/mail.h"

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"

static const struct config *cfg;

void mail_configure(const struct config *c) { cfg = c; }

int mail_enqueue(struct db *db, const char *to, const char *subject, const char *body) {
    if (!to || !subject || !body || strpbrk(to, "\r\n<>") || strpbrk(subject, "\r\n")) return -1;
    json_t *j = json_pack("{s:s, s:s, s:s}", "to", to, "subject", subject, "body", body);
    char *payload = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    int rc = payload ? job_enqueue(db, "mail", payload, 0) : -1;
    free(payload);
    return rc;
}

/* Subject as an RFC 2047 encoded word when it is not plain ASCII. */
static void put_subject(struct buf *b, const char *s) {
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        ascii &= *p >= 0x20 && *p < 0x7f;
    if (ascii) {
        buf_printf(b, "Subject: %s\r\n", s);
        return;
    }
    size_t n = strlen(s);
    char *enc = malloc(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL));
    if (!enc) return;
    sodium_bin2base64(enc, sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), (const unsigned char *)s, n,
                      sodium_base64_VARIANT_ORIGINAL);
    buf_printf(b, "Subject: =?UTF-8?B?%s?=\r\n", enc);
    free(enc);
}

char *mail_message(const char *from, const char *to, const char *subject, const char *body, long long now) {
    if (strpbrk(from, "\r\n<>") || strpbrk(to, "\r\n<>") || strpbrk(subject, "\r\n")) return NULL;
    struct buf b = {0};
    char date[64];
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    unsigned char rnd[16];
    char id[33];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(id, sizeof id, rnd, sizeof rnd);
    const char *domain = strchr(from, '@');
    buf_printf(&b, "From: Ruche <%s>\r\nTo: <%s>\r\n", from, to);
    put_subject(&b, subject);
    buf_printf(&b, "Date: %s\r\nMessage-ID: <%s%s>\r\nMIME-Version: 1.0\r\n", date, id, domain ? domain : "@ruche");
    buf_printf(&b, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
    for (const char *p = body; *p; p++) {
        if (*p == '\r') continue;
        if (*p == '\n')
            buf_append(&b, "\r\n", 2);
        else
            buf_append(&b, p, 1);
    }
    buf_append(&b, "\r\n", 2);
    return buf_steal(&b, NULL);
}

struct reader {
    const char *data;
    size_t left;
};

static size_t read_cb(char *out, size_t size, size_t nmemb, void *user) {
    struct reader *r = user;
    size_t n = size * nmemb < r->left ? size * nmemb : r->left;
    memcpy(out, r->data, n);
    r->data += n;
    r->left -= n;
    return n;
}

static enum job_result run(struct db *db, const char *payload, int last, char *err, size_t errlen) {
    (void)db;
    (void)last;
    if (!cfg || !cfg->smtp_url[0]) {
        snprintf(err, errlen, "no SMTP server is configured (smtp_url)");
        return JOB_FAIL;
    }
    json_t *j = json_loads(payload, 0, NULL);
    const char *to = json_string_value(json_object_get(j, "to")),
               *subject = json_string_value(json_object_get(j, "subject")),
               *body = json_string_value(json_object_get(j, "body"));
    char *msg = to && subject && body ? mail_message(cfg->mail_from, to, subject, body, (long long)time(NULL)) : NULL;
    if (!msg) {
        json_decref(j);
        snprintf(err, errlen, "the mail payload is not valid");
        return JOB_FAIL;
    }
    char rcpt_addr[600], from_addr[300];
    snprintf(rcpt_addr, sizeof rcpt_addr, "<%s>", to);
    snprintf(from_addr, sizeof from_addr, "<%s>", cfg->mail_from);
    json_decref(j);
    struct reader rd = {msg, strlen(msg)};
    CURL *c = curl_easy_init();
    struct curl_slist *rcpt = curl_slist_append(NULL, rcpt_addr);
    enum job_result rc = JOB_RETRY;
    if (c && rcpt) {
        curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
        curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_addr);
        curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
        if (cfg->smtp_user[0]) {
            curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
            curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
        }
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
        curl_easy_setopt(c, CURLOPT_READDATA, &rd);
        curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        CURLcode cc = curl_easy_perform(c);
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        if (cc == CURLE_OK)
            rc = JOB_DONE;
        else {
            snprintf(err, errlen, "SMTP: %s (%ld)", curl_easy_strerror(cc), code);
            rc = code >= 500 ? JOB_FAIL : JOB_RETRY;
        }
    }
    curl_slist_free_all(rcpt);
    if (c) curl_easy_cleanup(c);
    free(msg);
    return rc;
}

const struct job_kind mail_job = {.name = "mail", .run = run};
