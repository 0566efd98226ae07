'use strict';
// The REST API under /api/v1: tokens, JSON shapes, pagination, validation
// and problem+json errors.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const ADMIN = { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };
const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };
const CAROL = { email: 'carol@example.test', name: 'Carol Chef', role: 'employee', password: 'carol password 1' };

let srv;
let c; // a client without cookies for token calls
let bobToken;
let adminToken;
let readToken;
let bobId;
let carolId;

before(async () => {
  srv = await startServer({ users: [ADMIN, BOB, CAROL] });
  for (let i = 0; i < 12; i++) {
    const r = await runCli(['user', 'add', '--data', srv.dataDir, '--email', `p${String(i).padStart(2, '0')}@example.test`,
      '--name', `Person ${String(i).padStart(2, '0')}`]);
    assert.equal(r.code, 0, r.stderr);
  }
  bobToken = await fx.createToken(srv.dataDir, BOB.email);
  adminToken = await fx.createToken(srv.dataDir, ADMIN.email, ['--scope', 'read write admin']);
  readToken = await fx.createToken(srv.dataDir, BOB.email, ['--scope', 'read']);
  c = new Client(srv.url);
});
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

const get = (p, token = bobToken) => c.json('GET', p, undefined, { token, cookies: false });
const patch = (p, body, token = bobToken) => c.json('PATCH', p, body, { token, cookies: false });

test('GET /api/v1/me describes the token\'s owner', async () => {
  const r = await get('/api/v1/me');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const me = r.json();
  assert.equal(typeof me.id, 'number');
  assert.equal(me.handle, 'bob');
  assert.equal(me.email, BOB.email);
  assert.equal(me.name, BOB.name);
  assert.equal(me.role, 'employee');
  assert.equal(me.lang, null);
  assert.deepEqual(me.expertise, []);
  assert.equal(me.manager_id, null);
  assert.equal(me.photo_url, null);
  assert.equal(me.profile_url, '/people/bob');
  assert.equal(me.disabled, false);
  bobId = me.id;
  // private to the caller, revalidated with its ETag (tests/http/api_limits.test.js)
  assert.equal(r.headers.get('cache-control'), 'private, no-cache');
});

test('without a token: 401 problem+json; a bad token: 401', async () => {
  const none = await c.json('GET', '/api/v1/me', undefined, { cookies: false });
  const p = fx.assertProblem(none, 401, 'no token');
  assert.equal(p.detail, 'Sign in or send an API token.');
  assert.match(none.headers.get('www-authenticate') || '', /^Bearer/);
  for (const auth of [`Bearer ${'x'.repeat(43)}`, 'Bearer ', `Bearer ${bobToken}x`, `Basic ${Buffer.from('a:b').toString('base64')}`, 'Bearer']) {
    const r = await c.json('GET', '/api/v1/me', undefined, { cookies: false, headers: { authorization: auth } });
    fx.assertProblem(r, 401, `Authorization: ${auth}`);
  }
  fx.assertProblem(await c.json('PATCH', '/api/v1/people/1', { name: 'x' }, { cookies: false }), 401, 'PATCH without token');
});

test('GET /api/v1/people pages with a cursor; next_cursor is null on the last page', async () => {
  const seen = [];
  let cursor = '';
  let pages = 0;
  for (;;) {
    const r = await get(`/api/v1/people?limit=4${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
    assert.equal(r.status, 200);
    const body = r.json();
    assert.deepEqual(Object.keys(body).sort(), ['items', 'next_cursor']);
    assert.ok(body.items.length <= 4);
    seen.push(...body.items.map((p) => p.name));
    pages++;
    if (body.next_cursor === null) break;
    assert.equal(typeof body.next_cursor, 'string');
    cursor = body.next_cursor;
    assert.ok(pages < 20, 'pagination ends');
  }
  assert.equal(seen.length, 15, 'everyone');
  assert.equal(new Set(seen).size, 15, 'nobody twice');
  assert.deepEqual(seen, [...seen].sort((a, b) => a.localeCompare(b)));
  const all = (await get('/api/v1/people')).json();
  assert.equal(all.items.length, 15, 'default limit 20 covers everyone');
  assert.equal(all.next_cursor, null);
  const q = (await get('/api/v1/people?q=person%200')).json();
  assert.equal(q.items.length, 11, 'Person 00 to 09, and 10');
  const carol = (await get('/api/v1/people?q=carol')).json().items;
  assert.equal(carol.length, 1);
  carolId = carol[0].id;
});

test('limit and cursor are validated', async () => {
  for (const limit of ['0', '101', '-1', 'abc', '10x', '']) {
    const p = fx.assertProblem(await get(`/api/v1/people?limit=${limit}`), 400, `limit=${limit}`);
    assert.match(p.detail, /limit must be a number from 1 to 100/);
  }
  assert.equal((await get('/api/v1/people?limit=1')).status, 200);
  assert.equal((await get('/api/v1/people?limit=100')).status, 200);
  const p = fx.assertProblem(await get('/api/v1/people?cursor=%21%21'), 400, 'bad cursor');
  assert.equal(p.field, 'cursor');
});

test('GET /api/v1/people/{id}', async () => {
  const r = await get(`/api/v1/people/${carolId}`);
  assert.equal(r.status, 200);
  assert.equal(r.json().name, 'Carol Chef');
  assert.equal(r.json().lang, undefined, 'one\'s language is private');
  for (const id of ['999999', '0', '-1', 'abc', '1x']) fx.assertProblem(await get(`/api/v1/people/${id}`), 404, `id ${id}`);
});

test('PATCH oneself works; JSON in, the updated person out', async () => {
  const r = await patch(`/api/v1/people/${bobId}`, {
    name: 'Bob Marley', title: 'Engineer', department: 'R&D', location: 'Nantes', phone: '+33 1',
    bio: '*hi*', lang: 'fr', manager: 'carol', expertise: ['C', 'Go'],
  });
  assert.equal(r.status, 200, r.text);
  const p = r.json();
  assert.equal(p.name, 'Bob Marley');
  assert.equal(p.title, 'Engineer');
  assert.equal(p.department, 'R&D');
  assert.equal(p.manager_id, carolId);
  assert.deepEqual(p.expertise, ['C', 'Go']);
  assert.equal(p.lang, 'fr');
  const again = (await get('/api/v1/me')).json();
  assert.equal(again.name, 'Bob Marley');
  const cleared = await patch(`/api/v1/people/${bobId}`, { manager: null, expertise: [], lang: '' });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.json().manager_id, null);
  assert.deepEqual(cleared.json().expertise, []);
  assert.equal(cleared.json().lang, null);
  const empty = await patch(`/api/v1/people/${bobId}`, {});
  assert.equal(empty.status, 200, 'an empty patch changes nothing');
});

test('PATCH someone else: 403 problem+json; an admin may', async () => {
  const p = fx.assertProblem(await patch(`/api/v1/people/${carolId}`, { name: 'Hacked' }), 403, 'Bob patches Carol');
  assert.equal(p.detail, 'You may only edit your own profile.');
  assert.equal((await get(`/api/v1/people/${carolId}`)).json().name, 'Carol Chef');
  const role = fx.assertProblem(await patch(`/api/v1/people/${bobId}`, { role: 'admin' }), 403, 'Bob makes himself admin');
  assert.equal(role.field, 'role');
  assert.equal((await get('/api/v1/me')).json().role, 'employee');
  const same = await patch(`/api/v1/people/${bobId}`, { role: 'employee' });
  assert.equal(same.status, 200, 'restating one\'s own role is harmless');

  const ok = await patch(`/api/v1/people/${carolId}`, { title: 'Chief' }, adminToken);
  assert.equal(ok.status, 200);
  assert.equal(ok.json().title, 'Chief');
});

test('PATCH validation: unknown fields, wrong types, bad values, conflicts', async () => {
  const url = `/api/v1/people/${bobId}`;
  const unknown = fx.assertProblem(await patch(url, { nickname: 'x' }), 400, 'unknown field');
  assert.equal(unknown.field, 'nickname');
  for (const ro of ['id', 'email', 'disabled', 'photo_url']) {
    assert.equal(fx.assertProblem(await patch(url, { [ro]: 'x' }), 400, `read-only ${ro}`).field, ro);
  }
  for (const body of [{ name: 5 }, { name: true }, { title: ['a'] }, { expertise: 'C, Go' }, { expertise: [1] },
    { expertise: ['a,b'] }, { manager: 7 }, { bio: {} }]) {
    fx.assertProblem(await patch(url, body), 400, `wrong type ${JSON.stringify(body)}`);
  }
  const handle = fx.assertProblem(await patch(url, { handle: '!!' }), 400, 'bad handle');
  assert.equal(handle.field, 'handle');
  assert.equal(fx.assertProblem(await patch(url, { name: '' }), 400, 'empty name').field, 'name');
  assert.equal(fx.assertProblem(await patch(url, { lang: 'de' }), 400, 'lang').field, 'lang');
  const taken = fx.assertProblem(await patch(url, { handle: 'carol' }), 409, 'handle taken');
  assert.equal(taken.field, 'handle');
  assert.equal(fx.assertProblem(await patch(url, { manager: 'bob' }), 400, 'own manager').field, 'manager');
  assert.equal((await get('/api/v1/me')).json().handle, 'bob', 'nothing changed');
});

test('malformed bodies: 400 or 415 problem+json', async () => {
  const url = `/api/v1/people/${bobId}`;
  for (const body of ['{', '{"name": "x",}', 'null', '[]', '"text"', '42', '{"name":"a","name":"b"}', '\u0000']) {
    const p = fx.assertProblem(await patch(url, body), 400, `body ${JSON.stringify(body)}`);
    assert.match(p.detail, /JSON object/);
  }
  const type = await c.json('PATCH', url, '{"name":"x"}', { token: bobToken, cookies: false, headers: { 'content-type': 'text/plain' } });
  fx.assertProblem(type, 415, 'text/plain body');
  const form = await c.json('PATCH', url, 'name=x', { token: bobToken, cookies: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  fx.assertProblem(form, 415, 'form body');
  const noBody = await c.json('PATCH', url, undefined, { token: bobToken, cookies: false });
  fx.assertProblem(noBody, 400, 'no body');
});

test('token scopes: a read token cannot write', async () => {
  assert.equal((await get('/api/v1/me', readToken)).status, 200);
  const p = fx.assertProblem(await patch(`/api/v1/people/${bobId}`, { title: 'x' }, readToken), 403, 'read token PATCH');
  assert.match(p.detail, /write scope/);
});

test('a session cookie works for the API, but writes need X-CSRF-Token', async () => {
  const s = await fx.signedIn(srv.url, BOB.email, BOB.password);
  const me = await s.json('GET', '/api/v1/me');
  assert.equal(me.status, 200);
  const no = await s.json('PATCH', `/api/v1/people/${bobId}`, { title: 'From the page' });
  fx.assertProblem(no, 403, 'PATCH without X-CSRF-Token');
  const other = await fx.signedIn(srv.url, CAROL.email, CAROL.password);
  fx.assertProblem(await s.json('PATCH', `/api/v1/people/${bobId}`, { title: 'x' }, { headers: { 'x-csrf-token': other.csrf } }),
    403, 'another session\'s token');
  const ok = await s.json('PATCH', `/api/v1/people/${bobId}`, { title: 'From the page' }, { headers: { 'x-csrf-token': s.csrf } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json().title, 'From the page');
  // A token is not taken from a cookie-less page request: Authorization wins on the API only.
  const page = await c.get('/', { headers: { authorization: `Bearer ${bobToken}` }, cookies: false });
  assert.equal(page.status, 303, 'bearer tokens do not sign in web pages');
});

test('a disabled account\'s tokens stop working', async () => {
  const r = await runCli(['user', 'disable', '--data', srv.dataDir, CAROL.email]);
  assert.equal(r.code, 0);
  const t = await fx.createToken(srv.dataDir, CAROL.email);
  fx.assertProblem(await get('/api/v1/me', t), 401, 'disabled');
  await runCli(['user', 'enable', '--data', srv.dataDir, CAROL.email]);
  assert.equal((await get('/api/v1/me', t)).status, 200);
});

test('unknown API paths and methods answer problem+json', async () => {
  const p = fx.assertProblem(await get('/api/v1/nothing'), 404, 'unknown path');
  assert.equal(p.title, 'Not Found');
  fx.assertProblem(await get('/api/v2/me'), 404, 'unknown version');
  const m = await c.json('DELETE', '/api/v1/me', undefined, { token: bobToken, cookies: false });
  fx.assertProblem(m, 405, 'DELETE /api/v1/me');
  assert.ok(m.headers.get('allow'));
  fx.assertProblem(await c.json('POST', `/api/v1/people/${bobId}`, {}, { token: bobToken, cookies: false }), 405, 'POST person');
});

test('GET /api/v1/openapi.json is an OpenAPI document', async () => {
  const r = await c.json('GET', '/api/v1/openapi.json', undefined, { cookies: false });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const doc = r.json();
  assert.match(doc.openapi, /^3\./);
  assert.equal(typeof doc.info.title, 'string');
  assert.equal(typeof doc.paths, 'object');
});
