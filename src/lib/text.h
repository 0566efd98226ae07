/* Text helpers for untrusted input: UTF-8 validation, length in
 * characters, trimming, case and accent folding, simple syntax checks. */
#ifndef RUCHE_TEXT_H
#define RUCHE_TEXT_H
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"

/* 1 if s is valid UTF-8 with no NUL and no control characters other than
 * tab/newline/CR (when allow_newlines) . */
int text_valid(const char *s, int allow_newlines);
/* Number of code points in valid UTF-8. */
size_t text_chars(const char *s);
/* Copy without leading/trailing ASCII white space. */
char *text_trim(struct arena *a, const char *s);
/* Lowercase and strip accents from Latin letters (é→e, Œ→oe, ß→ss...),
 * for accent-insensitive matching and sorting in both backends. */
char *text_fold(struct arena *a, const char *s);
/* text_fold of the first n bytes of s into out (cap bytes with the NUL),
 * without allocating: its length, or SIZE_MAX when it does not fit. */
size_t text_fold_to(char *out, size_t cap, const char *s, size_t n);
/* A sane address: an RFC 5322 dot-atom local part (atext and single dots,
 * <= 64 bytes), '@', a domain of LDH labels with a dot; <= 254 bytes. */
int text_is_email(const char *s);
/* Handle: 2-40 of [a-z0-9._-], starting with a letter or digit. */
int text_is_handle(const char *s);
/* At most max_chars characters of s on one line (white space collapsed),
 * cut between words where possible, with "…" when cut. */
char *text_excerpt(struct arena *a, const char *s, size_t max_chars);
/* A positive decimal id ("42"), or 0 for anything else (empty, signs,
 * trailing bytes, overflow, NULL). */
int64_t text_parse_id(const char *s);
/* Lowercased ASCII copy. */
char *text_lower(struct arena *a, const char *s);
/* A LIKE pattern matching text that contains `word`: "%word%", with %, _
 * and \ escaped (use with ESCAPE '\'). */
char *text_like_contains(struct arena *a, const char *word);
/* A handle derived from an e-mail's local part (may need a suffix when taken). */
char *text_handle_from_email(struct arena *a, const char *email);
/* The length in bytes of the word starting at s, within n bytes (0: s is
 * not in a word; then *skip is the length of the character to pass). Words
 * are split as SQLite FTS5's unicode61 tokenizer splits them: ASCII letters
 * and digits, and non-ASCII characters other than Latin-1 punctuation,
 * general punctuation (U+2000..U+206F) and CJK punctuation. */
size_t text_word_at(const char *s, size_t n, size_t *skip);

#endif
