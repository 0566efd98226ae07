'use strict';
// API tokens (issue 7): scopes enforced on every route of the table, expiry
// (CLI and API), the /api/v1/tokens routes and the /settings/tokens page.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/tokens.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'tokens password 1';
const USERS = [
  { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: PASSWORD },
  { email: 'bob@example.test', name: 'Bob Durand', role: 'employee', password: PASSWORD },
];

let srv;
let client;
const tok = {};

before(async () => {
  srv = await startServer({ users: USERS });
  client = new fx.Client(srv.url);
  tok.adaRead = await fx.createToken(srv.dataDir, 'ada@example.test', ['--scope', 'read']);
  tok.adaWrite = await fx.createToken(srv.dataDir, 'ada@example.test', ['--scope', 'write']);
  tok.adaAdmin = await fx.createToken(srv.dataDir, 'ada@example.test', ['--scope', 'admin']);
  tok.bob = await fx.createToken(srv.dataDir, 'bob@example.test');
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

const concrete = (pattern) => pattern.replace(/\{\}/g, '1');

test('a read token gets 403 problem+json on every state-changing API route', async () => {
  const routes = fx.routeTable().filter((r) => r.flags.includes('JSON') && r.flags.includes('MUTATES'));
  assert.ok(routes.length > 30, 'the route table has the mutating API routes');
  for (const r of routes) {
    const res = await client.json(r.method, concrete(r.pattern), undefined, { token: tok.adaRead });
    const p = fx.assertProblem(res, 403, `${r.method} ${r.pattern} with a read token`);
    assert.match(p.detail, /lacks the (write|admin) scope/, `${r.method} ${r.pattern}`);
  }
});

test('a write-only token gets 403 on every API read; an admin token passes the scope check', async () => {
  const routes = fx.routeTable().filter((r) => r.flags.includes('JSON') && !r.flags.includes('MUTATES'));
  for (const r of routes) {
    const res = await client.json(r.method, concrete(r.pattern), undefined, { token: tok.adaWrite });
    const p = fx.assertProblem(res, 403, `${r.method} ${r.pattern} with a write token`);
    assert.match(p.detail, r.flags.includes('ADMIN') ? /lacks the admin scope/ : /lacks the read scope/, `${r.method} ${r.pattern}`);
  }
  for (const r of routes.filter((x) => x.pattern !== '/api/v1/events')) {
    const res = await client.json(r.method, concrete(r.pattern), undefined, { token: tok.adaAdmin });
    if (res.status === 403) assert.doesNotMatch(res.json().detail || '', /lacks the/, `${r.method} ${r.pattern}`);
  }
});

test('ruche token create --expires takes days or a date and refuses the rest', async () => {
  const ok = await fx.createToken(srv.dataDir, 'bob@example.test', ['--expires', '30d', '--name', 'thirty']);
  const year = new Date().getUTCFullYear() + 1;
  await fx.createToken(srv.dataDir, 'bob@example.test', ['--expires', `${year}-06-30`, '--name', 'dated']);
  const list = await client.json('GET', '/api/v1/tokens', undefined, { token: ok });
  assert.equal(list.status, 200, list.text);
  const byName = Object.fromEntries(list.json().items.map((t) => [t.name, t]));
  const in30 = Date.parse(byName.thirty.expires_at) - Date.now();
  assert.ok(in30 > 29.9 * 86400e3 && in30 <= 30 * 86400e3, byName.thirty.expires_at);
  assert.equal(byName.dated.expires_at, `${year}-06-30T23:59:59Z`);
  for (const bad of ['0d', '30', 'soon', '2001-01-01', `${year}-02-30`, '9999d']) {
    const r = await runCli(['token', 'create', '--data', srv.dataDir, '--email', 'bob@example.test', '--expires', bad]);
    assert.notEqual(r.code, 0, `--expires ${bad}`);
    assert.match(r.stderr, /expir/i, `--expires ${bad}: ${r.stderr}`);
  }
});

test('GET/POST/DELETE /api/v1/tokens: list without secrets, create once, revoke', async () => {
  const list = await client.json('GET', '/api/v1/tokens', undefined, { token: tok.adaRead });
  assert.equal(list.status, 200);
  const body = list.json();
  assert.equal(body.next_cursor, null);
  assert.ok(body.items.length >= 3);
  assert.ok(!list.text.includes(tok.adaRead), 'no secret in the list');
  assert.ok(body.items.every((t) => !('token' in t)));
  assert.deepEqual(body.items.find((t) => t.scopes.length === 1 && t.scopes[0] === 'admin').scopes, ['admin']);

  // a read or write token may not mint others; an admin token may
  for (const t of [tok.adaRead, tok.adaWrite]) {
    fx.assertProblem(await client.json('POST', '/api/v1/tokens', { name: 'x' }, { token: t }), 403, 'mint');
  }
  const tb = await client.json('POST', '/api/v1/tokens', { name: 'Bob via token' }, { token: tok.bob });
  assert.match(fx.assertProblem(tb, 403).detail, /admin scope/);
  const made = await client.json('POST', '/api/v1/tokens', { name: 'CRM sync', scopes: ['read'], expires: '90d' },
    { token: tok.adaAdmin });
  assert.equal(made.status, 201, made.text);
  const t = made.json();
  assert.match(t.token, /^[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(t.scopes, ['read']);
  assert.equal(t.name, 'CRM sync');
  assert.equal(t.expired, false);
  assert.ok(Date.parse(t.expires_at) > Date.now() + 89 * 86400e3);
  // the new token works, within its scope
  const me = await client.json('GET', '/api/v1/me', undefined, { token: t.token });
  assert.equal(me.status, 200);
  assert.equal(me.json().handle, 'ada');
  fx.assertProblem(await client.json('POST', '/api/v1/items', { body: 'hi' }, { token: t.token }), 403);
  // another person's token is a 404; revoking one's own works at once
  fx.assertProblem(await client.json('DELETE', `/api/v1/tokens/${t.id}`, undefined, { token: tok.bob }), 404);
  const del = await client.json('DELETE', `/api/v1/tokens/${t.id}`, undefined, { token: tok.adaAdmin });
  assert.equal(del.status, 204, del.text);
  fx.assertProblem(await client.json('GET', '/api/v1/me', undefined, { token: t.token }), 401);
  fx.assertProblem(await client.json('DELETE', `/api/v1/tokens/${t.id}`, undefined, { token: tok.adaAdmin }), 404);
  fx.assertProblem(await client.json('DELETE', '/api/v1/tokens/abc', undefined, { token: tok.adaAdmin }), 404);
});

test('POST /api/v1/tokens validates every member with a 400 naming it', async () => {
  const cases = [
    [{ scopes: ['read', 'fly'] }, 'scopes'],
    [{ scopes: [] }, 'scopes'],
    [{ scopes: 'read' }, 'scopes'],
    [{ expires: 'tomorrow' }, 'expires'],
    [{ expires: '2001-01-01' }, 'expires'],
    [{ expires: 30 }, 'expires'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ name: 3 }, 'name'],
    [{ secret: 'mine' }, 'secret'],
  ];
  for (const [b, field] of cases) {
    const p = fx.assertProblem(await client.json('POST', '/api/v1/tokens', b, { token: tok.adaAdmin }), 400,
      JSON.stringify(b));
    assert.equal(p.field, field, JSON.stringify(b));
  }
});

test('a session creates a token through the API with its CSRF token, not without', async () => {
  const c = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  fx.assertProblem(await c.json('POST', '/api/v1/tokens', { name: 'no csrf' }), 403);
  const ok = await c.json('POST', '/api/v1/tokens', { name: 'with csrf' }, { headers: { 'x-csrf-token': c.csrf } });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.json().scopes, ['read', 'write']);
  assert.equal(ok.json().expires_at, null);
});

test('at most 50 active tokens per person: 409 beyond', async () => {
  await runCli(['user', 'add', '--data', srv.dataDir, '--email', 'many@example.test', '--name', 'Many Tokens']);
  const first = await fx.createToken(srv.dataDir, 'many@example.test', ['--scope', 'admin']);
  for (let i = 1; i < 50; i++) {
    const r = await client.json('POST', '/api/v1/tokens', { name: `t${i}` }, { token: first });
    assert.equal(r.status, 201, r.text);
  }
  fx.assertProblem(await client.json('POST', '/api/v1/tokens', { name: 'one too many' }, { token: first }), 409);
});

test('/settings/tokens lists, creates (secret shown once) and revokes, in both languages', async () => {
  const c = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  let res = await fx.page(c, '/settings/tokens');
  assert.match(res.text, /API tokens/);
  assert.doesNotMatch(res.text, /name="admin"/, 'no admin scope for an employee');
  res = await c.postForm('/settings/tokens', { name: 'Laptop script', read: '1', write: '1', expires: '30d' });
  fx.validHtml(res, 'POST /settings/tokens');
  assert.equal(res.status, 200);
  const secret = /id="new-token" readonly value="([A-Za-z0-9_-]{43})"/.exec(res.text)[1];
  const me = await c.json('GET', '/api/v1/me', undefined, { token: secret, cookies: false });
  assert.equal(me.json().handle, 'bob');
  res = await fx.page(c, '/settings/tokens');
  assert.ok(!res.text.includes(secret), 'the secret is shown only once');
  assert.match(res.text, /Laptop script/);
  // errors: no name, no scope, bad expiry
  for (const [fields, msg] of [
    [{ name: '', read: '1' }, /Give the token a name/],
    [{ name: 'n' }, /at least one scope/],
    [{ name: 'n', read: '1', expires: 'never' }, /number of days/],
  ]) {
    const r = await c.postForm('/settings/tokens', fields);
    fx.validHtml(r, 'token form error');
    assert.equal(r.status, 400);
    assert.match(fx.formError(r.text) || '', msg);
  }
  const list = (await c.json('GET', '/api/v1/tokens')).json().items;
  const id = list.find((t) => t.name === 'Laptop script').id;
  // someone else cannot revoke it
  const other = await fx.signedIn(srv.url, 'ada@example.test', PASSWORD);
  assert.equal((await other.postForm(`/settings/tokens/${id}/revoke`, {})).status, 404);
  res = await c.postForm(`/settings/tokens/${id}/revoke`, {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/settings/tokens?done=token-revoked');
  res = await fx.page(c, '/settings/tokens?done=token-revoked');
  assert.match(res.text, /The token is revoked/);
  assert.doesNotMatch(res.text, /Laptop script/);
  fx.assertProblem(await c.json('GET', '/api/v1/me', undefined, { token: secret, cookies: false }), 401);
  // French
  c.setCookie('ruche_lang', 'fr');
  res = await fx.page(c, '/settings/tokens');
  assert.match(res.text, /Jetons d’API/);
});
