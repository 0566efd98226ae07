/* /settings/webhooks (administrators): the outgoing webhooks of every
 * space — listed with their URL, events, space, creator and last delivery,
 * registered (the secret shown once), deleted — and, for any hook the
 * person manages (space owners reach their space's hooks from the space's
 * settings), /settings/webhooks/{id}: its deliveries, newest first, 50 a
 * page, each with a "Re-send" button. Who may: core/policy.c through
 * core/webhooks.c; others get a 404. */
#include "web/webhooks.h"

#include <string.h>
#include <time.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "core/webhooks.h"
#include "db/db.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/web.h"

static const char *when(struct req *r, int64_t t) {
    if (!t) return "—";
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return arena_strdup(&r->arena, s);
}

static const char *status_label(struct req *r, const char *status) {
    if (!status) return T(r, "none yet");
    if (!strcmp(status, "ok")) return T(r, "delivered");
    if (!strcmp(status, "failed")) return T(r, "failed");
    if (!strcmp(status, "retrying")) return T(r, "retrying");
    return T(r, "pending");
}

void web_webhook_form(struct req *r, const char *action, int with_space, const char *error) {
    H(r, "<h2>%s</h2>\n", T(r, "New outgoing webhook"));
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"%s\">", action);
    web_csrf_field(r);
    H(r,
      "<p><label for=\"hook-url\">%s</label><input id=\"hook-url\" name=\"url\" type=\"url\" required "
      "maxlength=\"2000\" value=\"%s\"></p>",
      T(r, "Address that receives the events (http or https)"), error && req_form(r, "url") ? req_form(r, "url") : "");
    H(r, "<fieldset><legend>%s</legend>", T(r, "Events"));
    for (int i = 0; webhook_event_names[i]; i++)
        H(r, "<label><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> <code>%s</code></label> ",
          webhook_event_names[i], i == 0 ? " checked" : "", webhook_event_names[i]);
    H(r, "</fieldset>");
    if (with_space)
        H(r,
          "<p><label for=\"hook-space\">%s</label><input id=\"hook-space\" name=\"space\" type=\"text\" "
          "maxlength=\"100\" aria-describedby=\"hook-space-help\"></p><p id=\"hook-space-help\" class=\"help\">%s</p>",
          T(r, "Space (optional)"), T(r, "The space's address, as in /spaces/ADDRESS; empty: events of every space."));
    H(r, "<p><button type=\"submit\">%s</button></p></form>\n", T(r, "Create the webhook"));
}

int web_webhook_create_from_form(struct req *r, int64_t space, const char *back, struct err *e) {
    const char *events[WEBHOOK_EVENTS_MAX];
    int n = 0;
    for (int i = 0; webhook_event_names[i] && n < WEBHOOK_EVENTS_MAX; i++)
        if (req_form(r, webhook_event_names[i])) events[n++] = webhook_event_names[i];
    struct webhook *h;
    int rc = webhook_create(db_thread(), &r->arena, r->me, req_form(r, "url"), events, n, space, &h, e);
    if (rc) return rc;
    page_begin(r, T(r, "Webhook created"));
    H(r, "<section class=\"narrow\"><h1>%s</h1><p>%s <code>%s</code></p>", T(r, "Webhook created"),
      T(r, "Events are sent to"), h->url);
    H(r,
      "<p>%s</p><p><input type=\"text\" class=\"copy\" id=\"new-secret\" readonly value=\"%s\" aria-label=\"%s\" "
      "data-copy-label=\"%s\" data-copied-label=\"%s\" data-failed-label=\"%s\"></p>",
      T(r, "Copy its signing secret now: it is shown only once. Receivers check each delivery's "
           "webhook-signature header with it (Standard Webhooks)."),
      h->secret, T(r, "The webhook's signing secret"), T(r, "Copy"), T(r, "Copied to the clipboard"),
      T(r, "Copy failed: select the link and copy it"));
    H(r, "<p><a href=\"/settings/webhooks/%lld\">%s</a> · <a href=\"%s\">%s</a></p></section>\n", (long long)h->id,
      T(r, "Its deliveries"), back, T(r, "Back to the webhooks"));
    return 0;
}

static void list_page(struct req *r, const char *error) {
    struct db *db = db_thread();
    struct webhook **list;
    int n;
    webhook_list(db, &r->arena, r->me, 0, &list, &n);
    page_begin(r, T(r, "Webhooks"));
    H(r, "<section><h1>%s</h1>\n", T(r, "Webhooks"));
    const char *done = req_query(r, "done");
    if (done && !strcmp(done, "deleted"))
        H(r, "<p class=\"notice\" role=\"status\">%s</p>\n",
          T(r, "The webhook is deleted; nothing more is sent to it."));
    H(r, "<p>%s</p>\n",
      T(r, "Outgoing webhooks send signed JSON (ActivityStreams) to another application when "
           "something happens: for every space, or for one space. A hook is sent only what its "
           "creator may see."));
    if (!n)
        H(r, "<p>%s</p>\n", T(r, "No outgoing webhook yet."));
    else {
        H(r,
          "<div class=\"table-wrap\"><table class=\"webhooks\"><thead><tr><th scope=\"col\">%s</th>"
          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
          "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead><tbody>\n",
          T(r, "Address"), T(r, "Events"), T(r, "Space"), T(r, "Created by"), T(r, "Last delivery"), T(r, "Actions"));
        for (int i = 0; i < n; i++) {
            const struct webhook *h = list[i];
            H(r, "<tr><td><a href=\"/settings/webhooks/%lld\"><code>%s</code></a></td><td>", (long long)h->id, h->url);
            for (int k = 0; k < h->nevents; k++)
                H(r, "%s<code>%s</code>", k ? " " : "", h->events[k]);
            const struct space *s = h->space_id ? space_cached(db, &r->arena, h->space_id) : NULL;
            if (s)
                H(r, "</td><td><a href=\"/spaces/%s\">%s</a></td>", s->slug, s->name);
            else
                H(r, "</td><td>%s</td>", T(r, "Every space"));
            const struct person *p = people_cached(db, &r->arena, h->owner_id);
            H(r, "<td>%s</td><td>%s</td>", p && p->name ? p->name : "—",
              status_label(r, webhook_last_status(db, &r->arena, h->id)));
            H(r, "<td><form method=\"post\" action=\"/settings/webhooks/%lld/delete\">", (long long)h->id);
            web_csrf_field(r);
            H(r,
              "<button type=\"submit\" class=\"secondary danger\" data-confirm=\"%s\" aria-label=\"%s %s\">%s</button>"
              "</form></td></tr>\n",
              T(r, "Delete this webhook? Nothing more will be sent to it."), T(r, "Delete"), h->url, T(r, "Delete"));
        }
        H(r, "</tbody></table></div>\n");
    }
    web_webhook_form(r, "/settings/webhooks", 1, error);
    H(r, "</section>\n");
}

int web_webhooks_page(struct req *r) {
    if (!policy_allows(r->me, ACT_MANAGE_WEBHOOKS, NULL)) return resp_error(r, 404, NULL);
    list_page(r, NULL);
    return page_end(r);
}

int web_webhook_create(struct req *r) {
    if (!policy_allows(r->me, ACT_MANAGE_WEBHOOKS, NULL)) return resp_error(r, 404, NULL);
    struct err e = {0};
    int64_t space = 0;
    const char *slug = req_form(r, "space");
    int rc = 0;
    if (slug && *text_trim(&r->arena, slug)) {
        const struct space *s = space_view_slug(db_thread(), &r->arena, r->me, text_trim(&r->arena, slug));
        if (!s)
            rc = err_fail(&e, ERR_INVALID, "space", N_("There is no such space."));
        else
            space = s->id;
    }
    if (!rc) rc = web_webhook_create_from_form(r, space, "/settings/webhooks", &e);
    if (!rc) return page_end(r);
    list_page(r, e.msg);
    page_end(r);
    return rc == ERR_NOT_FOUND ? 400 : rc;
}

int web_webhook_delete(struct req *r) {
    struct db *db = db_thread();
    struct webhook *h = webhook_get(db, &r->arena, r->me, text_parse_id(req_param(r, 0)));
    if (!h) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = webhook_delete(db, &r->arena, r->me, h->id, &e);
    if (rc) return resp_error(r, rc, e.msg);
    if (h->space_id && !policy_allows(r->me, ACT_MANAGE_WEBHOOKS, NULL)) {
        const struct space *s = space_cached(db, &r->arena, h->space_id);
        if (s)
            return resp_redirect(r,
                                 arena_printf(&r->arena, "/spaces/%s/settings?done=webhook-deleted#webhooks", s->slug));
    }
    return resp_redirect(r, "/settings/webhooks?done=deleted");
}

int web_webhook_deliveries_page(struct req *r) {
    struct db *db = db_thread();
    struct webhook *h = webhook_get(db, &r->arena, r->me, text_parse_id(req_param(r, 0)));
    if (!h) return resp_error(r, 404, NULL);
    const char *b = req_query(r, "before");
    int64_t before = 0;
    if (b && !(before = text_parse_id(b)))
        return resp_error(r, 400, N_("This parameter must be the id of a delivery."));
    struct webhook_delivery **list;
    int n;
    struct err e = {0};
    int rc = webhook_deliveries_page(db, &r->arena, r->me, h->id, before, &list, &n, &e);
    if (rc) return resp_error(r, rc, e.msg);
    const struct space *s = h->space_id ? space_cached(db, &r->arena, h->space_id) : NULL;
    page_begin(r, T(r, "Webhook deliveries"));
    H(r, "<section><h1>%s</h1>\n", T(r, "Webhook deliveries"));
    const char *done = req_query(r, "done");
    if (done && !strcmp(done, "resent"))
        H(r, "<p class=\"notice\" role=\"status\">%s</p>\n", T(r, "The delivery is queued to be sent again."));
    H(r, "<p>%s <code>%s</code></p>", T(r, "Events are sent to"), h->url);
    if (s)
        H(r, "<p>%s <a href=\"/spaces/%s\">%s</a> · <a href=\"/spaces/%s/settings#webhooks\">%s</a></p>\n",
          T(r, "Space:"), s->slug, s->name, s->slug, T(r, "Back to the settings"));
    if (policy_allows(r->me, ACT_MANAGE_WEBHOOKS, NULL))
        H(r, "<p><a href=\"/settings/webhooks\">%s</a></p>\n", T(r, "Back to the webhooks"));
    if (!n)
        H(r, "<p>%s</p>\n", before ? T(r, "No older deliveries.") : T(r, "Nothing has been sent to this webhook yet."));
    else {
        H(r,
          "<div class=\"table-wrap\"><table class=\"deliveries\"><thead><tr><th scope=\"col\">%s</th>"
          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
          "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead><tbody>\n",
          T(r, "Event"), T(r, "Status"), T(r, "Attempts"), T(r, "Created"), T(r, "Last attempt"), T(r, "Response"),
          T(r, "Next attempt"), T(r, "Actions"));
        for (int i = 0; i < n; i++) {
            const struct webhook_delivery *d = list[i];
            H(r, "<tr id=\"delivery-%lld\"><td><code>%s</code></td><td>%s</td><td>%lld</td><td>%s</td><td>%s</td>",
              (long long)d->id, d->event, status_label(r, d->status), (long long)d->attempts, when(r, d->created_at),
              when(r, d->attempted_at));
            if (d->response_code)
                H(r, "<td>%lld</td>", (long long)d->response_code);
            else
                H(r, "<td>%s</td>", *d->error ? d->error : "—");
            H(r, "<td>%s</td><td>", when(r, d->next_at));
            if (strcmp(d->status, "pending") && strcmp(d->status, "retrying")) {
                H(r, "<form method=\"post\" action=\"/settings/webhooks/%lld/deliveries/%lld/resend\">",
                  (long long)h->id, (long long)d->id);
                web_csrf_field(r);
                H(r, "<button type=\"submit\" class=\"secondary\">%s</button></form>", T(r, "Re-send"));
            }
            H(r, "</td></tr>\n");
        }
        H(r, "</tbody></table></div>\n");
        if (n == WEBHOOK_DELIVERIES_SHOWN)
            H(r, "<p><a href=\"/settings/webhooks/%lld?before=%lld\" rel=\"next\">%s</a></p>\n", (long long)h->id,
              (long long)list[n - 1]->id, T(r, "Older deliveries"));
    }
    H(r, "</section>\n");
    return page_end(r);
}

int web_webhook_resend(struct req *r) {
    struct err e = {0};
    int64_t hook = text_parse_id(req_param(r, 0));
    int rc = webhook_resend(db_thread(), &r->arena, r->me, hook, text_parse_id(req_param(r, 1)), &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/settings/webhooks/%lld?done=resent", (long long)hook));
}
