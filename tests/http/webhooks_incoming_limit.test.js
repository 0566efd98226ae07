'use strict';
// The per-hook rate limit of incoming webhooks (incoming_rate a minute,
// incoming_burst at once): a hook's bucket is its own, whoever posts to it
// and whatever the per-address API limit (off here: RUCHE_API_RATE=0);
// beyond it, 429 with Retry-After and nothing published; refilled with time.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/webhooks_incoming_limit.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'incoming limit password 1';
const USERS = [{ email: 'olga@example.test', name: 'Olga Owner', role: 'employee', password: PASSWORD }];

let srv;
let client;
let token;

async function ok(method, path, body, status = 200) {
  const res = await client.json(method, path, body, { token, cookies: false });
  assert.equal(res.status, status, `${method} ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
  return res.json();
}
function deliver(url, text) {
  return client.request('POST', new URL(url).pathname,
    { cookies: false, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
}

before(async () => {
  // 60 a minute (one a second), 3 at once
  srv = await startServer({ users: USERS, env: { RUCHE_INCOMING_RATE: '60', RUCHE_INCOMING_BURST: '3' } });
  token = await fx.createToken(srv.dataDir, USERS[0].email);
  client = new fx.Client(srv.url);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

test('each incoming hook has its own bucket: 429 with Retry-After beyond the burst, refilled after', async () => {
  const space = (await ok('POST', '/api/v1/spaces', { name: 'Limited', visibility: 'internal' }, 201)).id;
  const a = await ok('POST', `/api/v1/spaces/${space}/incoming-webhooks`, { name: 'A' }, 201);
  const b = await ok('POST', `/api/v1/spaces/${space}/incoming-webhooks`, { name: 'B' }, 201);
  for (let i = 0; i < 3; i++) assert.equal((await deliver(a.url, `a${i}`)).status, 201, `post ${i} within the burst`);
  const refused = await deliver(a.url, 'a3');
  fx.assertProblem(refused, 429);
  const retry = Number(refused.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 2, `Retry-After ${refused.headers.get('retry-after')}`);
  // the other hook of the same space, from the same address, is not counted with A
  assert.equal((await deliver(b.url, 'b0')).status, 201);
  // an unknown token is still a 404, not a 429
  fx.assertProblem(await deliver(`${srv.url}/api/v1/hooks/${'Z'.repeat(43)}`, 'x'), 404);
  // the refused post was not published
  const stream = await ok('GET', `/api/v1/spaces/${space}/stream?limit=100`);
  const texts = stream.items.map((it) => it.body);
  assert.deepEqual(texts.filter((t) => /^a\d$/.test(t)).sort(), ['a0', 'a1', 'a2']);
  await new Promise((r) => setTimeout(r, retry * 1000 + 100));
  assert.equal((await deliver(a.url, 'a4')).status, 201, 'allowed again after Retry-After');
});
