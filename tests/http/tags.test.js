'use strict';
// Tags: autocomplete (GET /api/v1/tags?q=) and trending tags (GET
// /api/v1/tags/trending) count only what the reader may see; the tag page
// gathers every kind with a kind filter; the trending panel on the home page
// and the tag page; the tag input is enhanced by assets/tags.js.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/tags.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'tags password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('eve', 'Eve Martin'), person('bob', 'Bob Durand')];

let srv;
const tokens = {};
const api = (who, method, path, body) => new fx.Client(srv.url).json(method, path, body, { token: tokens[who], cookies: false });
async function ok(who, method, path, body, status = 200) {
  const res = await api(who, method, path, body);
  assert.equal(res.status, status, `${who} ${method} ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
  return res.json();
}

before(async () => {
  srv = await startServer({ users: USERS });
  for (const u of USERS) tokens[u.email.split('@')[0]] = await fx.createToken(srv.dataDir, u.email);
  // Eve: public design posts of three kinds; a secret tag in a private space
  await ok('eve', 'POST', '/api/v1/items', { type: 'status', body: 'New logo #Design #DevOps' }, 201);
  await ok('eve', 'POST', '/api/v1/items', { type: 'blog', title: 'Colours', body: 'About colours', tags: ['design'] }, 201);
  await ok('eve', 'POST', '/api/v1/items', { type: 'discussion', title: 'Fonts?', body: 'Which font', tags: ['design', 'Désert'] }, 201);
  await ok('eve', 'POST', '/api/v1/items', { type: 'bookmark', url: 'https://example.com/design', tags: ['design'] }, 201);
  const space = await ok('eve', 'POST', '/api/v1/spaces', { name: 'Hidden Lab', visibility: 'private' }, 201);
  await ok('eve', 'POST', '/api/v1/items', { type: 'status', body: 'Project #dewdrop starts', space: space.id }, 201);
  await ok('eve', 'POST', '/api/v1/items', { type: 'status', body: 'More #design inside', space: space.id }, 201);
  // a draft's tags are its author's secret too
  await ok('eve', 'POST', '/api/v1/items', { type: 'blog', title: 'Draft', body: 'x', tags: ['devdraft'], draft: true }, 201);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

test('autocomplete suggests the tags the reader may see, most used first', async () => {
  const bob = await ok('bob', 'GET', '/api/v1/tags?q=de');
  assert.deepEqual(bob.items, [{ tag: 'design', count: 4 }, { tag: 'desert', count: 1 }, { tag: 'devops', count: 1 }]);
  const eve = await ok('eve', 'GET', '/api/v1/tags?q=%23DE&limit=20');
  assert.deepEqual(eve.items.map((t) => [t.tag, t.count]),
    [['design', 5], ['desert', 1], ['devops', 1], ['dewdrop', 1]], 'the member sees the space’s tags; drafts never count');
  assert.deepEqual((await ok('bob', 'GET', '/api/v1/tags?q=dew')).items, [], 'a tag used only where Bob may not look');
  assert.deepEqual((await ok('ada', 'GET', '/api/v1/tags?q=dew')).items, [{ tag: 'dewdrop', count: 1 }], 'admins see all');
  assert.deepEqual((await ok('bob', 'GET', '/api/v1/tags?q=dé&limit=1')).items, [{ tag: 'design', count: 4 }], 'accents folded, limit');
  for (const q of ['', '%20', 'a%20b', '<x>', 'x'.repeat(60)]) {
    const p = fx.assertProblem(await api('bob', 'GET', `/api/v1/tags?q=${q}`), 400, q);
    assert.equal(p.field, 'q');
  }
  assert.deepEqual((await ok('bob', 'GET', '/api/v1/tags')).items.map((t) => t.tag), ['design', 'desert', 'devops'],
    'without q: the most used tags');
  fx.assertProblem(await api('bob', 'GET', '/api/v1/tags?q=de&limit=21'), 400);
  const anon = await new fx.Client(srv.url).json('GET', '/api/v1/tags?q=de', undefined, { cookies: false });
  assert.equal(anon.status, 401);
});

test('trending tags of the last 7 days respect visibility', async () => {
  const bob = await ok('bob', 'GET', '/api/v1/tags/trending');
  assert.equal(bob.days, 7);
  assert.deepEqual(bob.items.map((t) => [t.tag, t.count]), [['design', 4], ['desert', 1], ['devops', 1]]);
  const eve = await ok('eve', 'GET', '/api/v1/tags/trending?days=1&limit=2');
  assert.deepEqual(eve.items.map((t) => [t.tag, t.count]), [['design', 5], ['desert', 1]]);
  for (const q of ['days=0', 'days=31', 'days=x', 'limit=0']) fx.assertProblem(await api('bob', 'GET', `/api/v1/tags/trending?${q}`), 400, q);
});

test('the tag page gathers every kind, with a kind filter, and the trending panels', async () => {
  const bob = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  const page = await fx.page(bob, '/tags/design');
  for (const s of ['New logo', '>Colours<', '>Fonts?<', 'class="bookmark"']) assert.ok(page.text.includes(s), `has ${s}`);
  assert.ok(!page.text.includes('More'), 'not the private space’s post');
  assert.match(page.text, /<a href="\/tags\/design\?type=blog"[^>]*>Blog<\/a>/);
  const blogs = await fx.page(bob, '/tags/design?type=blog');
  assert.ok(blogs.text.includes('>Colours<') && !blogs.text.includes('New logo') && !blogs.text.includes('>Fonts?<'));
  assert.match(blogs.text, /href="\/tags\/design\?type=blog" aria-current="page"/);
  await fx.page(bob, '/tags/design?type=nope', { status: 404 });
  assert.match(page.text, /Trending tags[\s\S]*href="\/tags\/design">#design<\/a> <span class="count">4 posts<\/span>/);
  const home = await fx.page(bob, '/');
  assert.match(home.text, /Trending tags[\s\S]*#desert/);
  assert.ok(!home.text.includes('#dewdrop'), 'hidden tags are not trending for Bob');
  const form = await fx.page(bob, '/items/new?type=blog');
  assert.match(form.text, /data-tags="\/api\/v1\/tags"/);
  assert.match(form.text, /<script src="\/assets\/tags\.js[^"]*" nonce="[^"]+" defer><\/script>/);
});
