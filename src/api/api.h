/* Shared pieces of the JSON API: problem+json errors, pagination, the JSON
 * shape of shared objects. */
#ifndef RUCHE_API_H
#define RUCHE_API_H
#include <jansson.h>

#include "core/errors.h"
#include "http/req.h"

/* Writes an RFC 9457 problem document for status (detail: msgid or NULL). */
void api_problem(struct req *r, int status, const char *detail);
/* Answers a core error as a problem (with the offending field). */
int api_fail(struct req *r, int code, const struct err *e);
/* ?limit= as 1..100 (default 20); -1 after answering 400. */
int api_limit(struct req *r);
/* The JSON of a person as `actor` sees it. */
json_t *api_person_json(struct req *r, const struct person *p);

#endif
