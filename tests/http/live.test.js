'use strict';
// Idle live streams hold no worker thread: with many Server-Sent Events
// connections open (suspended in libmicrohttpd), ordinary requests are
// answered at once, a post reaches every stream allowed to see it, and the
// server stops cleanly with the streams still open.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const { openEvents } = require('../lib/sse');

const STREAMS = 400; // far more than worker threads (one per core)

test('hundreds of idle event streams do not block the server', async () => {
  const srv = await startServer({
    users: [
      { email: 'poster@example.com', name: 'Poster', role: 'employee', password: 'a long password 1' },
      { email: 'reader@example.com', name: 'Reader', role: 'employee', password: 'a long password 2' },
    ],
  });
  const streams = [];
  try {
    const token = async (email) => (await runCli(['token', 'create', '--data', srv.dataDir, '--email', email])).stdout.trim();
    const poster = await token('poster@example.com');
    const reader = await token('reader@example.com');
    for (let i = 0; i < STREAMS; i++) streams.push(await openEvents(srv.url, { token: reader }));
    for (const es of streams) assert.equal(es.status, 200);

    // ordinary requests still go through promptly
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${srv.url}/api/v1/me`, { headers: { Authorization: `Bearer ${poster}` } });
      assert.equal(res.status, 200);
    }
    assert.ok(Date.now() - started < 5000, 'requests answered while streams are open');

    // one post reaches every stream (the company stream includes it)
    const res = await fetch(`${srv.url}/api/v1/items`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${poster}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'status', body: 'hello everyone' }),
    });
    assert.equal(res.status, 201);
    const id = (await res.json()).id;
    const events = await Promise.all(streams.map((es) => es.waitFor((e) => e.event === 'item', 10000)));
    for (const ev of events) {
      assert.equal(ev.json().id, id);
      assert.ok(ev.json().streams.includes('company'));
    }
  } finally {
    await srv.stop(); // must exit 0 with the streams still open
    for (const es of streams) es.close();
  }
});
