'use strict';
// Self-test of the test tooling, without the Ruche server:
//   node --test tests/lib/
// A tiny Node HTTP server stands in for Ruche's pages, and a fake CLI (a Node
// script written to a temp dir) stands in for $RUCHE_BIN.

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');

const { Client, parseSetCookie, extractCsrf } = require('./client');
const { assertValidHtml } = require('./html');
const { launchBrowser, newPage, checkA11y } = require('./browser');
const { startServer, runCli } = require('./server');

const NONCE = 'bm9uY2Utc2VsZnRlc3Q';
const CSRF = 'tok&en"42';
const CSP = `default-src 'none'; script-src 'nonce-${NONCE}'; style-src 'nonce-${NONCE}'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const VALID_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="tok&amp;en&quot;42">
<title>Ruche selftest</title>
<style nonce="${NONCE}">body { font-family: sans-serif; } .note { color: #333; }</style>
</head>
<body>
<header><nav aria-label="Main"><a href="/valid">Home</a></nav></header>
<main>
<h1>Ruche selftest</h1>
<p class="note">A page that html-validate and axe both accept.</p>
<form method="post" action="/echo">
<input type="hidden" name="csrf" value="tok&amp;en&quot;42">
<label for="title">Title</label>
<input id="title" name="title" type="text" autocomplete="off">
<button type="submit">Save</button>
</form>
</main>
<script nonce="${NONCE}">document.documentElement.dataset.js = "1";</script>
</body>
</html>
`;

const INVALID_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Broken</title>
</head>
<body>
<main>
<h1>Broken</h1>
<p style="color: red">inline style</p>
<div id="x"></div><div id="x"></div>
<button>no type</button>
<script>alert(1)</script>
</main>
</body>
</html>
`;

// An axe "critical" violation: a text input without a label.
const A11Y_BAD_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bad a11y</title></head>
<body><main><h1>Bad</h1><input type="text" name="q"></main></body></html>
`;

function startFixture() {
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const html = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, ...headers });
      res.end(body);
    };
    if (url.pathname === '/valid') return html(200, VALID_PAGE);
    if (url.pathname === '/invalid') return html(200, INVALID_PAGE);
    if (url.pathname === '/a11y-bad') return html(200, A11Y_BAD_PAGE);
    if (url.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
    if (url.pathname === '/set') {
      res.writeHead(303, {
        location: '/valid',
        'set-cookie': [
          'sid=abc123; Path=/; HttpOnly; SameSite=Lax',
          'scoped=s1; Path=/sub; Max-Age=3600',
          'gone=old; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
        ],
      });
      return res.end();
    }
    if (url.pathname === '/clear') {
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': 'sid=; Path=/; Max-Age=0; HttpOnly' });
      return res.end('cleared');
    }
    if (url.pathname === '/echo' || url.pathname === '/sub/echo') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          method: req.method,
          cookie: req.headers.cookie || null,
          contentType: req.headers['content-type'] || null,
          authorization: req.headers.authorization || null,
          body,
        }));
      });
      return undefined;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('not found');
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => srv.close(r)) });
    });
  });
}

let fixture;
test.before(async () => { fixture = await startFixture(); });
test.after(async () => { await fixture.close(); });

// ---- client -----------------------------------------------------------------

test('parseSetCookie reads attributes', () => {
  const c = parseSetCookie('a=b=c; Path=/x; Max-Age=60; Secure; HttpOnly; SameSite=Strict', 1000);
  assert.equal(c.name, 'a');
  assert.equal(c.value, 'b=c');
  assert.equal(c.path, '/x');
  assert.equal(c.expiresAt, 61000);
  assert.equal(c.secure, true);
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Strict');
  assert.equal(parseSetCookie('a=; Max-Age=0').expiresAt, 0);
  // Max-Age wins over Expires.
  assert.equal(parseSetCookie('a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=10', 0).expiresAt, 10000);
});

test('extractCsrf prefers the meta tag and decodes entities', () => {
  assert.equal(extractCsrf(VALID_PAGE), CSRF);
  assert.equal(extractCsrf('<form><input type="hidden" name="csrf" value="h1"></form>'), 'h1');
  assert.equal(extractCsrf('<p>none</p>'), null);
});

test('client: cookie jar, redirects, CSRF, forms, JSON', async () => {
  const c = new Client(fixture.url);
  await assert.rejects(c.postForm('/echo', { a: 1 }), /no CSRF token/);

  const set = await c.get('/set');
  assert.equal(set.status, 303, 'redirects are not followed');
  assert.equal(set.location, '/valid');
  assert.deepEqual(c.cookies, { sid: 'abc123', scoped: 's1' }, 'expired cookie not stored');
  assert.equal(c.cookie('sid').httpOnly, true);
  assert.equal(c.cookie('sid').sameSite, 'Lax');

  const page = await c.follow(set);
  assert.equal(page.status, 200);
  assert.equal(c.csrf, CSRF);
  assert.equal(page.csrf, CSRF);

  // Path scoping: /sub cookie only goes to /sub/...; longer paths first.
  assert.equal((await c.get('/echo')).json().cookie, 'sid=abc123');
  assert.equal((await c.get('/sub/echo')).json().cookie, 'scoped=s1; sid=abc123');

  let r = (await c.postForm('/echo', { title: 'a b&c', tags: ['x', 'y'] })).json();
  assert.equal(r.contentType, 'application/x-www-form-urlencoded');
  assert.deepEqual([...new URLSearchParams(r.body)],
    [['csrf', CSRF], ['title', 'a b&c'], ['tags', 'x'], ['tags', 'y']]);
  r = (await c.postForm('/echo', { title: 't', csrf: null })).json();
  assert.equal(new URLSearchParams(r.body).has('csrf'), false, 'csrf: null omits the field');
  r = (await c.postForm('/echo', { csrf: 'explicit' })).json();
  assert.deepEqual(new URLSearchParams(r.body).getAll('csrf'), ['explicit']);

  r = (await c.json('POST', '/echo', { a: 1 }, { token: 'T0K' })).json();
  assert.equal(r.authorization, 'Bearer T0K');
  assert.equal(r.contentType, 'application/json');
  assert.deepEqual(JSON.parse(r.body), { a: 1 });
  r = (await c.json('GET', '/echo', undefined, { cookies: false })).json();
  assert.equal(r.cookie, null);
  assert.equal(r.body, '');

  await c.get('/clear');
  assert.equal(c.cookie('sid'), undefined, 'Max-Age=0 deletes');
  assert.deepEqual(c.cookies, { scoped: 's1' });
  assert.equal((await c.get('/echo')).json().cookie, null);
  const nf = await c.get('/nope');
  assert.equal(nf.status, 404);
  assert.throws(() => nf.json(), /not JSON/);
});

// ---- html-validate ------------------------------------------------------------

test('assertValidHtml accepts the valid page', async () => {
  const page = await new Client(fixture.url).get('/valid');
  assertValidHtml(page.text, 'GET /valid');
});

test('assertValidHtml rejects the invalid page with line:column and source', async () => {
  const page = await new Client(fixture.url).get('/invalid');
  assert.throws(() => assertValidHtml(page.text, 'GET /invalid'), (err) => {
    assert.ok(err instanceof assert.AssertionError, 'an AssertionError');
    for (const rule of ['no-inline-style', 'no-dup-id', 'no-implicit-button-type', 'require-csp-nonce']) {
      assert.match(err.message, new RegExp(`\\[${rule}\\]`), `reports ${rule}`);
    }
    assert.match(err.message, /GET \/invalid:10:4 error \[no-inline-style\]/);
    assert.match(err.message, /10 \| <p style="color: red">inline style<\/p>/);
    return true;
  });
  assert.throws(() => assertValidHtml('', 'empty'), assert.AssertionError);
});

// ---- browser + axe --------------------------------------------------------------

function childCmdlines() {
  const out = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      out.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
    } catch { /* process went away */ }
  }
  return out;
}

test('browser launches with a fresh profile, reads the title, runs axe', { timeout: 120000 }, async () => {
  const browser = await launchBrowser();
  let profile;
  try {
    const chrome = childCmdlines().find((args) => args.some((a) => a.startsWith('--user-data-dir=')));
    assert.ok(chrome, 'a chromium child process with --user-data-dir');
    profile = chrome.find((a) => a.startsWith('--user-data-dir=')).slice('--user-data-dir='.length);
    assert.equal(path.dirname(profile), fs.realpathSync(os.tmpdir()), 'profile lives in the temp dir');
    assert.match(path.basename(profile), /^playwright_chromiumdev_profile-/);
    assert.ok(chrome.includes('--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost'));

    const page = await newPage(browser);
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(`${fixture.url}/valid`);
    assert.equal(await page.title(), 'Ruche selftest');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.js), '1', 'nonce script ran');
    assert.deepEqual(consoleErrors, [], 'no CSP violation or other console error');

    const results = await checkA11y(page);
    assert.ok(results.passes.length > 0, 'axe ran rules');
    assert.equal(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').length, 0);

    await page.goto(`${fixture.url}/a11y-bad`);
    await assert.rejects(checkA11y(page), (err) => {
      assert.ok(err instanceof assert.AssertionError);
      assert.match(err.message, /\[critical\] label:/);
      assert.match(err.message, /<input type="text" name="q">/);
      return true;
    });

    // Host names other than loopback do not resolve.
    await assert.rejects(page.goto('http://example.invalid/'), /ERR_NAME_NOT_RESOLVED/);
    await page.context().close();
  } finally {
    await browser.close();
  }
  assert.equal(fs.existsSync(profile), false, 'profile removed on close');
});

// ---- server.js against a fake $RUCHE_BIN -----------------------------------------

const FAKE_BIN = `#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const [cmd, ...rest] = process.argv.slice(2);
const args = rest[0] === 'add' ? rest.slice(1) : rest;
const opt = (n) => { const i = args.indexOf('--' + n); return i < 0 ? undefined : args[i + 1]; };
const data = opt('data');
if (cmd === 'init') {
  if (fs.existsSync(data)) { console.error('exists'); process.exit(1); }
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'users.txt'), '');
} else if (cmd === 'user') {
  const pw = fs.readFileSync(0, 'utf8');
  if (!pw.endsWith('\\n')) { console.error('no newline'); process.exit(2); }
  fs.appendFileSync(path.join(data, 'users.txt'),
    [opt('email'), opt('name'), opt('role'), pw.trim(), process.env.RUCHE_PWHASH].join(' ') + '\\n');
} else if (cmd === 'serve') {
  if (process.env.FAKE_NO_LISTEN) { console.error('cannot bind'); process.exit(3); }
  const srv = http.createServer((req, res) => {
    if (req.url === '/healthz') { res.end('ok'); return; }
    if (req.url === '/users') { res.end(fs.readFileSync(path.join(data, 'users.txt'))); return; }
    res.statusCode = 404; res.end();
  });
  srv.listen(0, '127.0.0.1', () => {
    console.error('ruche: listening on http://127.0.0.1:' + srv.address().port);
  });
  process.on('SIGTERM', () => {
    console.error('ruche: stopping');
    if (process.env.FAKE_ABORT) process.kill(process.pid, 'SIGABRT');
    srv.close(() => process.exit(Number(process.env.FAKE_EXIT || 0)));
  });
} else {
  console.error('usage'); process.exit(64);
}
`;

test('server.js: runCli and startServer/stop against a fake binary', { timeout: 60000 }, async (t) => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ruche-fakebin-'));
  const bin = path.join(dir, 'ruche');
  await fsp.writeFile(bin, FAKE_BIN, { mode: 0o755 });
  const saved = process.env.RUCHE_BIN;
  process.env.RUCHE_BIN = bin;
  t.after(async () => {
    if (saved === undefined) delete process.env.RUCHE_BIN; else process.env.RUCHE_BIN = saved;
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const u = await runCli(['bogus']);
  assert.equal(u.code, 64);
  assert.match(u.stderr, /usage/);

  const srv = await startServer({
    users: [{ email: 'a@example.test', name: 'Ann', role: 'admin', password: 'pw one' }],
  });
  assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(fs.existsSync(srv.dataDir));
  assert.equal(path.dirname(path.dirname(srv.dataDir)), fs.realpathSync(os.tmpdir()));
  const users = await (await fetch(srv.url + '/users')).text();
  assert.equal(users, 'a@example.test Ann admin pw one fast\n');
  assert.match(srv.logs(), /listening on/);
  await srv.stop();
  assert.equal(fs.existsSync(path.dirname(srv.dataDir)), false, 'temp dir removed');
  await srv.stop(); // idempotent

  const bad = await startServer({ env: { FAKE_EXIT: '1' } });
  await assert.rejects(bad.stop(), (err) => {
    assert.ok(err instanceof assert.AssertionError);
    assert.match(err.message, /exited with code 1/);
    assert.match(err.message, /ruche: stopping/);
    return true;
  });
  assert.equal(fs.existsSync(path.dirname(bad.dataDir)), false, 'temp dir removed on failure too');

  const abrt = await startServer({ env: { FAKE_ABORT: '1' } });
  await assert.rejects(abrt.stop(), /exited with signal SIGABRT/);

  await assert.rejects(startServer({ env: { FAKE_NO_LISTEN: '1' } }),
    /exited \(code 3, signal null\) before listening[\s\S]*cannot bind/);
});

test('markupWrittenAsText: flags markup escaped inside a tag, not escaped user text in values or text', () => {
  const { markupWrittenAsText: check } = require('./fixtures');
  // The real bug: an attribute passed to H() as %s.
  assert.match(check('<p>x</p><a aria-current=&quot;page&quot; href="/">Home</a>'), /aria-current=&quot;page/);
  assert.ok(check('<input type="checkbox" checked=&quot;checked&quot;>'));
  assert.ok(check('<span class="x" &lt;b&gt;>y</span>'));
  assert.ok(check("<a href='/x' title=&#39;t&#39;>t</a>"));
  // User text, escaped where it belongs: inside quoted values and between tags.
  assert.equal(check('<input name="title" value="a x=&quot;y&quot; &lt;b onclick=&quot;z&quot;&gt;">'), null);
  assert.equal(check('<textarea name="b">&lt;a href=&quot;javascript:x&quot;&gt;</textarea>'), null);
  assert.equal(check('<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>'), null);
  assert.equal(check(`<meta name="csrf-token" content="tok&amp;en&quot;42"><a href="/s?q=%22x%22&amp;t=&quot;">q</a>`), null);
  assert.equal(check(VALID_PAGE), null);
});
