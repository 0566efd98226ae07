/* Static assets embedded in the binary, served with a strong ETag, long
 * caching (URLs carry the ETag) and gzip when the client accepts it. */
#ifndef RUCHE_ASSETS_H
#define RUCHE_ASSETS_H
#include "http/req.h"

void assets_init(void); /* hashes and compresses every asset once */
void assets_shutdown(void);
/* "/assets/app.css?v=ETAG" for use in pages. */
const char *assets_url(const char *name);
/* Handler for GET /assets/{name}. */
int assets_serve(struct req *r);

#endif
