/* The link_preview job: fetches a bookmarked page (jobs/fetch.h) and keeps
 * its title, description and image in link_previews, keyed by the
 * canonical URL (lib/url.h). Payload: {"url": canonical URL}. */
#ifndef RUCHE_LINK_PREVIEW_H
#define RUCHE_LINK_PREVIEW_H
#include <stddef.h>

#include "jobs/fetch.h"
#include "jobs/queue.h"

enum { PREVIEW_TITLE_MAX = 300, PREVIEW_DESCRIPTION_MAX = 1000 }; /* characters */

struct link_preview {
    char title[PREVIEW_TITLE_MAX * 4 + 1];
    char description[PREVIEW_DESCRIPTION_MAX * 4 + 1];
    char image[FETCH_URL_MAX + 1]; /* absolute http(s) URL, or empty */
};

extern const struct job_kind link_preview_job;

/* Reads an HTML page (libxml2's HTML parser, no network): og:title or
 * <title>, og:description or meta description, og:image resolved against
 * `base` (the page's URL). `charset` may be NULL or empty. */
void link_preview_parse(const char *html, size_t len, const char *base, const char *charset, struct link_preview *out);

#endif
