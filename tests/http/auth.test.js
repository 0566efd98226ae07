'use strict';
// Signing in and out, sessions, throttling, password changes, invitations.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const ADMIN = { email: 'admin@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };
const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };
const CAROL = { email: 'carol@example.test', name: 'Carol Throttle', role: 'employee', password: 'carol password 1' };
const DAN = { email: 'dan@example.test', name: 'Dan Changer', role: 'employee', password: 'dan password 12' };
const EVE = { email: 'eve@example.test', name: 'Eve Session', role: 'employee', password: 'eve password 12' };
const WRONG = 'Wrong e-mail address or password.';

let srv;
before(async () => { srv = await startServer({ users: [ADMIN, BOB, CAROL, DAN, EVE] }); });
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

test('the sign-in page is valid HTML; anonymous visitors are sent to it', async () => {
  const c = new Client(srv.url);
  await fx.page(c, '/login');
  const home = await c.get('/');
  assert.equal(home.status, 303);
  assert.equal(home.location, '/login?next=/');
  const people = await c.get('/people');
  assert.equal(people.location, '/login?next=/people');
  await fx.page(c, '/login?next=/people');
});

test('a wrong password and an unknown e-mail get the same 400 message', async () => {
  const c = new Client(srv.url);
  const wrong = await c.login(BOB.email, 'not the password');
  assert.equal(wrong.status, 400);
  fx.validHtml(wrong, 'POST /login (wrong password)');
  assert.equal(fx.formError(wrong.text), WRONG);
  assert.match(wrong.text, /value="bob@example\.test"/, 'the e-mail is kept in the form');
  assert.equal(c.cookies.ruche_session, undefined);

  const unknown = await c.login('nobody@example.test', 'not the password');
  assert.equal(unknown.status, 400);
  assert.equal(fx.formError(unknown.text), WRONG);

  const empty = await c.postForm('/login', { email: '', password: '' });
  assert.equal(empty.status, 400);
  assert.equal(fx.formError(empty.text), WRONG);
});

test('after 5 failures the account is throttled: 429 with Retry-After', async () => {
  const c = new Client(srv.url);
  for (let i = 0; i < 5; i++) {
    const r = await c.login(CAROL.email, `wrong ${i}`);
    assert.equal(r.status, 400, `attempt ${i + 1}`);
  }
  const blocked = await c.login(CAROL.email, CAROL.password);
  assert.equal(blocked.status, 429, 'even the right password waits');
  fx.validHtml(blocked, 'POST /login (429)');
  const retry = Number(blocked.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 900, `Retry-After: ${blocked.headers.get('retry-after')}`);
  assert.match(fx.formError(blocked.text), /Too many failed attempts/);
  assert.equal(c.cookies.ruche_session, undefined);
  // Other accounts are not locked out by it.
  await fx.signedIn(srv.url, BOB.email, BOB.password);
});

test('the session cookie is HttpOnly and SameSite=Lax; each sign-in gets a new token', async () => {
  const c = new Client(srv.url);
  c.setCookie('ruche_session', 'attacker-chosen-value-that-is-43-chars-long');
  const r = await c.login(BOB.email, BOB.password);
  assert.equal(r.status, 303);
  const cookie = c.cookie('ruche_session');
  assert.ok(cookie.httpOnly, 'HttpOnly');
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  assert.notEqual(cookie.value, 'attacker-chosen-value-that-is-43-chars-long');
  const first = cookie.value;

  await c.get('/');
  const again = await c.postForm('/login', { email: BOB.email, password: BOB.password });
  assert.equal(again.status, 303, 'signing in again while signed in');
  const second = c.cookie('ruche_session').value;
  assert.notEqual(second, first, 'a fresh token at each sign-in');
  const old = new Client(srv.url);
  old.setCookie('ruche_session', first);
  assert.equal((await old.get('/')).status, 303, 'the replaced session is over');
  assert.equal((await c.get('/')).status, 200);
});

test('signing in while signed in goes to next; the CSRF token changes with the session', async () => {
  const c = new Client(srv.url);
  await c.get('/login');
  const anonymous = c.csrf;
  await c.login(BOB.email, BOB.password);
  await c.get('/');
  assert.notEqual(c.csrf, anonymous);
  const again = await c.get('/login?next=/people');
  assert.equal(again.status, 303);
  assert.equal(again.location, '/people');
});

test('logout ends the session on the server', async () => {
  const c = await fx.signedIn(srv.url, BOB.email, BOB.password);
  const token = c.cookies.ruche_session;
  const out = await c.postForm('/logout', {});
  assert.equal(out.status, 303);
  assert.equal(out.location, '/login');
  assert.equal(c.cookies.ruche_session, undefined, 'the cookie is cleared');
  const replay = new Client(srv.url);
  replay.setCookie('ruche_session', token);
  const r = await replay.get('/');
  assert.equal(r.status, 303, 'the old cookie no longer works');
  assert.match(r.location, /^\/login/);
  const api = await replay.json('GET', '/api/v1/me');
  assert.equal(api.status, 401);
});

test('next only redirects to local paths', async () => {
  const cases = [
    ['//evil.example', '/'],
    ['//evil.example/people', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['people', '/'],
    ['/people?q=x', '/people?q=x'],
    ['/people/bob', '/people/bob'],
  ];
  for (const [next, want] of cases) {
    const c = new Client(srv.url);
    const r = await c.login(BOB.email, BOB.password, { next });
    assert.equal(r.status, 303, `next=${next}`);
    assert.equal(r.location, want, `next=${next}`);
  }
  const page = await new Client(srv.url).get('/login?next=' + encodeURIComponent('//evil.example'));
  assert.match(page.text, /name="next" value="\/"/, 'the form does not carry a foreign next');
});

test('changing the password needs the current one and ends the other sessions', async () => {
  const other = await fx.signedIn(srv.url, DAN.email, DAN.password);
  const c = await fx.signedIn(srv.url, DAN.email, DAN.password);
  await fx.page(c, '/settings/password');

  const wrong = await c.postForm('/settings/password', { current: 'not it at all', new: 'a brand new password' });
  assert.equal(wrong.status, 400);
  fx.validHtml(wrong, 'POST /settings/password (wrong current)');
  assert.equal(fx.formError(wrong.text), 'The current password is wrong.');

  const short = await c.postForm('/settings/password', { current: DAN.password, new: 'short' });
  assert.equal(short.status, 400);
  assert.equal(fx.formError(short.text), 'The password must have at least 10 characters.');

  const ok = await c.postForm('/settings/password', { current: DAN.password, new: 'a brand new password' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/settings/password?done=password');
  const done = await fx.page(c, ok.location);
  assert.match(done.text, /Your password is changed\./);
  assert.equal((await c.get('/')).status, 200, 'this session goes on');
  assert.equal((await other.get('/')).status, 303, 'the other session ended');

  assert.equal((await new Client(srv.url).login(DAN.email, DAN.password)).status, 400);
  await fx.signedIn(srv.url, DAN.email, 'a brand new password');
});

test('settings need a session', async () => {
  const c = new Client(srv.url);
  const r = await c.get('/settings/password');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login?next=/settings/password');
});

test('invitation: the admin gets a link; the invitee sets a name and password and is signed in; single use', async () => {
  const admin = await fx.signedIn(srv.url, ADMIN.email, ADMIN.password);
  await fx.page(admin, '/admin/invitations');
  const created = await admin.postForm('/admin/invitations', { email: 'New.Comer@Example.test', role: 'employee' });
  assert.equal(created.status, 201);
  fx.validHtml(created, 'POST /admin/invitations');
  const m = /value="(http:\/\/[^"]+\/invite\/([A-Za-z0-9_-]{43}))"/.exec(created.text);
  assert.ok(m, 'the page shows the link');
  const link = new URL(m[1]);
  assert.equal(link.origin, srv.url, 'the link points at this server');
  assert.match(created.text, /new\.comer@example\.test/);
  const list = await fx.page(admin, '/admin/invitations');
  assert.match(list.text, /<td>new\.comer@example\.test<\/td>/, 'listed as pending');
  assert.equal(list.text.includes(m[2]), false, 'the link is shown only once');

  const dup = await admin.postForm('/admin/invitations', { email: BOB.email, role: 'employee' });
  assert.equal(dup.status, 409);
  assert.match(fx.formError(dup.text), /already exists/);
  const bad = await admin.postForm('/admin/invitations', { email: 'x@example.test', role: 'overlord' });
  assert.equal(bad.status, 400);
  fx.validHtml(bad, 'POST /admin/invitations (bad role)');

  const guest = new Client(srv.url);
  const form = await fx.page(guest, link.pathname);
  assert.match(form.text, /new\.comer@example\.test/);
  const weak = await guest.postForm(link.pathname, { name: 'New Comer', password: 'short' });
  assert.equal(weak.status, 400);
  fx.validHtml(weak, 'POST /invite (weak password)');
  assert.match(weak.text, /value="New Comer"/, 'the name is kept');
  const noname = await guest.postForm(link.pathname, { name: '  ', password: 'long enough password' });
  assert.equal(noname.status, 400);

  const ok = await guest.postForm(link.pathname, { name: 'New Comer', password: 'long enough password' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/?done=welcome');
  const home = await fx.page(guest, ok.location);
  assert.match(home.text, /Welcome, New Comer/);
  assert.match(home.text, /Welcome! Your account is ready\./);
  const me = await guest.json('GET', '/api/v1/me');
  assert.equal(me.json().email, 'new.comer@example.test');
  assert.equal(me.json().role, 'employee');

  const again = new Client(srv.url);
  const used = await again.get(link.pathname);
  assert.equal(used.status, 404);
  fx.validHtml(used, 'GET /invite (used)');
  assert.match(used.text, /invalid, used or expired/);
  await again.get('/login');
  const reuse = await again.postForm(link.pathname, { name: 'Thief', password: 'long enough password' });
  assert.equal(reuse.status, 404);
  await fx.signedIn(srv.url, 'new.comer@example.test', 'long enough password');
  assert.equal((await guest.get('/invite/not-a-token')).status, 404);
});

test('an invitation can be withdrawn', async () => {
  const admin = await fx.signedIn(srv.url, ADMIN.email, ADMIN.password);
  await admin.get('/admin/invitations');
  const created = await admin.postForm('/admin/invitations', { email: 'withdrawn@example.test', role: 'external' });
  const token = /\/invite\/([A-Za-z0-9_-]{43})"/.exec(created.text)[1];
  const list = await admin.get('/admin/invitations');
  const id = /action="\/admin\/invitations\/(\d+)\/revoke"/.exec(list.text)[1];
  const r = await admin.postForm(`/admin/invitations/${id}/revoke`, {});
  assert.equal(r.status, 303);
  assert.match((await fx.page(admin, r.location)).text, /The invitation is withdrawn\./);
  assert.equal((await new Client(srv.url).get(`/invite/${token}`)).status, 404);
  const twice = await admin.postForm(`/admin/invitations/${id}/revoke`, {});
  assert.equal(twice.status, 404);
  fx.validHtml(twice, 'POST revoke (twice)');
});

test('non-admins get 404 on the invitation pages', async () => {
  const c = await fx.signedIn(srv.url, EVE.email, EVE.password);
  const page = await c.get('/admin/invitations');
  assert.equal(page.status, 404);
  fx.validHtml(page, 'GET /admin/invitations (employee)');
  assert.doesNotMatch(page.text, /href="\/admin\/invitations"/, 'no link to it either');
  const post = await c.postForm('/admin/invitations', { email: 'sneaky@example.test', role: 'admin' });
  assert.equal(post.status, 404);
  const revoke = await c.postForm('/admin/invitations/1/revoke', {});
  assert.equal(revoke.status, 404);
  const anon = await new Client(srv.url).get('/admin/invitations');
  assert.equal(anon.status, 303);
});
