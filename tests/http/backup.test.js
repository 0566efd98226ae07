'use strict';
// Backup and restore. On SQLite: `ruche backup` runs while writers post;
// `ruche restore` makes a new data directory from the file; the restored
// instance serves the same content, compared by SHA-256 of what is served
// (every item's JSON, comments, wiki revisions, file downloads, a profile
// photo, search, a sample of HTML pages): everything acknowledged before the
// backup started is there, nothing acknowledged after it ended is, and what
// was written during it is there whole or not at all, with no gap. restore
// refuses a used directory, a file that is not a Ruche backup, a damaged one
// and one from a newer schema, each with a clear message. On PostgreSQL:
// `ruche backup` points to pg_dump, and the documented pg_dump / pg_restore
// procedure is run and checked the same way.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/backup.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, serveDataDir, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const PG = process.env.RUCHE_TEST_PG;
const PASSWORD = 'backup password 1';
const USERS = ['ana', 'ben'].map((h) => ({ email: `${h}@example.test`, name: `${h} Writer`, role: 'employee', password: PASSWORD }));
const sha = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

let srv;
let tmp;
const tokens = {};
const fixed = { items: [], files: [], wiki: null, person: null, word: 'quokkabackup' };

async function call(base, who, method, p, { body, raw } = {}) {
  const headers = { authorization: `Bearer ${tokens[who]}` };
  let payload = body;
  if (raw) { headers['content-type'] = raw.contentType; payload = raw.body; } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(base + p, { method, headers, body: payload, signal: AbortSignal.timeout(15000) });
  return { status: res.status, buf: Buffer.from(await res.arrayBuffer()) };
}
async function ok(base, who, method, p, opts) {
  const r = await call(base, who, method, p, opts);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${p} → ${r.status} ${r.buf.toString().slice(0, 300)}`);
  return r.buf.length ? JSON.parse(r.buf) : null;
}

before(async () => {
  srv = await startServer({ users: USERS });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-backup-'));
  for (const u of USERS) tokens[u.email.split('@')[0]] = await fx.createToken(srv.dataDir, u.email);
  const base = srv.url;
  const space = await ok(base, 'ana', 'POST', '/api/v1/spaces', { body: { name: 'Vault', visibility: 'internal' } });
  await ok(base, 'ben', 'POST', `/api/v1/spaces/${space.id}/join`);
  const status = await ok(base, 'ana', 'POST', '/api/v1/items', { body: { type: 'status', body: `Hello ${fixed.word} #ops` } });
  const blog = await ok(base, 'ben', 'POST', '/api/v1/items', { body: { type: 'blog', title: 'Été', body: '# Notes\n\nÀ bientôt.' } });
  await ok(base, 'ben', 'POST', `/api/v1/items/${status.id}/comments`, { body: { body: 'A comment' } });
  await ok(base, 'ana', 'PUT', `/api/v1/items/${blog.id}/like`);
  const wiki = await ok(base, 'ana', 'POST', '/api/v1/items', { body: { type: 'wiki', space: space.id, title: 'Runbook', body: 'one' } });
  await ok(base, 'ben', 'PATCH', `/api/v1/items/${wiki.id}`, { body: { body: 'two', base_revision: 1 } });
  const idea = await ok(base, 'ben', 'POST', '/api/v1/items', { body: { type: 'idea', space: space.id, title: 'Idea', body: 'x' } });
  await ok(base, 'ana', 'PUT', `/api/v1/items/${idea.id}/vote`, { body: { value: 1 } });
  const poll = await ok(base, 'ana', 'POST', '/api/v1/items', { body: { type: 'poll', space: space.id, title: 'Poll', options: ['a', 'b'] } });
  await ok(base, 'ben', 'PUT', `/api/v1/items/${poll.id}/vote`, { body: { options: [1] } });
  const data = crypto.randomBytes(300000); // a binary file of some size
  const file = await ok(base, 'ana', 'POST', '/api/v1/items', {
    raw: fx.multipart([{ name: 'type', value: 'file' }, { name: 'space', value: String(space.id) },
      { name: 'file', filename: 'blob.bin', type: 'application/octet-stream', data }]),
  });
  const png = await ok(base, 'ben', 'POST', '/api/v1/items', {
    raw: fx.multipart([{ name: 'type', value: 'file' }, { name: 'space', value: String(space.id) },
      { name: 'file', filename: 'dot.png', type: 'image/png', data: fx.PNG_1x1 }]),
  });
  const me = await ok(base, 'ana', 'GET', '/api/v1/me');
  await ok(base, 'ana', 'PUT', `/api/v1/people/${me.id}/photo`,
    { raw: fx.multipart([{ name: 'photo', filename: 'p.png', type: 'image/png', data: fx.PNG_1x1 }]) });
  fixed.items = [status, blog, wiki, idea, poll, file, png].map((i) => i.id);
  fixed.files = [{ id: file.id, sha: sha(data) }, { id: png.id, sha: sha(fx.PNG_1x1) }];
  fixed.wiki = wiki.id;
  fixed.person = me.id;
  fixed.space = space.slug;
});

after(async () => {
  if (srv) await srv.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** SHA-256 of everything the instance at base serves about the fixed content. */
async function digest(base) {
  const out = {};
  const put = async (key, p) => { const r = await call(base, 'ben', 'GET', p); out[key] = `${r.status} ${sha(r.buf)}`; };
  for (const id of fixed.items) {
    await put(`item ${id}`, `/api/v1/items/${id}`);
    await put(`comments ${id}`, `/api/v1/items/${id}/comments`);
  }
  await put('revisions', `/api/v1/items/${fixed.wiki}/revisions`);
  for (const n of [1, 2]) await put(`revision ${n}`, `/api/v1/items/${fixed.wiki}/revisions/${n}`);
  for (const f of fixed.files) await put(`download ${f.id}`, `/api/v1/items/${f.id}/download`);
  await put('photo', `/api/v1/people/${fixed.person}/photo`);
  await put('person', `/api/v1/people/${fixed.person}`);
  await put('search', `/api/v1/search?q=${fixed.word}`);
  await put('tag stream', '/api/v1/tags/ops/stream');
  // HTML pages, less what changes at every request (nonces, CSRF tokens).
  const c = await fx.signedIn(base, 'ben@example.test', PASSWORD);
  for (const p of [`/items/${fixed.items[1]}`, `/items/${fixed.items[0]}`, `/spaces/${fixed.space}/wiki/runbook`, '/people']) {
    const r = await c.get(p);
    const norm = r.text.replace(/nonce="[^"]*"/g, '').replace(/(name="csrf(?:-token)?" (?:value|content)=")[^"]*"/g, '$1"')
      .replace(/<time [^>]*>[^<]*<\/time>/g, '<time>');
    out[`page ${p}`] = `${r.status} ${sha(norm)}`;
  }
  return out;
}

/** Writers posting statuses as fast as they are answered; each 2xx recorded with the time it came. */
function startWriters(base) {
  const acked = []; // {id, body, at}
  let stop = false;
  const run = async (who) => {
    for (let n = 0; !stop; n++) {
      const body = `load ${who} ${n}`;
      const r = await call(base, who, 'POST', '/api/v1/items', { body: { type: 'status', body } });
      assert.equal(r.status, 201, r.buf.toString());
      acked.push({ id: JSON.parse(r.buf).id, body, at: process.hrtime.bigint() });
    }
  };
  const done = Promise.all(['ana', 'ben'].map(run));
  return { acked, stop: async () => { stop = true; await done; } };
}

/** Checks the restored instance against the writers' record: a prefix, whole. */
async function checkWrites(base, acked, startedAt, endedAt) {
  let present = 0;
  let maxPresent = 0;
  for (const w of acked.sort((a, b) => a.id - b.id)) {
    const r = await call(base, 'ana', 'GET', `/api/v1/items/${w.id}`);
    if (w.at < startedAt) assert.equal(r.status, 200, `item ${w.id} acknowledged before the backup started`);
    if (w.at > endedAt) assert.equal(r.status, 404, `item ${w.id} acknowledged after the backup ended`);
    if (r.status === 200) {
      assert.equal(JSON.parse(r.buf).body, w.body, `item ${w.id} whole`);
      present++;
      maxPresent = w.id;
    } else {
      assert.equal(r.status, 404);
    }
  }
  // SQLite commits in id order: a snapshot has no acknowledged write missing
  // below the newest one kept (PostgreSQL's sequences give no such order)
  if (!PG) assert.equal(present, acked.filter((w) => w.id <= maxPresent).length, 'the restored writes have no gap');
  return present;
}

test('backup during writes, restore into an empty directory: the same content is served', { skip: !!PG }, async () => {
  const before = await digest(srv.url);
  for (const [k, v] of Object.entries(before)) assert.match(v, /^200 /, `${k} is served before the backup`);
  const file = path.join(tmp, 'ruche.backup');
  const writers = startWriters(srv.url);
  await new Promise((r) => setTimeout(r, 300));
  const startedAt = process.hrtime.bigint();
  const t0 = Date.now();
  const b = await runCli(['backup', '--data', srv.dataDir, file]);
  const backupMs = Date.now() - t0;
  const endedAt = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, 300));
  await writers.stop();
  assert.equal(b.code, 0, b.stderr);
  assert.ok(writers.acked.filter((w) => w.at > endedAt).length > 0, 'writes went on after the backup');

  // the backup is a sound SQLite file
  const chk = spawnSync('sqlite3', [file, 'PRAGMA integrity_check; PRAGMA foreign_key_check;'], { encoding: 'utf8' });
  assert.equal(chk.stdout.trim(), 'ok', chk.stderr);

  const dir = path.join(tmp, 'restored');
  const r = await runCli(['restore', '--data', dir, file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Restored/);
  assert.deepEqual(fs.readdirSync(dir), ['ruche.db']);
  const copy = await serveDataDir(dir);
  try {
    assert.deepEqual(await digest(copy.url), before, 'what the restored instance serves');
    const kept = await checkWrites(copy.url, writers.acked, startedAt, endedAt);
    console.log(`backup (SQLite): ${(fs.statSync(file).size / 1e6).toFixed(1)} MB in ${backupMs} ms under load; ` +
      `${writers.acked.length} writes acknowledged, ${kept} in the backup; ${Object.keys(before).length} checksums equal`);
  } finally {
    await copy.stop();
  }
});

test('restore refuses a used directory and files that are not sound Ruche backups', { skip: !!PG }, async () => {
  const file = path.join(tmp, 'good.backup');
  assert.equal((await runCli(['backup', '--data', srv.dataDir, file])).code, 0);
  const refuse = async (dir, f, re) => {
    const r = await runCli(['restore', '--data', dir, f]);
    assert.equal(r.code, 1, `restore ${f} into ${dir}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.ok(!fs.existsSync(dir), `nothing left behind in ${dir}`);
  };
  const used = await runCli(['restore', '--data', srv.dataDir, file]);
  assert.equal(used.code, 1);
  assert.match(used.stderr, /is not empty: restore into a new, empty data directory/);
  const junk = path.join(tmp, 'junk');
  fs.writeFileSync(junk, 'not a database at all\n'.repeat(100));
  await refuse(path.join(tmp, 'd1'), junk, /is not a Ruche backup/);
  const other = path.join(tmp, 'other.db');
  spawnSync('sqlite3', [other, 'CREATE TABLE t (a); INSERT INTO t VALUES (1);']);
  await refuse(path.join(tmp, 'd2'), other, /a SQLite database but not a Ruche backup/);
  const newer = path.join(tmp, 'newer.db');
  fs.copyFileSync(file, newer);
  spawnSync('sqlite3', [newer, 'INSERT INTO schema_migrations VALUES (999, 0);']);
  await refuse(path.join(tmp, 'd3'), newer, /comes from a newer Ruche \(schema version 999/);
  const damaged = path.join(tmp, 'damaged.db');
  const buf = fs.readFileSync(file);
  buf.fill(0x5a, 12 * 4096, 14 * 4096); // two pages in the middle
  fs.writeFileSync(damaged, buf);
  await refuse(path.join(tmp, 'd4'), damaged, /is damaged: integrity_check says|not a Ruche backup/);
  await refuse(path.join(tmp, 'd5'), path.join(tmp, 'missing'), /cannot read/);
  const usage = await runCli(['restore', file]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /give the new data directory with --data DIR/);
  const help = await runCli(['restore', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: ruche restore --data DIR FILE/);
  // an empty directory that exists is fine
  const empty = path.join(tmp, 'empty');
  fs.mkdirSync(empty);
  assert.equal((await runCli(['restore', '--data', empty, file])).code, 0);
});

test('PostgreSQL: ruche backup points to pg_dump; pg_dump and pg_restore as documented keep every byte served', { skip: !PG }, async () => {
  const b = await runCli(['backup', '--data', srv.dataDir, path.join(tmp, 'x')]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /pg_dump/);
  assert.ok(!fs.existsSync(path.join(tmp, 'x')));
  const before = await digest(srv.url);
  for (const [k, v] of Object.entries(before)) assert.match(v, /^200 /, `${k} is served before the backup`);
  const url = /^db = (.*)$/m.exec(fs.readFileSync(path.join(srv.dataDir, 'ruche.conf'), 'utf8'))[1];
  const dump = path.join(tmp, 'ruche.dump');
  const writers = startWriters(srv.url);
  await new Promise((r) => setTimeout(r, 300));
  const startedAt = process.hrtime.bigint();
  // not spawnSync: the writers' answers must be timed while pg_dump runs
  const d = await new Promise((resolve, reject) => {
    const child = spawn('pg_dump', ['-Fc', '-f', dump, url], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (x) => { stderr += x; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
  const endedAt = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, 300));
  await writers.stop();
  assert.equal(d.status, 0, d.stderr);
  // restore into a new database, then a new data directory naming it
  const target = new URL(url);
  const name = `${target.pathname.slice(1)}_restored`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  let r = spawnSync('psql', [admin.toString(), '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  target.pathname = `/${name}`;
  r = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '-d', target.toString(), dump], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const dir = path.join(tmp, 'pg-restored');
  const init = await runCli(['init', '--data', dir, '--db', target.toString()]);
  assert.equal(init.code, 0, init.stderr);
  const copy = await serveDataDir(dir);
  try {
    assert.deepEqual(await digest(copy.url), before, 'what the restored instance serves');
    const kept = await checkWrites(copy.url, writers.acked, startedAt, endedAt);
    console.log(`backup (PostgreSQL, pg_dump -Fc): ${writers.acked.length} writes acknowledged, ${kept} in the dump; ` +
      `${Object.keys(before).length} checksums equal`);
  } finally {
    await copy.stop();
    spawnSync('psql', [admin.toString(), '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
});
