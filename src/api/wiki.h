/* The wiki's pieces of the generic item API (see api/wiki.c). */
#ifndef RUCHE_API_WIKI_H
#define RUCHE_API_WIKI_H
#include <jansson.h>

#include "core/errors.h"
#include "core/items.h"
#include "http/req.h"

/* slug, revision and wiki_url of a wiki page's JSON. */
void api_wiki_fields(struct req *r, const struct item *it, json_t *o);
/* Answers 409 for an edit on an outdated revision, with current_revision. */
int api_wiki_conflict(struct req *r, int64_t id, const struct err *e);

#endif
