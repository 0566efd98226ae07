/* The file members of an item's JSON (api/kinds.c) and the multipart
 * creation of a file item (api/items.c). */
#ifndef RUCHE_API_FILE_H
#define RUCHE_API_FILE_H
#include <jansson.h>
#include <stdint.h>

#include "core/items.h"
#include "http/req.h"

void api_file_fields(struct req *r, const struct item *it, json_t *o);
int api_item_create_upload(struct req *r);
/* ?version=: 0 for the current one, a number, -1 when invalid. */
int64_t api_file_version_param(struct req *r);

#endif
