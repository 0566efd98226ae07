/* The request pipeline of DESIGN.md §3, between the MHD glue (server.c) and
 * the handlers: actor, language, flags, CSRF, body checks, then the handler,
 * then the error page and security headers. */
#ifndef RUCHE_PIPELINE_H
#define RUCHE_PIPELINE_H
#include "http/req.h"

/* Runs everything for a complete request; afterwards r->status, r->out,
 * r->content_type and r->headers describe the response. */
void pipeline_run(struct req *r);
/* Request-level limit on the body of this route (bytes). */
size_t pipeline_body_limit(const struct req *r);

#endif
