'use strict';
// Scale-out behind a real HAProxy (runs when the suite has RUCHE_TEST_PG):
// two nodes on one PostgreSQL database, posts made through the balancer
// under load while node A is killed with SIGKILL — every post acknowledged
// with 201 is there afterwards, and the balancer keeps serving from node B.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');
const { startServer, runCli, serveDataDir } = require('../lib/server');

const HAVE_HAPROXY = spawnSync('haproxy', ['-v']).status === 0;
const SKIP = !process.env.RUCHE_TEST_PG ? 'needs RUCHE_TEST_PG (make test sets it)' : !HAVE_HAPROXY ? 'haproxy missing' : false;

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

test('a node killed mid-load behind HAProxy loses no acknowledged post', { skip: SKIP }, async () => {
  const a = await startServer({ users: [{ email: 'load@example.com', name: 'Load', role: 'employee', password: 'a long password 1' }] });
  const b = await serveDataDir(a.dataDir);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-haproxy-'));
  const port = await freePort();
  const cfg = path.join(dir, 'haproxy.cfg');
  const hostPort = (u) => new URL(u).host;
  fs.writeFileSync(cfg, `global
  maxconn 256
defaults
  mode http
  timeout connect 1s
  timeout client 10s
  timeout server 10s
  retries 2
  option redispatch
frontend web
  bind 127.0.0.1:${port}
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /healthz
  server a ${hostPort(a.url)} check inter 200 fall 1 rise 1
  server b ${hostPort(b.url)} check inter 200 fall 1 rise 1
`);
  const proxy = spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let proxyLog = '';
  proxy.stderr.on('data', (d) => { proxyLog += d; });
  const lb = `http://127.0.0.1:${port}`;
  try {
    const token = (await runCli(['token', 'create', '--data', a.dataDir, '--email', 'load@example.com'])).stdout.trim();
    for (let i = 0; i < 50; i++) { // wait for the balancer
      try { if ((await fetch(`${lb}/healthz`)).ok) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const acknowledged = [];
    let failed = 0;
    const post = async (n) => {
      try {
        const res = await fetch(`${lb}/api/v1/items`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'status', body: `load post ${n}` }),
        });
        if (res.status === 201) acknowledged.push((await res.json()).id);
        else failed++;
      } catch { failed++; }
    };
    // four writers, 300 posts; node A dies with SIGKILL a third of the way in
    let next = 0;
    const writer = async () => { while (next < 300) { const n = next++; if (n === 100) a.kill(); await post(n); } };
    await Promise.all([writer(), writer(), writer(), writer()]);
    assert.ok(acknowledged.length >= 150, `most posts acknowledged (${acknowledged.length}, ${failed} failed)`);
    // every acknowledged post is there, read through node B
    for (const id of acknowledged) {
      const res = await fetch(`${b.url}/api/v1/items/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, `acknowledged post ${id} must exist`);
    }
    // and the balancer still answers, from node B
    assert.equal((await fetch(`${lb}/healthz`)).status, 200);
  } finally {
    proxy.kill('SIGTERM');
    await b.stop();
    await a.stop(); // after kill(): only cleans up
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
