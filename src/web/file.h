/* The file kind's functions for web/kinds.c. */
#ifndef RUCHE_WEB_FILE_H
#define RUCHE_WEB_FILE_H
#include "core/items.h"
#include "http/req.h"

void web_file_block(struct req *r, const struct item *it, int full);
void web_file_form(struct req *r, const struct item *cur);

#endif
