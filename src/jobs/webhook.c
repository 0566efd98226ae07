/* The webhook job (see webhook.h). A delivery whose hook was deleted is
 * dropped; a refused address or a 4xx answer (but 408 and 429) fails for
 * good; a network error or a 5xx is retried by the queue with exponential
 * backoff. Every attempt is written on the delivery (status, code, time),
 * which the hook's page and API show. */
#include "jobs/webhook.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "jobs/fetch.h"

int webhook_sign(const char *secret, const char *id, int64_t timestamp, const char *body, char *out, size_t size) {
    if (strncmp(secret, "whsec_", 6)) return -1;
    unsigned char key[128];
    size_t keylen = 0;
    if (sodium_base642bin(key, sizeof key, secret + 6, strlen(secret + 6), NULL, &keylen, NULL,
                          sodium_base64_VARIANT_ORIGINAL))
        return -1;
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, keylen);
    char ts[24];
    snprintf(ts, sizeof ts, "%lld", (long long)timestamp);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, strlen(id));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, strlen(ts));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(key, sizeof key);
    char b64[sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    snprintf(out, size, "v1,%s", b64);
    return 0;
}

static void record(struct db *db, int64_t delivery, const char *status, long code, const char *error) {
    struct db_stmt *st = db_prep(db, "UPDATE webhook_deliveries SET status = $2, response_code = $3, error = $4,"
                                     " attempts = attempts + 1, attempted_at = $5 WHERE id = $1");
    db_bind_int(st, 1, delivery);
    db_bind_text(st, 2, status);
    db_bind_int(st, 3, code);
    db_bind_text(st, 4, error ? error : "");
    db_bind_int(st, 5, db_now());
    db_run(st);
}

static enum job_result run(struct db *db, const char *payload, int last, char *err, size_t errlen) {
    json_t *j = json_loads(payload, 0, NULL);
    json_int_t delivery = json_integer_value(json_object_get(j, "delivery"));
    json_decref(j);
    if (delivery <= 0) {
        snprintf(err, errlen, "no delivery in the payload");
        return JOB_FAIL;
    }
    struct db_stmt *st = db_prep(db, "SELECT w.url, w.secret, d.message_id, d.body FROM webhook_deliveries d"
                                     " JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1");
    db_bind_int(st, 1, delivery);
    char *url = NULL, *secret = NULL, *msg = NULL, *body = NULL;
    if (db_step(st) == DB_ROW) {
        url = strdup(db_col_text(st, 0) ? db_col_text(st, 0) : "");
        secret = strdup(db_col_text(st, 1) ? db_col_text(st, 1) : "");
        msg = strdup(db_col_text(st, 2) ? db_col_text(st, 2) : "");
        body = strdup(db_col_text(st, 3) ? db_col_text(st, 3) : "");
    }
    db_done(st);
    enum job_result rc = JOB_DONE; /* the hook is gone: nothing to send */
    if (url && secret && msg && body) {
        int64_t now = db_now();
        char sig[128];
        if (webhook_sign(secret, msg, now, body, sig, sizeof sig)) {
            snprintf(err, errlen, "the secret is not valid");
            record(db, delivery, "failed", 0, err);
            rc = JOB_FAIL;
        } else {
            char h_id[160], h_ts[64], h_sig[160];
            snprintf(h_id, sizeof h_id, "webhook-id: %s", msg);
            snprintf(h_ts, sizeof h_ts, "webhook-timestamp: %lld", (long long)now);
            snprintf(h_sig, sizeof h_sig, "webhook-signature: %s", sig);
            const char *headers[] = {h_id, h_ts, h_sig, NULL};
            struct fetch_result res;
            enum fetch_status fs = fetch_post(url, headers, body, strlen(body), &res);
            if (fs == FETCH_OK) {
                record(db, delivery, "ok", res.http_status, "");
            } else {
                snprintf(err, errlen, "%s", res.error);
                int retry = fs == FETCH_FAILED || fs == FETCH_CANCELLED ||
                            (fs == FETCH_HTTP && (res.http_status >= 500 || res.http_status == 429 ||
                                                  res.http_status == 408));
                if (fs == FETCH_CANCELLED) rc = JOB_RETRY; /* shutdown: not an attempt */
                else if (retry && !last) {
                    record(db, delivery, "retrying", res.http_status, res.error);
                    rc = JOB_RETRY;
                } else {
                    record(db, delivery, "failed", res.http_status, res.error);
                    rc = JOB_FAIL;
                }
            }
            fetch_result_free(&res);
        }
    }
    free(url);
    free(secret);
    free(msg);
    free(body);
    return rc;
}

const struct job_kind webhook_job = {.name = "webhook", .run = run};
