'use strict';
// Content kinds common to every kind, and the two with no fields of their
// own: blog posts (drafts, then published) and discussions — over the API
// and the pages: create, read, edit, delete, comment, like, tag; the list of
// items by type, space, tag and author; the Write menu and the kind lists.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/content.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'content password 1';
const person = (handle, role = 'employee') => ({ email: `${handle}@example.test`, name: `${handle[0].toUpperCase()}${handle.slice(1)} Writer`, role, password: PASSWORD });
const USERS = [person('ada', 'admin'), person('olga'), person('eve'), person('bob')];

let srv;
const tokens = {};
const web = {};
let client;

before(async () => {
  srv = await startServer({ users: USERS });
  const r = await runCli(['user', 'add', '--data', srv.dataDir, '--email', 'xena@example.test', '--name', 'Xena Partner',
    '--role', 'external', '--password-stdin'], { input: `${PASSWORD}\n` });
  assert.equal(r.code, 0, r.stderr);
  for (const h of ['ada', 'olga', 'eve', 'bob', 'xena']) {
    tokens[h] = await fx.createToken(srv.dataDir, `${h}@example.test`);
    web[h] = new fx.Client(srv.url);
    assert.equal((await web[h].login(`${h}@example.test`, PASSWORD)).status, 303);
  }
  client = new fx.Client(srv.url);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

const api = (who, method, path, body) =>
  client.json(method, path, body, { token: who ? tokens[who] : undefined, cookies: false });
async function ok(who, method, path, body, status = 200) {
  const r = await api(who, method, path, body);
  assert.equal(r.status, status, `${who}: ${method} ${path} → ${r.status} ${r.text.slice(0, 400)}`);
  return r.status === 204 ? null : r.json();
}
async function problem(who, method, path, body, status, field) {
  const r = await api(who, method, path, body);
  const p = fx.assertProblem(r, status, `${method} ${path}`);
  if (field) assert.equal(p.field, field, JSON.stringify(p));
  return p;
}

test('blog posts: a draft is its author\'s alone until published, then everyone\'s', async () => {
  const draft = await ok('olga', 'POST', '/api/v1/items', {
    type: 'blog', title: 'Why we chose C', body: 'Because **speed** matters. #engineering', draft: true, tags: ['design'],
  }, 201);
  assert.equal(draft.type, 'blog');
  assert.equal(draft.draft, true);
  assert.equal(draft.title, 'Why we chose C');
  assert.deepEqual(draft.tags.sort(), ['design', 'engineering']);
  // nobody else sees it: not the item, not the lists, not the streams
  await problem('eve', 'GET', `/api/v1/items/${draft.id}`, undefined, 404);
  await problem('ada', 'GET', `/api/v1/items/${draft.id}`, undefined, 404);
  assert.ok(!(await ok('eve', 'GET', '/api/v1/items?type=blog')).items.some((i) => i.id === draft.id));
  assert.ok(!(await ok('eve', 'GET', '/api/v1/stream/company')).items.some((i) => i.id === draft.id));
  assert.ok(!(await ok('eve', 'GET', '/api/v1/tags/engineering/stream')).items.some((i) => i.id === draft.id));
  assert.equal((await web.eve.get(`/items/${draft.id}`)).status, 404);
  await problem('eve', 'POST', `/api/v1/items/${draft.id}/comments`, { body: 'early!' }, 404);
  // its author sees it, in their own list too
  assert.ok((await ok('olga', 'GET', `/api/v1/items?type=blog&author=${draft.author.id}`)).items.some((i) => i.id === draft.id));
  const page = await fx.page(web.olga, `/items/${draft.id}`);
  assert.match(page.text, /<span class="badge">Draft<\/span>/);
  assert.match(page.text, /<h1>Why we chose C<\/h1>/);
  // publishing puts it in the streams, as of now
  const published = await ok('olga', 'PATCH', `/api/v1/items/${draft.id}`, { draft: false });
  assert.equal(published.draft, false);
  assert.equal(published.edited_at, null, 'publishing is not an edit');
  assert.ok((await ok('eve', 'GET', '/api/v1/stream/company')).items.some((i) => i.id === draft.id));
  assert.equal((await ok('eve', 'GET', `/api/v1/items/${draft.id}`)).title, 'Why we chose C');
  // and it cannot go back to being a draft
  await problem('olga', 'PATCH', `/api/v1/items/${draft.id}`, { draft: true }, 400, 'draft');
  // comments, likes and edits work as on any item
  await ok('eve', 'POST', `/api/v1/items/${draft.id}/comments`, { body: 'Great read' }, 201);
  await ok('eve', 'PUT', `/api/v1/items/${draft.id}/like`);
  const edited = await ok('olga', 'PATCH', `/api/v1/items/${draft.id}`, { title: 'Why we chose C17' });
  assert.equal(edited.title, 'Why we chose C17');
  assert.notEqual(edited.edited_at, null);
  assert.equal(edited.comments_count, 1);
  assert.equal(edited.likes_count, 1);
  await problem('eve', 'PATCH', `/api/v1/items/${draft.id}`, { title: 'Mine now' }, 403);
  await ok('olga', 'DELETE', `/api/v1/items/${draft.id}`, undefined, 204);
  await problem('eve', 'GET', `/api/v1/items/${draft.id}`, undefined, 404);
});

test('the rules of each kind: titles, lengths, drafts, unknown members', async () => {
  await problem('olga', 'POST', '/api/v1/items', { type: 'blog', body: 'No title' }, 400, 'title');
  await problem('olga', 'POST', '/api/v1/items', { type: 'discussion', title: '   ', body: 'Blank title' }, 400, 'title');
  await problem('olga', 'POST', '/api/v1/items', { type: 'status', title: 'A title', body: 'x' }, 400, 'title');
  await problem('olga', 'POST', '/api/v1/items', { type: 'status', body: 'x', draft: true }, 400, 'draft');
  await problem('olga', 'POST', '/api/v1/items', { type: 'discussion', title: 'T', body: 'x', draft: 'yes' }, 400, 'draft');
  await problem('olga', 'POST', '/api/v1/items', { type: 'recipe', body: 'x' }, 400, 'type');
  await problem('olga', 'POST', '/api/v1/items', { type: 'blog', title: 'T', body: 'x', options: ['a'] }, 400, 'options');
  await problem('olga', 'POST', '/api/v1/items', { type: 'status', body: 'é'.repeat(5001) }, 400, 'body');
  const long = await ok('olga', 'POST', '/api/v1/items', { type: 'blog', title: 'Long', body: 'é'.repeat(20000) }, 201);
  assert.equal(long.body.length, 20000, 'a blog post holds far more than a status');
  await problem('olga', 'POST', '/api/v1/items', { type: 'discussion', title: 'T', body: 'é'.repeat(20001) }, 400, 'body');
  await problem('olga', 'POST', '/api/v1/items', { type: 'blog', title: 'T'.repeat(201), body: 'x' }, 400, 'title');
  await problem('olga', 'PATCH', `/api/v1/items/${long.id}`, { type: 'status' }, 400, 'type');
  await problem('olga', 'PATCH', `/api/v1/items/${long.id}`, { space: 1 }, 400, 'space');
  // in the page, a long post is summed up in streams and whole on its page
  const stream = await fx.page(web.eve, '/company');
  assert.match(stream.text, new RegExp(`<a href="/items/${long.id}">Read more</a>`));
  const whole = await fx.page(web.eve, `/items/${long.id}`);
  assert.ok(whole.text.includes('é'.repeat(2000)));
});

test('discussions in a space: the Write menu, the form, threaded replies, the space\'s lists', async () => {
  const sp = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Guild', visibility: 'private' }, 201);
  // the Write menu on the space page offers the kinds
  const home = await fx.page(web.olga, `/spaces/${sp.slug}`);
  assert.match(home.text, new RegExp(`href="/items/new\\?type=discussion&amp;space=${sp.id}">Discussion</a>`));
  assert.match(home.text, new RegExp(`href="/items/new\\?type=blog&amp;space=${sp.id}">Blog post</a>`));
  // the form: errors keep what was typed
  const form = await fx.page(web.olga, `/items/new?type=discussion&space=${sp.id}`);
  assert.match(form.text, /<input id="title" name="title" type="text" maxlength="200" required value="">/);
  let r = await web.olga.postForm('/items', { type: 'discussion', space: String(sp.id), title: '', body: 'Where do we meet?' });
  assert.equal(r.status, 400);
  fx.validHtml(r, 'form error');
  assert.match(r.text, /Give it a title\./);
  assert.match(r.text, />Where do we meet\?<\/textarea>/);
  r = await web.olga.postForm('/items', { type: 'discussion', space: String(sp.id), title: 'Offsite', body: 'Where do we meet?', tags: '#offsite, planning' });
  assert.equal(r.status, 303);
  const id = Number(/\/items\/(\d+)/.exec(r.headers.get('location'))[1]);
  const it = await ok('olga', 'GET', `/api/v1/items/${id}`);
  assert.equal(it.type, 'discussion');
  assert.equal(it.space, sp.id);
  assert.deepEqual(it.tags.sort(), ['offsite', 'planning']);
  // threaded replies
  const c1 = await ok('olga', 'POST', `/api/v1/items/${id}/comments`, { body: 'Lyon?' }, 201);
  await ok('olga', 'POST', `/api/v1/items/${id}/comments`, { body: 'Or Paris', parent_id: c1.id }, 201);
  const page = await fx.page(web.olga, `/items/${id}`);
  assert.match(page.text, /<span class="badge kind">Discussion<\/span>/);
  assert.match(page.text, /class="comment reply"/);
  // the space's lists by kind; outsiders get 404 on all of it
  const list = await fx.page(web.olga, `/spaces/${sp.slug}/content?type=discussion`);
  assert.match(list.text, new RegExp(`id="item-${id}"`));
  assert.match(list.text, /<a href="[^"]*\?type=discussion" aria-current="page">Discussions<\/a>/);
  const blogs = await fx.page(web.olga, `/spaces/${sp.slug}/content?type=blog`);
  assert.doesNotMatch(blogs.text, new RegExp(`id="item-${id}"`));
  assert.equal((await web.eve.get(`/spaces/${sp.slug}/content`)).status, 404);
  assert.equal((await web.olga.get(`/spaces/${sp.slug}/content?type=recipe`)).status, 404);
  await problem('eve', 'GET', `/api/v1/items?space=${sp.id}`, undefined, 404);
  await problem('eve', 'GET', `/api/v1/items/${id}`, undefined, 404);
  await problem('eve', 'POST', '/api/v1/items', { type: 'discussion', title: 'T', body: 'x', space: sp.id }, 404, 'space');
});

test('GET /api/v1/items filters by type, space, tag and author, and pages', async () => {
  const sp = await ok('bob', 'POST', '/api/v1/spaces', { name: 'Filters', visibility: 'internal' }, 201);
  const made = [];
  for (let i = 0; i < 5; i++) {
    made.push(await ok('bob', 'POST', '/api/v1/items', { type: 'discussion', title: `Topic ${i}`, body: `#filters body ${i}`, space: sp.id }, 201));
    made.push(await ok('bob', 'POST', '/api/v1/items', { type: 'status', body: `#filters status ${i}`, space: sp.id }, 201));
  }
  await ok('eve', 'POST', '/api/v1/items', { type: 'discussion', title: 'Elsewhere', body: '#filters elsewhere' }, 201);
  const ids = (l) => l.items.map((i) => i.id);
  const disc = await ok('eve', 'GET', `/api/v1/items?type=discussion&space=${sp.id}`);
  assert.deepEqual(ids(disc), made.filter((m) => m.type === 'discussion').map((m) => m.id).reverse());
  const byTag = await ok('eve', 'GET', '/api/v1/items?tag=filters&type=discussion&limit=100');
  assert.equal(byTag.items.length, 6);
  const bob = made[0].author.id;
  const byAuthor = await ok('eve', 'GET', `/api/v1/items?author=${bob}&space=${sp.id}&type=status`);
  assert.deepEqual(ids(byAuthor), made.filter((m) => m.type === 'status').map((m) => m.id).reverse());
  // pagination walks everything once, newest first
  const seen = [];
  let cursor = null;
  do {
    const pageOf = await ok('eve', 'GET', `/api/v1/items?space=${sp.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.ok(pageOf.items.length <= 3);
    seen.push(...ids(pageOf));
    cursor = pageOf.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, made.map((m) => m.id).reverse());
  await problem('eve', 'GET', '/api/v1/items?type=recipe', undefined, 400, 'type');
  await problem('eve', 'GET', '/api/v1/items?space=abc', undefined, 400, 'space');
  await problem('eve', 'GET', '/api/v1/items?author=0', undefined, 400, 'author');
  // external accounts and anonymous visitors see none of these internal items
  assert.deepEqual(ids(await ok('xena', 'GET', '/api/v1/items?tag=filters')), []);
  assert.deepEqual(ids(await ok(null, 'GET', '/api/v1/items?tag=filters')), []);
  await problem(null, 'GET', `/api/v1/items?space=${sp.id}`, undefined, 404);
});

test('a person\'s content by kind, and the Write menu on the home page', async () => {
  const blog = await ok('eve', 'POST', '/api/v1/items', { type: 'blog', title: 'Eve writes', body: 'Hello' }, 201);
  const home = await fx.page(web.eve, '/');
  assert.match(home.text, /href="\/items\/new\?type=blog">Blog post<\/a>/);
  const mine = await fx.page(web.olga, `/people/${blog.author.handle}/content?type=blog`);
  assert.match(mine.text, new RegExp(`id="item-${blog.id}"`));
  assert.match(mine.text, /<h2>Blog<\/h2>/);
  const profile = await fx.page(web.olga, `/people/${blog.author.handle}`);
  assert.match(profile.text, new RegExp(`href="/people/${blog.author.handle}/content\\?type=blog">Blog</a>`));
  // an external account cannot write on a profile, so no menu
  const xhome = await fx.page(web.xena, '/');
  assert.doesNotMatch(xhome.text, /class="kind-menu"/);
  assert.equal((await web.xena.get('/items/new?type=blog')).status, 403);
});
