/* The table of item kinds (see kinds.h). A kind with its own fields
 * declares its hooks in its own module (core/wiki.c, core/poll.c...). */
#include "core/kinds.h"

#include <string.h>

#include "core/bookmark.h"
#include "core/event.h"
#include "core/file.h"
#include "core/idea.h"
#include "core/items.h"
#include "core/poll.h"
#include "core/question.h"
#include "core/wiki.h"

static const char *const no_fields[] = {NULL};

static const struct kind status = {
    .name = "status", .title = TITLE_NONE, .body_required = 1, .body_max = 5000, .fields = no_fields};
/* Blog posts: a title, a long body, drafts until published. */
static const struct kind blog = {.name = "blog",
                                 .title = TITLE_REQUIRED,
                                 .body_required = 1,
                                 .body_max = 100000,
                                 .draftable = 1,
                                 .fields = no_fields};
/* Discussions: a title, a body, and threaded replies (comments). */
static const struct kind discussion = {
    .name = "discussion", .title = TITLE_REQUIRED, .body_required = 1, .body_max = 20000, .fields = no_fields};

static const struct kind *const kinds[] = {&status,        &blog,     &discussion, &kind_wiki, &kind_question,
                                           &kind_idea,     &kind_poll, &kind_event, &kind_file, &bookmark_kind};

const struct kind *kind_get(const char *type) {
    for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i]->name, type)) return kinds[i];
    return NULL;
}

const struct kind *const *kind_all(int *n) {
    *n = (int)(sizeof kinds / sizeof kinds[0]);
    return kinds;
}

const char *kind_string(const struct item_input *in, const char *key, int *bad) {
    json_t *v = in->fields ? json_object_get(in->fields, key) : NULL;
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

int kind_int(const struct item_input *in, const char *key, int64_t *out, int *bad) {
    json_t *v = in->fields ? json_object_get(in->fields, key) : NULL;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_integer(v)) {
        *bad = 1;
        return 0;
    }
    *out = json_integer_value(v);
    return 1;
}

int kind_bool(const struct item_input *in, const char *key, int *out, int *bad) {
    json_t *v = in->fields ? json_object_get(in->fields, key) : NULL;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_boolean(v)) {
        *bad = 1;
        return 0;
    }
    *out = json_is_true(v);
    return 1;
}
