/* Text people write: Markdown rendered safely, with @mentions linked to
 * profiles and #hashtags linked to tag pages, and both extracted. */
#ifndef RUCHE_CONTENT_H
#define RUCHE_CONTENT_H
#include "lib/arena.h"
#include "lib/html.h"

#define CONTENT_MAX_MENTIONS 50
#define CONTENT_MAX_TAGS 30
#define TAG_MAX_CHARS 50

struct content {
    struct markup html;
    const char *mentions[CONTENT_MAX_MENTIONS]; /* lowercased handles, distinct */
    int nmentions;
    const char *tags[CONTENT_MAX_TAGS]; /* folded tags, distinct */
    int ntags;
    int too_many_mentions, too_many_tags;
};

/* Renders `markdown` and extracts mentions and hashtags outside code and
 * links. `handle_exists` (may be NULL) decides which @words become links. */
void content_render(struct arena *a, const char *markdown, int (*handle_exists)(void *ctx, const char *handle),
                    void *ctx, struct content *out);
/* Wiki links, [[Page name]] and [[Page name|label]], outside code and
 * links: `link` gives the address of the page named `name` (NULL leaves
 * the text as it is). */
struct content_wiki {
    const char *(*link)(void *ctx, const char *name);
    void *ctx;
};
/* content_render, with wiki links (wiki may be NULL). */
void content_render_wiki(struct arena *a, const char *markdown, int (*handle_exists)(void *ctx, const char *handle),
                         void *ctx, const struct content_wiki *wiki, struct content *out);
/* A tag as typed ("#Été" or "Été") to its stored form ("ete"), or NULL if it
 * is not a valid tag. */
const char *content_tag(struct arena *a, const char *typed);

#endif
