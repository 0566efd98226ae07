'use strict';
// The API's rate limits (a token bucket per token, account or anonymous
// address: 429 with Retry-After and RateLimit-* headers) and its ETags on
// JSON reads (304 when If-None-Match matches; private, revalidated).
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/api_limits.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'limits password 1';
const USERS = [
  { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: PASSWORD },
  { email: 'bob@example.test', name: 'Bob Durand', role: 'employee', password: PASSWORD },
];

let limited; // 6 requests a minute, 3 at once
let open;    // no limit (the default of the test servers)
const tok = {};

before(async () => {
  limited = await startServer({ users: USERS, env: { RUCHE_API_RATE: '6', RUCHE_API_BURST: '3' } });
  open = await startServer({ users: USERS });
  tok.ada = await fx.createToken(limited.dataDir, 'ada@example.test');
  tok.ada2 = await fx.createToken(limited.dataDir, 'ada@example.test');
  tok.openAda = await fx.createToken(open.dataDir, 'ada@example.test');
  tok.openBob = await fx.createToken(open.dataDir, 'bob@example.test');
});

after(async () => {
  for (const s of [limited, open]) {
    if (!s) continue;
    await fx.assertNo5xx(s);
    await s.stop();
  }
});

test('a token gets its burst, then 429 problem+json with Retry-After and RateLimit headers', async () => {
  const c = new fx.Client(limited.url);
  const seen = [];
  for (let i = 0; i < 3; i++) {
    const r = await c.json('GET', '/api/v1/me', undefined, { token: tok.ada });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('ratelimit-limit'), '3');
    assert.equal(r.headers.get('ratelimit-policy'), '3;w=30');
    seen.push(Number(r.headers.get('ratelimit-remaining')));
    assert.ok(Number(r.headers.get('ratelimit-reset')) >= 1);
  }
  assert.deepEqual(seen, [2, 1, 0]);
  const r = await c.json('GET', '/api/v1/me', undefined, { token: tok.ada });
  const p = fx.assertProblem(r, 429, 'over the limit');
  assert.match(p.detail, /Retry-After/);
  const after = Number(r.headers.get('retry-after'));
  assert.ok(after >= 1 && after <= 10, `Retry-After ${after}`);
  assert.equal(r.headers.get('ratelimit-remaining'), '0');
  // writes are counted and refused alike
  fx.assertProblem(await c.json('POST', '/api/v1/items', { body: 'x' }, { token: tok.ada }), 429);
  // each token has its own bucket
  assert.equal((await c.json('GET', '/api/v1/me', undefined, { token: tok.ada2 })).status, 200);
});

test('sessions are limited per account, anonymous callers per address; pages are not limited', async () => {
  const s = await fx.signedIn(limited.url, 'bob@example.test', PASSWORD);
  for (let i = 0; i < 3; i++) assert.equal((await s.json('GET', '/api/v1/me')).status, 200);
  fx.assertProblem(await s.json('GET', '/api/v1/me'), 429, 'session');
  const again = await fx.signedIn(limited.url, 'bob@example.test', PASSWORD); // another session, same account
  fx.assertProblem(await again.json('GET', '/api/v1/me'), 429, 'same account');
  for (let i = 0; i < 5; i++) await fx.page(s, '/spaces');
  const anon = new fx.Client(limited.url);
  for (let i = 0; i < 3; i++) assert.equal((await anon.json('GET', '/api/v1/spaces')).status, 200);
  const r = await anon.json('GET', '/api/v1/spaces');
  fx.assertProblem(r, 429, 'anonymous');
  assert.ok(r.headers.get('retry-after'));
  // an invalid token counts against the address too (no free guessing)
  fx.assertProblem(await anon.json('GET', '/api/v1/me', undefined, { token: 'x'.repeat(43) }), 429);
});

test('JSON reads carry a strong ETag; If-None-Match answers 304 with no body', async () => {
  const c = new fx.Client(open.url);
  const r = await c.json('GET', '/api/v1/me', undefined, { token: tok.openAda });
  assert.equal(r.status, 200);
  const etag = r.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.equal(r.headers.get('cache-control'), 'private, no-cache');
  assert.match(r.headers.get('vary'), /Authorization/);
  assert.match(r.headers.get('vary'), /Cookie/);
  // the same answer, the same tag
  const r2 = await c.json('GET', '/api/v1/me', undefined, { token: tok.openAda });
  assert.equal(r2.headers.get('etag'), etag);
  for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
    const nm = await c.json('GET', '/api/v1/me', undefined, { token: tok.openAda, headers: { 'if-none-match': inm } });
    assert.equal(nm.status, 304, inm);
    assert.equal(nm.text, '');
    assert.equal(nm.headers.get('etag'), etag);
  }
  // another reader sees another answer, so another tag: never a 304 for them
  const bob = await c.json('GET', '/api/v1/me', undefined, { token: tok.openBob, headers: { 'if-none-match': etag } });
  assert.equal(bob.status, 200);
  assert.notEqual(bob.headers.get('etag'), etag);
  // a change makes a new tag
  const patch = await c.json('PATCH', `/api/v1/people/${r.json().id}`, { title: 'Chief' }, { token: tok.openAda });
  assert.equal(patch.status, 200, patch.text);
  assert.equal(patch.headers.get('etag'), null, 'no ETag on writes');
  const r3 = await c.json('GET', '/api/v1/me', undefined, { token: tok.openAda, headers: { 'if-none-match': etag } });
  assert.equal(r3.status, 200);
  assert.notEqual(r3.headers.get('etag'), etag);
  // lists too; errors never
  const list = await c.json('GET', '/api/v1/spaces', undefined, { token: tok.openAda });
  const nm = await c.json('GET', '/api/v1/spaces', undefined,
    { token: tok.openAda, headers: { 'if-none-match': list.headers.get('etag') } });
  assert.equal(nm.status, 304);
  const missing = await c.json('GET', '/api/v1/items/999999', undefined, { token: tok.openAda });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('etag'), null);
  // the public OpenAPI document keeps its public caching, with a tag
  const doc = await c.json('GET', '/api/v1/openapi.json');
  assert.match(doc.headers.get('cache-control'), /public/);
  assert.ok(doc.headers.get('etag'));
  // pages have no ETag (they hold a per-request nonce)
  const page = await c.get('/spaces');
  assert.equal(page.headers.get('etag'), null);
});
