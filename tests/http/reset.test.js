'use strict';
// Password reset by e-mail, against a REAL SMTP server (Debian
// python3-aiosmtpd on a loopback port, tests/lib/smtp_sink.py): the e-mail
// arrives with RFC 5322 headers in the person's language, its link sets a
// new password once, voids the older links, signs out every session;
// "Forgot your password?" answers the same for known and unknown
// addresses, and is throttled; links expire; without SMTP the page sends
// people to an administrator, who can make a link on the person's page.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx;

const ADMIN = { email: 'admin@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };
const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };
const DAN = { email: 'dan@example.test', name: 'Dan Roux', role: 'employee', password: 'dan password 12' };
const SAME = 'If an account uses this address, a link to choose a new password is on its way. Look in your mailbox.';

let srv, sink, mailDir;

function startSink(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [path.join(fx.REPO_ROOT, 'tests', 'lib', 'smtp_sink.py'), dir],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('the SMTP sink did not start: ' + out)), 10000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, port: Number(m[1]) }); }
    });
    child.stderr.setEncoding('utf8').on('data', (d) => { out += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the SMTP sink exited (${code}): ${out}`)); });
  });
}

before(async () => {
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-mail-'));
  sink = await startSink(mailDir);
  srv = await startServer({
    users: [ADMIN, BOB, DAN],
    env: { RUCHE_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, RUCHE_MAIL_FROM: 'ruche@example.test' },
  });
});

after(async () => {
  if (srv) {
    await fx.assertNo5xx(srv);
    await srv.stop();
  }
  if (sink) { sink.child.removeAllListeners('exit'); sink.child.kill(); }
  if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
});

const received = () => fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort();

// Waits until `count` messages in all have arrived; returns the new ones, parsed.
async function mailsUntil(count, ms = 8000) {
  const start = Date.now();
  while (received().length < count && Date.now() - start < ms) await new Promise((r) => setTimeout(r, 50));
  const files = received();
  assert.equal(files.length, count, `${count} e-mails expected, ${files.length} arrived`);
  return files.map((f) => parseMail(fs.readFileSync(path.join(mailDir, f), 'utf8')));
}

function parseMail(raw) {
  const at = raw.indexOf('\r\n\r\n');
  assert.ok(at > 0, 'headers end with an empty line (CRLF)');
  const headers = {};
  for (const line of raw.slice(0, at).split('\r\n')) {
    const m = /^([A-Za-z-]+): (.*)$/.exec(line);
    assert.ok(m, `a header line: ${JSON.stringify(line)}`);
    headers[m[1].toLowerCase()] = m[2];
  }
  let subject = headers.subject;
  const enc = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(subject);
  if (enc) subject = Buffer.from(enc[1], 'base64').toString('utf8');
  const body = raw.slice(at + 4);
  const link = /(http:\/\/[^\s]+\/reset\/([A-Za-z0-9_-]+))/.exec(body);
  return { raw, headers, subject, body, url: link && link[1], token: link && link[2] };
}

// A page's text with its per-response tokens blanked, to compare two answers.
const blank = (t) => t.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value=""')
  .replace(/content="[A-Za-z0-9_-]{40,}"/g, 'content=""');

async function forgot(c, email) {
  if (!c.csrf) await c.get('/password/forgot');
  return c.postForm('/password/forgot', { email });
}

test('the sign-in page links to "Forgot your password?", a valid form', async () => {
  const c = new Client(srv.url);
  const login = await fx.page(c, '/login');
  assert.match(login.text, /href="\/password\/forgot"/);
  const page = await fx.page(c, '/password/forgot');
  assert.match(page.text, /<form method="post" action="\/password\/forgot">/);
});

test('the answer is the same for a known and an unknown address; only the known one gets an e-mail', async () => {
  const before = received().length;
  const c = new Client(srv.url);
  const unknown = await forgot(c, 'nobody@example.test');
  const known = await forgot(c, BOB.email);
  assert.equal(unknown.status, 200);
  assert.equal(known.status, 200);
  assert.ok(known.text.includes(SAME));
  assert.equal(blank(known.text), blank(unknown.text), 'the same page, byte for byte');
  assert.equal(known.headers.get('set-cookie'), unknown.headers.get('set-cookie'));
  const mails = await mailsUntil(before + 1);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(received().length, before + 1, 'no e-mail for the unknown address');
  const m = mails.at(-1);
  assert.equal(m.headers['x-envelope-to'], BOB.email);
  assert.equal(m.headers['x-envelope-from'], 'ruche@example.test');
  assert.equal(m.headers.to, `<${BOB.email}>`);
  assert.equal(m.headers.from, 'Ruche <ruche@example.test>');
  assert.equal(m.subject, 'Reset your Ruche password');
  assert.match(m.headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.ok(Math.abs(Date.parse(m.headers.date) - Date.now()) < 120000, 'Date is now');
  assert.match(m.headers['message-id'], /^<[0-9a-f]{32}@example\.test>$/);
  assert.equal(m.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.match(m.body, /^Hello Bob Martin,/);
  assert.match(m.body, /within 60 minutes/);
  assert.ok(m.url.startsWith(srv.url + '/reset/'), m.url);
  assert.equal(m.token.length, 43, '32 random bytes, base64url');
});

test('the link sets a new password once, ends every session, signs in afresh; the old password is refused', async () => {
  const other = await fx.signedIn(srv.url, BOB.email, BOB.password);
  const before = received().length;
  await forgot(new Client(srv.url), BOB.email);
  const [m] = (await mailsUntil(before + 1)).slice(-1);
  const link = '/reset/' + m.token;

  const c = new Client(srv.url);
  const form = await fx.page(c, link);
  assert.match(form.text, /name="password" type="password"/);
  const short = await c.postForm(link, { password: 'short' });
  assert.equal(short.status, 400, 'the rules of any password');
  assert.ok(fx.formError(short.text));
  const ok = await c.postForm(link, { password: 'bob new password 1' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/settings/password?done=password');
  assert.ok(c.cookies.ruche_session, 'signed in');
  assert.equal((await c.get('/')).status, 200);
  assert.equal((await other.get('/')).status, 303, 'the other session is over');

  assert.equal((await new Client(srv.url).login(BOB.email, BOB.password)).status, 400, 'old password refused');
  assert.equal((await new Client(srv.url).login(BOB.email, 'bob new password 1')).status, 303);

  const again = new Client(srv.url);
  assert.equal((await again.get(link)).status, 404, 'used: the page is gone');
  const reuse = await again.postForm(link, { password: 'attacker password 1' });
  assert.equal(reuse.status, 404, 'used: refused');
  assert.equal((await new Client(srv.url).login(BOB.email, 'attacker password 1')).status, 400);
  assert.equal((await again.get('/reset/' + 'A'.repeat(43))).status, 404, 'an unknown token');
  assert.equal((await again.get('/reset/short')).status, 404, 'a malformed token');
});

test('using one link voids the earlier ones; the e-mail is in the person\'s language', async () => {
  const dan = await fx.signedIn(srv.url, DAN.email, DAN.password);
  assert.equal((await dan.postForm('/lang', { lang: 'fr', next: '/' })).status, 303);
  const before = received().length;
  const c = new Client(srv.url);
  await forgot(c, DAN.email);
  await mailsUntil(before + 1);
  await forgot(c, DAN.email);
  const mails = await mailsUntil(before + 2);
  const [first, second] = mails.slice(-2);
  assert.notEqual(first.token, second.token);
  assert.equal(second.subject, 'Réinitialiser votre mot de passe Ruche');
  assert.match(second.headers.subject, /^=\?UTF-8\?B\?/, 'a non-ASCII subject is an RFC 2047 encoded word');
  assert.match(second.body, /^Bonjour Dan Roux,/);
  assert.match(second.body, /60 minutes/);
  const r = await fx.page(c, '/reset/' + second.token);
  assert.ok(r);
  assert.equal((await c.postForm('/reset/' + second.token, { password: 'dan new password 1' })).status, 303);
  assert.equal((await new Client(srv.url).get('/reset/' + first.token)).status, 404, 'the earlier link is void');
});

test('requests are throttled per e-mail address: 429 with Retry-After, the same for unknown addresses', async () => {
  for (const email of ['ghost@example.test', ADMIN.email]) {
    const c = new Client(srv.url);
    let last;
    for (let i = 0; i < 6; i++) last = await forgot(c, email);
    assert.equal(last.status, 429, email);
    assert.ok(Number(last.headers.get('retry-after')) > 0);
    assert.match(last.text, /Too many requests/);
  }
  const bad = await forgot(new Client(srv.url), 'not an address');
  assert.equal(bad.status, 400);
  assert.equal(fx.formError(bad.text), 'Enter a valid e-mail address.');
});

test('login: an unknown e-mail and a wrong password get the same page', async () => {
  const a = await new Client(srv.url).login('nobody@example.test', 'not the password 1');
  const b = await new Client(srv.url).login(ADMIN.email, 'not the password 1');
  assert.equal(a.status, 400);
  assert.equal(b.status, 400);
  const strip = (t) => blank(t).replace(/value="[^"]*@example\.test"/, 'value=""');
  assert.equal(strip(a.text), strip(b.text));
});

test('an administrator makes a link on the person\'s page; others cannot', async () => {
  const admin = await fx.signedIn(srv.url, ADMIN.email, ADMIN.password);
  const profile = await fx.page(admin, '/people/bob');
  assert.match(profile.text, /action="\/people\/bob\/reset-link"/);
  const r = await admin.postForm('/people/bob/reset-link', {});
  assert.equal(r.status, 200);
  fx.validHtml(r, 'reset link page');
  const m = /value="(http:\/\/[^"]+\/reset\/([A-Za-z0-9_-]{43}))"/.exec(r.text);
  assert.ok(m, 'the link is shown');
  const dan = await fx.signedIn(srv.url, DAN.email, 'dan new password 1');
  const refused = await dan.postForm('/people/bob/reset-link', {});
  assert.ok([403, 404].includes(refused.status), `a non-admin: ${refused.status}`);
  const c = new Client(srv.url);
  await fx.page(c, '/reset/' + m[2]);
  assert.equal((await c.postForm('/reset/' + m[2], { password: 'bob third password' })).status, 303);
});

test('without SMTP the page sends people to an administrator; a link of 0 minutes is expired', async () => {
  const bare = await startServer({ users: [ADMIN, BOB], env: { RUCHE_RESET_TOKEN_MINUTES: '0' } });
  try {
    const c = new Client(bare.url);
    const page = await fx.page(c, '/password/forgot');
    assert.match(page.text, /ask an administrator/);
    assert.doesNotMatch(page.text, /name="email"/);
    const post = await c.postForm('/password/forgot', { email: BOB.email });
    assert.equal(post.status, 503);
    const admin = await fx.signedIn(bare.url, ADMIN.email, ADMIN.password);
    const r = await admin.postForm('/people/bob/reset-link', {});
    const m = /\/reset\/([A-Za-z0-9_-]{43})"/.exec(r.text);
    assert.ok(m);
    assert.equal((await c.get('/reset/' + m[1])).status, 404, 'expired');
    assert.equal((await c.postForm('/reset/' + m[1], { password: 'bob other password' })).status, 404);
    assert.equal((await new Client(bare.url).login(BOB.email, BOB.password)).status, 303, 'password unchanged');
  } finally {
    await bare.stop();
  }
});

test('with SMTP an invitation also goes by e-mail; a used and an unknown invitation link answer the same', async () => {
  const admin = await fx.signedIn(srv.url, ADMIN.email, ADMIN.password);
  await fx.page(admin, '/admin/invitations');
  const before = received().length;
  const r = await admin.postForm('/admin/invitations', { email: 'newcomer@example.test', role: 'employee' });
  assert.equal(r.status, 201);
  assert.match(r.text, /The link is also sent by e-mail\./);
  const [m] = (await mailsUntil(before + 1)).slice(-1);
  assert.equal(m.headers['x-envelope-to'], 'newcomer@example.test');
  assert.equal(m.subject, 'You are invited to Ruche');
  assert.match(m.body, /Ada Admin invites you/);
  const link = /(http:\/\/\S+\/invite\/([A-Za-z0-9_-]{43}))/.exec(m.body);
  assert.ok(link, 'the link is in the e-mail');
  assert.ok(r.text.includes(link[1]), 'the same link as on the page');
  const c = new Client(srv.url);
  await fx.page(c, '/invite/' + link[2]);
  const ok = await c.postForm('/invite/' + link[2], { name: 'New Comer', password: 'newcomer password' });
  assert.equal(ok.status, 303);
  const used = await new Client(srv.url).get('/invite/' + link[2]);
  const unknown = await new Client(srv.url).get('/invite/' + 'B'.repeat(43));
  assert.equal(used.status, 404);
  assert.equal(unknown.status, 404);
  assert.equal(blank(used.text).replaceAll(link[2], 'TOKEN'), blank(unknown.text).replaceAll('B'.repeat(43), 'TOKEN'));
});
