/* Secrets: random tokens, their stored hashes, passwords (Argon2id), and
 * constant-time comparison. Thin wrappers over libsodium. */
#ifndef RUCHE_CRYPTO_H
#define RUCHE_CRYPTO_H
#include <stddef.h>
#include <stdint.h>

#define TOKEN_CHARS 43   /* 32 random bytes in unpadded base64url */
#define TOKEN_HASH_CHARS 64 /* SHA-256 in hex */

int crypto_setup(void); /* sodium_init; -1 if the library cannot start */
/* Cheap Argon2id parameters, for test suites only (RUCHE_PWHASH=fast). */
void crypto_set_fast_passwords(int fast);

/* Fills out[TOKEN_CHARS + 1] with a fresh random token. */
void token_new(char out[TOKEN_CHARS + 1]);
/* SHA-256 hex of `token` into out[TOKEN_HASH_CHARS + 1]. */
void token_hash(const char *token, char out[TOKEN_HASH_CHARS + 1]);
/* HMAC-SHA256 of msg under key (any length), as base64url into out[TOKEN_CHARS + 1]. */
void token_hmac(const char *key, const char *msg, char out[TOKEN_CHARS + 1]);
/* 64 random bits. */
uint64_t random_u64(void);
/* Constant-time equality of two NUL-terminated strings (length may leak). */
int secret_equal(const char *a, const char *b);

/* Argon2id hash string of `password` into a malloc'ed string, or NULL. */
char *password_hash(const char *password);
/* 1 if password matches the stored hash string. */
int password_verify(const char *hash, const char *password);
/* A readable generated password (20 characters). */
void password_generate(char out[21]);

#endif
