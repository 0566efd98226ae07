/* The "Webhooks" section of a space's settings page, for its owners: the
 * incoming webhooks (create: the URL shown once; delete) and the space's
 * outgoing webhooks (listed with a link to their deliveries; created with
 * web/webhooks.c's form, the secret shown once; deleted). */
#include <string.h>

#include "core/incoming.h"
#include "core/webhooks.h"
#include "db/db.h"
#include "http/server.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/space_webhooks.h"
#include "web/spaces.h"
#include "web/web.h"
#include "web/webhooks.h"

void web_space_webhooks_section(struct req *r, const struct space *s) {
    struct db *db = db_thread();
    struct incoming_hook **in;
    int n;
    struct err e = {0};
    if (incoming_list(db, &r->arena, r->me, s->id, &in, &n, &e)) return;
    H(r, "<section class=\"narrow\" id=\"webhooks\"><h2>%s</h2>\n", T(r, "Webhooks"));
    H(r, "<h3>%s</h3><p>%s</p>\n", T(r, "Incoming webhooks"),
      T(r, "Other applications post status updates in this space by sending JSON ({\"text\": \"...\", \"title\": \"...\"}) "
           "to an incoming webhook's address. The posts appear under your name, marked with the integration's name."));
    if (n) {
        H(r, "<ul class=\"plain\">");
        for (int i = 0; i < n; i++) {
            H(r, "<li>%s <form method=\"post\" action=\"/spaces/%s/incoming-webhooks/%lld/delete\" class=\"inline\">",
              in[i]->name, s->slug, (long long)in[i]->id);
            web_csrf_field(r);
            H(r, "<button type=\"submit\" class=\"link danger\" aria-label=\"%s %s\">%s</button></form></li>", T(r, "Delete"),
              in[i]->name, T(r, "Delete"));
        }
        H(r, "</ul>\n");
    }
    H(r, "<form method=\"post\" action=\"/spaces/%s/incoming-webhooks\">", s->slug);
    web_csrf_field(r);
    H(r, "<p><label for=\"incoming-name\">%s</label><input id=\"incoming-name\" name=\"name\" type=\"text\" required "
         "maxlength=\"80\"></p><p><button type=\"submit\">%s</button></p></form>\n",
      T(r, "Integration name"), T(r, "Create an incoming webhook"));
    struct webhook **out;
    int m;
    webhook_list(db, &r->arena, r->me, s->id, &out, &m);
    H(r, "<h3>%s</h3>\n", T(r, "Outgoing webhooks"));
    if (!m) H(r, "<p>%s</p>\n", T(r, "No outgoing webhook sends this space's events."));
    else {
        H(r, "<ul class=\"plain\">");
        for (int i = 0; i < m; i++) {
            H(r, "<li><a href=\"/settings/webhooks/%lld\"><code>%s</code></a> <form method=\"post\" "
                 "action=\"/spaces/%s/webhooks/%lld/delete\" class=\"inline\">",
              (long long)out[i]->id, out[i]->url, s->slug, (long long)out[i]->id);
            web_csrf_field(r);
            H(r, "<button type=\"submit\" class=\"link danger\" aria-label=\"%s %s\">%s</button></form></li>", T(r, "Delete"),
              out[i]->url, T(r, "Delete"));
        }
        H(r, "</ul>\n");
    }
    web_webhook_form(r, arena_printf(&r->arena, "/spaces/%s/webhooks", s->slug), 0, NULL);
    H(r, "</section>\n");
}

int web_space_webhook_create(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = web_webhook_create_from_form(r, s->id, arena_printf(&r->arena, "/spaces/%s/settings#webhooks", s->slug), &e);
    if (rc) return resp_error(r, rc, e.msg);
    return page_end(r);
}

int web_space_incoming_create(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    struct incoming_hook *h;
    struct err e = {0};
    int rc = incoming_create(db_thread(), &r->arena, r->me, s->id, req_form(r, "name"), &h, &e);
    if (rc) return resp_error(r, rc, e.msg);
    page_begin(r, T(r, "Incoming webhook created"));
    H(r, "<section class=\"narrow\"><h1>%s</h1><p>%s <strong>%s</strong>.</p>", T(r, "Incoming webhook created"),
      T(r, "Integration:"), h->name);
    H(r, "<p>%s</p><p><input type=\"text\" class=\"copy\" id=\"new-hook\" readonly value=\"%s/api/v1/hooks/%s\" "
         "aria-label=\"%s\" data-copy-label=\"%s\" data-copied-label=\"%s\" data-failed-label=\"%s\"></p>",
      T(r, "Copy its address now: it is shown only once."), server_config()->public_url, h->token,
      T(r, "The webhook's address"), T(r, "Copy"), T(r, "Copied to the clipboard"),
      T(r, "Copy failed: select the link and copy it"));
    H(r, "<p><a href=\"/spaces/%s/settings#webhooks\">%s</a></p></section>\n", s->slug, T(r, "Back to the settings"));
    return page_end(r);
}

int web_space_incoming_delete(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = incoming_delete(db_thread(), &r->arena, r->me, s->id, text_parse_id(req_param(r, 1)), &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s/settings?done=webhook-deleted#webhooks", s->slug));
}

int web_space_webhook_delete(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    struct err e = {0};
    struct webhook *h = webhook_get(db_thread(), &r->arena, r->me, text_parse_id(req_param(r, 1)));
    if (!h || h->space_id != s->id) return resp_error(r, 404, NULL);
    int rc = webhook_delete(db_thread(), &r->arena, r->me, h->id, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s/settings?done=webhook-deleted#webhooks", s->slug));
}
