/* Writing content of every kind: the creation form (/items/new?type=&space=),
 * the edit form, and what they post. The common fields (title, text, tags,
 * draft) are here; each kind adds its own through web/kinds.h. */
#include <stdlib.h>
#include <string.h>

#include "core/kinds.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "http/assets.h"
#include "lib/text.h"
#include "web/kinds.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/web.h"

/* "a, b c" → the tags of a form's tags field (at most ITEM_TAGS_MAX + 1,
 * so that too many is refused by core, not cut silently). */
static void tags_from_form(struct req *r, struct item_input *in) {
    const char *raw = req_form(r, "tags");
    if (!raw) return;
    char *copy = arena_strdup(&r->arena, raw);
    in->tags = arena_alloc(&r->arena, sizeof *in->tags * (ITEM_TAGS_MAX + 2));
    in->ntags = 0;
    for (char *save, *t = strtok_r(copy, " ,\t\r\n", &save); t && in->ntags <= ITEM_TAGS_MAX;
         t = strtok_r(NULL, " ,\t\r\n", &save))
        in->tags[in->ntags++] = *t == '#' ? t + 1 : t;
}

/* The item's own tags (not its #hashtags) for the edit form. */
static const char *tags_text(struct req *r, const struct item *it) {
    struct buf b = {0};
    for (int i = 0; i < it->ntags; i++) buf_printf(&b, "%s%s", i ? ", " : "", it->tags[i]);
    const char *out = arena_strdup(&r->arena, b.data ? b.data : "");
    buf_free(&b);
    return out;
}

/* The form, for a new item of kind `k` in `space` (cur NULL) or an edit. */
static void item_form(struct req *r, const struct kind *k, const struct space *space, const struct item *cur,
                      const char *error) {
    const struct web_kind *wk = web_kind(k->name);
    const char *label = T(r, wk ? wk->label : k->name);
    page_begin(r, cur ? T(r, "Edit") : label);
    H(r, "<section class=\"narrow\"><h1>%s</h1>", cur ? arena_printf(&r->arena, "%s · %s", T(r, "Edit"), label) : label);
    if (space) H(r, "<p>%s <a href=\"/spaces/%s\">%s</a></p>", T(r, "in"), space->slug, space->name);
    web_form_error(r, error);
    if (cur) H(r, "<form method=\"post\" action=\"/items/%lld/edit\">", (long long)cur->id);
    else if (wk && wk->upload) H(r, "<form method=\"post\" action=\"/items\" enctype=\"multipart/form-data\">");
    else H(r, "<form method=\"post\" action=\"/items\">");
    web_csrf_field(r);
    if (!cur) {
        H(r, "<input type=\"hidden\" name=\"type\" value=\"%s\">", k->name);
        if (space) H(r, "<input type=\"hidden\" name=\"space\" value=\"%lld\">", (long long)space->id);
    }
    const char *title = req_form(r, "title") ? req_form(r, "title") : cur ? NULL : req_query(r, "title"), *body = req_form(r, "body"), *tags = req_form(r, "tags");
    if (k->title != TITLE_NONE)
        H(r, "<label for=\"title\">%s</label><input id=\"title\" name=\"title\" type=\"text\" maxlength=\"200\"%s value=\"%s\">",
          T(r, "Title"), k->title == TITLE_REQUIRED ? " required" : "", title ? title : cur ? cur->title : "");
    H(r, "<label for=\"body\">%s</label><textarea id=\"body\" name=\"body\" rows=\"%d\" maxlength=\"%d\"%s data-mentions=\"1\" "
         "aria-describedby=\"body-help\">%s</textarea><small id=\"body-help\">%s</small>",
      T(r, "Text"), k->body_max > 5000 ? 16 : 6, k->body_max, k->body_required ? " required" : "",
      body ? body : cur ? cur->body : "", T(r, "Markdown, @mentions and #hashtags work here."));
    H(r, "<label for=\"tags\">%s</label><input id=\"tags\" name=\"tags\" type=\"text\" maxlength=\"1000\" "
         "data-tags=\"/api/v1/tags\" aria-describedby=\"tags-help\" value=\"%s\"><small id=\"tags-help\">%s</small>",
      T(r, "Tags"), tags ? tags : cur ? tags_text(r, cur) : "", T(r, "Separated by commas or spaces."));
    if (wk && wk->form) wk->form(r, cur);
    H(r, "<p>");
    if (k->draftable && (!cur || cur->draft)) {
        H(r, "<button type=\"submit\" name=\"draft\" value=\"0\">%s</button> ", T(r, "Publish"));
        H(r, "<button type=\"submit\" name=\"draft\" value=\"1\" class=\"secondary\">%s</button> ", T(r, "Save as draft"));
    } else {
        H(r, "<button type=\"submit\">%s</button> ", cur ? T(r, "Save") : T(r, "Post"));
    }
    if (cur) H(r, "<a href=\"/items/%lld\">%s</a>", (long long)cur->id, T(r, "Cancel"));
    else if (space) H(r, "<a href=\"/spaces/%s\">%s</a>", space->slug, T(r, "Cancel"));
    else H(r, "<a href=\"/\">%s</a>", T(r, "Cancel"));
    H(r, "</p></form></section>");
    /* tag suggestions (assets/tags.js): the form works without */
    H(r, "<script src=\"%s\" nonce=\"%s\" defer></script>", assets_url("tags.js"), r->nonce);
}

/* GET /items/new?type=blog&space=ID */
int web_item_new_page(struct req *r) {
    const struct kind *k = kind_get(req_query(r, "type"));
    if (!k) return resp_error(r, 404, NULL);
    const char *sp = req_query(r, "space");
    const struct space *space = NULL;
    if (sp && !(space = space_view(db_thread(), &r->arena, r->me, text_parse_id(sp)))) return resp_error(r, 404, NULL);
    if (space ? !policy_space(r->me, ACT_POST, space) : (k->space_only || !policy_allows(r->me, ACT_POST, NULL)))
        return resp_error(r, 403, N_("You may not post here."));
    item_form(r, k, space, NULL, NULL);
    return page_end(r);
}

/* The kind's fields of a posted form, as core takes them. */
static int read_fields(struct req *r, const struct kind *k, const struct item *cur, struct item_input *in) {
    const struct web_kind *wk = web_kind(k->name);
    int status = 0;
    if (wk && wk->fields) in->fields = wk->fields(r, cur, &status);
    return status;
}

int web_item_create(struct req *r) {
    struct db *db = db_thread();
    struct item_input in = {.type = req_form(r, "type"), .body = req_form(r, "body"), .title = req_form(r, "title"),
                            .revision_comment = req_form(r, "comment")}; /* a wiki page's first revision */
    if (!in.type) in.type = "status";
    const struct kind *k = kind_get(in.type);
    if (!k) return resp_error(r, 400, N_("Unknown type of content."));
    const char *space = req_form(r, "space"), *draft = req_form(r, "draft");
    if (space && *space && (in.space_id = text_parse_id(space)) <= 0) return resp_error(r, 400, N_("No such space."));
    if (draft) in.draft = !strcmp(draft, "1") ? DRAFT_YES : DRAFT_NO;
    tags_from_form(r, &in);
    const struct kv *up = req_upload(r, "file"); /* files (kinds with .upload) */
    if (up) {
        in.upload = (const unsigned char *)(up->value ? up->value : "");
        in.upload_len = up->len;
        in.upload_name = up->filename;
    }
    int rc = read_fields(r, k, NULL, &in);
    if (rc) return rc;
    int64_t id;
    struct err e = {0};
    rc = item_create(db, &r->arena, r->me, &in, &id, &e);
    json_decref(in.fields);
    const char *next = req_form(r, "next");
    if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
        if (next) return resp_error(r, rc, e.msg); /* from a composer: no form to show again */
        item_form(r, k, in.space_id ? space_view(db, &r->arena, r->me, in.space_id) : NULL, NULL, e.msg);
        page_end(r);
        return rc;
    }
    if (rc) return resp_error(r, rc, e.msg);
    if (next) return resp_redirect(r, web_safe_next(next));
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld?done=%s", (long long)id,
                                         in.draft == DRAFT_YES ? "draft" : "posted"));
}

int web_item_edit_page(struct req *r) {
    struct item *it = item_get(db_thread(), &r->arena, r->me, text_parse_id(req_param(r, 0)));
    if (!it) return resp_error(r, 404, NULL);
    if (!policy_item(r->me, ACT_EDIT_ITEM, it)) return resp_error(r, 403, N_("Only the author may edit this."));
    const struct kind *k = kind_get(it->type);
    if (!k) return resp_error(r, 404, NULL);
    item_form(r, k, NULL, it, NULL);
    return page_end(r);
}

int web_item_edit(struct req *r) {
    struct db *db = db_thread();
    int64_t id = text_parse_id(req_param(r, 0));
    struct item *it = item_get(db, &r->arena, r->me, id);
    if (!it) return resp_error(r, 404, NULL);
    const struct kind *k = kind_get(it->type);
    if (!k) return resp_error(r, 404, NULL);
    struct item_input in = {.body = req_form(r, "body"), .title = req_form(r, "title"),
                            .revision_comment = req_form(r, "comment")};
    const char *draft = req_form(r, "draft");
    if (draft && it->draft) in.draft = !strcmp(draft, "1") ? DRAFT_YES : DRAFT_NO;
    tags_from_form(r, &in);
    int rc = read_fields(r, k, it, &in);
    if (rc) return rc;
    struct err e = {0};
    rc = item_update(db, &r->arena, r->me, id, &in, &e);
    json_decref(in.fields);
    if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
        item_form(r, k, NULL, it, e.msg);
        page_end(r);
        return rc;
    }
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld?done=%s", (long long)id,
                                         it->draft && in.draft == DRAFT_NO ? "published" : "saved"));
}
