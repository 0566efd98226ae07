'use strict';
// A webhook's receiver is down while Ruche restarts: the delivery written
// when the item was created (and acknowledged to its author) survives a
// SIGTERM and a SIGKILL of the server, is retried with backoff by the
// restarted server on the same data directory (job_retry_base=1 s here),
// and arrives once the receiver is back: exactly one message for the one
// event, a valid Standard Webhooks signature, and the delivery listed as
// delivered after several attempts.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/webhooks_restart.test.js

const { test } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const crypto = require('node:crypto');
const { startServer, serveDataDir } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'webhook restart password 1';
const USERS = [{ email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: PASSWORD }];
const ENV = { RUCHE_ALLOW_PRIVATE_FETCH: 'true', RUCHE_JOB_RETRY_BASE: '1', RUCHE_JOB_MAX_ATTEMPTS: '8' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function verify(secret, headers, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
  return (headers['webhook-signature'] || '').split(' ').includes(`v1,${expected}`);
}

/** A receiver on `port` (0: any); resolves once listening. */
function listen(port) {
  return new Promise((resolve, reject) => {
    const r = { got: [] };
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { r.got.push({ headers: req.headers, body }); res.writeHead(200).end('ok'); });
    });
    server.on('error', reject);
    r.close = () => new Promise((res) => { server.closeAllConnections?.(); server.close(res); });
    server.listen(port, '127.0.0.1', () => { r.port = server.address().port; resolve(r); });
  });
}

async function exitOf(pid, ms = 10000) {
  const until = Date.now() + ms;
  for (;;) {
    try { process.kill(pid, 0); } catch { return; }
    if (Date.now() > until) throw new Error(`process ${pid} still running`);
    await sleep(50);
  }
}

async function scenario(signal) {
  const srv = await startServer({ users: USERS, env: ENV });
  let node2;
  let receiver;
  try {
    const token = await fx.createToken(srv.dataDir, USERS[0].email);
    let client = new fx.Client(srv.url);
    const call = async (method, path, body, status) => {
      const res = await client.json(method, path, body, { token, cookies: false });
      assert.equal(res.status, status, `${method} ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
      return res.json();
    };
    // a port nobody listens on any more: the receiver is down
    const probe = await listen(0);
    const port = probe.port;
    await probe.close();
    const hook = await call('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['item.created'] }, 201);
    const space = await call('POST', '/api/v1/spaces', { name: `Restart ${signal}`, visibility: 'internal' }, 201);
    const item = await call('POST', '/api/v1/items', { type: 'status', body: 'while the receiver is down', space: space.id }, 201);
    if (signal === 'SIGKILL') {
      srv.kill(); // at once after the acknowledgement: no chance to flush anything more
    } else {
      await sleep(1500); // a first attempt fails (connection refused)
      process.kill(srv.pid, 'SIGTERM');
    }
    await exitOf(srv.pid);
    receiver = await listen(port);
    node2 = await serveDataDir(srv.dataDir, ENV);
    client = new fx.Client(node2.url);
    const until = Date.now() + 30000;
    while (receiver.got.length < 1 && Date.now() < until) await sleep(100);
    assert.equal(receiver.got.length, 1, 'the delivery arrived after the restart');
    await sleep(1500); // and nothing more comes (no duplicate)
    assert.equal(receiver.got.length, 1, 'exactly one message');
    const d = receiver.got[0];
    assert.ok(verify(hook.secret, d.headers, d.body), 'Standard Webhooks signature');
    const body = JSON.parse(d.body);
    assert.equal(body['ruche:event'], 'item.created');
    assert.equal(body.object['ruche:id'], item.id);
    let list;
    for (let i = 0; i < 50; i++) {
      list = await call('GET', `/api/v1/webhooks/${hook.id}/deliveries`, undefined, 200);
      if (list.items[0]?.status === 'ok') break;
      await sleep(100);
    }
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].status, 'ok');
    assert.equal(list.items[0].message_id, d.headers['webhook-id']);
    if (signal === 'SIGTERM') assert.ok(list.items[0].attempts >= 2, `attempts: ${list.items[0].attempts}`);
  } finally {
    if (node2) await node2.stop();
    if (receiver) await receiver.close();
    await srv.stop();
  }
}

test('receiver down, Ruche stopped with SIGTERM and restarted: the delivery arrives, signed, once', () => scenario('SIGTERM'));
test('receiver down, Ruche killed (SIGKILL) right after the item was acknowledged: the delivery still arrives', () => scenario('SIGKILL'));
