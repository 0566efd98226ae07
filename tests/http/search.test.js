'use strict';
// Search (/api/v1/search and /search): accents and case, the prefix of the
// last word, quoted phrases, every kind of document (items, comments,
// people, spaces), the filters, ranking, pagination that never reveals
// what the reader may not see, an index that follows every change in the
// same transaction, the page with its escaped <mark>ed excerpts, and
// `ruche reindex`. The same tests run on SQLite and PostgreSQL.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/search.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'search password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [
  person('ada', 'Ada Admin', 'admin'),
  person('olga', 'Olga Owner'),
  person('eve', 'Eve Martin'),
  person('bob', 'Bob Durand'),
];

let srv;
let client;
const tokens = {};
const ids = {};

before(async () => {
  srv = await startServer({ users: USERS });
  for (const u of USERS) {
    const handle = u.email.split('@')[0];
    tokens[handle] = await fx.createToken(srv.dataDir, u.email);
  }
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
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
  return status === 204 ? null : res.json();
}

async function problem(who, path, status, field) {
  const res = await api(who, 'GET', path);
  const p = fx.assertProblem(res, status, `${who}: GET ${path}`);
  if (field !== undefined) assert.equal(p.field, field, `${path}: field of ${JSON.stringify(p)}`);
  return p;
}

const qs = (params) => new URLSearchParams(params).toString();
/** One page of hits as `who`. */
const search = (who, params) => ok(who, 'GET', `/api/v1/search?${qs(params)}`);
/** Every hit, walking the pages `limit` at a time. */
async function searchAll(who, params, limit = 5) {
  const all = [];
  let cursor = null;
  for (let i = 0; i < 60; i++) {
    const page = await search(who, { ...params, limit, ...(cursor ? { cursor } : {}) });
    assert.ok(page.items.length <= limit);
    all.push(...page.items);
    cursor = page.next_cursor;
    if (cursor === null) return all;
  }
  throw new Error('pagination does not end');
}
const post = (who, body) => ok(who, 'POST', '/api/v1/items', { type: 'status', ...body }, 201);
const space = (who, body) => ok(who, 'POST', '/api/v1/spaces', body, 201);
const key = (h) => `${h.kind}:${h.id}`;
/** The text of each highlighted span. */
const marked = (text, marks) => marks.map(([s, n]) => [...text].slice(s, s + n).join(''));

test('accents and case do not matter; the last word is a prefix; quoted words are a phrase', async () => {
  const item = await post('olga', { body: "Réunion d'ÉTÉ à Lyon: le barbecue annuel" });
  for (const q of ['ete', 'ÉTÉ', 'reunion', 'REUNION LYON', 'réun', 'lyon barb', 'Réunion été']) {
    const r = await search('eve', { q });
    assert.ok(r.items.some((h) => h.kind === 'item' && h.id === item.id), `"${q}" finds the post`);
  }
  const hit = (await search('eve', { q: 'ete' })).items.find((h) => h.id === item.id);
  assert.equal(hit.type, 'status');
  assert.equal(hit.url, `/items/${item.id}`);
  assert.equal(hit.item.id, item.id);
  assert.equal(hit.author.handle, 'olga');
  assert.deepEqual(marked(hit.snippet, hit.highlights), ['ÉTÉ'], 'the snippet marks the word as written');
  // only the last word matches as a prefix
  assert.equal((await search('eve', { q: 'reu lyon' })).items.filter((h) => h.id === item.id).length, 0);
  // phrases: the words next to each other, in order
  const a = await post('olga', { body: 'The quarterly budget meeting moved to Friday' });
  const b = await post('olga', { body: 'A meeting about the budget of the quarter' });
  const phrase = (await search('eve', { q: '"budget meeting"' })).items.map((h) => h.id);
  assert.ok(phrase.includes(a.id) && !phrase.includes(b.id), 'the phrase matches only the words in order');
  const words = (await search('eve', { q: 'budget meeting' })).items.map((h) => h.id);
  assert.ok(words.includes(a.id) && words.includes(b.id), 'unquoted words match anywhere');
});

test('a prefix finds its words however many there are (expanded, or FTS5\'s own prefix query past 200)', async () => {
  const words = Array.from({ length: 230 }, (_, i) => `zq${i}`);
  const item = await post('olga', { body: words.join(' ') });
  const later = await post('olga', { body: 'zq7 alone' });
  for (const q of ['zq', 'zq1', 'zq22', 'zq229']) {
    const ids = (await search('eve', { q })).items.map((h) => h.id);
    assert.ok(ids.includes(item.id), `"${q}" finds the post of 230 words`);
  }
  assert.ok((await search('eve', { q: 'alone zq' })).items.some((h) => h.id === later.id));
  assert.equal((await search('eve', { q: 'zq230' })).items.length, 0, 'no word begins so');
});

test('people, spaces, comments and every kind of item are found', async () => {
  await ok('eve', 'PATCH', `/api/v1/people/${ids.eve}`, { title: 'Hydrographe principale', department: 'Océanographie' });
  let r = await search('bob', { q: 'oceanographie' });
  const me = r.items.find((h) => h.kind === 'person');
  assert.ok(me, 'the person is found by their department');
  assert.equal(me.person.handle, 'eve');
  assert.equal(me.url, '/people/eve');
  const s = await space('olga', { name: 'Xylophone Guild', description: 'Mallets and *tuning*.', visibility: 'internal' });
  r = await search('bob', { q: 'xylophone' });
  assert.ok(r.items.some((h) => h.kind === 'space' && h.id === s.id && h.space.slug === s.slug && h.url === `/spaces/${s.slug}`));
  const blog = await ok('olga', 'POST', '/api/v1/items', { type: 'blog', title: 'Quokka habitats', body: 'Rottnest island.' }, 201);
  const q = await ok('olga', 'POST', '/api/v1/items', { type: 'question', title: 'Where do quokkas sleep?', body: 'Asking for a friend.' }, 201);
  const c = await ok('bob', 'POST', `/api/v1/items/${q.id}/comments`, { body: 'Quokkas nap under shrubs during the day.' }, 201);
  r = await search('eve', { q: 'quokka' });
  const found = r.items.map(key);
  for (const k of [`item:${blog.id}`, `item:${q.id}`, `comment:${c.id}`]) assert.ok(found.includes(k), `${k} in ${found}`);
  const ch = r.items.find((h) => h.kind === 'comment');
  assert.equal(ch.type, 'comment');
  assert.equal(ch.item.id, q.id);
  assert.equal(ch.author.handle, 'bob');
  assert.equal(ch.url, `/items/${q.id}#comment-${c.id}`);
  const bh = r.items.find((h) => h.id === blog.id && h.kind === 'item');
  assert.deepEqual(marked(bh.title, bh.title_highlights), ['Quokka']);
  // the title weighs more than the body
  assert.ok(r.items.findIndex((h) => h.id === blog.id) < r.items.findIndex((h) => h.kind === 'comment'));
});

test('the index follows every change: edits, deletions, renames, comments', async () => {
  const item = await post('olga', { body: 'Narwhal sighting near the pier' });
  const has = async (q, id, kind = 'item', who = 'eve') => (await search(who, { q })).items.some((h) => h.kind === kind && h.id === id);
  assert.ok(await has('narwhal', item.id));
  await ok('olga', 'PATCH', `/api/v1/items/${item.id}`, { body: 'Walrus sighting near the pier' });
  assert.ok(!(await has('narwhal', item.id)), 'the old text is gone at once');
  assert.ok(await has('walrus', item.id));
  const c = await ok('bob', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Pelicans too!' }, 201);
  assert.ok(await has('pelicans', c.id, 'comment'));
  await ok('bob', 'PATCH', `/api/v1/comments/${c.id}`, { body: 'Cormorants too!' });
  assert.ok(!(await has('pelicans', c.id, 'comment')) && (await has('cormorants', c.id, 'comment')));
  await ok('bob', 'DELETE', `/api/v1/comments/${c.id}`, undefined, 204);
  assert.ok(!(await has('cormorants', c.id, 'comment')));
  await ok('olga', 'DELETE', `/api/v1/items/${item.id}`, undefined, 204);
  assert.ok(!(await has('walrus', item.id)));
  const s = await space('olga', { name: 'Zephyr Lab', visibility: 'internal' });
  await ok('olga', 'PATCH', `/api/v1/spaces/${s.id}`, { name: 'Mistral Lab' });
  assert.ok(!(await has('zephyr', s.id, 'space')) && (await has('mistral', s.id, 'space')));
});

test('only what the reader may see: private and secret spaces, drafts, comments of hidden items', async () => {
  const priv = await space('olga', { name: 'Capybara Council', visibility: 'private' });
  const secret = await space('olga', { name: 'Capybara Cabal', visibility: 'private', secret: true });
  const inside = await post('olga', { body: 'capybara plans for the offsite', space: priv.id });
  const c = await ok('olga', 'POST', `/api/v1/items/${inside.id}/comments`, { body: 'capybara snacks' }, 201);
  const draft = await ok('olga', 'POST', '/api/v1/items', { type: 'blog', title: 'Capybara draft', body: 'Unpublished.', draft: true }, 201);
  const mine = (await searchAll('olga', { q: 'capybara' })).map(key);
  for (const k of [`space:${priv.id}`, `space:${secret.id}`, `item:${inside.id}`, `comment:${c.id}`, `item:${draft.id}`])
    assert.ok(mine.includes(k), `the owner finds ${k}`);
  const theirs = (await searchAll('eve', { q: 'capybara' })).map(key);
  assert.deepEqual(theirs.sort(), [`space:${priv.id}`].sort(),
    'an outsider sees only the private space\'s name: no secret space, no item, no comment, no draft');
  // a space one may not read cannot be a filter
  await problem('eve', `/api/v1/search?${qs({ q: 'capybara', space: priv.id })}`, 404, 'space');
  await problem('eve', `/api/v1/search?${qs({ q: 'capybara', space: secret.id })}`, 404, 'space');
});

test('pages: every visible hit once, none of the hidden, whatever the page size', async () => {
  const priv = await space('olga', { name: 'Wombat Room', visibility: 'private' });
  const visible = [];
  for (let i = 0; i < 12; i++) {
    await post('olga', { body: `wombat burrow report ${i} (secret)`, space: priv.id });
    visible.push((await post('olga', { body: `wombat burrow report ${i}` })).id);
  }
  for (const limit of [1, 5, 50]) {
    const got = (await searchAll('eve', { q: 'wombat' }, limit)).filter((h) => h.kind === 'item').map((h) => h.id);
    assert.deepEqual([...got].sort((x, y) => x - y), [...visible].sort((x, y) => x - y), `limit ${limit}`);
    assert.equal(new Set(got).size, got.length, 'no hit twice');
  }
  const owner = (await searchAll('olga', { q: 'wombat' }, 7)).filter((h) => h.kind === 'item');
  assert.equal(owner.length, 24);
  // newer first among equally relevant hits
  const first = (await search('eve', { q: 'wombat burrow report' })).items[0];
  assert.equal(first.id, visible[visible.length - 1]);
});

test('filters: kind, space, author, tag, period', async () => {
  const s = await space('olga', { name: 'Ibex Team', visibility: 'internal' });
  await ok('eve', 'POST', `/api/v1/spaces/${s.id}/join`, undefined, 200).catch(() => {});
  const inSpace = await post('olga', { body: 'ibex migration #alps', space: s.id });
  const byBob = await post('bob', { body: 'ibex sighting' });
  const disc = await ok('bob', 'POST', '/api/v1/items', { type: 'discussion', title: 'Ibex horns', body: 'How long?' }, 201);
  const idsOf = async (p) => (await search('eve', { q: 'ibex', ...p })).items.map(key);
  assert.deepEqual(await idsOf({ space: s.id }), [`item:${inSpace.id}`]);
  const bob = await idsOf({ author: ids.bob });
  assert.ok(bob.includes(`item:${byBob.id}`) && bob.includes(`item:${disc.id}`) && !bob.includes(`item:${inSpace.id}`));
  assert.deepEqual(await idsOf({ type: 'discussion' }), [`item:${disc.id}`]);
  assert.deepEqual(await idsOf({ type: 'space' }), [`space:${s.id}`]);
  assert.deepEqual(await idsOf({ tag: 'alps' }), [`item:${inSpace.id}`]);
  assert.deepEqual(await idsOf({ tag: '#Alps' }), [`item:${inSpace.id}`]);
  const today = new Date().toISOString().slice(0, 10);
  const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
  assert.ok((await idsOf({ from: today, to: today })).length >= 4);
  assert.deepEqual(await idsOf({ from: day(1) }), []);
  assert.deepEqual(await idsOf({ to: day(-1) }), []);
});

test('bad input: a clear 400 naming the field; sign-in required', async () => {
  await problem('eve', '/api/v1/search', 400, 'q');
  await problem('eve', '/api/v1/search?q=%20%22%20', 400, 'q');
  await problem('eve', `/api/v1/search?${qs({ q: 'x'.repeat(201) })}`, 400, 'q');
  await problem('eve', `/api/v1/search?${qs({ q: 'a b c d e f g h i j k l m' })}`, 400, 'q');
  await problem('eve', '/api/v1/search?q=ok&type=nonsense', 400, 'type');
  await problem('eve', '/api/v1/search?q=ok&space=abc', 400, 'space');
  await problem('eve', '/api/v1/search?q=ok&space=999999', 404, 'space');
  await problem('eve', '/api/v1/search?q=ok&author=0', 400, 'author');
  await problem('eve', '/api/v1/search?q=ok&from=2024-02-31', 400, 'from');
  await problem('eve', '/api/v1/search?q=ok&to=yesterday', 400, 'to');
  await problem('eve', '/api/v1/search?q=ok&from=2025-03-02&to=2025-03-01', 400, 'to');
  await problem('eve', '/api/v1/search?q=ok&cursor=zzz', 400, 'cursor');
  await problem('eve', '/api/v1/search?q=ok&cursor=1700000000.500', 400, 'cursor');
  await problem('eve', '/api/v1/search?q=ok&limit=51', 400);
  // FTS syntax in the query is only text
  for (const q of ['NEAR(a b)', 'title:x', 'a OR b', "'; DROP TABLE items; --", 'x* -y ^z', '"unclosed']) {
    const r = await api('eve', 'GET', `/api/v1/search?${qs({ q })}`);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
  }
  fx.assertProblem(await api(null, 'GET', '/api/v1/search?q=x'), 401);
});

test('the search page: filters, escaped excerpts with <mark>, the header box', async () => {
  const web = await fx.signedIn(srv.url, 'eve@example.test', PASSWORD);
  const home = await fx.page(web, '/');
  assert.match(home.text, /<form method="get" action="\/search" class="top-search" role="search"/);
  const item = await post('olga', { body: '<script>alert(1)</script> Flamingo **parade** & friends' });
  const res = await fx.page(web, `/search?${qs({ q: 'flamingo' })}`);
  assert.match(res.text, /<mark>Flamingo<\/mark> parade &amp; friends/);
  assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the text is escaped');
  assert.ok(!res.text.includes('<script>alert'), 'no markup from the content');
  assert.match(res.text, new RegExp(`href="/items/${item.id}"`));
  const bad = await fx.page(web, `/search?${qs({ q: 'flamingo', from: 'soon' })}`);
  assert.equal(fx.formError(bad.text), 'Give the date as YYYY-MM-DD.');
  const none = await fx.page(web, `/search?${qs({ q: 'zzyzx' })}`);
  assert.match(none.text, /Nothing matches this search\./);
  // pages follow the next link with the same filters
  for (let i = 0; i < 22; i++) await post('olga', { body: `okapi note ${i}` });
  const p1 = await fx.page(web, `/search?${qs({ q: 'okapi', type: 'status' })}`);
  const next = /<a rel="next" href="([^"]+)"/.exec(p1.text);
  assert.ok(next, 'a next page link');
  const href = next[1].replace(/&amp;/g, '&');
  assert.match(href, /type=status/);
  const p2 = await fx.page(web, href);
  assert.equal((p2.text.match(/<li class="hit">/g) || []).length, 2);
  const fr = await fx.page(web, `/search?${qs({ q: 'okapi', from: 'x' })}`, { headers: { 'accept-language': 'fr' } });
  assert.ok(fr.text.includes('Recherche'));
});

test('ruche reindex rebuilds the index with a progress line', async () => {
  const help = await runCli(['reindex', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: ruche reindex/);
  const item = await post('olga', { body: 'Axolotl tank cleaning rota' });
  const r = await runCli(['reindex', '--data', srv.dataDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /indexing \[=+\] 100%/);
  assert.match(r.stdout, /Search index rebuilt: \d+ documents\./);
  assert.ok((await search('eve', { q: 'axolotl' })).items.some((h) => h.id === item.id), 'found after the rebuild');
  assert.equal((await runCli(['reindex', 'extra', '--data', srv.dataDir])).code, 2);
});
