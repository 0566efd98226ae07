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
/* The id in path parameter i, or 0 when it is not a positive number. */
int64_t api_path_id(struct req *r, int i);
/* Refuses (400 naming the field) a body member outside `known`; returns 0
 * when all are known, else the status already answered. */
int api_known_fields(struct req *r, json_t *body, const char *const *known, size_t n);
/* A string member: NULL when absent, "" for null when null_clears, and *bad
 * set for any other type. */
const char *api_string_member(json_t *body, const char *key, int null_clears, int *bad);
/* The common members of an item body (type, title, body, tags, space,
 * draft, comment) into `in`, the kind's own left in in->fields; answers 400
 * itself (returns the status, else 0). type_of_existing: NULL on create. */
struct item_input;
int api_item_input(struct req *r, struct item_input *in, const char *type_of_existing);
/* The JSON of a person as `actor` sees it. */
json_t *api_person_json(struct req *r, const struct person *p);

#endif
