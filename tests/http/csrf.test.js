'use strict';
// Cross-site request forgery: every route marked MUTATES in
// src/http/routes.c (read from the file, so a new route is covered the day
// it is added) refuses a request without this session's token, with
// another session's token, and from another origin.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const ADMIN = { email: 'admin@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };
const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };
const CSRF_MSG = 'The form has expired or came from another site. Reload the page and try again.';

let srv;
before(async () => { srv = await startServer({ users: [ADMIN, BOB] }); });
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

const routes = fx.routeTable();
const mutating = routes.filter((r) => r.flags.includes('MUTATES'));

test('the route table is read completely', () => {
  const src = fs.readFileSync(path.join(fx.REPO_ROOT, 'src', 'http', 'routes.c'), 'utf8');
  const declared = (src.match(/\{\s*M_[A-Z]+\s*,/g) || []).length;
  assert.equal(routes.length, declared, 'every route line parsed');
  assert.ok(mutating.length >= 10, `found ${mutating.length} MUTATES routes`);
  for (const r of routes) {
    // URL_TOKEN: the secret in the URL is the credential (incoming webhooks), no session, no CSRF
    if (r.method !== 'GET' && !r.flags.includes('URL_TOKEN')) assert.ok(r.flags.includes('MUTATES'), `${r.method} ${r.pattern} changes state: it must be MUTATES`);
    else assert.ok(!r.flags.includes('MUTATES'), `GET ${r.pattern} must not change state`);
  }
});

// A concrete path for a pattern; the CSRF check runs before the handler,
// so the value only has to route.
function concrete(pattern) {
  return pattern.replace(/\/invite\/\{\}/, '/invite/' + 'x'.repeat(43)).replace(/\{\}/g, '1')
    .replace(/\*$/, 'x');
}

async function send(client, route, { token, headers = {} }) {
  const urlPath = concrete(route.pattern);
  const method = route.method;
  if (route.flags.includes('JSON')) {
    const h = { ...headers };
    if (token !== undefined) h['x-csrf-token'] = token;
    return client.json(method, urlPath, { title: 'forged' }, { headers: h });
  }
  if (route.flags.includes('UPLOAD')) {
    return fx.postMultipart(client, urlPath, [{ name: 'photo', filename: 'p.png', type: 'image/png', data: fx.PNG_1x1 }],
      { csrf: token === undefined ? null : token, headers });
  }
  const fields = { email: 'x@example.test', password: 'whatever password', lang: 'fr', role: 'admin', name: 'Forged',
    current: BOB.password, new: 'forged password 1', csrf: token === undefined ? null : token };
  return client.postForm(urlPath, fields, { headers });
}

function assertRefused(res, label) {
  assert.equal(res.status, 403, `${label}: status ${res.status} ${res.text.slice(0, 200)}`);
  if (/problem\+json/.test(res.headers.get('content-type') || '')) assert.equal(res.json().detail, CSRF_MSG, label);
  else {
    assert.match(res.text, new RegExp(CSRF_MSG.replace(/[.]/g, '\\.')), label);
    fx.validHtml(res, label);
  }
}

test('every MUTATES route refuses a missing token, a token of another session, and another origin', async () => {
  const admin = await fx.signedIn(srv.url, ADMIN.email, ADMIN.password);
  const bob = await fx.signedIn(srv.url, BOB.email, BOB.password);
  const anon = new Client(srv.url);
  await anon.get('/login');
  assert.ok(admin.csrf && bob.csrf && anon.csrf);
  assert.notEqual(admin.csrf, bob.csrf);
  assert.notEqual(admin.csrf, anon.csrf);

  for (const route of mutating) {
    const label = `${route.method} ${route.pattern}`;
    assertRefused(await send(admin, route, {}), `${label} without a token`);
    assertRefused(await send(admin, route, { token: '' }), `${label} with an empty token`);
    assertRefused(await send(admin, route, { token: bob.csrf }), `${label} with another session's token`);
    assertRefused(await send(admin, route, { token: anon.csrf }), `${label} with an anonymous token`);
    assertRefused(await send(admin, route, { token: admin.csrf, headers: { origin: 'http://evil.example' } }),
      `${label} from another origin`);
    assertRefused(await send(admin, route, { token: admin.csrf, headers: { origin: srv.url + '.evil.example' } }),
      `${label} from a look-alike origin`);
    assertRefused(await send(admin, route, { token: admin.csrf, headers: { referer: 'http://evil.example/page' } }),
      `${label} with a foreign Referer`);
    const stolen = await send(anon, route, { token: admin.csrf });
    if (route.flags.includes('NEED_LOGIN')) assert.equal(stolen.status, 401, `${label} with a stolen token and no session`);
    else assertRefused(stolen, `${label} with a stolen token and no session`);
  }
  // Nothing above went through: both sessions live, Bob's password unchanged.
  assert.equal((await admin.get('/')).status, 200);
  assert.equal((await bob.get('/')).status, 200);
  await fx.signedIn(srv.url, BOB.email, BOB.password);
  const me = await admin.json('GET', '/api/v1/me');
  assert.equal(me.json().name, ADMIN.name);
  assert.equal(me.json().lang, null);
});

test('the right token from this origin goes through', async () => {
  const c = new Client(srv.url);
  await c.get('/login');
  const same = await c.postForm('/lang', { lang: 'en', next: '/login' }, { headers: { origin: srv.url } });
  assert.equal(same.status, 303);
  const referer = await c.postForm('/lang', { lang: 'en', next: '/login' }, { headers: { referer: srv.url + '/login' } });
  assert.equal(referer.status, 303);
  const none = await c.postForm('/lang', { lang: 'en', next: '/login' });
  assert.equal(none.status, 303, 'no Origin (non-browser client): the token suffices');
  const header = await c.request('POST', '/lang', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': c.csrf },
    body: 'lang=en',
  });
  assert.equal(header.status, 303, 'the token may come in X-CSRF-Token');
});

test('the refusal page carries a fresh token so the visitor can go on', async () => {
  const c = new Client(srv.url);
  await c.get('/login');
  const r = await c.postForm('/login', { email: BOB.email, password: BOB.password, csrf: 'forged' });
  assertRefused(r, 'POST /login forged');
  assert.ok(r.csrf, 'the page has a token');
  const ok = await c.login(BOB.email, BOB.password);
  assert.equal(ok.status, 303);
});
