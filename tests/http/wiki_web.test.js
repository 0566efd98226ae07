'use strict';
// The wiki pages without scripts: a space's wiki home (index by title,
// recently changed, the Wiki tab), a page by its address, creating a page
// from a link to a missing one, the edit conflict (the second save shows
// both texts and a diff, nothing is overwritten, merging saves), the
// history, one revision, the diff view (marked up, not by colour alone),
// restore, and who sees and may do what. Every HTML page is validated.
//
//   make -j2 && RUCHE_BIN=$PWD/build/ruche node --test tests/http/wiki_web.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'wiki password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('olga', 'Olga Owner'), person('bob', 'Bob Member'), person('eve', 'Eve Reader')];

let srv;
const tokens = {};
let handbook;
let secret;
let lobby;
let api;

before(async () => {
  srv = await startServer({ users: USERS });
  for (const h of ['olga', 'bob', 'eve']) tokens[h] = await fx.createToken(srv.dataDir, `${h}@example.test`);
  const c = new fx.Client(srv.url);
  api = async (who, method, path, body, status = 200) => {
    const res = await c.json(method, path, body, { token: tokens[who], cookies: false });
    assert.equal(res.status, status, `${method} ${path}: ${res.text.slice(0, 300)}`);
    return res.json();
  };
  handbook = await api('olga', 'POST', '/api/v1/spaces', { name: 'Handbook', visibility: 'internal' }, 201);
  secret = await api('olga', 'POST', '/api/v1/spaces', { name: 'Board Room', visibility: 'private' }, 201);
  lobby = await api('olga', 'POST', '/api/v1/spaces', { name: 'Lobby', visibility: 'public' }, 201);
  await api('bob', 'POST', `/api/v1/spaces/${handbook.id}/join`);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

const web = (who) => fx.signedIn(srv.url, `${who}@example.test`, PASSWORD);
const hidden = (html, name) => {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  return m ? m[1] : null;
};
const textarea = (html, id) => {
  const m = new RegExp(`<textarea id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return m ? m[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : null;
};

test('the wiki home, a page by its address, and creating a missing page from a link', async () => {
  const olga = await web('olga');
  let res = await fx.page(olga, '/spaces/handbook/wiki');
  assert.match(res.text, /<a href="\/spaces\/handbook\/wiki" aria-current="page">Wiki<\/a>/, 'the Wiki tab, current');
  assert.match(res.text, /This wiki has no pages yet/);
  assert.ok(res.text.includes(`href="/items/new?type=wiki&amp;space=${handbook.id}"`), 'a New page link');
  // every space page offers the Wiki tab to its readers
  res = await fx.page(olga, '/spaces/handbook');
  assert.match(res.text, /<a href="\/spaces\/handbook\/wiki">Wiki<\/a>/);

  res = await fx.page(olga, `/items/new?type=wiki&space=${handbook.id}`);
  assert.match(res.text, /name="slug"/);
  res = await olga.postForm('/items', { type: 'wiki', space: handbook.id, title: 'Welcome', body: 'Start with [[Team Rules]].', slug: '' });
  assert.equal(res.status, 303, res.text.slice(0, 400));
  const welcomeId = Number(/^\/items\/(\d+)\?done=posted$/.exec(res.location)[1]);
  res = await fx.page(olga, '/spaces/handbook/wiki/welcome');
  assert.match(res.text, /<h1>Welcome<\/h1>/);
  assert.match(res.text, /Revision 1/);
  assert.ok(res.text.includes(`href="/items/${welcomeId}/revisions"`), 'a History link');
  // the link to the missing page leads to its creation, title filled in
  const missing = `/items/new?type=wiki&amp;space=${handbook.id}&amp;title=Team%20Rules`;
  assert.ok(res.text.includes(`<a href="${missing}">Team Rules</a>`), 'a link that creates the missing page');
  res = await fx.page(olga, missing.replace(/&amp;/g, '&'));
  assert.match(res.text, /<input id="title" name="title" type="text" maxlength="200" required value="Team Rules">/);
  res = await olga.postForm('/items', { type: 'wiki', space: handbook.id, title: 'Team Rules', body: 'Be kind.' });
  assert.equal(res.status, 303);
  res = await fx.page(olga, '/spaces/handbook/wiki/welcome');
  assert.ok(res.text.includes('<a href="/spaces/handbook/wiki/team-rules">Team Rules</a>'), 'now a link to the page');
  // the same address again: the form says so and keeps what was typed
  res = await olga.postForm('/items', { type: 'wiki', space: handbook.id, title: 'Team rules!', body: 'Kept text' });
  assert.equal(res.status, 409);
  assert.match(fx.formError(res.text), /already has this address/);
  assert.match(res.text, />Kept text<\/textarea>/);
  // the index by title and the recently changed
  res = await fx.page(olga, '/spaces/handbook/wiki');
  assert.match(res.text, /<ul class="wiki-index"><li><a href="\/spaces\/handbook\/wiki\/team-rules">Team Rules<\/a><\/li><li><a href="\/spaces\/handbook\/wiki\/welcome">Welcome<\/a><\/li><\/ul>/);
  assert.match(res.text, /<ul class="wiki-recent"><li><a href="\/spaces\/handbook\/wiki\/team-rules">/);
  // an address with no page: a 404 that offers to create it
  res = await fx.page(olga, '/spaces/handbook/wiki/nothing-here', { status: 404 });
  assert.match(res.text, /Create this page/);
  const eve = await web('eve');
  res = await fx.page(eve, '/spaces/handbook/wiki/nothing-here', { status: 404 });
  assert.doesNotMatch(res.text, /Create this page/, 'not offered to who may not write here');
});

test('an edit conflict shows both texts and a diff, overwrites nothing, and the merge saves', async () => {
  const page = await api('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'Lunch', body: 'Noon.\nCanteen.\n' }, 201);
  const olga = await web('olga');
  const bob = await web('bob');
  const formOlga = await fx.page(olga, `/items/${page.id}/edit`);
  const formBob = await fx.page(bob, `/items/${page.id}/edit`);
  assert.equal(hidden(formOlga.text, 'base_revision'), '1');
  assert.equal(hidden(formBob.text, 'base_revision'), '1');
  let res = await bob.postForm(`/items/${page.id}/edit`, { title: 'Lunch', body: 'Noon.\nCanteen, floor 2.\n', base_revision: 1, comment: 'Floor' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  res = await olga.postForm(`/items/${page.id}/edit`, { title: 'Lunch', body: 'Noon.\nCanteen.\nBring a badge.\n', base_revision: 1 });
  assert.equal(res.status, 409);
  fx.validHtml(res, 'the conflict page');
  assert.match(fx.formError(res.text), /Someone else saved this page/);
  assert.equal(textarea(res.text, 'body').replace(/\r/g, ''), 'Noon.\nCanteen.\nBring a badge.\n', 'her text, kept');
  assert.equal(textarea(res.text, 'current-body'), 'Noon.\nCanteen, floor 2.\n', "bob's text, shown");
  assert.equal(hidden(res.text, 'base_revision'), '2', 'the next save starts from the revision she has seen');
  assert.match(res.text, /<del><span class="visually-hidden">Removed: <\/span>Canteen, floor 2.<\/del>/);
  assert.match(res.text, /<ins><span class="visually-hidden">Added: <\/span>Bring a badge.<\/ins>/);
  let now = await api('eve', 'GET', `/api/v1/items/${page.id}`);
  assert.equal(now.body, 'Noon.\nCanteen, floor 2.\n', 'nothing overwritten');
  res = await olga.postForm(`/items/${page.id}/edit`, { title: 'Lunch', body: 'Noon.\nCanteen, floor 2.\nBring a badge.\n', base_revision: 2, comment: 'Merged' });
  assert.equal(res.status, 303);
  now = await api('eve', 'GET', `/api/v1/items/${page.id}`);
  assert.equal(now.revision, 3);
  assert.equal(now.body.replace(/\r/g, ''), 'Noon.\nCanteen, floor 2.\nBring a badge.\n');
  res = await olga.postForm(`/items/${page.id}/edit`, { title: 'Lunch', body: 'x', base_revision: 'abc' });
  assert.equal(res.status, 400);
});

test('history, one revision, the diff view and restore; readers see, only members restore', async () => {
  const p = await api('olga', 'POST', '/api/v1/items', { type: 'wiki', space: handbook.id, title: 'Tea', body: 'Green\nBlack\n', comment: 'Start' }, 201);
  await api('bob', 'PATCH', `/api/v1/items/${p.id}`, { body: 'Green\nOolong\n', base_revision: 1, comment: 'Oolong <3' });
  const eve = await web('eve');
  let res = await fx.page(eve, `/items/${p.id}/revisions`);
  assert.match(res.text, /<td>Oolong &lt;3<\/td>/);
  assert.match(res.text, /<input type="radio" form="compare" name="from" value="1" aria-label="Compare from revision 1" checked>/);
  assert.match(res.text, /<input type="radio" form="compare" name="to" value="2" aria-label="Compare to revision 2" checked>/);
  assert.doesNotMatch(res.text, /\/restore"/, 'no restore for a reader who may not edit');
  res = await fx.page(eve, `/items/${p.id}/diff?from=1&to=2`);
  assert.match(res.text, /<table class="diff">/);
  assert.match(res.text, /<del><span class="visually-hidden">Removed: <\/span>Black<\/del>/);
  assert.match(res.text, /<ins><span class="visually-hidden">Added: <\/span>Oolong<\/ins>/);
  res = await fx.page(eve, `/items/${p.id}/revisions/1`);
  assert.match(res.text, /<p>Green\nBlack<\/p>/);
  await fx.page(eve, `/items/${p.id}/revisions/9`, { status: 404 });
  await fx.page(eve, `/items/${p.id}/diff?from=1&to=9`, { status: 404 });
  await fx.page(eve, `/items/${p.id}/diff?from=1`, { status: 400 });
  assert.equal((await eve.postForm(`/items/${p.id}/revisions/1/restore`, {})).status, 403);
  const bob = await web('bob');
  res = await fx.page(bob, `/items/${p.id}/revisions/1`);
  assert.ok(res.text.includes(`action="/items/${p.id}/revisions/1/restore"`), 'members may restore');
  res = await bob.postForm(`/items/${p.id}/revisions/1/restore`, {});
  assert.equal(res.status, 303);
  assert.equal(res.location, `/items/${p.id}/revisions?done=restored`);
  res = await fx.page(bob, res.location);
  assert.match(res.text, /The revision is restored as a new revision/);
  assert.match(res.text, /<td>Restored revision 1<\/td>/);
  const now = await api('eve', 'GET', `/api/v1/items/${p.id}`);
  assert.equal(now.revision, 3);
  assert.equal(now.body, 'Green\nBlack\n');
});

test('a hidden wiki is a 404 everywhere; a public one is open to anonymous readers', async () => {
  const s = await api('olga', 'POST', '/api/v1/items', { type: 'wiki', space: secret.id, title: 'Plans', body: 'Secret.' }, 201);
  const eve = await web('eve');
  for (const path of ['/spaces/board-room/wiki', '/spaces/board-room/wiki/plans', `/items/${s.id}/revisions`,
    `/items/${s.id}/revisions/1`, `/items/${s.id}/diff?from=1&to=1`]) {
    await fx.page(eve, path, { status: 404 });
  }
  assert.equal((await eve.postForm(`/items/${s.id}/revisions/1/restore`, {})).status, 404);
  const pub = await api('olga', 'POST', '/api/v1/items', { type: 'wiki', space: lobby.id, title: 'Visit us', body: 'Open.' }, 201);
  const anon = new fx.Client(srv.url);
  let res = await fx.page(anon, '/spaces/lobby/wiki');
  assert.match(res.text, /Visit us/);
  assert.doesNotMatch(res.text, /New page/);
  res = await fx.page(anon, '/spaces/lobby/wiki/visit-us');
  assert.match(res.text, /<h1>Visit us<\/h1>/);
  await fx.page(anon, `/items/${pub.id}/revisions`);
  await fx.page(anon, '/spaces/board-room/wiki', { status: 404 });
  // a wiki page cannot live on a profile
  const olga = await web('olga');
  await fx.page(olga, '/items/new?type=wiki', { status: 403 });
});
