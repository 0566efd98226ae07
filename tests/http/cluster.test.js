'use strict';
// Two `ruche serve` nodes on one PostgreSQL database (runs when the suite is
// given RUCHE_TEST_PG, as `make test` does): what one node does reaches
// the other live — posts on its event streams, profile changes in its caches
// — and a session made on one node is valid on the other.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli, serveDataDir } = require('../lib/server');
const { Client } = require('../lib/client');
const { openEvents } = require('../lib/sse');

const ONLY_PG = { skip: process.env.RUCHE_TEST_PG ? false : 'needs RUCHE_TEST_PG (make test sets it)' };

test('two nodes share posts, caches and sessions', ONLY_PG, async () => {
  const a = await startServer({
    users: [
      { email: 'anna@example.com', name: 'Anna', role: 'employee', password: 'a long password 1' },
      { email: 'bert@example.com', name: 'Bert', role: 'employee', password: 'a long password 2' },
    ],
  });
  const b = await serveDataDir(a.dataDir); // a second node: its ruche.conf names the same database
  const streams = [];
  try {
    const token = async (email) => (await runCli(['token', 'create', '--data', a.dataDir, '--email', email])).stdout.trim();
    const anna = await token('anna@example.com');
    const bert = await token('bert@example.com');
    const api = async (base, method, path, tok, body) => {
      const res = await fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${tok}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json().catch(() => null) };
    };

    // Bert listens on node B; Anna posts on node A.
    const es = await openEvents(b.url, { token: bert });
    streams.push(es);
    const posted = await api(a.url, 'POST', '/api/v1/items', anna, { type: 'status', body: 'from node A' });
    assert.equal(posted.status, 201);
    const ev = await es.waitFor((e) => e.event === 'item', 5000);
    assert.equal(ev.json().id, posted.json.id);

    // Node B shows the post with Anna's current name, after she renames
    // herself on node A (its caches are told).
    const me = (await api(a.url, 'GET', '/api/v1/me', anna)).json;
    const first = await api(b.url, 'GET', '/api/v1/stream/company', bert);
    assert.equal(first.json.items[0].author.name, 'Anna');
    assert.equal((await api(a.url, 'PATCH', `/api/v1/people/${me.id}`, anna, { name: 'Anna Renamed' })).status, 200);
    let name;
    for (let i = 0; i < 50 && name !== 'Anna Renamed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      name = (await api(b.url, 'GET', '/api/v1/stream/company', bert)).json.items[0].author.name;
    }
    assert.equal(name, 'Anna Renamed');

    // A session made on node A works on node B.
    const web = new Client(a.url);
    await web.login('bert@example.com', 'a long password 2');
    const cookie = `ruche_session=${web.cookies.ruche_session}`;
    const res = await fetch(`${b.url}/api/v1/me`, { headers: { Cookie: cookie } });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).email, 'bert@example.com');
  } finally {
    for (const es of streams) es.close();
    await b.stop();
    await a.stop();
  }
});

test('after the database drops every connection, a node reconnects and goes on', ONLY_PG, async () => {
  const a = await startServer({ users: [{ email: 'rita@example.com', name: 'Rita', role: 'employee', password: 'a long password 1' }] });
  const b = await serveDataDir(a.dataDir);
  const streams = [];
  try {
    const token = (await runCli(['token', 'create', '--data', a.dataDir, '--email', 'rita@example.com'])).stdout.trim();
    const me = async (base) => (await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status;
    assert.equal(await me(a.url), 200);
    // what a PostgreSQL restart does to the nodes: every connection is cut
    const conf = require('node:fs').readFileSync(require('node:path').join(a.dataDir, 'ruche.conf'), 'utf8');
    const db = /db = (\S+)/.exec(conf)[1];
    const cut = require('node:child_process').spawnSync('psql', [db, '-qAtc',
      'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'],
      { encoding: 'utf8' });
    assert.equal(cut.status, 0, cut.stderr);
    assert.ok(Number(cut.stdout) > 0, 'connections were cut');
    // only requests in flight may fail; after that, every one succeeds
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await me(a.url));
    assert.deepEqual(statuses.slice(2), [200, 200, 200, 200], statuses.join(' '));
    // and the relay between nodes listens again: a post on A reaches B
    // node B's connections were cut too: its first request may fail
    let es;
    for (let i = 0; i < 5 && !(es && es.status === 200); i++) {
      if (es) es.close();
      es = await openEvents(b.url, { token });
    }
    streams.push(es);
    assert.equal(es.status, 200, 'node B answers again');
    let posted;
    for (let i = 0; i < 20; i++) { // the listener reconnects within a second or so
      posted = await fetch(`${a.url}/api/v1/items`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'status', body: `after the cut ${i}` }),
      });
      if (posted.status === 201) {
        const id = (await posted.json()).id;
        const ev = await es.waitFor((e) => e.event === 'item' && e.json().id === id, 1500).catch(() => null);
        if (ev) return;
      }
    }
    assert.fail('no post made on node A after the cut reached node B');
  } finally {
    for (const es of streams) es.close();
    await b.stop();
    await a.stop();
  }
});
