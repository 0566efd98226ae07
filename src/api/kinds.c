/* Dispatch of the kinds' JSON members (see kinds.h). */
#include "api/kinds.h"

#include <string.h>

#include "api/event.h"
#include "api/file.h"
#include "api/wiki.h"

struct kind_json {
    const char *type;
    void (*fields)(struct req *r, const struct item *it, json_t *o);
};

/* Kinds whose fields live in their own table; status, blog and discussion
 * have none beyond the common ones. */
void api_bookmark_fields(struct req *r, const struct item *it, json_t *o); /* api/bookmark.c */

static const struct kind_json table[] = {
    {"bookmark", api_bookmark_fields},
    {"question", api_question_fields},
    {"idea", api_idea_fields},
    {"poll", api_poll_fields},
    {NULL, NULL},
    {"event", api_event_fields},
    {"file", api_file_fields},
    {"wiki", api_wiki_fields},
};

void api_kind_fields(struct req *r, const struct item *it, json_t *o) {
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].type && !strcmp(table[i].type, it->type)) {
            table[i].fields(r, it, o);
            return;
        }
}
