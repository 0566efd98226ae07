'use strict';
// Wiki pages through the API: slugs, every revision kept with its editor
// and comment, edit conflicts (409 with the current revision, nothing
// overwritten), diffs, restore, [[links]] kept current as pages appear,
// are renamed and deleted, and the permission model (reading follows the
// space, members edit, others 403, hidden spaces 404).
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/wiki_api.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'wiki password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('olga', 'Olga Owner'), person('bob', 'Bob Member'), person('eve', 'Eve Reader'), person('mo', 'Mo Moderator')];

let srv;
let client;
const tokens = {};
const ids = {};
let handbook; // internal space: olga owns, bob and mo are members, eve only reads
let secret; // private space: eve and xena see nothing
let lobby; // public space: anonymous visitors read

before(async () => {
  srv = await startServer({ users: USERS });
  const r = await runCli(['user', 'add', '--data', srv.dataDir, '--email', 'xena@example.test', '--name', 'Xena Partner',
    '--role', 'external']);
  assert.equal(r.code, 0, r.stderr);
  for (const h of ['olga', 'bob', 'eve', 'mo', 'xena']) tokens[h] = await fx.createToken(srv.dataDir, `${h}@example.test`);
  client = new fx.Client(srv.url);
  for (const p of (await ok('olga', 'GET', '/api/v1/people?limit=100')).items) ids[p.handle] = p.id;
  handbook = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Handbook', visibility: 'internal' }, 201);
  secret = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Board Room', visibility: 'private' }, 201);
  lobby = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Lobby', visibility: 'public' }, 201);
  await ok('bob', 'POST', `/api/v1/spaces/${handbook.id}/join`);
  await ok('mo', 'POST', `/api/v1/spaces/${handbook.id}/join`);
  await ok('olga', 'PATCH', `/api/v1/spaces/${handbook.id}/members/${ids.mo}`, { role: 'moderator' });
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
  assert.equal(res.status, status, `${who || 'anonymous'}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
  return status === 204 ? null : res.json();
}
async function problem(who, method, path, body, status, field) {
  const res = await api(who, method, path, body);
  const p = fx.assertProblem(res, status, `${who || 'anonymous'}: ${method} ${path} ${JSON.stringify(body) || ''}`);
  if (field !== undefined) assert.equal(p.field, field, `${method} ${path}: field of ${JSON.stringify(p)}`);
  return p;
}
const page = (who, space, title, body, extra = {}) =>
  ok(who, 'POST', '/api/v1/items', { type: 'wiki', space: space.id, title, body, ...extra }, 201);
const I = (id, rest = '') => `/api/v1/items/${id}${rest}`;

test('a page gets a slug from its title, unique in its space, and validates every input', async () => {
  const p = await page('bob', handbook, 'Été à Paris', 'Summer *office* hours.', { comment: 'First draft' });
  assert.equal(p.type, 'wiki');
  assert.equal(p.slug, 'ete-a-paris');
  assert.equal(p.revision, 1);
  assert.equal(p.wiki_url, '/spaces/handbook/wiki/ete-a-paris');
  const revs = await ok('eve', 'GET', I(p.id, '/revisions'));
  assert.equal(revs.items.length, 1);
  assert.equal(revs.items[0].revision, 1);
  assert.equal(revs.items[0].comment, 'First draft');
  assert.equal(revs.items[0].editor.handle, 'bob');
  assert.equal(revs.items[0].current, true);
  // the same title again: the address is taken
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'ETE a paris!', body: 'x' }, 409, 'slug');
  // ... but another space may have it
  await page('olga', lobby, 'Été à Paris', 'Public page.');
  const custom = await page('olga', handbook, 'Holidays', 'Days off.', { slug: '  Congés Payés ' });
  assert.equal(custom.slug, 'conges-payes');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', title: 'No space', body: 'x' }, 400, 'space');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, body: 'x' }, 400, 'title');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'T' }, 400, 'body');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'Long', body: 'x'.repeat(100001) }, 400, 'body');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: '!!!', body: 'x' }, 400, 'title');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'S', body: 'x', slug: 7 }, 400, 'slug');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'S', body: 'x', slug: '' }, 400, 'slug');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'S', body: 'x', slug: 'a'.repeat(201) }, 400, 'slug');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'S', body: 'x', nope: 1 }, 400, 'nope');
  await problem('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'S', body: 'x', comment: 'a\nb' }, 400, 'comment');
  const bodyOk = await page('olga', handbook, 'Big', 'y'.repeat(100000));
  assert.equal(bodyOk.body.length, 100000);
  // a wiki page is listed with its kind
  const list = await ok('eve', 'GET', `/api/v1/items?type=wiki&space=${handbook.id}&limit=100`);
  assert.ok(list.items.some((i) => i.id === p.id && i.slug === 'ete-a-paris'));
  // the slug can change; a page's address is unique among live pages
  const renamed = await ok('bob', 'PATCH', I(custom.id), { slug: 'vacances' });
  assert.equal(renamed.slug, 'vacances');
  assert.equal(renamed.revision, 1, 'a new address is no new revision');
  await problem('bob', 'PATCH', I(custom.id), { slug: 'ete-a-paris' }, 409, 'slug');
  await problem('bob', 'PATCH', I(custom.id), { base_revision: 'one', body: 'z' }, 400, 'base_revision');
});

test('two people saving the same base revision: the second gets 409 and nothing is overwritten', async () => {
  const p = await page('olga', handbook, 'Onboarding', 'Step one.\nStep two.\n');
  // an edit of the text must say which revision it started from
  await problem('bob', 'PATCH', I(p.id), { body: 'Blind write' }, 400, 'base_revision');
  const bob = await ok('bob', 'PATCH', I(p.id), { body: 'Step one.\nStep two, revised.\n', base_revision: 1, comment: 'Clearer' });
  assert.equal(bob.revision, 2);
  const conflict = await problem('mo', 'PATCH', I(p.id), { body: 'Step one.\nStep 2.\nStep three.\n', base_revision: 1 }, 409, 'base_revision');
  assert.equal(conflict.current_revision, 2);
  const now = await ok('eve', 'GET', I(p.id));
  assert.equal(now.body, 'Step one.\nStep two, revised.\n', "bob's text is still there");
  assert.equal(now.revision, 2);
  // merged on the current revision, mo's save goes through
  const merged = await ok('mo', 'PATCH', I(p.id), { body: 'Step one.\nStep two, revised.\nStep three.\n', base_revision: 2, comment: 'Merged' });
  assert.equal(merged.revision, 3);
  // a base from the future is a conflict too
  await problem('mo', 'PATCH', I(p.id), { body: 'x', base_revision: 9 }, 409, 'base_revision');
  // tags alone need no base and make no revision
  const tagged = await ok('bob', 'PATCH', I(p.id), { tags: ['howto'] });
  assert.equal(tagged.revision, 3);
  const revs = await ok('bob', 'GET', I(p.id, '/revisions'));
  assert.deepEqual(revs.items.map((r) => [r.revision, r.editor.handle, r.comment]),
    [[3, 'mo', 'Merged'], [2, 'bob', 'Clearer'], [1, 'olga', '']]);
  const paged = await ok('bob', 'GET', I(p.id, '/revisions?limit=2'));
  assert.equal(paged.items.length, 2);
  const rest = await ok('bob', 'GET', I(p.id, `/revisions?limit=2&cursor=${paged.next_cursor}`));
  assert.deepEqual(rest.items.map((r) => r.revision), [1]);
  assert.equal(rest.next_cursor, null);
  await problem('bob', 'GET', I(p.id, '/revisions?cursor=abc'), undefined, 400, 'cursor');
  const one = await ok('eve', 'GET', I(p.id, '/revisions/2'));
  assert.equal(one.body, 'Step one.\nStep two, revised.\n');
  assert.equal(one.current, false);
  await problem('eve', 'GET', I(p.id, '/revisions/7'), undefined, 404);
  await problem('eve', 'GET', I(p.id, '/revisions/x'), undefined, 404);
});

test('diff between any two revisions and restore as a new revision', async () => {
  const p = await page('olga', handbook, 'Coffee', 'Beans: arabica\nGrind: fine\nWater: 92°C\n');
  await ok('bob', 'PATCH', I(p.id), { body: 'Beans: robusta\nGrind: fine\nWater: 92°C\nMilk: oat\n', base_revision: 1 });
  const d = await ok('eve', 'GET', I(p.id, '/diff?from=1&to=2'));
  assert.equal(d.added, 2);
  assert.equal(d.removed, 1);
  assert.deepEqual(d.lines.filter((l) => l.op !== 'same').map((l) => [l.op, l.text]),
    [['del', 'Beans: arabica'], ['add', 'Beans: robusta'], ['add', 'Milk: oat']]);
  const back = await ok('eve', 'GET', I(p.id, '/diff?from=2&to=1'));
  assert.equal(back.added, 1);
  assert.equal(back.removed, 2);
  await problem('eve', 'GET', I(p.id, '/diff?to=2'), undefined, 400, 'from');
  await problem('eve', 'GET', I(p.id, '/diff?from=1&to=zz'), undefined, 400, 'to');
  await problem('eve', 'GET', I(p.id, '/diff?from=1&to=5'), undefined, 404);
  // restore: a new revision with the old text, history untouched
  const restored = await ok('mo', 'POST', I(p.id, '/revisions/1/restore'));
  assert.equal(restored.revision, 3);
  assert.equal(restored.body, 'Beans: arabica\nGrind: fine\nWater: 92°C\n');
  const revs = await ok('eve', 'GET', I(p.id, '/revisions'));
  assert.deepEqual(revs.items.map((r) => [r.revision, r.comment]), [[3, 'Restored revision 1'], [2, ''], [1, '']]);
  assert.equal((await ok('eve', 'GET', I(p.id, '/revisions/2'))).body, 'Beans: robusta\nGrind: fine\nWater: 92°C\nMilk: oat\n');
  const same = await ok('eve', 'GET', I(p.id, '/diff?from=1&to=3'));
  assert.equal(same.added + same.removed, 0);
  await problem('mo', 'POST', I(p.id, '/revisions/3/restore'), undefined, 400, 'revision');
  await problem('mo', 'POST', I(p.id, '/revisions/8/restore'), undefined, 404);
  // who may not edit may not restore
  await problem('eve', 'POST', I(p.id, '/revisions/2/restore'), undefined, 403);
  await problem('eve', 'PATCH', I(p.id), { body: 'mine', base_revision: 3 }, 403);
  await problem('xena', 'POST', I(p.id, '/revisions/2/restore'), undefined, 404);
  // a status update has no revisions here
  const status = await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'hello' }, 201);
  await problem('olga', 'GET', I(status.id, '/revisions'), undefined, 404);
  await problem('olga', 'GET', I(status.id, '/diff?from=1&to=1'), undefined, 404);
});

test('reading follows the space: hidden pages, revisions and diffs are 404', async () => {
  const hidden = await page('olga', secret, 'Salaries', 'Confidential.');
  await ok('olga', 'PATCH', I(hidden.id), { body: 'Still confidential.', base_revision: 1 });
  for (const who of ['eve', 'xena', null]) {
    await problem(who, 'GET', I(hidden.id), undefined, 404);
    await problem(who, 'GET', I(hidden.id, '/revisions'), undefined, 404);
    await problem(who, 'GET', I(hidden.id, '/revisions/1'), undefined, 404);
    await problem(who, 'GET', I(hidden.id, '/diff?from=1&to=2'), undefined, 404);
  }
  await problem('eve', 'POST', I(hidden.id, '/revisions/1/restore'), undefined, 404);
  await problem('eve', 'PATCH', I(hidden.id), { body: 'x', base_revision: 2 }, 404);
  // eve may not write in a space she has not joined
  await problem('eve', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'Mine', body: 'x' }, 403);
  // a public space's wiki is readable by anyone, written by its members only
  const pub = await page('olga', lobby, 'Welcome', 'Hello world.');
  assert.equal((await ok(null, 'GET', I(pub.id, '/revisions'))).items.length, 1);
  assert.equal((await ok(null, 'GET', I(pub.id, '/revisions/1'))).body, 'Hello world.');
  await problem(null, 'POST', I(pub.id, '/revisions/1/restore'), undefined, 401);
  // deleting: the author or a moderator, not any member
  const p = await page('olga', handbook, 'Temporary', 'Soon gone.');
  await problem('bob', 'DELETE', I(p.id), undefined, 403);
  await ok('mo', 'DELETE', I(p.id), undefined, 204);
  await problem('bob', 'GET', I(p.id, '/revisions'), undefined, 404);
  // its address is free again
  assert.equal((await page('bob', handbook, 'Temporary', 'Back again.')).slug, 'temporary');
});

test('[[links]] point to pages of the same space, or to creating them, and follow pages appearing, renamed, deleted', async () => {
  const home = await page('olga', handbook, 'Wiki Home',
    'Read [[Team Rules]] and [[Été à Paris|the summer page]].\n\n`[[Not A Link]]` and [x](/y) stay.\n');
  const created = (t) => `/items/new?type=wiki&amp;space=${handbook.id}&amp;title=${encodeURIComponent(t)}`;
  assert.match(home.body_html, /<a href="\/spaces\/handbook\/wiki\/ete-a-paris">the summer page<\/a>/);
  assert.ok(home.body_html.includes(`<a href="${created('Team Rules')}">Team Rules</a>`), home.body_html);
  assert.match(home.body_html, /<code>\[\[Not A Link\]\]<\/code>/);
  // the missing page appears: the link now leads to it
  const rules = await page('bob', handbook, 'Team Rules', 'Be kind. See [[Wiki Home]].');
  assert.match(rules.body_html, /href="\/spaces\/handbook\/wiki\/wiki-home"/);
  let now = await ok('eve', 'GET', I(home.id));
  assert.match(now.body_html, /<a href="\/spaces\/handbook\/wiki\/team-rules">Team Rules<\/a>/);
  // renamed: [[Team Rules]] no longer names it
  await ok('bob', 'PATCH', I(rules.id), { slug: 'rules' });
  now = await ok('eve', 'GET', I(home.id));
  assert.ok(now.body_html.includes(`href="${created('Team Rules')}"`), now.body_html);
  await ok('bob', 'PATCH', I(rules.id), { slug: 'team-rules' });
  now = await ok('eve', 'GET', I(home.id));
  assert.match(now.body_html, /href="\/spaces\/handbook\/wiki\/team-rules"/);
  // deleted: back to a link that creates it
  await ok('bob', 'DELETE', I(rules.id), undefined, 204);
  now = await ok('eve', 'GET', I(home.id));
  assert.ok(now.body_html.includes(`href="${created('Team Rules')}"`), now.body_html);
  // a page in another space is not linked from this one
  const other = await page('olga', lobby, 'Lobby Home', 'See [[Team Rules]].');
  assert.ok(other.body_html.includes(`/items/new?type=wiki&amp;space=${lobby.id}&amp;title=Team%20Rules`), other.body_html);
});
