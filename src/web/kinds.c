/* The table of kinds as the pages know them (see kinds.h). */
#include "web/kinds.h"

#include <string.h>

#include "lib/i18n.h"

static const struct web_kind status = {.type = "status", .label = N_("Status update")};
static const struct web_kind blog = {.type = "blog", .label = N_("Blog post")};
static const struct web_kind discussion = {.type = "discussion", .label = N_("Discussion")};

static const struct web_kind *const kinds[] = {&status, &blog, &discussion};

const struct web_kind *web_kind(const char *type) {
    for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i]->type, type)) return kinds[i];
    return NULL;
}

const struct web_kind *const *web_kinds(int *n) {
    *n = (int)(sizeof kinds / sizeof kinds[0]);
    return kinds;
}
