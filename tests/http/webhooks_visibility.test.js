'use strict';
// A hook is never sent what its owner could not see, judged as the owner
// when the event happens (decision 013): an administrator sees every space
// (decision 008), so their global hook gets a private space's posts; a
// global hook whose owner is no longer an administrator gets only what an
// employee sees; a space owner removed from a space that became private
// gets nothing more from it; item.deleted reaches only the hooks that
// could see the item. Each time, a visible item in the same window is
// delivered (the control).
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/webhooks_visibility.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'webhook visibility password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('eve', 'Eve Former', 'admin'), person('olga', 'Olga Owner'),
  person('bob', 'Bob Durand')];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
let client;
const tokens = {};
const ids = {};
const rx = {};

function listen() {
  return new Promise((resolve) => {
    const r = { got: [] };
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { r.got.push(JSON.parse(body)); res.writeHead(204).end(); });
    });
    r.wait = async (n, ms = 15000) => {
      const until = Date.now() + ms;
      while (r.got.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} deliveries, got ${r.got.length}`);
        await sleep(50);
      }
    };
    r.seen = () => r.got.map((b) => `${b['ruche:event']} ${b.object['ruche:id']}`);
    r.close = () => new Promise((res) => server.close(res));
    server.listen(0, '127.0.0.1', () => { r.url = `http://127.0.0.1:${server.address().port}/`; resolve(r); });
  });
}
async function ok(who, method, path, body, status = 200) {
  const res = await client.json(method, path, body, { token: tokens[who], cookies: false });
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
  return status === 204 ? null : res.json();
}
const post = async (space, body) => (await ok('bob', 'POST', '/api/v1/items', { type: 'status', body, space }, 201)).id;

before(async () => {
  srv = await startServer({ users: USERS, env: { RUCHE_ALLOW_PRIVATE_FETCH: 'true' } });
  client = new fx.Client(srv.url);
  for (const u of USERS) {
    const h = u.email.split('@')[0];
    tokens[h] = await fx.createToken(srv.dataDir, u.email);
    ids[h] = (await ok(h, 'GET', '/api/v1/me')).id;
  }
  for (const k of ['ada', 'eve', 'olga']) rx[k] = await listen();
});

after(async () => {
  for (const r of Object.values(rx)) await r.close();
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

test('global hooks: an admin sees a private space; a former admin only what employees see, deletions included', async () => {
  const events = ['item.created', 'item.deleted'];
  await ok('ada', 'POST', '/api/v1/webhooks', { url: rx.ada.url, events }, 201);
  await ok('eve', 'POST', '/api/v1/webhooks', { url: rx.eve.url, events }, 201);
  await ok('ada', 'PATCH', `/api/v1/people/${ids.eve}`, { role: 'employee' });
  const priv = (await ok('bob', 'POST', '/api/v1/spaces', { name: 'Bob private', visibility: 'private' }, 201)).id;
  const open = (await ok('bob', 'POST', '/api/v1/spaces', { name: 'Bob internal', visibility: 'internal' }, 201)).id;
  const hidden = await post(priv, 'private plans');
  const seen = await post(open, 'news for all');
  await rx.ada.wait(2);
  await rx.eve.wait(1);
  await sleep(700);
  assert.deepEqual(rx.ada.seen(), [`item.created ${hidden}`, `item.created ${seen}`], 'an admin sees every space (decision 008)');
  assert.deepEqual(rx.eve.seen(), [`item.created ${seen}`], 'no longer an admin: not the private space');
  await ok('bob', 'DELETE', `/api/v1/items/${hidden}`, undefined, 204);
  await ok('bob', 'DELETE', `/api/v1/items/${seen}`, undefined, 204);
  await rx.ada.wait(4);
  await rx.eve.wait(2);
  await sleep(700);
  assert.deepEqual(rx.ada.seen().slice(2), [`item.deleted ${hidden}`, `item.deleted ${seen}`]);
  assert.deepEqual(rx.eve.seen(), [`item.created ${seen}`, `item.deleted ${seen}`], 'item.deleted only where it was seen');
  assert.equal(rx.eve.got[1].object.type, 'Tombstone');
});

test('a space owner who loses access to the space: their hook gets nothing more from it', async () => {
  const space = (await ok('bob', 'POST', '/api/v1/spaces', { name: 'Shared then closed', visibility: 'internal' }, 201)).id;
  await ok('olga', 'POST', `/api/v1/spaces/${space}/join`);
  await ok('bob', 'PATCH', `/api/v1/spaces/${space}/members/${ids.olga}`, { role: 'owner' });
  await ok('olga', 'POST', '/api/v1/webhooks', { url: rx.olga.url, events: ['item.created', 'item.deleted'], space }, 201);
  const first = await post(space, 'while Olga owns it');
  await rx.olga.wait(1);
  await ok('bob', 'PATCH', `/api/v1/spaces/${space}`, { visibility: 'private' });
  await ok('bob', 'DELETE', `/api/v1/spaces/${space}/members/${ids.olga}`, undefined, 204);
  const before = rx.ada.got.length;
  const later = await post(space, 'after Olga left');
  await ok('bob', 'DELETE', `/api/v1/items/${first}`, undefined, 204);
  await rx.ada.wait(before + 2); // the control: the admin's hook gets both
  await sleep(700);
  assert.deepEqual(rx.ada.seen().slice(before), [`item.created ${later}`, `item.deleted ${first}`]);
  assert.deepEqual(rx.olga.seen(), [`item.created ${first}`], 'nothing after she lost access, not even the deletion');
});
