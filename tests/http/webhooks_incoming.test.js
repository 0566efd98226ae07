'use strict';
// Incoming webhooks: a space's owner creates a URL (its token shown once,
// stored hashed), lists and deletes them; another application POSTs JSON
// to it (no session, no CSRF token) and a status update appears in the
// space, by the creator, "via" the integration's name. Unknown tokens 404,
// bad JSON 400, large bodies 413, a creator who may no longer post 403.
// The pages: /settings/webhooks (admins) and the space settings' section.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/webhooks_incoming.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'incoming password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('olga', 'Olga Owner'), person('bob', 'Bob Durand')];

let srv;
let client;
const tokens = {};
const ids = {};
const spaces = {};

function api(who, method, path, body, headers = {}) {
  return client.json(method, path, body, { token: who ? tokens[who] : undefined, cookies: false, headers });
}
async function ok(who, method, path, body, status = 200) {
  const res = await api(who, method, path, body);
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
  return status === 204 ? null : res.json();
}
async function problem(who, method, path, body, status, field) {
  const res = await api(who, method, path, body);
  const p = fx.assertProblem(res, status, `${who}: ${method} ${path} ${JSON.stringify(body) || ''}`);
  if (field !== undefined) assert.equal(p.field, field, JSON.stringify(p));
  return p;
}
/** What "another application" sends: no cookie, no token, no CSRF header. */
function deliver(url, body, type = 'application/json') {
  const u = new URL(url);
  return client.request('POST', u.pathname, { cookies: false, headers: { 'content-type': type }, body });
}
const S = (id, rest = '') => `/api/v1/spaces/${id}${rest}`;

before(async () => {
  srv = await startServer({ users: USERS });
  for (const u of USERS) tokens[u.email.split('@')[0]] = await fx.createToken(srv.dataDir, u.email);
  client = new fx.Client(srv.url);
  for (const h of ['ada', 'olga', 'bob']) ids[h] = (await ok(h, 'GET', '/api/v1/me')).id;
  spaces.olga = (await ok('olga', 'POST', '/api/v1/spaces', { name: 'Olga team', visibility: 'private' }, 201)).id;
  spaces.bob = (await ok('bob', 'POST', '/api/v1/spaces', { name: 'Bob secret', visibility: 'private', secret: true }, 201)).id;
  spaces.open = (await ok('bob', 'POST', '/api/v1/spaces', { name: 'Bob open', visibility: 'internal' }, 201)).id;
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

test('create, list without secrets, delete; who may', async () => {
  await problem('olga', 'POST', S(spaces.olga, '/incoming-webhooks'), {}, 400, 'name');
  await problem('olga', 'POST', S(spaces.olga, '/incoming-webhooks'), { name: '  ' }, 400, 'name');
  await problem('olga', 'POST', S(spaces.olga, '/incoming-webhooks'), { name: 'x'.repeat(81) }, 400, 'name');
  await problem('olga', 'POST', S(spaces.olga, '/incoming-webhooks'), { name: 'CI', colour: 1 }, 400, 'colour');
  await problem('olga', 'POST', S(spaces.open, '/incoming-webhooks'), { name: 'CI' }, 403);
  await problem('olga', 'POST', S(spaces.bob, '/incoming-webhooks'), { name: 'CI' }, 404);
  await problem('olga', 'GET', S(spaces.bob, '/incoming-webhooks'), undefined, 404);
  assert.equal((await api(null, 'GET', S(spaces.olga, '/incoming-webhooks'))).status, 401);
  const h = await ok('olga', 'POST', S(spaces.olga, '/incoming-webhooks'), { name: 'Jenkins' }, 201);
  assert.equal(h.name, 'Jenkins');
  assert.equal(h.space, spaces.olga);
  assert.match(h.url, /^https?:\/\/[^/]+\/api\/v1\/hooks\/[A-Za-z0-9_-]{43}$/);
  const list = await ok('olga', 'GET', S(spaces.olga, '/incoming-webhooks'));
  assert.deepEqual(list.items.map((x) => x.id), [h.id]);
  assert.equal(list.items[0].url, undefined, 'the URL (its token) is shown once');
  assert.ok(!JSON.stringify(list).includes(h.url.split('/').pop()));
  await problem('bob', 'DELETE', S(spaces.olga, `/incoming-webhooks/${h.id}`), undefined, 403);
  await ok('olga', 'DELETE', S(spaces.olga, `/incoming-webhooks/${h.id}`), undefined, 204);
  await problem('olga', 'DELETE', S(spaces.olga, `/incoming-webhooks/${h.id}`), undefined, 404);
  assert.equal((await deliver(h.url, JSON.stringify({ text: 'gone' }))).status, 404, 'a deleted hook answers 404');
});

test('another application posts in the space, under the integration name', async () => {
  const h = await ok('olga', 'POST', S(spaces.olga, '/incoming-webhooks'), { name: 'Build bot' }, 201);
  const res = await deliver(h.url, JSON.stringify({ text: 'Build **#42** passed', title: 'CI [main]' }));
  assert.equal(res.status, 201, res.text);
  const id = res.json().id;
  const item = await ok('olga', 'GET', `/api/v1/items/${id}`);
  assert.equal(item.type, 'status');
  assert.equal(item.space, spaces.olga);
  assert.equal(item.author.id, ids.olga);
  assert.equal(item.via, 'Build bot');
  assert.match(item.body_html, /<strong>CI \[main\]<\/strong>/);
  assert.match(item.body_html, /Build <strong>#42<\/strong> passed/);
  const stream = await ok('olga', 'GET', S(spaces.olga, '/stream'));
  assert.ok(stream.items.some((x) => x.id === id && x.via === 'Build bot'));
  // the card says "via Build bot"
  const web = await fx.signedIn(srv.url, 'olga@example.test', PASSWORD);
  const page = await fx.page(web, `/items/${id}`);
  assert.match(page.text, /<span class="via">via Build bot<\/span>/);
  // not readable by those outside the private space
  await problem('bob', 'GET', `/api/v1/items/${id}`, undefined, 404);
  // ordinary posts carry no via
  const plain = await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'by hand', space: spaces.olga }, 201);
  assert.equal(plain.via, undefined);
});

test('bad tokens, bad bodies, limits', async () => {
  const h = await ok('olga', 'POST', S(spaces.olga, '/incoming-webhooks'), { name: 'Limits' }, 201);
  const token = h.url.split('/').pop();
  fx.assertProblem(await deliver(`${srv.url}/api/v1/hooks/${'A'.repeat(43)}`, '{"text":"x"}'), 404);
  fx.assertProblem(await deliver(`${srv.url}/api/v1/hooks/short`, '{"text":"x"}'), 404);
  fx.assertProblem(await deliver(`${srv.url}/api/v1/hooks/${token.slice(0, -1)}X`, '{"text":"x"}'), 404);
  fx.assertProblem(await deliver(h.url, '{"text": '), 400);
  fx.assertProblem(await deliver(h.url, '[1]'), 400);
  fx.assertProblem(await deliver(h.url, ''), 400);
  fx.assertProblem(await deliver(h.url, 'text=hi', 'application/x-www-form-urlencoded'), 415);
  const field = async (body, name) => {
    const p = fx.assertProblem(await deliver(h.url, JSON.stringify(body)), 400, JSON.stringify(body));
    assert.equal(p.field, name, JSON.stringify(p));
  };
  await field({}, 'text');
  await field({ text: '   ' }, 'text');
  await field({ text: 5 }, 'text');
  await field({ text: 'x'.repeat(5001) }, 'text');
  await field({ text: 'ok', title: 'a\nb' }, 'title');
  await field({ text: 'ok', title: 't'.repeat(201) }, 'title');
  await field({ text: 'ok', channel: '#x' }, 'channel');
  fx.assertProblem(await deliver(h.url, JSON.stringify({ text: 'x'.repeat(17 * 1024) })), 413);
  // a browser's session and CSRF do not matter: the token is the credential
  const res = await client.request('POST', `/api/v1/hooks/${token}`,
    { cookies: false, headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{"text":"from anywhere"}' });
  assert.equal(res.status, 201, res.text);
});

test('the creator removed from the space: the hook stops working', async () => {
  await ok('olga', 'POST', S(spaces.open, '/join'), undefined, 200);
  await ok('bob', 'PATCH', S(spaces.open, `/members/${ids.olga}`), { role: 'owner' });
  const h = await ok('olga', 'POST', S(spaces.open, '/incoming-webhooks'), { name: 'Olga bot' }, 201);
  assert.equal((await deliver(h.url, '{"text":"while an owner"}')).status, 201);
  await ok('bob', 'DELETE', S(spaces.open, `/members/${ids.olga}`), undefined, 204);
  fx.assertProblem(await deliver(h.url, '{"text":"after removal"}'), 403);
  // the space's remaining owner still sees and deletes it
  const list = await ok('bob', 'GET', S(spaces.open, '/incoming-webhooks'));
  assert.deepEqual(list.items.map((x) => x.id), [h.id]);
  await ok('bob', 'DELETE', S(spaces.open, `/incoming-webhooks/${h.id}`), undefined, 204);
});

test('the space settings page: the webhooks section and its forms (CSRF)', async () => {
  const web = await fx.signedIn(srv.url, 'olga@example.test', PASSWORD);
  const slug = (await ok('olga', 'GET', S(spaces.olga))).slug;
  let page = await fx.page(web, `/spaces/${slug}/settings`);
  assert.match(page.text, /<section class="narrow" id="webhooks">/);
  assert.match(page.text, new RegExp(`<form method="post" action="/spaces/${slug}/incoming-webhooks"><input type="hidden" name="csrf"`));
  // without the CSRF token: refused
  assert.equal((await web.postForm(`/spaces/${slug}/incoming-webhooks`, { name: 'Forged', csrf: null })).status, 403);
  const created = await web.postForm(`/spaces/${slug}/incoming-webhooks`, { name: 'Page bot' });
  assert.equal(created.status, 200, created.text.slice(0, 300));
  fx.validHtml(created, 'created page');
  const url = created.text.match(/value="(https?:\/\/[^"]+\/api\/v1\/hooks\/[A-Za-z0-9_-]{43})"/)[1];
  assert.equal((await deliver(url, '{"text":"from the page hook"}')).status, 201);
  page = await fx.page(web, `/spaces/${slug}/settings`);
  assert.ok(page.text.includes('Page bot'));
  assert.ok(!page.text.includes(url.split('/').pop()), 'the token is not shown again');
  const hook = (await ok('olga', 'GET', S(spaces.olga, '/incoming-webhooks'))).items.find((x) => x.name === 'Page bot');
  const del = await web.postForm(`/spaces/${slug}/incoming-webhooks/${hook.id}/delete`, {});
  assert.equal(del.status, 303);
  assert.equal((await deliver(url, '{"text":"after"}')).status, 404);
  // a member who does not own the space sees no such section
  const bobWeb = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  const bobPage = await bobWeb.get(`/spaces/${slug}/settings`);
  assert.ok(!bobPage.text.includes('id="webhooks"'));
});
