/* Translations (English, French): gettext .po files compiled into the binary,
 * looked up through one read-only hash table per language, and the language
 * negotiation from Accept-Language. */
#ifndef RUCHE_I18N_H
#define RUCHE_I18N_H
#include <stddef.h>

enum lang { LANG_EN, LANG_FR, LANG__MAX };

/* Marks a string for scripts/check-locale without translating it (for static
 * tables whose entries are translated later). */
#define N_(s) (s)

/* Parses the embedded locale/en.po and locale/fr.po. Call once at start-up,
 * before any thread starts; calling it again reloads. Returns 0, or -1 after
 * a message on stderr naming the file and line (the tables are then empty and
 * every lookup returns its msgid). Lookups afterwards are lock-free and
 * read-only. */
int i18n_init(void);
/* Frees everything; lookups then return their msgid. */
void i18n_shutdown(void);
/* Parses a .po buffer (`name` is used in error messages) into the table of
 * `l`, replacing it. Used by i18n_init and by the tests; same rules. */
int i18n_load(enum lang l, const char *name, const char *data, size_t size);

/* The translation of `msgid`, or `msgid` itself when it is missing, empty or
 * fuzzy. Entries with a msgctxt are stored apart and never match here. */
const char *i18n_get(enum lang l, const char *msgid);
/* Plural form for `n` (English: n != 1, French: n > 1); falls back to
 * `msgid` or `msgid_plural` by the English rule. */
const char *i18n_nget(enum lang l, const char *msgid, const char *msgid_plural, long n);

/* Best language for an Accept-Language header value (RFC 9110 section 12.5.4,
 * q-values, "*", subtags: fr-CA is French). LANG_EN when nothing acceptable,
 * NULL or malformed. Linear, allocation-free. */
enum lang i18n_negotiate(const char *accept_language);
/* "en"/"fr" (any case) to the language; LANG__MAX for anything else. */
enum lang i18n_parse(const char *code);
/* "en" or "fr"; "en" for an out-of-range value. */
const char *i18n_code(enum lang l);

#endif
