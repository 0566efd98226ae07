/* Web addresses given by users (bookmarks): checking them and their
 * canonical form, under which the same page shared twice is one. */
#ifndef RUCHE_URL_H
#define RUCHE_URL_H
#include "lib/arena.h"

enum { URL_MAX = 2000 };

enum url_check { URL_OK, URL_INVALID, URL_SCHEME, URL_CREDENTIALS, URL_TOO_LONG };

/* Checks `url` (an absolute http or https URL with a host, no user name or
 * password, at most URL_MAX bytes, no spaces or control characters) and
 * gives its canonical form: scheme and host lowercased, the default port,
 * the fragment and utm_* / fbclid / gclid parameters dropped, an empty
 * path made "/". */
enum url_check url_canonical(struct arena *a, const char *url, const char **key);
/* The host of a valid URL, for display ("example.com"), or "". */
const char *url_host(struct arena *a, const char *url);

#endif
