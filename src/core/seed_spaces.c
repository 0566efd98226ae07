/* Demo spaces and conversations: one space of each visibility, a sub-space,
 * a secret partner space, members invited and accepting, posts, follows.
 * Everything goes through the same core functions as the web pages. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/comments.h"
#include "core/items.h"
#include "core/seed.h"
#include "core/spaces.h"

struct demo_space {
    const char *slug, *name, *visibility, *parent, *owner, *members, *description;
    int secret;
};

static const struct demo_space spaces[] = {
    {"engineering", "Engineering", "internal", NULL, "thomas.martin@example.com",
     "amelie.roux@example.com hugo.bernard@example.com lea.petit@example.com nathan.moreau@example.com "
     "ines.garcia@example.com oliver.smith@example.com",
     "Everything about **how we build Ruche**: architecture, releases, on-call.", 0},
    {"platform-team", "Platform team", "private", "engineering", "thomas.martin@example.com",
     "amelie.roux@example.com oliver.smith@example.com nathan.moreau@example.com",
     "The storage and HTTP layer. Members only.", 0},
    {"banque-exemple-pilot", "Banque Exemple pilot", "extranet", NULL, "lucas.girard@example.com",
     "sophie.lefevre@example.com jules.fournier@example.com client.marc@customer.example.org",
     "Our shared space with **Banque Exemple** for the pilot: planning, questions, feedback.", 0},
    {"integration-partners", "Integration partners", "extranet", NULL, "jules.fournier@example.com",
     "partner.nina@partner.example.net raphael.muller@example.com", "Working with our integration partners.", 1},
    {"ruche-news", "Ruche news", "public", NULL, "manon.mercier@example.com",
     "louis.blanc@example.com chloe.guerin@example.com", "News from the Ruche team, open to everyone.", 0},
    {"lyon-office", "Lyon office", "internal", NULL, "alice.henry@example.com",
     "sarah.andre@example.com arthur.clement@example.com zoe.lambert@example.com", "Life at the Lyon office.", 0},
    {"leadership", "Leadership", "private", NULL, "claire.dubois@example.com",
     "thomas.martin@example.com sophie.lefevre@example.com paul.chevalier@example.com gabriel.faure@example.com",
     "The leadership team.", 1},
};

struct demo_post {
    const char *space, *author, *body;
};

static const struct demo_post posts[] = {
    {"engineering", "thomas.martin@example.com", "Release 0.3 is out: spaces are here! Thanks @amelie.roux and "
                                                 "@hugo.bernard. #release"},
    {"engineering", "lea.petit@example.com", "Reminder: every change to authentication gets a second review. #security"},
    {"platform-team", "amelie.roux@example.com", "Home page at 30% of nginx on two cores. Next: the JSON stream. #performance"},
    {"banque-exemple-pilot", "lucas.girard@example.com", "Welcome @client.marc! This is where we follow the pilot together."},
    {"banque-exemple-pilot", "client.marc@customer.example.org", "Thanks! Our first 200 users start on Monday. "
                                                                 "Could we get a training session?"},
    {"integration-partners", "partner.nina@partner.example.net", "The HR connector passes its tests on our side. #integration"},
    {"ruche-news", "manon.mercier@example.com", "Ruche now hosts **partner spaces**: invite your customers, keep the "
                                                "rest private. #product"},
    {"lyon-office", "alice.henry@example.com", "The new coffee machine arrives on Thursday. ☕"},
    {"leadership", "claire.dubois@example.com", "Budget review on the 15th; numbers to @paul.chevalier please."},
    {NULL, DEMO_ADMIN_EMAIL, "Welcome to Ruche! Join the spaces of your team in **Spaces**. #welcome"},
    {NULL, "hugo.bernard@example.com", "Accessibility audit done: every page passes axe. #accessibility"},
};

/* One of each kind of content; `fields` is the kind's JSON (an event's
 * times are added when seeding: a week ahead). */
struct demo_item {
    const char *space, *author, *type, *title, *body, *fields;
};

static const struct demo_item items[] = {
    {"engineering", "amelie.roux@example.com", "wiki", "Release process",
     "1. Tag the release.\n2. Run `make test`.\n3. Publish the notes. Back to [[Architecture]].", NULL},
    {"engineering", "thomas.martin@example.com", "wiki", "Architecture",
     "Ruche is one C binary. See [[Release process]] for how we ship.\n\n## Layers\n\nhttp → web/api → core → db.", NULL},
    {"engineering", "lea.petit@example.com", "blog", "Why every login is throttled",
     "Brute force is cheap; **throttling** per account and per address makes it expensive.\n\n#security", NULL},
    {"engineering", "hugo.bernard@example.com", "question", "How do I run the browser tests locally?",
     "They need Chromium; what is the command?", NULL},
    {"engineering", "oliver.smith@example.com", "idea", "Dark mode for the admin pages",
     "The rest of the app follows the system theme; the admin pages should too.", NULL},
    {"lyon-office", "alice.henry@example.com", "poll", "Team lunch: where?", "Vote before Thursday.",
     "{\"options\": [\"Bouchon\", \"Pizzeria\", \"Food trucks\"], \"multiple\": false}"},
    {"lyon-office", "sarah.andre@example.com", "event", "Welcome breakfast for new hires", "Croissants on the 3rd floor.",
     "{\"timezone\": \"Europe/Paris\", \"location\": \"Lyon, 3rd floor\", \"capacity\": 30}"},
    {"ruche-news", "manon.mercier@example.com", "discussion", "What should the next release bring?",
     "Tell us what you miss most. #roadmap", NULL},
};

/* The person, with their memberships as they are now. */
static struct person *who(struct db *db, struct arena *a, const char *email) {
    struct person *p = people_by_email(db, a, email);
    if (p) people_reload_spaces(db, a, p);
    return p;
}

static int64_t space_id(struct db *db, const char *slug) {
    struct db_stmt *st = db_prep(db, "SELECT id FROM spaces WHERE slug = $1 AND deleted_at IS NULL");
    db_bind_text(st, 1, slug);
    return db_int_or(st, 0);
}

int seed_demo_spaces(struct db *db, char *err, size_t errlen) {
    struct arena a = {0};
    struct err e = {0};
    int rc = 0;
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0] && !rc; i++) {
        const struct demo_space *d = &spaces[i];
        struct person *owner = who(db, &a, d->owner);
        struct space_input in = {.name = d->name, .slug = d->slug, .description = d->description,
                                 .visibility = d->visibility, .secret = d->secret,
                                 .parent_id = d->parent ? space_id(db, d->parent) : 0};
        int64_t id;
        if (!owner || space_create(db, &a, owner, &in, &id, &e)) {
            snprintf(err, errlen, "space %s: %s", d->slug, owner ? e.msg : "no owner");
            rc = -1;
            break;
        }
        owner = who(db, &a, d->owner); /* now with the space's ownership */
        char list[512];
        snprintf(list, sizeof list, "%s", d->members);
        for (char *save, *m = strtok_r(list, " ", &save); m && !rc; m = strtok_r(NULL, " ", &save)) {
            struct person *p = who(db, &a, m);
            enum space_role role;
            /* invited by the owner, then accepted, as on the web */
            if (!p || space_invite(db, &a, owner, id, p->id, &e) || space_join(db, &a, who(db, &a, m), id, &role, &e)) {
                snprintf(err, errlen, "space %s, member %s: %s", d->slug, m, p ? e.msg : "unknown");
                rc = -1;
            }
        }
    }
    for (size_t i = 0; i < sizeof posts / sizeof posts[0] && !rc; i++) {
        struct person *p = who(db, &a, posts[i].author);
        struct item_input in = {.type = "status", .body = posts[i].body,
                                .space_id = posts[i].space ? space_id(db, posts[i].space) : 0};
        int64_t id;
        if (!p || item_create(db, &a, p, &in, &id, &e)) {
            snprintf(err, errlen, "post %zu: %s", i, p ? e.msg : "no author");
            rc = -1;
        }
    }
    /* one of each kind, in week-ahead time for the event */
    time_t t = time(NULL) + 7 * 86400;
    char start[32], end[32];
    strftime(start, sizeof start, "%Y-%m-%dT08:00:00Z", gmtime(&t));
    strftime(end, sizeof end, "%Y-%m-%dT09:30:00Z", gmtime(&t));
    for (size_t i = 0; i < sizeof items / sizeof items[0] && !rc; i++) {
        const struct demo_item *d = &items[i];
        struct person *p = who(db, &a, d->author);
        struct item_input in = {.type = d->type, .title = d->title, .body = d->body,
                                .space_id = space_id(db, d->space), .fields = d->fields ? json_loads(d->fields, 0, NULL) : NULL};
        if (in.fields && !strcmp(d->type, "event")) {
            json_object_set_new(in.fields, "starts_at", json_string(start));
            json_object_set_new(in.fields, "ends_at", json_string(end));
        }
        int64_t id;
        if (!p || item_create(db, &a, p, &in, &id, &e)) {
            snprintf(err, errlen, "%s \"%s\": %s", d->type, d->title, p ? e.msg : "no author");
            rc = -1;
        }
        json_decref(in.fields);
        if (!rc && !strcmp(d->type, "question")) { /* an answer */
            int64_t c;
            struct person *ines = who(db, &a, "ines.garcia@example.com");
            if (comment_create(db, &a, ines, id, 0, "Run `make test-browser`: it finds Chromium by itself.", &c, &e)) {
                snprintf(err, errlen, "answer: %s", e.msg);
                rc = -1;
            }
        }
    }
    arena_free(&a);
    return rc;
}
