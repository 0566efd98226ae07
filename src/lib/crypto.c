/* Secrets over libsodium. Tokens are 32 random bytes; only their SHA-256 is
 * stored, so a database leak does not hand out sessions or API access. */
#include "lib/crypto.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static int fast_passwords;

int crypto_setup(void) { return sodium_init() < 0 ? -1 : 0; }
void crypto_set_fast_passwords(int fast) { fast_passwords = fast; }

void token_new(char out[TOKEN_CHARS + 1]) {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void token_hash(const char *token, char out[TOKEN_HASH_CHARS + 1]) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, TOKEN_HASH_CHARS + 1, h, sizeof h);
}

void token_hmac(const char *key, const char *msg, char out[TOKEN_CHARS + 1]) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2base64(out, TOKEN_CHARS + 1, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

uint64_t random_u64(void) {
    uint64_t v;
    randombytes_buf(&v, sizeof v);
    return v;
}

int secret_equal(const char *a, const char *b) {
    if (!a || !b) return 0;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb) return 0;
    return sodium_memcmp(a, b, la) == 0;
}

char *password_hash(const char *password) {
    char *out = malloc(crypto_pwhash_STRBYTES);
    if (!out) return NULL;
    unsigned long long ops = fast_passwords ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = fast_passwords ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str_alg(out, password, strlen(password), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

int password_verify(const char *hash, const char *password) {
    if (!hash || !password) return 0;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void password_generate(char out[21]) {
    /* no look-alike characters (0/O, 1/l/I) */
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 20; i++) out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[20] = 0;
}
