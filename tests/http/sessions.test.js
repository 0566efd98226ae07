'use strict';
// Sessions and return addresses, beyond auth.test.js: every way of carrying
// a return address (the sign-in form, GET /login when signed in, the
// language switch) only ever sends the browser to this site, whatever the
// encoding tricks; and a session planted before sign-in is dead after it.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx;
const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };

let srv;
before(async () => { srv = await startServer({ users: [BOB] }); });
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

// Return addresses an attacker would try (the value as the server receives it).
const HOSTILE = [
  '//evil.example', '///evil.example', '/\\evil.example', '\\\\evil.example', '/\\/evil.example',
  'https://evil.example/', 'HTTPS://evil.example', 'http:evil.example', '//evil.example@ruche', ' //evil.example',
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>',
  '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/people\r\nSet-Cookie: x=1',
  '%2F%2Fevil.example', '%2f%2fevil.example', '/%2F%2Fevil.example', '/%5Cevil.example', '%5C%5Cevil.example',
  '\u3002evil.example', '/\u0000/evil.example',
];

function assertLocal(res, label) {
  assert.equal(res.status, 303, `${label}: ${res.status}`);
  const loc = res.location;
  assert.ok(loc && loc.startsWith('/'), `${label}: ${JSON.stringify(loc)}`);
  assert.ok(!/[\r\n\t\\]/.test(loc), `${label}: no control character or backslash in Location`);
  assert.ok(!loc.startsWith('//'), `${label}: not protocol-relative`);
  assert.equal(new URL(loc, srv.url).origin, new URL(srv.url).origin, `${label}: stays on this site`);
  assert.equal(res.headers.get('set-cookie')?.includes('x=1') ?? false, false, `${label}: no injected cookie`);
}

test('the sign-in form only returns to this site', async () => {
  for (const next of HOSTILE) {
    const c = new Client(srv.url);
    await c.get('/login');
    const r = await c.postForm('/login', { email: BOB.email, password: BOB.password, next });
    assertLocal(r, `POST /login next=${JSON.stringify(next)}`);
  }
});

test('GET /login when signed in, and the language switch, only return to this site', async () => {
  const c = await fx.signedIn(srv.url, BOB.email, BOB.password);
  for (const next of HOSTILE) {
    assertLocal(await c.get('/login?next=' + encodeURIComponent(next)), `GET /login?next=${JSON.stringify(next)}`);
    assertLocal(await c.postForm('/lang', { lang: 'en', next }), `POST /lang next=${JSON.stringify(next)}`);
  }
  const raw = await c.get('/login?next=//evil.example');
  assertLocal(raw, 'unencoded //');
});

test('a session planted before sign-in is not the one after it, and stays dead', async () => {
  // The attacker's own valid session, planted in the victim's browser.
  const attacker = await fx.signedIn(srv.url, BOB.email, BOB.password);
  const planted = attacker.cookies.ruche_session;
  const victim = new Client(srv.url);
  victim.setCookie('ruche_session', planted);
  await victim.get('/password/forgot'); // signed in as the attacker: /login would redirect
  assert.ok(victim.csrf);
  assert.equal((await victim.postForm('/login', { email: BOB.email, password: BOB.password })).status, 303);
  assert.notEqual(victim.cookies.ruche_session, planted, 'a new session id at sign-in');
  assert.equal((await attacker.get('/')).status, 303, 'the planted session is destroyed on the server');
  assert.equal((await victim.get('/')).status, 200);
});
