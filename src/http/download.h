/* Sending a stored file to a browser safely: as an attachment with its
 * name encoded per RFC 6266 / RFC 5987, nosniff, a strong ETag. */
#ifndef RUCHE_DOWNLOAD_H
#define RUCHE_DOWNLOAD_H
#include <stddef.h>

#include "http/req.h"

/* Answers 200 with the bytes (or 304 when If-None-Match has the ETag).
 * `type` must already be a safe type to serve; `etag_hex` is the content's
 * hash (nosniff comes with every response); `inline_ok` serves in place (previews) instead of as an attachment. */
int resp_download(struct req *r, const char *name, const char *type, const char *etag_hex, const void *data, size_t len,
                  int inline_ok);

#endif
