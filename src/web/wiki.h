/* The wiki in the pages (web/wiki.c, web/wiki_pages.c). */
#ifndef RUCHE_WEB_WIKI_H
#define RUCHE_WEB_WIKI_H
#include <jansson.h>

#include "core/items.h"
#include "http/req.h"
#include "lib/diff.h"

void web_wiki_block(struct req *r, const struct item *it, int full);
void web_wiki_form(struct req *r, const struct item *cur);
json_t *web_wiki_fields(struct req *r, const struct item *cur, int *status);
/* A diff as a table: line numbers, added and removed lines marked with
 * <ins>/<del>, a sign and hidden words (never by colour alone); unchanged
 * runs farther than `context` lines from a change are folded (-1: none). */
void web_wiki_diff_table(struct req *r, const struct diff *d, int context);

#endif
