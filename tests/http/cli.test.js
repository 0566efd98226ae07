'use strict';
// The ruche command line: help, usage errors, and what each command does
// to a running instance.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const ADMIN = { email: 'root@example.test', name: 'Root Admin', role: 'admin', password: 'root password 1' };
let srv;
let tmp;

before(async () => {
  srv = await startServer({ users: [ADMIN] });
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'ruche-cli-'));
});

after(async () => {
  if (srv) {
    await fx.assertNo5xx(srv);
    await srv.stop();
  }
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

const data = () => ['--data', srv.dataDir];

test('ruche --help and every command --help exit 0 with a usage text', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: ruche COMMAND/);
  const commands = [...r.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
  assert.deepEqual(commands.sort(), ['backup', 'init', 'reindex', 'restore', 'seed', 'serve', 'token', 'user', 'version']);
  const variants = commands.map((c) => [c, '--help'])
    .concat([['user', 'add', '--help'], ['user', 'disable', '--help'], ['token', 'create', '--help']]);
  for (const args of variants) {
    const h = await runCli(args);
    assert.equal(h.code, 0, `ruche ${args.join(' ')}: ${h.stderr}`);
    assert.match(h.stdout, /usage: ruche/, `ruche ${args.join(' ')} prints a usage`);
    assert.equal(h.stderr, '', `ruche ${args.join(' ')} prints nothing on stderr`);
  }
});

test('bad usage exits 2 with one line on stderr starting "ruche:"', async () => {
  const cases = [
    [],
    ['bogus'],
    ['init', '--bogus'],
    ['init', '--data'],
    ['init', ...data(), 'extra'],
    ['serve', ...data(), '--listen', 'nonsense'],
    ['serve', '--nope'],
    ['user'],
    ['user', 'bogus'],
    ['user', 'add', ...data()],
    ['user', 'add', ...data(), '--email', 'x@example.test', '--name', 'X', '--role', 'king'],
    ['user', 'add', '--frobnicate'],
    ['user', 'disable', ...data()],
    ['token'],
    ['token', 'revoke'],
    ['token', 'create', ...data()],
    ['token', 'create', ...data(), '--email', ADMIN.email, '--days', '0'],
    ['seed', ...data()],
    ['seed', '--bogus'],
    ['backup', ...data()],
    ['restore'],
    ['restore', '--data', '/nonexistent/x'],
    ['restore', '--bogus'],
    ['version', 'extra'],
  ];
  for (const args of cases) {
    const r = await runCli(args);
    const label = `ruche ${args.join(' ')}`;
    assert.equal(r.code, 2, `${label}: exit code (stderr: ${r.stderr})`);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, `${label}: one line on stderr, got:\n${r.stderr}`);
    assert.match(lines[0], /^ruche: /, label);
  }
});

test('version prints the version', async () => {
  const r = await runCli(['version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^ruche \d+\.\d+\.\d+\n$/);
});

test('init is idempotent and keeps the data', async () => {
  const dir = path.join(tmp, 'idem');
  const a = await runCli(['init', '--data', dir]);
  assert.equal(a.code, 0, a.stderr);
  const add = await runCli(['user', 'add', '--data', dir, '--email', 'keep@example.test', '--name', 'Kept']);
  assert.equal(add.code, 0, add.stderr);
  const b = await runCli(['init', '--data', dir]);
  assert.equal(b.code, 0, b.stderr);
  const list = await runCli(['user', 'list', '--data', dir]);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /keep@example\.test/);
});

test('commands on a missing data directory fail clearly', async () => {
  const r = await runCli(['user', 'list', '--data', path.join(tmp, 'nothing-here')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ruche: no Ruche database at .*; run: ruche init/);
});

test('user add prints a generated password that signs in; a duplicate e-mail fails', async () => {
  const r = await runCli(['user', 'add', ...data(), '--email', 'Gen@Example.test', '--name', 'Gen Erated']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Created Gen Erated <gen@example\.test> \(@gen, employee\)$/m);
  const m = /^Password: (\S+)$/m.exec(r.stdout);
  assert.ok(m, `a password is printed: ${r.stdout}`);
  const c = new Client(srv.url);
  const login = await c.login('gen@example.test', m[1]);
  assert.equal(login.status, 303);
  const me = await c.json('GET', '/api/v1/me');
  assert.equal(me.json().email, 'gen@example.test');

  const dup = await runCli(['user', 'add', ...data(), '--email', 'gen@example.test', '--name', 'Again']);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /^ruche: user add: An account with this e-mail address already exists\.\n$/);
  const bad = await runCli(['user', 'add', ...data(), '--email', 'not-an-email', '--name', 'Bad']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /valid e-mail/);
});

test('user add --password-stdin refuses a short password', async () => {
  const r = await runCli(['user', 'add', ...data(), '--email', 'short@example.test', '--name', 'S', '--password-stdin'],
    { input: 'short\n' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /at least 10 characters/);
});

test('user disable ends sessions; enable lets the person in again', async () => {
  const email = 'dis@example.test';
  const pw = 'disable me please';
  const add = await runCli(['user', 'add', ...data(), '--email', email, '--name', 'Dis Abled', '--password-stdin'],
    { input: pw + '\n' });
  assert.equal(add.code, 0, add.stderr);
  const c = await fx.signedIn(srv.url, email, pw);
  assert.equal((await c.get('/')).status, 200);

  const dis = await runCli(['user', 'disable', ...data(), email]);
  assert.equal(dis.code, 0, dis.stderr);
  const home = await c.get('/');
  assert.equal(home.status, 303);
  assert.match(home.location, /^\/login/);
  const again = await new Client(srv.url).login(email, pw);
  assert.equal(again.status, 400, 'a disabled account cannot sign in');

  const en = await runCli(['user', 'enable', ...data(), email]);
  assert.equal(en.code, 0, en.stderr);
  await fx.signedIn(srv.url, email, pw);

  const none = await runCli(['user', 'disable', ...data(), 'nobody@example.test']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^ruche: user disable: no account/);
});

test('user passwd reads the new password from stdin and ends sessions', async () => {
  const email = 'pw@example.test';
  await runCli(['user', 'add', ...data(), '--email', email, '--name', 'Pass Word', '--password-stdin'],
    { input: 'first password 1\n' });
  const c = await fx.signedIn(srv.url, email, 'first password 1');
  const r = await runCli(['user', 'passwd', ...data(), email], { input: 'second password 2\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await c.get('/')).status, 303, 'the old session ended');
  assert.equal((await new Client(srv.url).login(email, 'first password 1')).status, 400);
  await fx.signedIn(srv.url, email, 'second password 2');
});

// These two read the SQLite file itself; on PostgreSQL, backups are pg_dump's.
const SQLITE_ONLY = { skip: process.env.RUCHE_TEST_PG ? 'reads the SQLite file' : false };

test('token create prints a working bearer token whose value is not stored', SQLITE_ONLY, async () => {
  const token = await fx.createToken(srv.dataDir, ADMIN.email, ['--name', 'ci']);
  const me = await new Client(srv.url).json('GET', '/api/v1/me', undefined, { token });
  assert.equal(me.status, 200);
  assert.equal(me.json().email, ADMIN.email);
  let stored = Buffer.alloc(0);
  for (const f of ['ruche.db', 'ruche.db-wal']) {
    const p = path.join(srv.dataDir, f);
    if (fs.existsSync(p)) stored = Buffer.concat([stored, await fsp.readFile(p)]);
  }
  assert.ok(stored.length > 0);
  assert.equal(stored.includes(Buffer.from(token)), false, 'the database does not contain the token');
  const hash = require('node:crypto').createHash('sha256').update(token).digest('hex');
  assert.ok(stored.includes(Buffer.from(hash)), 'the database holds its SHA-256 (so the search above looked in the right place)');
  const none = await runCli(['token', 'create', ...data(), '--email', 'nobody@example.test']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^ruche: token create: no account/);
  const scope = await runCli(['token', 'create', ...data(), '--email', ADMIN.email, '--scope', 'everything']);
  assert.equal(scope.code, 1);
  assert.match(scope.stderr, /^ruche: token create: Scopes are read, write and admin\./);
});

test('seed --demo creates people visible in the directory, once', async () => {
  const r = await runCli(['seed', ...data(), '--demo']);
  assert.equal(r.code, 0, r.stderr);
  const m = /Sign in as (\S+) with password (\S+)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const c = await fx.signedIn(srv.url, m[1], m[2]);
  const dir = await fx.page(c, '/people?q=claire');
  assert.match(dir.text, /Claire Dubois/);
  const eng = await fx.page(c, '/people?department=Engineering');
  assert.match(eng.text, /Thomas Martin/);
  const again = await runCli(['seed', ...data(), '--demo']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already there/);
});

test('backup writes a database that a new data directory can serve', SQLITE_ONLY, async () => {
  const file = path.join(tmp, 'backup.db');
  const r = await runCli(['backup', ...data(), file]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.statSync(file).size > 0);
  const head = (await fsp.readFile(file)).subarray(0, 16).toString('latin1');
  assert.equal(head, 'SQLite format 3\0');

  const dir = path.join(tmp, 'restored');
  assert.equal((await runCli(['init', '--data', dir])).code, 0);
  await fsp.copyFile(file, path.join(dir, 'ruche.db'));
  const init = await runCli(['init', '--data', dir]);
  assert.equal(init.code, 0, init.stderr);
  const list = await runCli(['user', 'list', '--data', dir]);
  const orig = await runCli(['user', 'list', ...data()]);
  assert.equal(list.stdout, orig.stdout, 'the same people');

  const served = await fx.serveDir(dir);
  try {
    const c = await fx.signedIn(served.url, ADMIN.email, ADMIN.password);
    const people = await c.json('GET', '/api/v1/people?limit=100');
    assert.equal(people.status, 200);
    assert.ok(people.json().items.some((p) => p.email === 'gen@example.test'));
  } finally {
    const { code } = await served.stop();
    assert.equal(code, 0, served.logs());
  }
});
