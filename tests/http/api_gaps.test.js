'use strict';
// The API for features first built for the web: profile photos and space
// pictures (PUT as multipart/form-data, GET the bytes, DELETE), notification
// preferences, and marking one notification read; scopes, the permission
// model (404 for what one may not see, 403 for what one may not change) and
// the validation of every input.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/api_gaps.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'api gaps password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('olga', 'Olga Owner'), person('bob', 'Bob Durand')];

let srv;
let client;
const tokens = {};
const ids = {};

before(async () => {
  srv = await startServer({ users: USERS });
  for (const u of USERS) tokens[u.email.split('@')[0]] = await fx.createToken(srv.dataDir, u.email);
  tokens.olgaRead = await fx.createToken(srv.dataDir, 'olga@example.test', ['--scope', 'read']);
  client = new fx.Client(srv.url);
  const list = await api('ada', 'GET', '/api/v1/people?limit=100');
  for (const p of list.json().items) ids[p.handle] = p.id;
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

function api(who, method, path, body) {
  return client.json(method, path, body, { token: who ? tokens[who] : undefined, cookies: false });
}

async function ok(who, method, path, body, status = 200) {
  const res = await api(who, method, path, body);
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
  return res.json();
}

async function problem(res, status, field, label) {
  const p = fx.assertProblem(res, status, label);
  if (field !== undefined) assert.equal(p.field, field, `${label}: ${JSON.stringify(p)}`);
  return p;
}

/** PUT a multipart body with a bearer token. */
function upload(who, path, parts) {
  const { body, contentType } = fx.multipart(parts);
  const headers = { 'content-type': contentType };
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  return client.request('PUT', path, { headers, body, cookies: false });
}

/** GET bytes (with a token, or anonymously). */
async function bytes(who, path) {
  const headers = who ? { authorization: `Bearer ${tokens[who]}` } : {};
  const res = await fetch(srv.url + path, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const image = (name, data = fx.PNG_1x1, type = 'image/png') => [{ name, filename: 'p.png', type, data }];

test('profile photo: PUT multipart, GET the bytes, DELETE; scopes and permissions', async () => {
  const path = `/api/v1/people/${ids.bob}/photo`;
  assert.equal((await bytes('bob', path)).status, 404, 'no photo yet');
  let res = await upload('bob', path, image('photo'));
  assert.equal(res.status, 200, res.text);
  const me = res.json();
  assert.equal(me.id, ids.bob);
  assert.match(me.photo_url, /^\/people\/bob\/photo\?v=\d+$/);
  const got = await bytes('olga', path);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/webp');
  assert.ok(fx.isWebp(got.body), 'stored as WebP');
  assert.equal((await bytes(null, path)).status, 401, 'anonymous');
  // the web page serves the same picture
  assert.equal((await ok('olga', 'GET', `/api/v1/people/${ids.bob}`)).photo_url, me.photo_url);
  // a JPEG replaces it, with a new version
  res = await upload('bob', path, image('photo', fx.JPEG_8x8, 'image/jpeg'));
  assert.equal(res.status, 200, res.text);
  assert.notEqual(res.json().photo_url, me.photo_url);
  // another person: 403; an admin may; a read-only token may not; unknown: 404
  await problem(await upload('olga', path, image('photo')), 403, undefined, 'olga on bob');
  assert.equal((await upload('ada', path, image('photo'))).status, 200);
  await problem(await upload('olgaRead', `/api/v1/people/${ids.olga}/photo`, image('photo')), 403, undefined, 'read scope');
  await problem(await upload('bob', '/api/v1/people/999999/photo', image('photo')), 404, undefined, 'unknown person');
  await problem(await upload('bob', '/api/v1/people/x/photo', image('photo')), 404, undefined, 'bad id');
  // validation: not multipart, missing part, not an image
  await problem(await api('bob', 'PUT', path, { photo: 'x' }), 415, 'photo', 'JSON body');
  await problem(await upload('bob', path, [{ name: 'other', value: 'x' }]), 400, 'photo', 'missing part');
  await problem(await upload('bob', path, image('picture')), 400, 'photo', 'wrong part name');
  await problem(await upload('bob', path, image('photo', Buffer.from('not an image'), 'image/png')), 400, 'photo', 'not an image');
  // DELETE: others may not; then it is gone
  await problem(await api('olga', 'DELETE', path), 403, undefined, 'olga deletes bob\'s photo');
  await problem(await api('olgaRead', 'DELETE', `/api/v1/people/${ids.olga}/photo`), 403, undefined, 'read scope delete');
  const after1 = await ok('bob', 'DELETE', path);
  assert.equal(after1.photo_url, null);
  assert.equal((await bytes('bob', path)).status, 404);
});

test('space picture: owners change it, members may not, outsiders see a 404, public spaces are public', async () => {
  const pub = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Gaps public', visibility: 'public' }, 201);
  const priv = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Gaps private', visibility: 'private', secret: true }, 201);
  await ok('bob', 'POST', `/api/v1/spaces/${pub.id}/join`, undefined);
  const pp = `/api/v1/spaces/${pub.id}/picture`;
  assert.equal((await bytes(null, pp)).status, 404, 'no picture yet');
  let res = await upload('olga', pp, image('picture'));
  assert.equal(res.status, 200, res.text);
  const s = res.json();
  assert.equal(s.id, pub.id);
  assert.match(s.picture_url, /^\/spaces\/.+\/photo\?v=\d+$/);
  const got = await bytes(null, pp);
  assert.equal(got.status, 200, 'anonymous visitors see a public space\'s picture');
  assert.ok(fx.isWebp(got.body));
  assert.match(got.headers.get('cache-control'), /^public/);
  await problem(await upload('bob', pp, image('picture')), 403, undefined, 'a member');
  await problem(await api('bob', 'DELETE', pp), 403, undefined, 'a member deletes');
  await problem(await upload('olgaRead', pp, image('picture')), 403, undefined, 'read scope');
  await problem(await upload(null, pp, image('picture')), 401, undefined, 'anonymous');
  await problem(await api('olga', 'PUT', pp, {}), 415, 'picture', 'JSON body');
  await problem(await upload('olga', pp, image('photo')), 400, 'picture', 'wrong part');
  await problem(await upload('olga', pp, image('picture', Buffer.from('GIF89a nope'))), 400, 'picture', 'not an image');
  // a secret space: a 404 for outsiders, whatever they try
  const sp = `/api/v1/spaces/${priv.id}/picture`;
  assert.equal((await upload('olga', sp, image('picture'))).status, 200);
  assert.equal((await bytes('olga', sp)).status, 200);
  assert.equal((await bytes('bob', sp)).status, 404);
  assert.equal((await bytes(null, sp)).status, 404);
  await problem(await upload('bob', sp, image('picture')), 404, undefined, 'outsider upload');
  await problem(await api('bob', 'DELETE', sp), 404, undefined, 'outsider delete');
  // an admin may; then the owner removes it
  assert.equal((await upload('ada', pp, image('picture', fx.JPEG_8x8, 'image/jpeg'))).status, 200);
  const gone = await ok('olga', 'DELETE', pp);
  assert.equal(gone.picture_url, null);
  assert.equal((await bytes(null, pp)).status, 404);
});

test('notification preferences: every kind, partial changes, validation, and their effect', async () => {
  const prefs = await ok('bob', 'GET', '/api/v1/notifications/preferences');
  const kinds = Object.keys(prefs);
  for (const k of ['mention', 'comment', 'reply', 'like', 'follow']) assert.equal(prefs[k], true, k);
  assert.ok(kinds.length >= 5);
  const changed = await ok('bob', 'PUT', '/api/v1/notifications/preferences', { like: false, follow: false });
  assert.equal(changed.like, false);
  assert.equal(changed.follow, false);
  assert.equal(changed.mention, true, 'kinds not sent keep their setting');
  assert.deepEqual(await ok('bob', 'GET', '/api/v1/notifications/preferences'), changed);
  // validation: nothing is changed when one member is wrong
  let res = await api('bob', 'PUT', '/api/v1/notifications/preferences', { mention: false, nonsense: true });
  await problem(res, 400, 'nonsense', 'unknown kind');
  res = await api('bob', 'PUT', '/api/v1/notifications/preferences', { mention: 'no' });
  await problem(res, 400, 'mention', 'not a boolean');
  assert.equal((await ok('bob', 'GET', '/api/v1/notifications/preferences')).mention, true);
  await problem(await api('bob', 'PUT', '/api/v1/notifications/preferences'), 400, undefined, 'no body');
  await problem(await api('olgaRead', 'PUT', '/api/v1/notifications/preferences', { like: false }), 403, undefined, 'read scope');
  await problem(await api(null, 'GET', '/api/v1/notifications/preferences'), 401, undefined, 'anonymous');
  // the effect: a follow is not notified, a mention is
  await ok('olga', 'PUT', `/api/v1/people/${ids.bob}/follow`);
  await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'Hello @bob' }, 201);
  const list = await ok('bob', 'GET', '/api/v1/notifications');
  assert.ok(!list.items.some((n) => n.kind === 'follow'), JSON.stringify(list.items));
  assert.ok(list.items.some((n) => n.kind === 'mention'), JSON.stringify(list.items));
  // the settings page shows the same
  const web = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  const page = await fx.page(web, '/settings/notifications');
  assert.doesNotMatch(page.text, /name="like"[^>]*checked/);
  assert.match(page.text, /name="mention"[^>]*checked/);
  await ok('bob', 'PUT', '/api/v1/notifications/preferences', { like: true, follow: true });
});

test('marking one notification read; its id is checked', async () => {
  await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'Again @bob' }, 201);
  const list = await ok('bob', 'GET', '/api/v1/notifications');
  const unread = list.items.filter((n) => !n.read);
  assert.ok(unread.length >= 1);
  const r = await ok('bob', 'POST', '/api/v1/notifications/read', { id: unread[0].id });
  assert.equal(r.unread_count, list.unread_count - 1);
  for (const id of [0, -3, 'x', 1.5]) {
    await problem(await api('bob', 'POST', '/api/v1/notifications/read', { id }), 400, undefined, `id ${id}`);
  }
  await problem(await api('olga', 'POST', '/api/v1/notifications/read', { id: unread[1] ? unread[1].id : unread[0].id }), 404,
    undefined, 'another\'s notification');
  assert.equal((await ok('bob', 'POST', '/api/v1/notifications/read', {})).unread_count, 0);
});
