'use strict';
// Outgoing webhooks (/api/v1/webhooks): registration and its validation,
// who may register what, deliveries to a receiver on loopback that checks
// the Standard Webhooks signature, the ActivityStreams body, retries with
// backoff, re-sending, and hooks never told what their owner may not see.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/webhooks.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const crypto = require('node:crypto');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'webhooks password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('olga', 'Olga Owner'), person('bob', 'Bob Durand')];

let srv;
let client;
const tokens = {};
const spaces = {};
let receiver;

/** The Standard Webhooks check, written from the specification. */
function verify(secret, headers, body) {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigs = (headers['webhook-signature'] || '').split(' ');
  assert.ok(id && ts && sigs.length, 'webhook headers present');
  assert.ok(Math.abs(Date.now() / 1000 - Number(ts)) < 300, 'timestamp is recent');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
  return sigs.some((s) => s === `v1,${expected}`);
}

/** A loopback receiver; `failures` first answers are 503. */
function startReceiver(failures = 0) {
  return new Promise((resolve) => {
    const got = [];
    let waiters = [];
    const r = { got, failures, attempts: 0, secret: null };
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        r.attempts++;
        if (r.failures > 0) {
          r.failures--;
          res.writeHead(503).end('busy');
          return;
        }
        got.push({ headers: req.headers, body, valid: r.secret ? verify(r.secret, req.headers, body) : null });
        res.writeHead(204).end();
        const w = waiters;
        waiters = [];
        for (const f of w) f();
      });
    });
    r.wait = async (n, ms = 15000) => {
      const until = Date.now() + ms;
      while (got.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} deliveries, got ${got.length}`);
        await new Promise((res) => { waiters.push(res); setTimeout(res, 200); });
      }
    };
    r.close = () => new Promise((res) => server.close(res));
    server.listen(0, '127.0.0.1', () => {
      r.url = `http://127.0.0.1:${server.address().port}/hook`;
      resolve(r);
    });
  });
}

function api(who, method, path, body) {
  return client.json(method, path, body, { token: who ? tokens[who] : undefined, cookies: false });
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

before(async () => {
  srv = await startServer({ users: USERS,
    env: { RUCHE_ALLOW_PRIVATE_FETCH: 'true', RUCHE_JOB_RETRY_BASE: '1', RUCHE_JOB_MAX_ATTEMPTS: '4' } });
  for (const u of USERS) tokens[u.email.split('@')[0]] = await fx.createToken(srv.dataDir, u.email);
  client = new fx.Client(srv.url);
  spaces.olga = (await ok('olga', 'POST', '/api/v1/spaces', { name: 'Olga team', visibility: 'private' }, 201)).id;
  spaces.bob = (await ok('bob', 'POST', '/api/v1/spaces', { name: 'Bob secret', visibility: 'private', secret: true }, 201)).id;
  spaces.open = (await ok('bob', 'POST', '/api/v1/spaces', { name: 'Bob open', visibility: 'internal' }, 201)).id;
  receiver = await startReceiver();
});

after(async () => {
  if (receiver) await receiver.close();
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

test('registering: validation, the secret once, who may register what', async () => {
  await problem('olga', 'POST', '/api/v1/webhooks', { url: 'ftp://x.example/', events: ['item.created'], space: spaces.olga }, 400, 'url');
  await problem('olga', 'POST', '/api/v1/webhooks', { url: receiver.url, events: [], space: spaces.olga }, 400, 'events');
  await problem('olga', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['item.eaten'], space: spaces.olga }, 400, 'events');
  await problem('olga', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['item.created', 'item.created'], space: spaces.olga }, 400, 'events');
  await problem('olga', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['item.created'], space: 'x' }, 400, 'space');
  await problem('olga', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['item.created'], colour: 1 }, 400, 'colour');
  // a space owner: not for every space, not for another's space (a secret one is not even found)
  await problem('olga', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['item.created'] }, 403);
  await problem('olga', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['item.created'], space: spaces.open }, 403);
  await problem('olga', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['item.created'], space: spaces.bob }, 404);
  const anon = await api(null, 'GET', '/api/v1/webhooks');
  assert.equal(anon.status, 401);
  const h = await ok('olga', 'POST', '/api/v1/webhooks',
    { url: receiver.url, events: ['item.created', 'comment.created', 'item.deleted'], space: spaces.olga }, 201);
  assert.match(h.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.ok(Buffer.from(h.secret.slice(6), 'base64').length >= 24);
  receiver.secret = h.secret;
  spaces.hook = h.id;
  const mine = await ok('olga', 'GET', '/api/v1/webhooks');
  assert.deepEqual(mine.items.map((x) => x.id), [h.id]);
  assert.equal(mine.items[0].secret, undefined, 'the secret is shown once');
  assert.deepEqual((await ok('bob', 'GET', '/api/v1/webhooks')).items, []);
  await problem('bob', 'DELETE', `/api/v1/webhooks/${h.id}`, undefined, 404);
  await problem('bob', 'GET', `/api/v1/webhooks/${h.id}/deliveries`, undefined, 404);
  assert.equal((await ok('ada', 'GET', '/api/v1/webhooks')).items.length, 1, 'admins see every hook');
});

test('a post and a comment in the space arrive signed, in the ActivityStreams shape; other spaces stay silent', async () => {
  const before = receiver.got.length;
  await ok('bob', 'POST', '/api/v1/items', { type: 'status', body: 'Not for Olga', space: spaces.open }, 201);
  const item = await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'Hello *team*', space: spaces.olga }, 201);
  await receiver.wait(before + 1);
  const d = receiver.got[before];
  assert.equal(d.valid, true, 'signature checks');
  const body = JSON.parse(d.body);
  assert.equal(body['@context'], 'https://www.w3.org/ns/activitystreams');
  assert.equal(body.type, 'Create');
  assert.equal(body['ruche:event'], 'item.created');
  assert.equal(body.actor.type, 'Person');
  assert.equal(body.actor.preferredUsername, 'olga');
  assert.equal(body.object.type, 'Note');
  assert.equal(body.object['ruche:id'], item.id);
  assert.match(body.object.content, /<em>team<\/em>/);
  assert.equal(body.target['ruche:id'], spaces.olga);
  await ok('olga', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'A reply' }, 201);
  await receiver.wait(before + 2);
  const c = JSON.parse(receiver.got[before + 1].body);
  assert.equal(c['ruche:event'], 'comment.created');
  assert.equal(c.object.inReplyTo['ruche:id'], item.id);
  assert.equal(receiver.got[before + 1].valid, true);
  await ok('olga', 'DELETE', `/api/v1/items/${item.id}`, undefined, 204);
  await receiver.wait(before + 3);
  const del = JSON.parse(receiver.got[before + 2].body);
  assert.equal(del.type, 'Delete');
  assert.equal(del.object.type, 'Tombstone');
  assert.equal(del.object.content, undefined);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(receiver.got.length, before + 3, 'the post in another space was not sent');
  const list = await ok('olga', 'GET', `/api/v1/webhooks/${spaces.hook}/deliveries`);
  assert.equal(list.items.length, 3);
  assert.ok(list.items.every((x) => x.status === 'ok' && x.response_code === 204 && x.attempts === 1));
});

test('a receiver that fails first is retried with backoff, then a delivery can be sent again', async () => {
  const flaky = await startReceiver(2);
  try {
    const h = await ok('ada', 'POST', '/api/v1/webhooks', { url: flaky.url, events: ['item.created'] }, 201);
    flaky.secret = h.secret;
    const t0 = Date.now();
    await ok('bob', 'POST', '/api/v1/items', { type: 'status', body: 'Seen by the admin hook', space: spaces.bob }, 201);
    await flaky.wait(1, 20000);
    assert.equal(flaky.attempts, 3);
    assert.ok(Date.now() - t0 >= 2500, 'waited 1 s then 2 s between attempts');
    assert.equal(flaky.got[0].valid, true);
    // the receiver answered; the server records the answer a moment later
    let list;
    for (let i = 0; i < 50; i++) {
      list = await ok('ada', 'GET', `/api/v1/webhooks/${h.id}/deliveries`);
      if (list.items[0].status !== 'retrying') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(list.items[0].status, 'ok');
    assert.equal(list.items[0].attempts, 3);
    const again = await ok('ada', 'POST', `/api/v1/webhooks/${h.id}/deliveries/${list.items[0].id}/resend`, undefined, 202);
    assert.equal(again.status, 'pending');
    await flaky.wait(2);
    assert.equal(flaky.got[1].headers['webhook-id'], flaky.got[0].headers['webhook-id'], 'same message id');
    assert.equal(flaky.got[1].valid, true);
    await problem('ada', 'POST', `/api/v1/webhooks/${h.id}/deliveries/999999/resend`, undefined, 404);
    await ok('ada', 'DELETE', `/api/v1/webhooks/${h.id}`, undefined, 204);
    await problem('ada', 'DELETE', `/api/v1/webhooks/${h.id}`, undefined, 404);
  } finally {
    await flaky.close();
  }
});
