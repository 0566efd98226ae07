'use strict';
// The permission matrix of the three circles, over HTTP: for every actor
// (anonymous; external member and non-member; employee member, non-member,
// invited, asking to join; moderator; owner; admin) and every space (each
// visibility, secret, nested under each visibility, archived), every read is
// checked in the page AND in the API against an oracle written from
// docs/decisions/008-spaces-and-circles.md — view the space, find it in the
// directory, read its item and stream, read the item's comments, list its
// members. What may not be seen must answer exactly as what does not exist.
// (The same matrix for every action, at the policy level and through core,
// is tests/unit/test_spaces.c.)
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/spaces_matrix.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');
const { Client } = require('../lib/client'); // no HTML validation: hundreds of pages, checked elsewhere

const PASSWORD = 'matrix password 1';
const EMPLOYEES = ['admin', 'owner', 'moder', 'member', 'other', 'invitee', 'asker'];
const EXTERNALS = ['xmember', 'xother'];
const ACTORS = ['anonymous', ...EMPLOYEES, ...EXTERNALS];

let srv;
const tokens = {};
const ids = {};
const web = {}; // signed-in page clients
const spaces = []; // {key, vis, secret, parent, archived, id, slug, item, roles: {actor: role}}

const user = (h) => ({ email: `${h}@example.test`, name: `${h[0].toUpperCase()}${h.slice(1)} Test`,
  role: h === 'admin' ? 'admin' : 'employee', password: PASSWORD });

// ---- the oracle: decision 008, written independently of core/policy.c ----
const internal = (a) => a !== 'anonymous' && !EXTERNALS.includes(a);
const isAdmin = (a) => a === 'admin';
const ROLE_RANK = { none: 0, requested: 1, invited: 2, member: 3, moderator: 4, owner: 5 };
const roleOf = (a, s) => s.roles[a] || 'none';
const rank = (a, s) => ROLE_RANK[roleOf(a, s)];

function viewsOwn(a, s) {
  if (s.vis === 'public') return true;
  if (a === 'anonymous') return false;
  if (isAdmin(a)) return true;
  const r = roleOf(a, s);
  if (s.vis === 'internal') return internal(a);
  if (s.vis === 'private') return internal(a) && (r !== 'none' || !s.secret);
  if (s.vis === 'extranet') {
    if (!internal(a)) return r === 'member' || r === 'moderator' || r === 'owner' || r === 'invited';
    return r !== 'none' || !s.secret;
  }
  return false;
}
const view = (a, s) => viewsOwn(a, s) && (!s.parent || view(a, s.parent));
const find = (a, s) => view(a, s) && !s.archived;
const read = (a, s) => view(a, s) && (s.vis === 'public' || s.vis === 'internal' || isAdmin(a) || rank(a, s) >= 3);
const listMembers = (a, s) => read(a, s) && (internal(a) || rank(a, s) >= 3);

// ---- setup through the API, as people would do it ----
function api(who, method, path, body) {
  return new Client(srv.url).json(method, path, body, { token: who === 'anonymous' ? undefined : tokens[who], cookies: false });
}
async function ok(who, method, path, body, status = 200) {
  const r = await api(who, method, path, body);
  assert.equal(r.status, status, `${who}: ${method} ${path} → ${r.status} ${r.text.slice(0, 300)}`);
  return r.status === 204 ? null : r.json();
}

async function makeSpace(key, vis, { secret = false, parent = null, archived = false } = {}) {
  const s = { key, vis, secret, parent, archived, roles: { owner: 'owner' } };
  const body = { name: `Matrix ${key}`, slug: key, visibility: vis, secret };
  if (parent) body.parent = parent.id;
  const made = await ok('owner', 'POST', '/api/v1/spaces', body, 201);
  s.id = made.id;
  s.slug = made.slug;
  const invite = async (who) => {
    await ok('owner', 'POST', `/api/v1/spaces/${s.id}/members`, { person: ids[who] }, 201);
    s.roles[who] = 'invited';
  };
  const accept = async (who) => {
    await ok(who, 'POST', `/api/v1/spaces/${s.id}/join`, undefined);
    s.roles[who] = 'member';
  };
  // employees: members by invitation, accepted
  for (const who of ['moder', 'member']) {
    await invite(who);
    await accept(who);
  }
  await ok('owner', 'PATCH', `/api/v1/spaces/${s.id}/members/${ids.moder}`, { role: 'moderator' });
  s.roles.moder = 'moderator';
  // the external member, where externals may be (extranet), if they see the parent
  if (vis === 'extranet' && (!parent || view('xmember', parent))) {
    await invite('xmember');
    await accept('xmember');
  }
  // an open invitation, and a pending request where one can ask
  if (!parent || view('invitee', parent)) await invite('invitee');
  if ((vis === 'private' || vis === 'extranet') && !secret && view('asker', s)) {
    const r = await ok('asker', 'POST', `/api/v1/spaces/${s.id}/join`, undefined);
    assert.equal(r.role, 'requested');
    s.roles.asker = 'requested';
  }
  const item = await ok('owner', 'POST', '/api/v1/items', { type: 'status', body: `Hello from ${key}`, space: s.id }, 201);
  s.item = item.id;
  await ok('member', 'POST', `/api/v1/items/${s.item}/comments`, { body: `A reply in ${key}` }, 201);
  spaces.push(s);
  return s;
}

const FITS = { public: ['internal', 'private', 'extranet', 'public'], internal: ['internal', 'private', 'extranet'],
  extranet: ['extranet', 'private'], private: ['private'] };

before(async () => {
  srv = await startServer({ users: EMPLOYEES.map(user) });
  for (const h of EXTERNALS) {
    const r = await runCli(['user', 'add', '--data', srv.dataDir, '--email', `${h}@example.test`, '--name', `${h} Test`,
      '--role', 'external', '--password-stdin'], { input: `${PASSWORD}\n` });
    assert.equal(r.code, 0, r.stderr);
  }
  for (const h of [...EMPLOYEES, ...EXTERNALS]) tokens[h] = await fx.createToken(srv.dataDir, `${h}@example.test`);
  const people = await ok('admin', 'GET', '/api/v1/people?limit=100');
  for (const p of people.items) ids[p.handle] = p.id;
  // top level: each visibility, and the secret ones
  const top = {};
  for (const vis of ['internal', 'private', 'extranet', 'public']) top[vis] = await makeSpace(`top-${vis}`, vis);
  top['private-secret'] = await makeSpace('top-private-secret', 'private', { secret: true });
  top['extranet-secret'] = await makeSpace('top-extranet-secret', 'extranet', { secret: true });
  // nested: every allowed pair, under open and secret parents
  for (const [pkey, parent] of Object.entries(top)) {
    for (const vis of FITS[parent.vis]) await makeSpace(`in-${pkey}-${vis}`, vis, { parent });
  }
  await makeSpace('in-private-secret-private-secret', 'private', { parent: top['private-secret'], secret: true });
  // archived: each visibility (archived after their content exists)
  for (const vis of ['internal', 'private', 'extranet', 'public']) {
    const s = await makeSpace(`archived-${vis}`, vis);
    await ok('owner', 'PATCH', `/api/v1/spaces/${s.id}`, { archived: true });
    s.archived = true;
  }
  for (const h of [...EMPLOYEES, ...EXTERNALS]) {
    web[h] = new Client(srv.url);
    const r = await web[h].login(`${h}@example.test`, PASSWORD);
    assert.equal(r.status, 303, `${h} signs in`);
  }
  web.anonymous = new Client(srv.url);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

// A 404 must be the very answer of a missing thing: same status, same body.
const MISSING_SPACE = 999999;
const MISSING_ITEM = 999999;

/** Every read of one space by one actor; returns a list of mismatch descriptions. */
async function check(actor, s) {
  const bad = [];
  const expect = (what, want, got) => { if (want !== got) bad.push(`${actor} × ${s.key}: ${what}: expected ${want}, got ${got}`); };
  const page = (p) => web[actor].get(p);
  const j = (p) => api(actor, 'GET', p);

  // view the space
  expect('page /spaces/{slug}', view(actor, s) ? 200 : 404, (await page(`/spaces/${s.slug}`)).status);
  expect('API GET /spaces/{id}', view(actor, s) ? 200 : 404, (await j(`/api/v1/spaces/${s.id}`)).status);
  // read: its item, the item's comments, its stream
  const itemPage = await page(`/items/${s.item}`);
  expect('page /items/{id}', read(actor, s) ? 200 : 404, itemPage.status);
  expect('API GET /items/{id}', read(actor, s) ? 200 : 404, (await j(`/api/v1/items/${s.item}`)).status);
  expect('API GET /items/{id}/comments', read(actor, s) ? 200 : 404, (await j(`/api/v1/items/${s.item}/comments`)).status);
  const stream = await j(`/api/v1/spaces/${s.id}/stream`);
  expect('API GET /spaces/{id}/stream', read(actor, s) ? 200 : 404, stream.status);
  if (stream.status === 200) expect('stream holds the item', true, stream.json().items.some((i) => i.id === s.item));
  if (view(actor, s)) {
    const home = await page(`/spaces/${s.slug}`);
    expect('space page shows the item', read(actor, s), home.text.includes(`id="item-${s.item}"`));
    expect('space page shows the comment text of nobody', false, home.text.includes(`A reply in ${s.key}`));
  }
  // members
  const anon = actor === 'anonymous';
  const membersPage = await page(`/spaces/${s.slug}/members`);
  expect('page /spaces/{slug}/members', anon ? 303 : listMembers(actor, s) ? 200 : 404, membersPage.status);
  expect('API GET /spaces/{id}/members', anon ? 401 : listMembers(actor, s) ? 200 : 404,
    (await j(`/api/v1/spaces/${s.id}/members`)).status);
  return bad;
}

test('every read of every space by every actor: page and API agree with the rules', async () => {
  const bad = [];
  let cases = 0;
  for (const actor of ACTORS) {
    for (const s of spaces) {
      bad.push(...await check(actor, s));
      cases++;
    }
  }
  assert.ok(spaces.length >= 24 && cases === ACTORS.length * spaces.length, `${cases} actor × space cases`);
  assert.deepEqual(bad, [], `${bad.length} mismatches:\n${bad.join('\n')}`);
});

test('the directory lists exactly what each actor may find, in the page and the API', async () => {
  const bad = [];
  for (const actor of ACTORS) {
    const listed = new Set();
    for (let cursor = '', n = 0; n < 20; n++) {
      const r = await api(actor, 'GET', `/api/v1/spaces?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200, `${actor}: directory`);
      for (const x of r.json().items) listed.add(x.id);
      if (!r.json().next_cursor) break;
      cursor = encodeURIComponent(r.json().next_cursor);
    }
    for (const s of spaces) {
      if (find(actor, s) !== listed.has(s.id)) bad.push(`${actor} × ${s.key}: API directory lists it: ${listed.has(s.id)}`);
      // the page, searched by the space's own address
      const p = await web[actor].get(`/spaces?q=${encodeURIComponent(s.slug)}`);
      const shown = p.text.includes(`href="/spaces/${s.slug}"`);
      if (find(actor, s) !== shown) bad.push(`${actor} × ${s.key}: page directory shows it: ${shown}`);
    }
  }
  assert.deepEqual(bad, [], `${bad.length} mismatches:\n${bad.join('\n')}`);
});

test('a hidden space or item answers exactly as a missing one', async () => {
  // a secret space and its item, for an employee who is not in it
  const s = spaces.find((x) => x.key === 'top-private-secret');
  const missingSpace = await web.other.get(`/spaces/no-such-space`);
  const hiddenSpace = await web.other.get(`/spaces/${s.slug}`);
  assert.equal(hiddenSpace.status, missingSpace.status);
  const strip = (t) => t.replace(/name="csrf-token" content="[^"]*"|name="csrf" value="[^"]*"|nonce="[^"]*"/g, '')
    .replace(/\/spaces\/[a-z0-9-]+/g, '/spaces/X');
  assert.equal(strip(hiddenSpace.text), strip(missingSpace.text), 'same page for a hidden and a missing space');
  for (const [hidden, missing] of [[`/api/v1/spaces/${s.id}`, `/api/v1/spaces/${MISSING_SPACE}`],
    [`/api/v1/items/${s.item}`, `/api/v1/items/${MISSING_ITEM}`],
    [`/api/v1/spaces/${s.id}/stream`, `/api/v1/spaces/${MISSING_SPACE}/stream`],
    [`/api/v1/spaces/${s.id}/members`, `/api/v1/spaces/${MISSING_SPACE}/members`]]) {
    const a = await api('other', 'GET', hidden), b = await api('other', 'GET', missing);
    assert.equal(a.status, 404, hidden);
    assert.equal(b.status, 404, missing);
    const body = (r) => { const x = r.json(); delete x.instance; return x; };
    assert.deepEqual(body(a), body(b), `${hidden} answers as ${missing}`);
  }
  // a mutation on what one may not see is a 404 too, never a 403
  const r = await api('other', 'POST', `/api/v1/spaces/${s.id}/join`);
  assert.equal(r.status, 404);
  const like = await api('xother', 'PUT', `/api/v1/items/${s.item}/like`);
  assert.equal(like.status, 404);
});
