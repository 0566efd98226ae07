'use strict';
// Crash safety: four API clients write (status and blog posts, comments,
// wiki edits, idea and poll votes, likes) while `ruche serve` is killed
// with SIGKILL at random moments and started again on the same data. After
// every restart each write answered with a 2xx since the last check must be
// readable with the content written, counts must lie between what was
// acknowledged and what was attempted, and the last acknowledged post must
// be found by search and in its author's stream. At the end the database
// passes its integrity checks (SQLite: integrity_check and
// foreign_key_check; PostgreSQL: pg_amcheck) and every write is checked
// once more.
//
// The random delays come from a seed printed at the start; replay a run
// with RUCHE_CRASH_SEED=N. RUCHE_TEST_LIGHT=1 (make test-asan) kills 5 times
// instead of 24.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/crash.test.js

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, serveDataDir } = require('../lib/server');
const fx = require('../lib/fixtures');

const KILLS = process.env.RUCHE_TEST_LIGHT ? 5 : 24;
const BUDGET_MS = 60000; // the whole loop, per backend
const WORKERS = 4;
const PASSWORD = 'crash password 1';
const PG = process.env.RUCHE_TEST_PG;

// mulberry32: a small seeded generator, so a failing run can be replayed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];

/** Runs fn over items, at most n at a time. */
async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

function integrity(dataDir) {
  if (PG) {
    const conf = fs.readFileSync(path.join(dataDir, 'ruche.conf'), 'utf8');
    const url = /^db = (.*)$/m.exec(conf)[1];
    const bin = fs.readdirSync('/usr/lib/postgresql').sort().map((v) => `/usr/lib/postgresql/${v}/bin/pg_amcheck`)
      .filter((f) => fs.existsSync(f)).pop();
    assert.ok(bin, 'pg_amcheck not found (postgresql in scripts/deps)');
    const r = spawnSync(bin, ['--install-missing', '--heapallindexed', url],
      { encoding: 'utf8' });
    assert.equal(r.status, 0, `pg_amcheck failed:\n${r.stdout}${r.stderr}`);
    assert.equal(r.stdout.trim(), '', `pg_amcheck reported corruption:\n${r.stdout}`);
    return 'pg_amcheck --heapallindexed: clean';
  }
  const db = path.join(dataDir, 'ruche.db');
  const r = spawnSync('sqlite3', [db, 'PRAGMA integrity_check; PRAGMA foreign_key_check;'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sqlite3 failed (sqlite3 in scripts/deps): ${r.stderr || r.error}`);
  assert.equal(r.stdout.trim(), 'ok', `integrity_check / foreign_key_check of ${db}:\n${r.stdout}`);
  return 'integrity_check ok, foreign_key_check empty';
}

test(`SIGKILL ${KILLS} times under a mixed write load: no acknowledged write is lost`, { timeout: 180000 }, async () => {
  const seed = Number(process.env.RUCHE_CRASH_SEED) || Math.floor(Math.random() * 2 ** 31);
  console.log(`crash: seed ${seed} (replay with RUCHE_CRASH_SEED=${seed})`);
  const users = Array.from({ length: WORKERS }, (_, i) =>
    ({ email: `w${i}@example.test`, name: `Writer ${i}`, role: 'employee', password: PASSWORD }));
  const first = await startServer({ users });
  let server = first; // the instance now running: first, then each restart
  let url = first.url;
  const tokens = [];
  for (const u of users) tokens.push(await fx.createToken(first.dataDir, u.email));

  let answers = 0; // requests that got any answer (for the figures)
  async function call(w, method, p, body) {
    const res = await fetch(url + p, {
      method,
      headers: { authorization: `Bearer ${tokens[w]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10000),
    });
    const text = await res.text();
    answers++;
    return { status: res.status, json: () => JSON.parse(text), text };
  }
  async function ok(w, method, p, body) {
    const r = await call(w, method, p, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${p} → ${r.status} ${r.text.slice(0, 300)}`);
    return r.status === 204 ? null : r.json();
  }

  // ---- fixtures: a space everyone is in, a wiki page per writer, ideas ----
  const me = [];
  for (let w = 0; w < WORKERS; w++) me.push((await ok(w, 'GET', '/api/v1/me')).id);
  const space = await ok(0, 'POST', '/api/v1/spaces', { name: 'Crash Lab', visibility: 'internal' });
  for (let w = 1; w < WORKERS; w++) await ok(w, 'POST', `/api/v1/spaces/${space.id}/join`);
  const wikis = [];
  for (let w = 0; w < WORKERS; w++) {
    const p = await ok(w, 'POST', '/api/v1/items', { type: 'wiki', space: space.id, title: `Runbook ${w}`, body: 'rev 1' });
    wikis.push({ id: p.id, rev: 1, uncertain: false, bodies: new Map([[1, 'rev 1']]), checked: 0 });
  }
  const ideas = [];
  for (let i = 0; i < 6; i++) {
    const p = await ok(i % WORKERS, 'POST', '/api/v1/items', { type: 'idea', space: space.id, title: `Idea ${i}`, body: 'why not' });
    ideas.push({ id: p.id, acked: new Set(), tried: new Set() });
  }

  // ---- what was written: acknowledged (2xx) and attempted ----
  const items = []; // {id, type, title, body, author}
  const comments = []; // {id, item, body}
  const polls = []; // {id, acked: [n, n], tried: [n, n], voted: Set(worker)}
  const likes = new Map(); // item id -> {acked: Set, tried: Set}
  const commentsTried = new Map(); // item id -> attempted comments
  let unacked = 0; // writes cut by a kill (no answer)
  let lastStatus = null; // the last acknowledged status post
  const unexpected = [];

  const ops = {
    async status(w, r, n) {
      const word = `zq${seed}k${w}n${n}`;
      const body = `Status ${n} from writer ${w}: ${word}`;
      const res = await call(w, 'POST', '/api/v1/items', { type: 'status', body });
      if (res.status !== 201) return res;
      const it = { id: res.json().id, type: 'status', title: '', body, author: me[w], word };
      items.push(it);
      lastStatus = it;
      return res;
    },
    async blog(w, r, n) {
      const title = `Post ${n} by ${w}`;
      const body = `# Heading ${n}\n\nA longer text, ${'lorem ipsum '.repeat(1 + Math.floor(r() * 40))}end ${n}.`;
      const res = await call(w, 'POST', '/api/v1/items', { type: 'blog', title, body });
      if (res.status === 201) items.push({ id: res.json().id, type: 'blog', title, body, author: me[w] });
      return res;
    },
    async comment(w, r, n) {
      if (!items.length) return null;
      const item = pick(r, items).id;
      const body = `Comment ${n} by ${w} on ${item}`;
      commentsTried.set(item, (commentsTried.get(item) || 0) + 1);
      const res = await call(w, 'POST', `/api/v1/items/${item}/comments`, { body });
      if (res.status === 201) comments.push({ id: res.json().id, item, body });
      return res;
    },
    async wiki(w, r, n) {
      const page = wikis[w];
      if (page.uncertain) { // the last edit got no answer: it may have been saved
        const cur = await call(w, 'GET', `/api/v1/items/${page.id}`);
        if (cur.status !== 200) return cur;
        const got = cur.json();
        assert.ok(got.revision === page.rev || got.revision === page.rev + 1,
          `wiki ${page.id}: revision ${got.revision} after acknowledged ${page.rev} and one unanswered edit`);
        if (got.revision === page.rev + 1) page.bodies.set(got.revision, got.body);
        page.rev = got.revision;
        page.uncertain = false;
      }
      const body = `rev ${page.rev + 1} of writer ${w}, op ${n}\n\n${'text '.repeat(Math.floor(r() * 30))}`;
      page.uncertain = true;
      const res = await call(w, 'PATCH', `/api/v1/items/${page.id}`, { body, base_revision: page.rev, comment: `op ${n}` });
      if (res.status === 200) {
        const got = res.json();
        assert.equal(got.revision, page.rev + 1, `wiki ${page.id}: the new revision number`);
        page.rev = got.revision;
        page.bodies.set(page.rev, body);
        page.uncertain = false;
      }
      return res;
    },
    async idea(w, r) {
      const idea = pick(r, ideas);
      idea.tried.add(w);
      const res = await call(w, 'PUT', `/api/v1/items/${idea.id}/vote`, { value: 1 });
      if (res.status === 200) idea.acked.add(w);
      return res;
    },
    async poll(w, r, n) {
      const open = polls.filter((p) => !p.voted.has(w));
      if (!open.length || r() < 0.3) {
        const res = await call(w, 'POST', '/api/v1/items',
          { type: 'poll', space: space.id, title: `Poll ${n} by ${w}`, options: ['yes', 'no'] });
        if (res.status === 201) {
          const p = res.json();
          polls.push({ id: p.id, acked: [0, 0], tried: [0, 0], voted: new Set() });
          items.push({ id: p.id, type: 'poll', title: `Poll ${n} by ${w}`, body: '', author: me[w] });
        }
        return res;
      }
      const p = pick(r, open);
      const opt = r() < 0.5 ? 0 : 1;
      p.voted.add(w); // never again: an unanswered vote may have counted
      p.tried[opt]++;
      const res = await call(w, 'PUT', `/api/v1/items/${p.id}/vote`, { options: [opt] });
      if (res.status === 200) p.acked[opt]++;
      return res;
    },
    async like(w, r) {
      if (!items.length) return null;
      const item = pick(r, items).id;
      const l = likes.get(item) || { acked: new Set(), tried: new Set() };
      likes.set(item, l);
      l.tried.add(w);
      const res = await call(w, 'PUT', `/api/v1/items/${item}/like`);
      if (res.status === 200) l.acked.add(w);
      return res;
    },
  };
  const mix = ['status', 'status', 'blog', 'comment', 'comment', 'wiki', 'wiki', 'idea', 'poll', 'like'];

  // ---- the gate: writers run while it is open; kills happen with it shut ----
  let open = true;
  let reopen;
  let opened = Promise.resolve();
  let inFlight = 0;
  let done = false;
  let writes = 0;
  async function writer(w) {
    const r = rng(seed + 1000 * (w + 1));
    let n = 0;
    while (!done) {
      if (!open) { await opened; continue; }
      const op = pick(r, mix);
      n++;
      inFlight++;
      try {
        const res = await ops[op](w, r, n);
        if (res) {
          writes++;
          if (res.status >= 300) unexpected.push(`${op}: ${res.status} ${res.text.slice(0, 200)}`);
        }
      } catch (err) {
        if (err instanceof assert.AssertionError) {
          unexpected.push(err.message);
          done = true;
          return;
        }
        unacked++; // no answer: the server died under it
        if (open) unexpected.push(`${op}: ${err.cause?.code || err.message} while the server was up`);
      } finally {
        inFlight--;
      }
    }
  }

  // ---- checks ----
  let checked = 0;
  const seen = { items: 0, comments: 0 };
  async function verify(all) {
    const newItems = items.slice(all ? 0 : seen.items);
    const newComments = comments.slice(all ? 0 : seen.comments);
    seen.items = items.length;
    seen.comments = comments.length;
    await pool(newItems, 8, async (it) => {
      const got = await ok(0, 'GET', `/api/v1/items/${it.id}`);
      assert.deepEqual([got.type, got.title, got.body, got.author.id], [it.type, it.title, it.body, it.author],
        `item ${it.id} as acknowledged`);
      checked++;
    });
    const byItem = new Map();
    for (const c of newComments) byItem.set(c.item, [...(byItem.get(c.item) || []), c]);
    await pool([...byItem.keys()], 8, async (item) => {
      const all = new Map();
      for (let cursor = ''; ;) {
        const page = await ok(0, 'GET', `/api/v1/items/${item}/comments?limit=100${cursor && `&cursor=${cursor}`}`);
        for (const c of page.items) all.set(c.id, c.body);
        if (!page.next_cursor) break;
        cursor = encodeURIComponent(page.next_cursor);
      }
      for (const c of byItem.get(item)) {
        assert.equal(all.get(c.id), c.body, `comment ${c.id} on item ${item} as acknowledged`);
        checked++;
      }
    });
    for (const [item, tried] of commentsTried) {
      const acked = comments.filter((c) => c.item === item).length;
      const got = await ok(0, 'GET', `/api/v1/items/${item}`);
      assert.ok(got.comments_count >= acked && got.comments_count <= tried,
        `item ${item}: ${got.comments_count} comments, ${acked} acknowledged, ${tried} attempted`);
    }
    for (const page of wikis) {
      const got = await ok(0, 'GET', `/api/v1/items/${page.id}`);
      assert.ok(got.revision >= page.rev && got.revision <= page.rev + (page.uncertain ? 1 : 0),
        `wiki ${page.id}: revision ${got.revision}, ${page.rev} acknowledged`);
      if (got.revision === page.rev) assert.equal(got.body, page.bodies.get(page.rev), `wiki ${page.id}: current body`);
      for (let n = all ? 1 : page.checked + 1; n <= page.rev; n++) {
        const rev = await ok(0, 'GET', `/api/v1/items/${page.id}/revisions/${n}`);
        assert.equal(rev.body, page.bodies.get(n), `wiki ${page.id}: revision ${n}`);
        checked++;
      }
      page.checked = page.rev;
    }
    for (const idea of ideas) {
      const got = await ok(0, 'GET', `/api/v1/items/${idea.id}`);
      assert.ok(got.votes_for >= idea.acked.size && got.votes_for <= idea.tried.size,
        `idea ${idea.id}: ${got.votes_for} votes, ${idea.acked.size} acknowledged, ${idea.tried.size} attempted`);
    }
    for (const p of polls) {
      const got = await ok(0, 'GET', `/api/v1/items/${p.id}`);
      for (const o of [0, 1]) {
        const v = got.results.options[o].votes;
        assert.ok(v >= p.acked[o] && v <= p.tried[o], `poll ${p.id} option ${o}: ${v} votes, ${p.acked[o]} acknowledged, ${p.tried[o]} attempted`);
      }
    }
    for (const [item, l] of likes) {
      const got = await ok(0, 'GET', `/api/v1/items/${item}`);
      assert.ok(got.likes_count >= l.acked.size && got.likes_count <= l.tried.size,
        `item ${item}: ${got.likes_count} likes, ${l.acked.size} acknowledged, ${l.tried.size} attempted`);
    }
    // The last post acknowledged before the kill: in the search index and in
    // its author's stream (rebuilt in memory at start-up).
    if (lastStatus) {
      const found = await ok(0, 'GET', `/api/v1/search?q=${lastStatus.word}`);
      assert.deepEqual(found.items.map((h) => h.id), [lastStatus.id], `search for ${lastStatus.word}`);
      const stream = await ok(0, 'GET', `/api/v1/people/${lastStatus.author}/stream?limit=50`);
      assert.ok(stream.items.some((s) => s.id === lastStatus.id),
        `item ${lastStatus.id} in its author's stream: ${stream.items.map((s) => s.id)}`);
    }
  }

  const r = rng(seed);
  const started = Date.now();
  // The servers are unref()ed children: keep the loop alive while one dies.
  const keepAlive = setInterval(() => {}, 1000);
  const workers = Array.from({ length: WORKERS }, (_, w) => writer(w));
  let kills = 0;
  let integrityResult;
  try {
    for (; kills < KILLS; ) {
      await new Promise((res) => setTimeout(res, 50 + Math.floor(r() * 450)));
      opened = new Promise((res) => { reopen = res; });
      open = false;
      await server.kill();
      kills++;
      while (inFlight > 0) await new Promise((res) => setTimeout(res, 5));
      if (kills === KILLS) integrityResult = integrity(first.dataDir); // on the killed files, before any restart
      server = await serveDataDir(first.dataDir);
      url = server.url;
      await verify(false);
      assert.deepEqual(unexpected, [], 'answers other than 2xx, or errors while the server was up');
      assert.ok(Date.now() - started < BUDGET_MS, `the crash loop took over ${BUDGET_MS} ms (${kills} kills)`);
      if (kills < KILLS) { open = true; reopen(); }
    }
    done = true;
    reopen();
    await Promise.all(workers);
    await verify(true);
    assert.deepEqual(unexpected, [], 'answers other than 2xx, or errors while the server was up');
    assert.ok(items.length > 2 * KILLS && comments.length > KILLS / 2, `enough writes: ${items.length} items, ${comments.length} comments`);
    console.log(`crash (${PG ? 'PostgreSQL' : 'SQLite'}): ${kills} kills in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${writes} writes acknowledged (${items.length} items, ${comments.length} comments, ` +
      `${wikis.reduce((s, p) => s + p.rev, 0)} wiki revisions), ${unacked} cut by a kill; ` +
      `${checked} contents checked after restarts; ${integrityResult}`);
    await server.stop();
  } finally {
    clearInterval(keepAlive);
    done = true;
    open = true;
    if (reopen) reopen();
    if (server !== first) await server.kill().catch(() => {});
    await first.stop();
  }
});
