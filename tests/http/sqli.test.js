'use strict';
// SQL injection: classic payloads in every query parameter of every GET
// route of the route table, in every path parameter, and in every member of
// the main JSON bodies. Every answer is a 2xx/3xx/4xx, never a 5xx, comes
// in under a second (no time-based injection), and the database is the
// same afterwards (row counts and a checksum of every table, read from the
// SQLite file; on PostgreSQL the counts seen through the API) except for
// what the JSON bodies legitimately created, whose values are stored as
// given, byte for byte.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');
const { Client } = require('../lib/client'); // plain: thousands of pages, validated elsewhere

const ADMIN = { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };

const PAYLOADS = [
  "' OR 1=1--", "' OR '1'='1", '" OR ""="', '1; DROP TABLE items', "1'; DROP TABLE items;--", '1 OR 1=1',
  "' UNION SELECT NULL,NULL,NULL--", '1 UNION ALL SELECT name, sql FROM sqlite_master--', "'; SELECT pg_sleep(5)--",
  "1 AND 1=(SELECT 1 FROM pg_sleep(5))", "1 AND randomblob(500000000)", "' AND sqlite3_sleep(5000)--",
  "1/**/OR/**/1=1", "admin'--", "1e9999", "-1", "'\\''", "%27%20OR%201%3D1", '$1', '?1',
];
const PARAMS = ['cursor', 'q', 'type', 'space', 'author', 'tag', 'from', 'to', 'limit', 'lang', 'department', 'mine',
  'archived', 'parent', 'role', 'answered', 'status', 'sort', 'days', 'except', 'version', 'token', 'next', 'page'];

let srv;
let web;
let token;
let ids;
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

const dbFile = () => path.join(srv.dataDir, 'ruche.db');
// Tables a read may legitimately touch (sessions seen, rate limits, jobs).
const VOLATILE = /^(api_tokens|sessions|rate_limits|jobs|metrics|sqlite_stat\d|.*_fts.*)$/;

/** {table: "count:sha256"} of the SQLite file, or null on PostgreSQL. */
function fingerprint() {
  if (!fs.existsSync(dbFile())) return null;
  const q = (sql) => {
    const r = spawnSync('sqlite3', ['-readonly', dbFile(), sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const out = {};
  for (const t of q("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").split('\n').filter(Boolean)) {
    if (VOLATILE.test(t)) continue;
    const rows = q(`SELECT * FROM "${t}"`).split('\n').sort().join('\n');
    out[t] = `${rows.split('\n').filter(Boolean).length}:${crypto.createHash('sha256').update(rows).digest('hex').slice(0, 16)}`;
  }
  return out;
}

async function apiCounts() {
  const n = async (u) => (await web.json('GET', u, undefined, { token, cookies: false })).json().items.length;
  return { items: await n('/api/v1/items?limit=100'), spaces: await n('/api/v1/spaces?limit=100'), people: await n('/api/v1/people?limit=100') };
}

before(async () => {
  srv = await startServer({ users: [ADMIN] });
  web = new Client(srv.url);
  assert.equal((await web.login(ADMIN.email, ADMIN.password)).status, 303);
  token = await fx.createToken(srv.dataDir, ADMIN.email);
  const j = async (m, u, b) => {
    const r = await web.json(m, u, b, { token, cookies: false });
    assert.ok(r.status < 300, `${m} ${u}: ${r.status} ${r.text.slice(0, 200)}`);
    return r.json();
  };
  const me = await j('GET', '/api/v1/me');
  const space = await j('POST', '/api/v1/spaces', { name: 'Injection', slug: 'injection' });
  const item = await j('POST', '/api/v1/items', { type: 'wiki', space: space.id, title: 'Page', body: 'Hello #launch' });
  await j('POST', `/api/v1/items/${item.id}/comments`, { body: 'A comment' });
  ids = { me, space, item };
});

let slow = 0;
async function probe(method, url, label) {
  const t0 = performance.now();
  const r = await web.request(method, url, { headers: { authorization: `Bearer ${token}` } });
  const ms = performance.now() - t0;
  assert.ok(r.status < 500, `${label}: ${method} ${url} answered ${r.status}\n${r.text.slice(0, 300)}`);
  if (ms > 1000) slow++;
  assert.ok(ms < 1000 || slow < 3, `${label}: ${url} took ${Math.round(ms)} ms`);
  return r;
}

test('every GET route, every query and path parameter: no 5xx, no delay, nothing changed', async () => {
  const before_ = fingerprint();
  const counts = await apiCounts();
  const fill = (pattern, p) => {
    let i = 0;
    return pattern.replace(/\{\}/g, () => {
      i++;
      if (p !== undefined) return encodeURIComponent(p);
      if (pattern.startsWith('/api/v1/people') || pattern.startsWith('/people')) return pattern.startsWith('/api') ? ids.me.id : ids.me.handle;
      if (pattern.includes('/spaces/{}/wiki/{}') && i === 2) return ids.item.slug || 'page';
      if (pattern.startsWith('/api/v1/spaces')) return ids.space.id;
      if (pattern.startsWith('/spaces')) return ids.space.slug;
      if (pattern.startsWith('/tags') || pattern.startsWith('/api/v1/tags')) return 'launch';
      if (/revisions\/\{\}/.test(pattern) && i === 2) return '1';
      return ids.item.id;
    });
  };
  const routes = fx.routeTable().filter((r) => r.method === 'GET' && !/events_handler|assets_serve|web_metrics|web_healthz/.test(r.handler));
  let n = 0;
  for (const r of routes) {
    const base = fill(r.pattern);
    // All parameters at once with each payload, then each parameter alone with a few.
    for (const p of PAYLOADS) {
      const qs = PARAMS.map((k) => `${k}=${encodeURIComponent(p)}`).join('&');
      await probe('GET', `${base}?${qs}`, r.handler); n++;
    }
    for (let k = 0; k < PARAMS.length; k++) {
      for (const p of [PAYLOADS[(k + routes.indexOf(r)) % PAYLOADS.length]]) {
        await probe('GET', `${base}?${PARAMS[k]}=${encodeURIComponent(p)}`, r.handler); n++;
      }
    }
    if (r.pattern.includes('{}')) {
      for (const p of PAYLOADS) { await probe('GET', fill(r.pattern, p), r.handler); n++; }
    }
  }
  assert.ok(n > routes.length * PAYLOADS.length);
  assert.deepEqual(fingerprint(), before_, 'the database is unchanged');
  assert.deepEqual(await apiCounts(), counts, 'the API counts are unchanged');
});

test('every member of the main JSON bodies: refused or stored verbatim, never executed', async () => {
  const before_ = fingerprint();
  let createdItems = 0;
  for (const p of PAYLOADS) {
    const bodies = [
      ['POST', '/api/v1/items', { type: 'status', body: p, space: ids.space.id }, 'body'],
      ['POST', '/api/v1/items', { type: 'blog', title: p, body: 'x', space: ids.space.id }, 'title'],
      ['POST', '/api/v1/items', { type: 'status', body: 'x', space: p }, null],
      ['POST', '/api/v1/items', { type: p, body: 'x' }, null],
      ['POST', '/api/v1/items', { type: 'status', body: 'x', tags: [p] }, null],
      ['PATCH', `/api/v1/items/${ids.item.id}`, { title: p, comment: p }, 'title'],
      ['POST', `/api/v1/items/${ids.item.id}/comments`, { body: p, parent_id: p }, null],
      ['PATCH', `/api/v1/people/${ids.me.id}`, { title: p, department: p, location: p }, 'title'],
      ['PATCH', `/api/v1/people/${ids.me.id}`, { handle: p }, null],
      ['PATCH', `/api/v1/spaces/${ids.space.id}`, { description: p }, 'description'],
      ['POST', '/api/v1/spaces', { name: 'S', slug: p }, null],
    ];
    for (const [m, u, b, echo] of bodies) {
      const r = await web.json(m, u, b, { token, cookies: false });
      assert.ok(r.status < 500, `${m} ${u} ${JSON.stringify(b)}: ${r.status}`);
      if (r.status < 300 && echo) {
        assert.equal(r.json()[echo], p, `${m} ${u}: ${echo} stored verbatim`);
        if (m === 'POST' && u === '/api/v1/items') createdItems++;
      } else if (r.status < 300 && m === 'POST' && u === '/api/v1/items') createdItems++;
    }
  }
  assert.ok(createdItems >= PAYLOADS.length, 'payloads were stored as text');
  const after_ = fingerprint();
  if (after_) {
    for (const t of ['people']) {
      if (before_[t]) assert.equal(after_[t].split(':')[0], before_[t].split(':')[0], `rows of ${t}`);
    }
    assert.deepEqual(Object.keys(after_), Object.keys(before_), 'no table dropped or added');
  }
});
