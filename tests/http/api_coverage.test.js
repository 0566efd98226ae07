'use strict';
// Issue 7: every feature is reachable through /api/v1. Every web route of
// src/http/routes.c is either mapped here to its API twin (which must exist
// in routes.c AND in docs/openapi.json), or listed as web-only with a reason.
// A new web route with neither fails; so does a stale entry.
//
//   node --test tests/http/api_coverage.test.js        (no server: ~0.1 s)

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fx = require('../lib/fixtures');

const DOC = JSON.parse(fs.readFileSync(path.join(fx.REPO_ROOT, 'docs', 'openapi.json'), 'utf8'));
const ROUTES = fx.routeTable();
const key = (method, pattern) => `${method.toUpperCase()} ${pattern.replace(/\{[^}]*\}/g, '{}')}`;

// Web route → its API twin(s) ("METHOD /api/v1/...", {} for parameters).
const TWINS = {
  'POST /lang': ['PATCH /api/v1/people/{}'], // member lang
  'GET /settings/password': ['PUT /api/v1/me/password'],
  'POST /settings/password': ['PUT /api/v1/me/password'],
  'GET /': ['GET /api/v1/stream/home'],
  'GET /people': ['GET /api/v1/people'],
  'GET /org': ['GET /api/v1/people'], // manager_id of each person
  'GET /people/{}': ['GET /api/v1/people/{}'],
  'GET /people/{}/content': ['GET /api/v1/people/{}/stream', 'GET /api/v1/items'], // ?author=
  'POST /people/{}/edit': ['PATCH /api/v1/people/{}'],
  'GET /people/{}/photo': ['GET /api/v1/people/{}/photo'],
  'POST /people/{}/photo': ['PUT /api/v1/people/{}/photo'],
  'POST /people/{}/photo/delete': ['DELETE /api/v1/people/{}/photo'],
  'POST /people/{}/account': ['PATCH /api/v1/people/{}/account'],
  'GET /company': ['GET /api/v1/stream/company'],
  'GET /tags/{}': ['GET /api/v1/tags/{}/stream'],
  'POST /items': ['POST /api/v1/items'],
  'GET /items/{}': ['GET /api/v1/items/{}', 'GET /api/v1/items/{}/comments'],
  'POST /items/{}/edit': ['PATCH /api/v1/items/{}'],
  'POST /items/{}/delete': ['DELETE /api/v1/items/{}'],
  'POST /items/{}/like': ['PUT /api/v1/items/{}/like', 'DELETE /api/v1/items/{}/like'],
  'POST /items/{}/pin': ['PUT /api/v1/items/{}/pin', 'DELETE /api/v1/items/{}/pin'],
  'GET /items/{}/likes': ['GET /api/v1/items/{}/likes'],
  'POST /items/new': ['GET /api/v1/questions/similar'], // the ask form posted back for similar questions
  'POST /items/{}/accept': ['POST /api/v1/items/{}/accept'],
  'POST /items/{}/vote': ['PUT /api/v1/items/{}/vote', 'DELETE /api/v1/items/{}/vote'],
  'POST /items/{}/status': ['PATCH /api/v1/items/{}'], // an idea's status and status_comment
  'POST /items/{}/comments': ['POST /api/v1/items/{}/comments'],
  'POST /comments/{}/edit': ['PATCH /api/v1/comments/{}'],
  'POST /comments/{}/delete': ['DELETE /api/v1/comments/{}'],
  'POST /comments/{}/like': ['PUT /api/v1/comments/{}/like', 'DELETE /api/v1/comments/{}/like'],
  'POST /people/{}/follow': ['PUT /api/v1/people/{}/follow', 'DELETE /api/v1/people/{}/follow'],
  'GET /people/{}/followers': ['GET /api/v1/people/{}/followers'],
  'GET /people/{}/following': ['GET /api/v1/people/{}/following'],
  'GET /notifications': ['GET /api/v1/notifications'],
  'POST /notifications/read': ['POST /api/v1/notifications/read'],
  'GET /settings/notifications': ['GET /api/v1/notifications/preferences'],
  'POST /settings/notifications': ['PUT /api/v1/notifications/preferences'],
  'GET /spaces': ['GET /api/v1/spaces'],
  'POST /spaces': ['POST /api/v1/spaces'],
  'GET /spaces/{}': ['GET /api/v1/spaces/{}', 'GET /api/v1/spaces/{}/stream'],
  'GET /spaces/{}/photo': ['GET /api/v1/spaces/{}/picture'],
  'POST /spaces/{}/photo': ['PUT /api/v1/spaces/{}/picture'],
  'POST /spaces/{}/photo/delete': ['DELETE /api/v1/spaces/{}/picture'],
  'POST /spaces/{}/join': ['POST /api/v1/spaces/{}/join'],
  'POST /spaces/{}/leave': ['POST /api/v1/spaces/{}/leave'],
  'GET /spaces/{}/content': ['GET /api/v1/items'], // ?space=&type=
  'GET /spaces/{}/members': ['GET /api/v1/spaces/{}/members'],
  'POST /spaces/{}/members': ['POST /api/v1/spaces/{}/members'],
  'POST /spaces/{}/members/{}': ['PATCH /api/v1/spaces/{}/members/{}', 'DELETE /api/v1/spaces/{}/members/{}'],
  'GET /spaces/{}/settings': ['GET /api/v1/spaces/{}'],
  'POST /spaces/{}/settings': ['PATCH /api/v1/spaces/{}'],
  'POST /spaces/{}/archive': ['PATCH /api/v1/spaces/{}'], // member archived
  'POST /spaces/{}/delete': ['DELETE /api/v1/spaces/{}'],
  'GET /spaces/{}/wiki': ['GET /api/v1/items'], // ?space=&type=wiki
  'GET /spaces/{}/wiki/{}': ['GET /api/v1/items', 'GET /api/v1/items/{}'], // pages carry their slug
  'GET /items/{}/revisions': ['GET /api/v1/items/{}/revisions'],
  'GET /items/{}/revisions/{}': ['GET /api/v1/items/{}/revisions/{}'],
  'GET /items/{}/diff': ['GET /api/v1/items/{}/diff'],
  'POST /items/{}/revisions/{}/restore': ['POST /api/v1/items/{}/revisions/{}/restore'],
  'GET /admin/invitations': ['GET /api/v1/invitations'],
  'POST /admin/invitations': ['POST /api/v1/invitations'],
  'POST /admin/invitations/{}/revoke': ['DELETE /api/v1/invitations/{}'],
  'POST /items/{}/rsvp': ['PUT /api/v1/items/{}/rsvp', 'DELETE /api/v1/items/{}/rsvp'],
  'GET /items/{}/attendees': ['GET /api/v1/items/{}/attendees'],
  'GET /items/{}/calendar.ics': ['GET /api/v1/items/{}/calendar.ics'],
  'GET /spaces/{}/events': ['GET /api/v1/spaces/{}/events'],
  'GET /settings/feeds': ['GET /api/v1/me/feed-token'],
  'POST /settings/feeds': ['POST /api/v1/me/feed-token', 'DELETE /api/v1/me/feed-token'],
  'GET /items/{}/download': ['GET /api/v1/items/{}/download'],
  'POST /items/{}/versions': ['POST /api/v1/items/{}/versions'],
  'POST /spaces/{}/incoming-webhooks': ['POST /api/v1/spaces/{}/incoming-webhooks'],
  'POST /spaces/{}/incoming-webhooks/{}/delete': ['DELETE /api/v1/spaces/{}/incoming-webhooks/{}'],
  'POST /spaces/{}/webhooks/{}/delete': ['DELETE /api/v1/webhooks/{}'],
  'POST /spaces/{}/webhooks': ['POST /api/v1/webhooks'],
  'GET /settings/webhooks': ['GET /api/v1/webhooks'],
  'POST /settings/webhooks': ['POST /api/v1/webhooks'],
  'GET /settings/webhooks/{}': ['GET /api/v1/webhooks/{}/deliveries'],
  'POST /settings/webhooks/{}/delete': ['DELETE /api/v1/webhooks/{}'],
  'POST /settings/webhooks/{}/deliveries/{}/resend': ['POST /api/v1/webhooks/{}/deliveries/{}/resend'],
  'GET /settings/tokens': ['GET /api/v1/tokens'],
  'POST /settings/tokens': ['POST /api/v1/tokens'],
  'POST /settings/tokens/{}/revoke': ['DELETE /api/v1/tokens/{}'],
  'GET /search': ['GET /api/v1/search'],
};

// Web routes with no API twin, and why.
const FORM = 'an HTML form page: the API takes the same fields in the body of its twin operation';
const WEB_ONLY = {
  'GET /healthz': 'operations: a load balancer\'s probe, not a feature',
  'GET /metrics': 'operations: Prometheus text format for the monitoring system',
  'GET /assets/{}': 'static CSS, JavaScript and images of the pages',
  'GET /login': 'the sign-in form; API callers use tokens',
  'POST /login': 'opens a browser session; API callers use tokens',
  'POST /logout': 'ends a browser session; tokens are revoked with DELETE /api/v1/tokens/{id}',
  'GET /invite/{}': 'the newcomer has no account yet, so no token: the single-use link is opened in a browser',
  'POST /invite/{}': 'creates the newcomer\'s account and browser session from the link (see GET /invite/{})',
  'GET /password/forgot': 'someone who lost their password has no session and no token: the form is for a browser',
  'POST /password/forgot': 'sends the reset link by e-mail to someone signed out (see GET /password/forgot)',
  'GET /reset/{}': 'the single-use link of the e-mail, opened in a browser',
  'POST /reset/{}': 'sets the new password and opens a browser session from the link',
  'POST /people/{}/reset-link': 'an administrator makes a link to hand to a person for their browser; PATCH /api/v1/people/{id}/account manages accounts',
  'GET /people/{}/edit': FORM,
  'GET /items/new': FORM,
  'GET /items/{}/edit': FORM,
  'GET /comments/{}/edit': FORM,
  'GET /spaces/new': FORM,
  'GET /spaces/{}/delete': 'a confirmation page; the API deletes with DELETE /api/v1/spaces/{id}',
  'GET /fragments/stream': 'an HTML fragment of the stream for the pages\' live updates (the API has the streams and GET /api/v1/events)',
  'GET /items/{}/preview': 'a downscaled image for pages; the API serves the file itself (GET /api/v1/items/{id}/download)',
  'GET /spaces/{}/calendar.ics': 'itself a machine format (iCalendar) for calendar clients',
  'GET /people/{}/calendar.ics': 'itself a machine format (iCalendar) for calendar clients',
  'GET /feed.atom': 'itself a machine format (Atom) for feed readers',
  'GET /spaces/{}/feed.atom': 'itself a machine format (Atom) for feed readers',
  'GET /people/{}/feed.atom': 'itself a machine format (Atom) for feed readers',
  'GET /tags/{}/feed.atom': 'itself a machine format (Atom) for feed readers',
};

const webRoutes = ROUTES.filter((r) => !r.pattern.startsWith('/api/'));
const apiRoutes = new Set(ROUTES.filter((r) => r.pattern.startsWith('/api/')).map((r) => key(r.method, r.pattern)));
const documented = new Set();
for (const [p, item] of Object.entries(DOC.paths)) {
  for (const m of Object.keys(item)) if (m !== 'parameters') documented.add(key(m, p));
}

test('the route table is read whole', () => {
  const entries = (fs.readFileSync(path.join(fx.REPO_ROOT, 'src', 'http', 'routes.c'), 'utf8').match(/\{\s*M_[A-Z]+\s*,/g) || []).length;
  assert.equal(ROUTES.length, entries, 'fixtures.routeTable() missed routes');
  assert.ok(webRoutes.length >= 50 && apiRoutes.size >= 50, `${webRoutes.length} web, ${apiRoutes.size} API routes`);
});

test('every web route has an API twin or a reason to be web-only', () => {
  const missing = webRoutes.map((r) => key(r.method, r.pattern)).filter((k) => !(k in TWINS) && !(k in WEB_ONLY));
  assert.deepEqual(missing, [], 'web routes without an API twin: add the API operation and map it in TWINS, or say why in WEB_ONLY');
  const both = Object.keys(TWINS).filter((k) => k in WEB_ONLY);
  assert.deepEqual(both, [], 'a route is both mapped and web-only');
  for (const [k, why] of Object.entries(WEB_ONLY)) assert.ok(why.length > 20, `${k}: give a reason`);
});

test('every API twin exists in routes.c and in docs/openapi.json', () => {
  const bad = [];
  for (const [web, twins] of Object.entries(TWINS)) {
    assert.ok(twins.length > 0, `${web}: no twin`);
    for (const t of twins) {
      const k = key(...t.split(' '));
      if (!apiRoutes.has(k)) bad.push(`${web} → ${t}: not a route of routes.c`);
      if (!documented.has(k)) bad.push(`${web} → ${t}: not in docs/openapi.json`);
    }
  }
  assert.deepEqual(bad, []);
});

test('no stale entries: every mapped or web-only route is still in routes.c', () => {
  const web = new Set(webRoutes.map((r) => key(r.method, r.pattern)));
  const stale = [...Object.keys(TWINS), ...Object.keys(WEB_ONLY)].filter((k) => !web.has(k));
  assert.deepEqual(stale, []);
});
