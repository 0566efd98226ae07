'use strict';
// The API twins of the administration and account pages: invitations
// (GET/POST /api/v1/invitations, DELETE /api/v1/invitations/{id}), an
// account's role and state (PATCH /api/v1/people/{id}/account), one's
// password (PUT /api/v1/me/password) and feed token (/api/v1/me/feed-token):
// success, 400 naming the field, 403 beyond the token's scope, 404 for
// non-admins and missing things, and the effects (links, sign-ins, feeds).
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/api_admin.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'api admin password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('bob', 'Bob Durand'), person('cleo', 'Cleo Martin'),
  person('dan', 'Dan Petit')];

let srv;
let client;
const tok = {};
const ids = {};

before(async () => {
  srv = await startServer({ users: USERS });
  tok.adaAdmin = await fx.createToken(srv.dataDir, 'ada@example.test', ['--scope', 'admin']);
  tok.adaRW = await fx.createToken(srv.dataDir, 'ada@example.test'); // read write: no admin scope
  tok.bob = await fx.createToken(srv.dataDir, 'bob@example.test');
  tok.bobAdmin = await fx.createToken(srv.dataDir, 'bob@example.test', ['--scope', 'admin']);
  tok.cleo = await fx.createToken(srv.dataDir, 'cleo@example.test');
  tok.cleoRead = await fx.createToken(srv.dataDir, 'cleo@example.test', ['--scope', 'read']);
  tok.dan = await fx.createToken(srv.dataDir, 'dan@example.test');
  client = new fx.Client(srv.url);
  const list = await api('adaAdmin', 'GET', '/api/v1/people?limit=100');
  for (const p of list.json().items) ids[p.handle] = p.id;
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

function api(who, method, path, body) {
  return client.json(method, path, body, { token: who ? tok[who] : undefined, cookies: false });
}

async function ok(who, method, path, body, status = 200) {
  const res = await api(who, method, path, body);
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
  return status === 204 ? null : res.json();
}

async function problem(who, method, path, body, status, field) {
  const res = await api(who, method, path, body);
  const p = fx.assertProblem(res, status, `${who}: ${method} ${path} ${JSON.stringify(body)}`);
  if (field !== undefined) assert.equal(p.field, field, `${method} ${path}: ${JSON.stringify(p)}`);
  return p;
}

test('invitations: created with a working link, listed, withdrawn', async () => {
  const inv = await ok('adaAdmin', 'POST', '/api/v1/invitations', { email: ' New.Hire@Example.test ', role: 'external' }, 201);
  assert.equal(inv.email, 'new.hire@example.test');
  assert.equal(inv.role, 'external');
  assert.equal(inv.invited_by, 'Ada Admin');
  assert.match(inv.url, new RegExp(`/invite/${inv.token}$`));
  assert.ok(Date.parse(inv.expires_at) - Date.parse(inv.created_at) >= 7 * 86400e3 - 1000);
  const link = (await client.get(`/invite/${inv.token}`, { cookies: false }));
  assert.equal(link.status, 200, 'the link opens the sign-up page');
  assert.match(link.text, /new\.hire@example\.test/);

  const list = await ok('adaAdmin', 'GET', '/api/v1/invitations');
  const mine = list.items.find((i) => i.id === inv.id);
  assert.ok(mine, 'the invitation is listed');
  assert.ok(!('token' in mine) && !('url' in mine), 'the secret is answered once only');
  assert.equal(list.next_cursor, null);

  await ok('adaAdmin', 'DELETE', `/api/v1/invitations/${inv.id}`, undefined, 204);
  assert.equal((await client.get(`/invite/${inv.token}`, { cookies: false })).status, 404, 'a withdrawn link is dead');
  assert.ok(!(await ok('adaAdmin', 'GET', '/api/v1/invitations')).items.some((i) => i.id === inv.id));
  await problem('adaAdmin', 'DELETE', `/api/v1/invitations/${inv.id}`, undefined, 404);
  await problem('adaAdmin', 'DELETE', '/api/v1/invitations/0', undefined, 404);
});

test('invitations: each bad input is a 400 naming its field; a taken address is 409', async () => {
  const P = '/api/v1/invitations';
  await problem('adaAdmin', 'POST', P, {}, 400, 'email');
  await problem('adaAdmin', 'POST', P, { email: 42 }, 400, 'email');
  await problem('adaAdmin', 'POST', P, { email: 'not an address' }, 400, 'email');
  await problem('adaAdmin', 'POST', P, { email: 'x@example.test', role: 'king' }, 400, 'role');
  await problem('adaAdmin', 'POST', P, { email: 'x@example.test', role: 3 }, 400, 'role');
  await problem('adaAdmin', 'POST', P, { email: 'x@example.test', team: 'a' }, 400, 'team');
  await problem('adaAdmin', 'POST', P, { email: 'bob@example.test' }, 409, 'email');
});

test('invitations: admins only (404 for others), and tokens need the admin scope (403)', async () => {
  for (const [method, path, body] of [['GET', '/api/v1/invitations'], ['POST', '/api/v1/invitations', { email: 'y@example.test' }],
    ['DELETE', '/api/v1/invitations/1']]) {
    await problem('adaRW', method, path, body, 403);
    await problem('bob', method, path, body, 404);
    await problem('bobAdmin', method, path, body, 404); // the scope does not make an admin
    await problem(null, method, path, body, 401);
  }
  assert.ok(!(await ok('adaAdmin', 'GET', '/api/v1/invitations')).items.some((i) => i.email === 'y@example.test'));
});

test('accounts: an admin changes the role and disables, then enables', async () => {
  const A = `/api/v1/people/${ids.dan}/account`;
  const ext = await ok('adaAdmin', 'PATCH', A, { role: 'external' });
  assert.equal(ext.role, 'external');
  assert.equal(ext.disabled, false);
  assert.equal((await ok('dan', 'GET', '/api/v1/me')).role, 'external');
  const off = await ok('adaAdmin', 'PATCH', A, { disabled: true });
  assert.equal(off.disabled, true);
  await problem('dan', 'GET', '/api/v1/me', undefined, 401); // a disabled person's tokens stop working
  const login = await new fx.Client(srv.url).login('dan@example.test', PASSWORD);
  assert.equal(login.status, 400, 'a disabled person cannot sign in');
  const on = await ok('adaAdmin', 'PATCH', A, { disabled: false, role: 'employee' });
  assert.equal(on.disabled, false);
  assert.equal(on.role, 'employee');
  assert.equal((await ok('dan', 'GET', '/api/v1/me')).role, 'employee');
});

test('accounts: 400 naming the field, 403 without the admin scope, 404 for non-admins and missing people', async () => {
  const A = `/api/v1/people/${ids.cleo}/account`;
  await problem('adaAdmin', 'PATCH', A, {}, 400, 'role');
  await problem('adaAdmin', 'PATCH', A, { role: 'king' }, 400, 'role');
  await problem('adaAdmin', 'PATCH', A, { role: 1 }, 400, 'role');
  await problem('adaAdmin', 'PATCH', A, { disabled: 'yes' }, 400, 'disabled');
  await problem('adaAdmin', 'PATCH', A, { name: 'x' }, 400, 'name');
  await problem('adaAdmin', 'PATCH', '/api/v1/people/999999/account', { disabled: true }, 404);
  await problem('adaRW', 'PATCH', A, { disabled: true }, 403);
  await problem('bob', 'PATCH', A, { disabled: true }, 404);
  await problem('bobAdmin', 'PATCH', A, { role: 'admin' }, 404);
  const cleo = await ok('cleo', 'GET', '/api/v1/me');
  assert.equal(cleo.role, 'employee');
  assert.equal(cleo.disabled, false);
});

test('password: the current one is needed; the new one works and other sessions end', async () => {
  const session = await fx.signedIn(srv.url, 'cleo@example.test', PASSWORD);
  assert.equal((await session.json('GET', '/api/v1/me')).status, 200);
  const P = '/api/v1/me/password';
  await problem('cleo', 'PUT', P, { current_password: 'wrong password 1', new_password: 'a brand new password' }, 400, 'current_password');
  await problem('cleo', 'PUT', P, { current_password: PASSWORD, new_password: 'short' }, 400, 'new_password');
  await problem('cleo', 'PUT', P, { new_password: 'a brand new password' }, 400, 'current_password');
  await problem('cleo', 'PUT', P, { current_password: PASSWORD }, 400, 'new_password');
  await problem('cleo', 'PUT', P, { current_password: PASSWORD, new_password: 42 }, 400, 'new_password');
  await problem('cleo', 'PUT', P, { current_password: PASSWORD, new_password: 'a brand new password', x: 1 }, 400, 'x');
  const fr = await client.json('PUT', P, { current_password: 7 }, { token: tok.cleo, cookies: false, headers: { 'accept-language': 'fr' } });
  assert.equal(fx.assertProblem(fr, 400).detail, 'current_password est le mot de passe actuel (une chaîne).', 'French messages');
  await problem('cleoRead', 'PUT', P, { current_password: PASSWORD, new_password: 'a brand new password' }, 403);
  await problem(null, 'PUT', P, { current_password: PASSWORD, new_password: 'a brand new password' }, 401);
  assert.equal((await new fx.Client(srv.url).login('cleo@example.test', PASSWORD)).status, 303, 'nothing changed yet');

  await ok('cleo', 'PUT', P, { current_password: PASSWORD, new_password: 'a brand new password' }, 204);
  assert.equal((await session.json('GET', '/api/v1/me')).status, 401, 'the other session ended');
  assert.equal((await new fx.Client(srv.url).login('cleo@example.test', PASSWORD)).status, 400, 'the old password is refused');
  assert.equal((await new fx.Client(srv.url).login('cleo@example.test', 'a brand new password')).status, 303);
  assert.equal((await api('cleo', 'GET', '/api/v1/me')).status, 200, 'API tokens stay valid');
});

test('feed token: its state, a new one that opens the feeds, revoked', async () => {
  const F = '/api/v1/me/feed-token';
  assert.deepEqual(await ok('bob', 'GET', F), { active: false, created_at: null });
  await problem('cleoRead', 'POST', F, undefined, 403);
  await problem(null, 'GET', F, undefined, 401);
  await problem('bob', 'POST', F, { reset: true }, 400);
  const first = await ok('bob', 'POST', F, undefined, 201);
  assert.equal(first.active, true);
  assert.match(first.feed_url, new RegExp(`/feed\\.atom\\?token=${first.token}$`));
  const feed = (t) => client.get(`/feed.atom?token=${t}`, { cookies: false });
  assert.equal((await feed(first.token)).status, 200);
  const state = await ok('bob', 'GET', F);
  assert.equal(state.active, true);
  assert.ok(!('token' in state), 'the secret is answered once only');
  assert.equal(state.created_at, first.created_at);
  assert.equal((await ok('cleoRead', 'GET', F)).active, false, 'read scope reads one\'s own state');

  const second = await ok('bob', 'POST', F, {}, 201);
  assert.notEqual(second.token, first.token);
  assert.equal((await feed(first.token)).status, 404, 'the old token stops working');
  assert.equal((await feed(second.token)).status, 200);
  await ok('bob', 'DELETE', F, undefined, 204);
  assert.equal((await feed(second.token)).status, 404, 'a revoked token stops working');
  assert.deepEqual(await ok('bob', 'GET', F), { active: false, created_at: null });
});
