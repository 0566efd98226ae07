/* The request pipeline of DESIGN.md §3, between the MHD glue (server.c) and
 * the handlers: actor, language, flags, CSRF, body checks, then the handler,
 * then the error page and security headers. */
#ifndef RUCHE_PIPELINE_H
#define RUCHE_PIPELINE_H
#include "http/req.h"

/* Runs everything for a complete request; afterwards r->status, r->out,
 * r->content_type and r->headers describe the response. */
void pipeline_run(struct req *r);
/* Request-level limit on the body of this route (bytes): max_upload for
 * uploads, else max_body. */
size_t pipeline_body_limit(struct req *r);
/* 1 when the route takes uploads (UPLOAD) and this body is
 * multipart/form-data (parsed into r->form, JSON routes included). */
int pipeline_is_multipart_upload(struct req *r);
/* 1 when the request may use `scope` ("read", "write", "admin"): always for a
 * session, else when its token has that scope or admin. */
int pipeline_has_scope(const struct req *r, const char *scope);
/* 1 when an If-None-Match list ("a", W/"b", *) names etag (exposed for
 * tests/fuzz/fuzz_etag.c). */
int pipeline_etag_matches(const char *list, const char *etag);

#endif
