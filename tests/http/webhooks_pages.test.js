'use strict';
// The outgoing webhooks' pages: /settings/webhooks for administrators
// (list with URL, events, space, creator, last delivery; create, the secret
// shown once; delete), /settings/webhooks/{id} (deliveries, 50 a page,
// re-send), and a space's settings section where its owners create hooks
// for the space and open their deliveries. Everyone else: 404 (or no
// section). Every page goes through the HTML validator of the test Client.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/webhooks_pages.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'webhook pages password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('olga', 'Olga Owner'), person('bob', 'Bob Durand')];

let srv;
let client;
let receiver;
const tokens = {};
const web = {};
const spaces = {};

function startReceiver() {
  return new Promise((resolve) => {
    const r = { got: [] };
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { r.got.push({ headers: req.headers, body }); res.writeHead(204).end(); });
    });
    r.wait = async (n, ms = 20000) => {
      const until = Date.now() + ms;
      while (r.got.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} deliveries, got ${r.got.length}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    r.close = () => new Promise((res) => server.close(res));
    server.listen(0, '127.0.0.1', () => { r.url = `http://127.0.0.1:${server.address().port}/in`; resolve(r); });
  });
}
async function ok(who, method, path, body, status = 200) {
  const res = await client.json(method, path, body, { token: tokens[who], cookies: false });
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
  return status === 204 ? null : res.json();
}
const rows = (html) => (html.match(/<tr id="delivery-\d+">/g) || []).length;

before(async () => {
  srv = await startServer({ users: USERS, env: { RUCHE_ALLOW_PRIVATE_FETCH: 'true' } });
  client = new fx.Client(srv.url);
  for (const u of USERS) {
    const h = u.email.split('@')[0];
    tokens[h] = await fx.createToken(srv.dataDir, u.email);
    web[h] = await fx.signedIn(srv.url, u.email, PASSWORD);
  }
  spaces.olga = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Olga crew', visibility: 'private' }, 201);
  spaces.bob = await ok('bob', 'POST', '/api/v1/spaces', { name: 'Bob corner', visibility: 'internal' }, 201);
  receiver = await startReceiver();
});

after(async () => {
  if (receiver) await receiver.close();
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

test('administrators: the settings link, create (secret once), list, form errors', async () => {
  const nav = await fx.page(web.ada, '/settings/tokens');
  assert.match(nav.text, /<a href="\/settings\/webhooks">Webhooks<\/a>/);
  assert.ok(!(await fx.page(web.olga, '/settings/tokens')).text.includes('/settings/webhooks'), 'not for employees');
  let page = await fx.page(web.ada, '/settings/webhooks');
  assert.match(page.text, /No outgoing webhook yet/);
  // form errors: a 4xx page naming the problem, the hook not created
  let res = await web.ada.postForm('/settings/webhooks', { url: 'ftp://nope.example/', 'item.created': '1' });
  assert.equal(res.status, 400);
  fx.validHtml(res, 'bad url');
  assert.match(fx.formError(res.text), /http or https/);
  res = await web.ada.postForm('/settings/webhooks', { url: receiver.url });
  assert.equal(res.status, 400);
  assert.match(fx.formError(res.text), /at least one event/);
  res = await web.ada.postForm('/settings/webhooks', { url: receiver.url, 'item.created': '1', space: 'no-such-space' });
  assert.equal(res.status, 400);
  assert.match(fx.formError(res.text), /no such space/);
  assert.equal((await web.ada.postForm('/settings/webhooks', { url: receiver.url, 'item.created': '1', csrf: null })).status, 403);
  assert.equal((await ok('ada', 'GET', '/api/v1/webhooks')).items.length, 0);
  // a global hook, then one for Bob's space
  res = await web.ada.postForm('/settings/webhooks', { url: receiver.url, 'item.created': '1', 'item.deleted': '1' });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  fx.validHtml(res, 'created');
  const secret = res.text.match(/value="(whsec_[A-Za-z0-9+/=]+)"/)[1];
  res = await web.ada.postForm('/settings/webhooks', { url: `${receiver.url}?b`, 'comment.created': '1', space: spaces.bob.slug });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const hooks = (await ok('ada', 'GET', '/api/v1/webhooks')).items;
  assert.equal(hooks.length, 2);
  assert.deepEqual(hooks[0].events, ['item.created', 'item.deleted']);
  assert.equal(hooks[0].space, null);
  assert.equal(hooks[1].space, spaces.bob.id);
  page = await fx.page(web.ada, '/settings/webhooks');
  assert.ok(!page.text.includes(secret), 'the secret is shown once');
  assert.ok(page.text.includes('Every space') && page.text.includes('Bob corner') && page.text.includes('Ada Admin'));
  assert.match(page.text, /<code>item\.created<\/code> <code>item\.deleted<\/code>/);
  assert.match(page.text, /none yet/);
});

test('deliveries: the last status on the list, 50 a page, re-send', async () => {
  const hook = (await ok('ada', 'GET', '/api/v1/webhooks')).items.find((h) => h.space === null);
  const start = receiver.got.length;
  for (let i = 0; i < 51; i++) await ok('bob', 'POST', '/api/v1/items', { type: 'status', body: `n${i}`, space: spaces.bob.id }, 201);
  await receiver.wait(start + 51);
  let page;
  for (let i = 0; i < 50; i++) { // the receiver answered; the status is written a moment later
    page = await fx.page(web.ada, `/settings/webhooks/${hook.id}`);
    if (!/retrying|pending/.test(page.text)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(rows(page.text), 50);
  assert.match(page.text, /<td><code>item\.created<\/code><\/td><td>delivered<\/td><td>1<\/td>/);
  assert.match(page.text, /<td>204<\/td>/);
  const older = page.text.match(/href="(\/settings\/webhooks\/\d+\?before=\d+)" rel="next"/);
  assert.ok(older, 'a link to older deliveries');
  const page2 = await fx.page(web.ada, older[1].replace(/&amp;/g, '&'));
  assert.equal(rows(page2.text), 1);
  assert.ok(!page2.text.includes('rel="next"'));
  assert.equal((await web.ada.get(`/settings/webhooks/${hook.id}?before=x`)).status, 400);
  assert.match((await fx.page(web.ada, '/settings/webhooks')).text, /<td>Ada Admin<\/td><td>delivered<\/td>/);
  // re-send the newest: the same message again
  const d = page.text.match(/action="\/settings\/webhooks\/\d+\/deliveries\/(\d+)\/resend"/)[1];
  const before = receiver.got.length;
  const res = await web.ada.postForm(`/settings/webhooks/${hook.id}/deliveries/${d}/resend`, {});
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /\?done=resent$/);
  await receiver.wait(before + 1);
  const last = receiver.got[receiver.got.length - 1];
  const newest = receiver.got.slice(start).find((g) => g.headers['webhook-id'] === last.headers['webhook-id']);
  assert.ok(newest && newest !== last, 're-sent with the same webhook-id');
  assert.equal((await web.ada.postForm(`/settings/webhooks/${hook.id}/deliveries/99999/resend`, {})).status, 404);
});

test('space owners: create from the space settings, open their deliveries; others 404', async () => {
  const slug = spaces.olga.slug;
  let page = await fx.page(web.olga, `/spaces/${slug}/settings`);
  assert.match(page.text, new RegExp(`<form method="post" action="/spaces/${slug}/webhooks">`));
  assert.ok(!page.text.includes('id="hook-space"'), 'no space field in a space');
  let res = await web.olga.postForm(`/spaces/${slug}/webhooks`, { url: 'nope', 'item.created': '1' });
  assert.equal(res.status, 400);
  res = await web.olga.postForm(`/spaces/${slug}/webhooks`, { url: receiver.url, 'item.created': '1' });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  fx.validHtml(res, 'space hook created');
  assert.match(res.text, /whsec_/);
  const hook = (await ok('olga', 'GET', `/api/v1/webhooks?space=${spaces.olga.id}`)).items[0];
  assert.equal(hook.space, spaces.olga.id);
  page = await fx.page(web.olga, `/spaces/${slug}/settings`);
  assert.match(page.text, new RegExp(`<a href="/settings/webhooks/${hook.id}">`));
  const start = receiver.got.length;
  await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'crew news', space: spaces.olga.id }, 201);
  await receiver.wait(start + 1);
  page = await fx.page(web.olga, `/settings/webhooks/${hook.id}`);
  assert.equal(rows(page.text), 1);
  assert.ok(page.text.includes('Olga crew'));
  // employees: no admin page; another's hooks and deliveries are 404
  for (const path of ['/settings/webhooks', `/settings/webhooks/${hook.id}`]) {
    assert.equal((await web.bob.get(path)).status, 404, `bob ${path}`);
  }
  assert.equal((await web.olga.get('/settings/webhooks')).status, 404);
  const global = (await ok('ada', 'GET', '/api/v1/webhooks')).items.find((h) => h.space === null);
  assert.equal((await web.olga.get(`/settings/webhooks/${global.id}`)).status, 404);
  assert.equal((await web.bob.postForm(`/settings/webhooks/${hook.id}/delete`, {})).status, 404);
  assert.equal((await web.bob.postForm(`/settings/webhooks/${hook.id}/deliveries/1/resend`, {})).status, 404);
  assert.equal((await web.bob.postForm('/settings/webhooks', { url: receiver.url, 'item.created': '1' })).status, 404);
  // Bob sees Olga's private space (not secret: its about page is open to employees) but does not own it: 403
  assert.equal((await web.bob.postForm(`/spaces/${slug}/webhooks`, { url: receiver.url, 'item.created': '1' })).status, 403);
  assert.equal((await ok('olga', 'GET', `/api/v1/webhooks?space=${spaces.olga.id}`)).items.length, 1);
  // the admin sees it too
  assert.equal((await web.ada.get(`/settings/webhooks/${hook.id}`)).status, 200);
  // the owner deletes it from the deliveries page's hook: back to the space settings
  res = await web.olga.postForm(`/settings/webhooks/${hook.id}/delete`, {});
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), new RegExp(`/spaces/${slug}/settings`));
  assert.equal((await web.olga.get(`/settings/webhooks/${hook.id}`)).status, 404);
});

test('administrators delete a hook (with a confirmation prompt): nothing more is sent', async () => {
  const page = await fx.page(web.ada, '/settings/webhooks');
  assert.match(page.text, /data-confirm="Delete this webhook\? Nothing more will be sent to it\."/);
  for (const h of (await ok('ada', 'GET', '/api/v1/webhooks')).items) {
    const res = await web.ada.postForm(`/settings/webhooks/${h.id}/delete`, {});
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location'), /\/settings\/webhooks\?done=deleted$/);
  }
  assert.match((await fx.page(web.ada, '/settings/webhooks?done=deleted')).text, /The webhook is deleted/);
  assert.equal((await ok('ada', 'GET', '/api/v1/webhooks')).items.length, 0);
  const start = receiver.got.length;
  await ok('bob', 'POST', '/api/v1/items', { type: 'status', body: 'after deletion', space: spaces.bob.id }, 201);
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(receiver.got.length, start);
});

test('French pages', async () => {
  const res = await web.ada.get('/settings/webhooks', { headers: { 'accept-language': 'fr' } });
  assert.equal(res.status, 200);
  assert.match(res.text, /Aucun webhook sortant/);
});
