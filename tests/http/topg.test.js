'use strict';
// ruche migrate-to-postgres (runs when the suite has RUCHE_TEST_PG): a SQLite
// instance with people, posts, tags, mentions, comments, likes and follows is
// copied into an empty PostgreSQL database and verified table by table; a
// server on the copy shows the same stream, and new posts get new ids.

const test = require('node:test');
const assert = require('node:assert/strict');
const fx = require('../lib/fixtures');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { runCli, serveDataDir } = require('../lib/server');

const ONLY_PG = { skip: process.env.RUCHE_TEST_PG ? false : 'needs RUCHE_TEST_PG (make test sets it)' };

function freshDatabase() {
  const url = new URL(process.env.RUCHE_TEST_PG);
  const name = `ruche_topg_${process.pid}_${Date.now()}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const r = spawnSync('psql', [admin.toString(), '-qc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  url.pathname = `/${name}`;
  return url.toString();
}

test('a SQLite instance moves to PostgreSQL, verified, and keeps working', ONLY_PG, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-topg-'));
  const data = path.join(dir, 'data');
  try {
    const cli = async (args, input) => {
      const r = await runCli(args, { input });
      assert.equal(r.code, 0, `ruche ${args.join(' ')}:\n${r.stderr}`);
      return r.stdout;
    };
    await cli(['init', '--data', data]); // SQLite
    await cli(['user', 'add', '--data', data, '--email', 'ann@example.com', '--name', 'Ann', '--role', 'admin',
      '--password-stdin'], 'a long password 1\n');
    await cli(['seed', '--data', data, '--people', '40', '--posts', '300']);
    const token = (await cli(['token', 'create', '--data', data, '--email', 'ann@example.com'])).trim();
    const call = async (base, method, p, body) => {
      const res = await fetch(base + p, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json() };
    };

    let node = await serveDataDir(data);
    const before = (await call(node.url, 'GET', '/api/v1/stream/company?limit=50')).json;
    // a blob (the profile photo) travels too, byte for byte
    const me = (await call(node.url, 'GET', '/api/v1/me')).json;
    const { body, contentType } = fx.multipart([{ name: 'photo', filename: 'p.png', type: 'image/png', data: fx.PNG_1x1 }]);
    const put = await fetch(`${node.url}/api/v1/people/${me.id}/photo`,
      { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType }, body });
    assert.equal(put.status, 200);
    const photo = async (base) => Buffer.from(await (await fetch(`${base}/api/v1/people/${me.id}/photo`,
      { headers: { Authorization: `Bearer ${token}` } })).arrayBuffer());
    const photoBefore = await photo(node.url);
    await node.stop();

    const target = freshDatabase();
    const out = await cli(['migrate-to-postgres', '--data', data, '--db', target]);
    assert.match(out, /items\s+300 rows\s+identical/);
    assert.doesNotMatch(out, /DIFFERENT/);
    // a second run refuses: the target is no longer empty
    const again = await runCli(['migrate-to-postgres', '--data', data, '--db', target]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /not empty/);

    fs.writeFileSync(path.join(data, 'ruche.conf'), `db = ${target}\n`);
    node = await serveDataDir(data);
    try {
      const after = (await call(node.url, 'GET', '/api/v1/stream/company?limit=50')).json;
      assert.deepEqual(after, before);
      assert.ok(photoBefore.length > 20);
      assert.deepEqual(await photo(node.url), photoBefore, 'the photo, byte for byte');
      const posted = await call(node.url, 'POST', '/api/v1/items', { type: 'status', body: 'first post on PostgreSQL' });
      assert.equal(posted.status, 201);
      assert.ok(posted.json.id > before.items[0].id, 'identity columns continue after the copied ids');
    } finally {
      await node.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
