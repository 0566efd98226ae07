'use strict';
// sqlmap (Debian's package) against representative API endpoints: the
// search parameters, the item list filters, a JSON POST body and a path
// parameter, with a Bearer token. A bounded run (level 1, risk 1, techniques
// BEUST, 1 s time-based delay, a time budget per target and in all). From
// sqlmap's own output the test asserts that each parameter was tested, that
// none was found injectable (the results CSV has no row), that sqlmap
// reached the endpoint (no CRITICAL line) and exited 0, and that the server
// never answered 5xx. Runs on PostgreSQL too when RUCHE_TEST_PG is set;
// skipped under RUCHE_TEST_LIGHT (the ASan run).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');
const { Client } = require('../lib/client');

const ADMIN = { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };
const TARGET_BUDGET_MS = 30000; // one sqlmap run
const TOTAL_BUDGET_MS = 90000; // all of them
const HAVE_SQLMAP = spawnSync('sqlmap', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = process.env.RUCHE_TEST_LIGHT ? 'RUCHE_TEST_LIGHT: no sqlmap under ASan'
  : HAVE_SQLMAP ? false : 'sqlmap is not installed (scripts/deps)';

let srv;
let token;
let ids;
let tmp;
const started = Date.now();

before(async () => {
  if (skip) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-sqlmap-'));
  srv = await startServer({ users: [ADMIN] });
  token = await fx.createToken(srv.dataDir, ADMIN.email);
  const web = new Client(srv.url);
  const j = async (m, u, b) => {
    const r = await web.json(m, u, b, { token, cookies: false });
    assert.ok(r.status < 300, `${m} ${u}: ${r.status} ${r.text.slice(0, 200)}`);
    return r.json();
  };
  const me = await j('GET', '/api/v1/me');
  const space = await j('POST', '/api/v1/spaces', { name: 'Injection', slug: 'injection' });
  const items = [];
  for (let i = 0; i < 3; i++) {
    items.push(await j('POST', '/api/v1/items', { type: 'status', space: space.id, body: `hello launch ${i} #launch`, tags: ['launch'] }));
  }
  // Real cursors, so the original requests answer 200 with content.
  const search = await j('GET', '/api/v1/search?q=hello&type=status&limit=1');
  const list = await j('GET', `/api/v1/items?type=status&space=${space.id}&tag=launch&author=${me.id}&limit=1`);
  assert.ok(search.items.length === 1 && search.next_cursor, 'search finds the items and pages');
  assert.ok(list.items.length === 1 && list.next_cursor, 'the list finds the items and pages');
  ids = { me, space, item: items[0], searchCursor: search.next_cursor, listCursor: list.next_cursor };
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Run sqlmap once; resolves {code, out, csv}. */
function sqlmap(name, args) {
  const outDir = path.join(tmp, name);
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  const left = TOTAL_BUDGET_MS - (Date.now() - started);
  assert.ok(left > 5000, `the sqlmap time budget (${TOTAL_BUDGET_MS} ms) is spent before ${name}`);
  const budget = Math.min(TARGET_BUDGET_MS, left);
  const all = [...args, '-H', `Authorization: Bearer ${token}`, '--batch', '--level', '1', '--risk', '1', '--threads', '2',
    '--technique=BEUST', '--time-sec', '1', '--timeout', '5', '--retries', '0', '--disable-coloring',
    '--output-dir', outDir];
  return new Promise((resolve) => {
    const child = spawn('sqlmap', all, { env: { ...process.env, HOME: home, TERM: 'dumb' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { out += d; });
    const timer = setTimeout(() => { out += '\n[test] TIMED OUT\n'; child.kill('SIGKILL'); }, budget);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const csvs = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => /^results-.*\.csv$/.test(f)) : [];
      const csv = csvs.map((f) => fs.readFileSync(path.join(outDir, f), 'utf8')).join('');
      resolve({ code, signal, out, csv });
    });
  });
}

/** Asserts sqlmap tested every one of `params` and found nothing. */
function assertClean(name, r, params) {
  const tail = r.out.slice(-3000);
  assert.equal(r.code, 0, `${name}: sqlmap exited ${r.code} ${r.signal || ''}\n${tail}`);
  assert.doesNotMatch(r.out, /\[CRITICAL\]/, `${name}: sqlmap could not test the endpoint\n${tail}`);
  assert.doesNotMatch(r.out, /identified the following injection point|appears to be '.*' injectable|is vulnerable/i,
    `${name}: sqlmap found an injection\n${tail}`);
  for (const p of params) {
    const q = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.match(r.out, new RegExp(`testing for SQL injection on [^\\n]*parameter '${q}'`), `${name}: ${p} was tested\n${tail}`);
    assert.match(r.out, new RegExp(`parameter '${q}' does not seem to be injectable`), `${name}: ${p} is not injectable\n${tail}`);
  }
  assert.match(r.out, /all tested parameters do not appear to be injectable/, `${name}: sqlmap's verdict\n${tail}`);
  assert.doesNotMatch(r.out, /^\d{3} \(Internal Server Error\)/m, `${name}: the server answered 500`);
  // The CSV of results: the header only, no injectable parameter listed.
  const rows = r.csv.split('\n').filter((l) => l && !l.startsWith('Target URL,'));
  assert.deepEqual(rows, [], `${name}: sqlmap's results CSV`);
}

test('sqlmap finds no injectable parameter in search, list filters, a JSON body and a path', { skip }, async () => {
  const u = srv.url;
  const targets = [
    ['search', ['-u', `${u}/api/v1/search?q=hello&type=status&from=2020-01-01&cursor=${ids.searchCursor}`],
      ['q', 'type', 'from', 'cursor']],
    ['items-list', ['-u', `${u}/api/v1/items?type=status&space=${ids.space.id}&tag=launch&author=${ids.me.id}&cursor=${ids.listCursor}`],
      ['type', 'space', 'tag', 'author', 'cursor']],
    // sqlmap names custom (*) markers by their position: #1*, #2*...
    ['item-create', ['-u', `${u}/api/v1/items`, '--method', 'POST', '-H', 'Content-Type: application/json',
      '--data', `{"type":"status*","space":${ids.space.id}*,"body":"injected*","tags":["launch*"]}`],
      ['JSON #1*', 'JSON #2*', 'JSON #3*', 'JSON #4*']],
    ['item-path', ['-u', `${u}/api/v1/items/${ids.item.id}*`], ['#1*']],
  ];
  const times = {};
  for (const [name, args, params] of targets) {
    const t0 = Date.now();
    const r = await sqlmap(name, args);
    times[name] = Date.now() - t0;
    if (process.env.SQLMAP_REPORT) console.log(name, times[name], 'ms\n', r.out.slice(-1500));
    assertClean(name, r, params);
  }
  const total = Object.values(times).reduce((a, b) => a + b, 0);
  assert.ok(total < TOTAL_BUDGET_MS, `sqlmap took ${total} ms in all (${JSON.stringify(times)})`);
});
