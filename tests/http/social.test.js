'use strict';
// The social core as people meet it, through the API and the web pages:
// posting (Markdown made safe, the 5,000-character limit), @mentions and
// #hashtags, the home / company / person / tag streams and their pages,
// edits and deletions, comments, likes, follows, notifications and their
// preferences, and live updates (Server-Sent Events, stream fragments).
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/social.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const { Client } = require('../lib/client');
const { assertValidHtml } = require('../lib/html');
const { openEvents, cookieHeader } = require('../lib/sse');
const fx = require('../lib/fixtures');

const PASSWORD = 'social password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
// Each test works with people of its own, so what one test posts, follows or
// likes never changes what another one expects.
const USERS = [
  person('ada', 'Ada Admin', 'admin'),
  person('eve', 'Eve Martin'),
  person('bob', 'Bob Durand'),
  person('carol', 'Carol Petit'),
  person('dave', 'Dave Home'),
  person('fay', 'Fay Followed'),
  person('gus', 'Gus Stranger'),
  person('hal', 'Hal Writer'),
  person('ivy', 'Ivy Reader'),
  person('jon', 'Jon Liker'),
  person('kim', 'Kim Commenter'),
  person('lea', 'Léa Notified'),
  person('max', 'Max Actor'),
  person('ned', 'Ned Live'),
  person('oli', 'Oli Live'),
  person('pam', 'Pam Pages'),
  person('xavier', 'Xavier External', 'external'),
];

let srv;
const tokens = {};
const ids = {};
let anon;

before(async () => {
  srv = await startServer({ users: USERS });
  for (const u of USERS) tokens[u.email.split('@')[0]] = await fx.createToken(srv.dataDir, u.email);
  anon = new Client(srv.url);
  const list = await api('ada', 'GET', '/api/v1/people?limit=100');
  assert.equal(list.status, 200, list.text);
  for (const p of list.json().items) ids[p.handle] = p.id;
  for (const h of Object.keys(tokens)) assert.ok(ids[h], `no id for ${h}`);
});

after(async () => {
  if (srv) {
    await fx.assertNo5xx(srv);
    await srv.stop();
  }
});

// ---- helpers --------------------------------------------------------------------

/** An API request as `who` (a handle), with their token. */
function api(who, method, path, body) {
  return anon.json(method, path, body, { token: tokens[who], cookies: false });
}

/** An API request that must answer `status`; returns the parsed body (null for 204). */
async function ok(who, method, path, body, status = 200) {
  const res = await api(who, method, path, body);
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
  if (status === 204) {
    assert.equal(res.text, '');
    return null;
  }
  return res.json();
}

/** An API request that must fail with a problem document of `status`. */
async function problem(who, method, path, body, status) {
  const res = await api(who, method, path, body);
  return fx.assertProblem(res, status, `${who}: ${method} ${path}`);
}

/** Post a status update as `who`; returns the item. */
const post = (who, body) => ok(who, 'POST', '/api/v1/items', { type: 'status', body }, 201);

/** Every item of a stream, walking the pages `limit` at a time. */
async function walk(who, path, limit) {
  const all = [];
  const pages = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await ok(who, 'GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(page.items.length <= limit, `${path}: a page of ${page.items.length} > limit ${limit}`);
    pages.push(page.items.length);
    all.push(...page.items);
    cursor = page.next_cursor;
    if (cursor === null) return { items: all, pages };
    assert.equal(typeof cursor, 'string');
    assert.equal(page.items.length, limit, `${path}: a page short of the limit before the last one`);
  }
  throw new Error(`${path}: more than 100 pages`);
}

const streamIds = async (who, path) => (await ok(who, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=100`)).items.map((x) => x.id);
const notes = (who) => ok(who, 'GET', '/api/v1/notifications?limit=100');

/** A web client signed in as `who`. */
const web = (who) => fx.signedIn(srv.url, `${who}@example.test`, PASSWORD);

/** The HTML of an item card on a page, or null. */
function card(html, id) {
  const m = new RegExp(`<article class="item" id="item-${id}"[\\s\\S]*?</article>`).exec(html);
  return m ? m[0] : null;
}

/** Asserts the HTML holds nothing that could run a script but the page's own nonce'd scripts. */
function assertInert(html, label) {
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) {
    assert.match(m[0], /\bnonce="[^"]+"/, `${label}: a script without the page nonce: ${m[0]}`);
    assert.match(m[0], /\bsrc="\/assets\//, `${label}: a script not from /assets: ${m[0]}`);
  }
  assert.doesNotMatch(html, /<[^>]+\son[a-z]+\s*=/i, `${label}: an on* event handler attribute`);
  assert.doesNotMatch(html, /javascript:/i, `${label}: a javascript: URL`);
  assert.doesNotMatch(html, /<(iframe|object|embed|img[^>]*src="x")/i, `${label}: raw HTML came through`);
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- posting ----------------------------------------------------------------------

test('post a status with the API and with the web form', async () => {
  const item = await post('eve', 'My first **status**');
  assert.equal(item.type, 'status');
  assert.equal(item.author.handle, 'eve');
  assert.equal(item.body, 'My first **status**');
  assert.equal(item.body_html, '<p>My first <strong>status</strong></p>\n');
  assert.equal(item.comments_count, 0);
  assert.equal(item.likes_count, 0);
  assert.equal(item.liked_by_me, false);
  assert.equal(item.edited_at, null);
  assert.ok(Date.parse(item.created_at) > Date.now() - 60000, item.created_at);
  assert.deepEqual((await ok('eve', 'GET', `/api/v1/items/${item.id}`)).body, item.body);

  // The web form on the home page posts, and returns to the page it came from.
  const c = await web('eve');
  const home = await fx.page(c, '/');
  assert.match(home.text, /<form method="post" action="\/items" class="composer">/);
  const res = await c.postForm('/items', { type: 'status', body: 'Posted from the *web form*', next: '/' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.equal(res.location, '/');
  const after1 = await fx.page(c, '/');
  assert.match(after1.text, /Posted from the <em>web form<\/em>/);
  const mine = await ok('eve', 'GET', `/api/v1/people/${ids.eve}/stream`);
  assert.deepEqual(mine.items.map((x) => x.body), ['Posted from the *web form*', 'My first **status**']);
  // Posting from the company page returns there; a foreign `next` does not leave the site.
  const fromCompany = await c.postForm('/items', { body: 'From the company page', next: '/company' });
  assert.equal(fromCompany.status, 303);
  assert.equal(fromCompany.location, '/company');
  const foreign = await c.postForm('/items', { body: 'Elsewhere?', next: 'https://evil.example/' });
  assert.equal(foreign.status, 303);
  assert.ok(foreign.location.startsWith('/'), foreign.location);
  // Without the CSRF token nothing is posted.
  const forged = await c.postForm('/items', { body: 'Forged', csrf: null });
  assert.equal(forged.status, 403);
  assert.ok(!(await ok('eve', 'GET', `/api/v1/people/${ids.eve}/stream`)).items.some((x) => x.body === 'Forged'));
  // An empty post is refused, on the page too.
  const empty = await c.postForm('/items', { body: '   ', next: '/' });
  assert.equal(empty.status, 400);
  fx.validHtml(empty, 'POST /items (blank)');
});

test('Markdown is rendered safely: scripts, event handlers and javascript: links are inert', async () => {
  const evil = [
    '<script>alert(1)</script>',
    '<img src="x" onerror="alert(2)">',
    '[click me](javascript:alert(3))',
    '<a href="javascript:alert(4)">raw link</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '![pic](javascript:alert(5))',
    '**bold** and `<code>` and https://example.com/page',
  ].join('\n\n');
  const item = await post('hal', evil);
  assert.equal(item.body, evil, 'the source is kept as written');
  const html = item.body_html;
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /onerror/i);
  assert.doesNotMatch(html, /javascript:/i);
  assert.doesNotMatch(html, /<iframe/i);
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /<code>&lt;code&gt;<\/code>/);
  assert.match(html, /<a href="https:\/\/example\.com\/page">https:\/\/example\.com\/page<\/a>/, 'URLs become links');
  assert.match(html, />click me<\/a>/, 'the link text stays, without its URL');

  const c = await web('ivy');
  for (const path of [`/items/${item.id}`, '/company', `/people/hal`]) {
    const page = await fx.page(c, path);
    const cardHtml = card(page.text, item.id);
    assert.ok(cardHtml, `${path} shows the item`);
    assertInert(page.text, path);
  }
});

test('a status has at most 5,000 characters (not bytes)', async () => {
  const fits = await post('hal', 'é'.repeat(5000));
  assert.equal([...fits.body].length, 5000);
  const p = await problem('hal', 'POST', '/api/v1/items', { type: 'status', body: 'é'.repeat(5001) }, 400);
  assert.equal(p.field, 'body');
  assert.match(p.detail, /5,000/);
  const q = await problem('hal', 'PATCH', `/api/v1/items/${fits.id}`, { body: 'x'.repeat(5001) }, 400);
  assert.equal(q.field, 'body');
  assert.equal((await ok('hal', 'GET', `/api/v1/items/${fits.id}`)).body, 'é'.repeat(5000), 'a refused edit changes nothing');
  // The web form says so too.
  const c = await web('hal');
  await c.get('/');
  const res = await c.postForm('/items', { body: 'x'.repeat(5001), next: '/' });
  assert.equal(res.status, 400);
  fx.validHtml(res, 'POST /items (5001 characters)');
  assert.match(res.text, /5,000/);
});

// ---- mentions and hashtags ----------------------------------------------------------

test('@mentions link to the profile and notify the mentioned person exactly once, edits included', async () => {
  const mentionsOf = async (who, itemId) => (await notes(who)).items.filter((n) => n.kind === 'mention' && n.item_id === itemId);
  const item = await post('max', 'Welcome @lea! Not a mention: `@bob` or email lea@example.test');
  assert.match(item.body_html, /<a href="\/people\/lea">@lea<\/a>/);
  assert.doesNotMatch(item.body_html, /href="\/people\/bob"/, 'code is not a mention');
  assert.equal((await mentionsOf('lea', item.id)).length, 1);
  assert.equal((await mentionsOf('bob', item.id)).length, 0);
  const n = (await mentionsOf('lea', item.id))[0];
  assert.equal(n.actor.handle, 'max');
  assert.equal(n.comment_id, null);
  assert.equal(n.read, false);

  // Editing keeps one notification for Léa, and notifies Carol once, newly mentioned.
  await ok('max', 'PATCH', `/api/v1/items/${item.id}`, { body: 'Welcome @lea and @carol!' });
  await ok('max', 'PATCH', `/api/v1/items/${item.id}`, { body: 'Welcome @LEA and @carol!!' });
  assert.equal((await mentionsOf('lea', item.id)).length, 1, 'no second notification after edits');
  assert.equal((await mentionsOf('carol', item.id)).length, 1);
  // Mentioning oneself or someone unknown notifies nobody and links nowhere.
  const self = await post('max', 'Note to @max and @nobody-here');
  assert.equal((await mentionsOf('max', self.id)).length, 0);
  assert.doesNotMatch(self.body_html, /\/people\/nobody-here/);

  // The item page links the mention to the profile.
  const c = await web('lea');
  const page = await fx.page(c, `/items/${item.id}`);
  assert.match(card(page.text, item.id), /<a href="\/people\/lea">@LEA<\/a>/);
  // A mention in a comment notifies once too, also after the comment is edited.
  const comment = await ok('carol', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Hi @lea' }, 201);
  await ok('carol', 'PATCH', `/api/v1/comments/${comment.id}`, { body: 'Hello @lea' });
  const inComment = (await notes('lea')).items.filter((x) => x.kind === 'mention' && x.comment_id === comment.id);
  assert.equal(inComment.length, 1);
  // One comment, one notification: mentioning the post's author (or someone
  // in the conversation) in a comment does not also notify a comment/reply.
  const toMax = await ok('lea', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Thanks @max and @carol' }, 201);
  const about = async (who, id) => (await notes(who)).items.filter((x) => x.comment_id === id).map((x) => x.kind);
  assert.deepEqual(await about('max', toMax.id), ['mention']);
  assert.deepEqual(await about('carol', toMax.id), ['mention']);
  const plain = await ok('lea', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'No mention' }, 201);
  assert.deepEqual(await about('max', plain.id), ['comment']);
  assert.deepEqual(await about('carol', plain.id), ['reply']);
});

test('mentioning an external account does not notify them, nor show them the post', async () => {
  const before1 = await notes('xavier');
  const item = await post('max', 'Ping @xavier about the contract');
  const after1 = await notes('xavier');
  assert.equal(after1.unread_count, before1.unread_count);
  assert.deepEqual(after1.items, before1.items);
  await problem('xavier', 'GET', `/api/v1/items/${item.id}`, undefined, 404);
  assert.ok(!(await streamIds('xavier', '/api/v1/stream/home')).includes(item.id), 'not in their home stream');
  const c = await web('xavier');
  const res = await c.get(`/items/${item.id}`);
  assert.equal(res.status, 404);
});

test('#hashtags make a tag stream, accent- and case-insensitive, with its page', async () => {
  const summer = await post('hal', 'Plans for the #Été party #Fête2025 and #C++ (not a tag: a#b, `#code`)');
  assert.deepEqual(summer.tags, ['ete', 'fete2025', 'c'].sort());
  assert.match(summer.body_html, /<a href="\/tags\/ete">#Été<\/a>/);
  const other = await post('eve', 'Already thinking of #ETE');
  for (const tag of ['ete', 'Été', 'ÉTÉ', 'eté']) {
    const got = await streamIds('ivy', `/api/v1/tags/${encodeURIComponent(tag)}/stream`);
    assert.deepEqual(got.filter((id) => id === summer.id || id === other.id), [other.id, summer.id], tag);
  }
  assert.deepEqual(await streamIds('ivy', '/api/v1/tags/never-used/stream'), []);
  await problem('ivy', 'GET', '/api/v1/tags/%20/stream', undefined, 404);
  assert.ok(!(await streamIds('ivy', '/api/v1/tags/b/stream')).includes(summer.id), 'a#b is not a tag');
  assert.ok(!(await streamIds('ivy', '/api/v1/tags/code/stream')).includes(summer.id), 'code is not tagged');

  // Editing the text away from a hashtag takes the post off that tag; tags
  // given apart from the text stay.
  const retag = await ok('hal', 'POST', '/api/v1/items', { type: 'status', body: 'About #alpha', tags: ['#Kept'] }, 201);
  assert.deepEqual(retag.tags, ['alpha', 'kept']);
  const retagged = await ok('hal', 'PATCH', `/api/v1/items/${retag.id}`, { body: 'About #beta now' });
  assert.deepEqual(retagged.tags, ['beta', 'kept']);
  assert.ok(!(await streamIds('ivy', '/api/v1/tags/alpha/stream')).includes(retag.id), 'no longer in #alpha');
  assert.deepEqual(await streamIds('ivy', '/api/v1/tags/beta/stream'), [retag.id]);
  assert.deepEqual(await streamIds('ivy', '/api/v1/tags/kept/stream'), [retag.id]);
  assert.deepEqual((await ok('hal', 'PATCH', `/api/v1/items/${retag.id}`, { tags: [] })).tags, ['beta']);
  // The most tags a post may have, then an edit with as many new hashtags.
  const many = (prefix) => Array.from({ length: 30 }, (_, i) => `${prefix}${i}`);
  const full = await ok('hal', 'POST', '/api/v1/items',
    { type: 'status', body: many('#old').join(' '), tags: many('given') }, 201);
  assert.equal(full.tags.length, 60);
  const refilled = await ok('hal', 'PATCH', `/api/v1/items/${full.id}`, { body: many('#new').join(' ') });
  assert.deepEqual(refilled.tags, [...many('given'), ...many('new')].sort());

  const c = await web('ivy');
  for (const path of ['/tags/ete', `/tags/${encodeURIComponent('Été')}`]) {
    const page = await fx.page(c, path);
    assert.match(page.text, /<h1>#ete<\/h1>/);
    assert.ok(card(page.text, summer.id), `${path} lists the post`);
    assert.ok(card(page.text, other.id), `${path} lists the other post`);
    assert.ok(page.text.indexOf(`id="item-${other.id}"`) < page.text.indexOf(`id="item-${summer.id}"`), 'newest first');
  }
  const missing = await c.get('/tags/%20');
  assert.equal(missing.status, 404);
});

// ---- streams ------------------------------------------------------------------------

test('home stream: people I follow, myself and what mentions me, newest first, paginated', async () => {
  await ok('dave', 'PUT', `/api/v1/people/${ids.fay}/follow`);
  const expected = [];
  const unexpected = [];
  for (let i = 0; i < 10; i++) {
    expected.push((await post('fay', `Fay's post ${i}`)).id);
    unexpected.push((await post('gus', `Gus's post ${i}`)).id);
    expected.push((await post('dave', `Dave's own post ${i}`)).id);
  }
  expected.push((await post('gus', 'Hey @dave, look')).id);
  unexpected.push((await post('gus', 'Hey @fay (dave does not follow gus)')).id);
  expected.push((await post('fay', 'Latest from Fay')).id);
  const want = [...expected].sort((a, b) => b - a);

  const full = await ok('dave', 'GET', '/api/v1/stream/home?limit=100');
  assert.deepEqual(full.items.map((x) => x.id), want, 'exactly followed + own + mentions, newest first');
  assert.equal(full.next_cursor, null);
  for (const it of full.items) {
    for (const k of ['author', 'created_at', 'comments_count', 'likes_count', 'liked_by_me']) assert.ok(k in it, k);
  }
  // Walking the pages gives the same list: no duplicates, no gaps.
  for (const limit of [1, 3, 4, 7, 17]) {
    const { items, pages } = await walk('dave', '/api/v1/stream/home', limit);
    assert.deepEqual(items.map((x) => x.id), want, `limit ${limit} (pages ${pages})`);
  }
  // Default page size: 20.
  assert.equal((await ok('dave', 'GET', '/api/v1/stream/home')).items.length, Math.min(20, want.length));
  await problem('dave', 'GET', '/api/v1/stream/home?limit=101', undefined, 400);
  const bad = await problem('dave', 'GET', '/api/v1/stream/home?cursor=nope', undefined, 400);
  assert.equal(bad.field, 'cursor');

  // Unfollowing removes Fay's posts; following again brings them back.
  await ok('dave', 'DELETE', `/api/v1/people/${ids.fay}/follow`);
  const without = await streamIds('dave', '/api/v1/stream/home');
  const fays = new Set((await streamIds('dave', `/api/v1/people/${ids.fay}/stream`)));
  assert.deepEqual(without, want.filter((id) => !fays.has(id)));
  await ok('dave', 'PUT', `/api/v1/people/${ids.fay}/follow`);
  assert.deepEqual(await streamIds('dave', '/api/v1/stream/home'), want);
  // A new post by Fay comes first.
  const fresh = await post('fay', 'Fresh');
  assert.equal((await streamIds('dave', '/api/v1/stream/home'))[0], fresh.id);

  // The home page shows the same, with a link to older posts when there are more.
  const c = await web('dave');
  const page = await fx.page(c, '/');
  const shown = [...page.text.matchAll(/<article class="item" id="item-(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(shown, [fresh.id, ...want].slice(0, 20));
  const older = /<a rel="next" href="([^"]+)">/.exec(page.text);
  assert.ok(older, 'a link to older posts');
  const page2 = await fx.page(c, older[1].replace(/&amp;/g, '&'));
  const shown2 = [...page2.text.matchAll(/<article class="item" id="item-(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(shown2, [fresh.id, ...want].slice(20));
});

test('company stream: everything employees see; not for external accounts', async () => {
  const a = await post('gus', 'Company-wide news');
  const b = await post('fay', 'More company news');
  const company = await streamIds('ivy', '/api/v1/stream/company');
  assert.deepEqual(company.slice(0, 2), [b.id, a.id]);
  const all = await walk('ivy', '/api/v1/stream/company', 9);
  const sorted = [...all.items.map((x) => x.id)].sort((x, y) => y - x);
  assert.deepEqual(all.items.map((x) => x.id), sorted);
  assert.equal(new Set(sorted).size, sorted.length);
  await problem('xavier', 'GET', '/api/v1/stream/company', undefined, 404);

  const c = await web('ivy');
  const page = await fx.page(c, '/company');
  assert.ok(card(page.text, b.id));
  const x = await web('xavier');
  assert.equal((await x.get('/company')).status, 404);
  // Externals see nobody's posts: their home page is valid and empty of others' posts.
  const home = await fx.page(x, '/');
  assert.equal(card(home.text, a.id), null);
  assert.doesNotMatch(home.text, /action="\/items" class="composer"/, 'no composer for external accounts');
  await problem('xavier', 'POST', '/api/v1/items', { type: 'status', body: 'Can I post?' }, 403);
});

test('person stream: one person\'s posts, on their profile with a follow button', async () => {
  const mine = [await post('pam', 'Pam one'), await post('pam', 'Pam two #pages')];
  await post('gus', 'Not Pam\'s, but mentions @pam');
  assert.deepEqual(await streamIds('ivy', `/api/v1/people/${ids.pam}/stream`), [mine[1].id, mine[0].id]);
  await problem('xavier', 'GET', `/api/v1/people/${ids.pam}/stream`, undefined, 404);
  await problem('ivy', 'GET', '/api/v1/people/999999/stream', undefined, 404);

  const c = await web('ivy');
  const profile = await fx.page(c, '/people/pam');
  assert.ok(card(profile.text, mine[0].id) && card(profile.text, mine[1].id), 'the profile lists Pam\'s posts');
  assert.match(profile.text, /<form method="post" action="\/people\/pam\/follow">/);
  assert.match(profile.text, /<input type="hidden" name="on" value="1"><button type="submit">Follow<\/button>/);
  const own = await fx.page(await web('pam'), '/people/pam');
  assert.doesNotMatch(own.text, /action="\/people\/pam\/follow"/, 'no follow button on one\'s own profile');
});

// ---- edits and deletions ----------------------------------------------------------------

test('edits: only the author, with edited_at; the page and its form', async () => {
  const item = await post('hal', 'Original text');
  const edited = await ok('hal', 'PATCH', `/api/v1/items/${item.id}`, { body: 'Corrected text' });
  assert.equal(edited.body, 'Corrected text');
  assert.equal(edited.body_html, '<p>Corrected text</p>\n');
  assert.notEqual(edited.edited_at, null);
  assert.equal(edited.created_at, item.created_at);
  assert.equal(edited.id, item.id);
  assert.equal((await ok('ivy', 'GET', `/api/v1/items/${item.id}`)).body, 'Corrected text');
  // Nobody else, administrators included, may edit.
  for (const who of ['ivy', 'ada']) {
    await problem(who, 'PATCH', `/api/v1/items/${item.id}`, { body: 'Hijacked' }, 403);
  }
  await problem('xavier', 'PATCH', `/api/v1/items/${item.id}`, { body: 'Hijacked' }, 404);
  assert.equal((await ok('hal', 'GET', `/api/v1/items/${item.id}`)).body, 'Corrected text');
  const unknown = await problem('hal', 'PATCH', `/api/v1/items/${item.id}`, { author_id: ids.ivy }, 400);
  assert.equal(unknown.field, 'author_id');

  // The web: the edit page and form for the author, 403 for others.
  const c = await web('hal');
  const page = await fx.page(c, `/items/${item.id}`);
  assert.match(page.text, new RegExp(`<a href="/items/${item.id}/edit">Edit</a>`));
  assert.match(card(page.text, item.id), /\(edited\)/);
  const form = await fx.page(c, `/items/${item.id}/edit`);
  assert.match(form.text, /<textarea id="body" name="body"[^>]*>Corrected text<\/textarea>/);
  const saved = await c.postForm(`/items/${item.id}/edit`, { body: 'Edited on the web' });
  assert.equal(saved.status, 303);
  assert.equal(saved.location, `/items/${item.id}?done=saved`);
  assert.equal((await ok('hal', 'GET', `/api/v1/items/${item.id}`)).body, 'Edited on the web');
  const blank = await c.postForm(`/items/${item.id}/edit`, { body: ' ' });
  assert.equal(blank.status, 400);
  fx.validHtml(blank, 'POST /items/ID/edit (blank)');

  const other = await web('ivy');
  const view = await fx.page(other, `/items/${item.id}`);
  assert.doesNotMatch(view.text, new RegExp(`/items/${item.id}/edit`), 'no edit link for others');
  assert.equal((await other.get(`/items/${item.id}/edit`)).status, 403);
  await other.get(`/items/${item.id}`);
  assert.equal((await other.postForm(`/items/${item.id}/edit`, { body: 'Hijacked' })).status, 403);
  assert.equal((await ok('hal', 'GET', `/api/v1/items/${item.id}`)).body, 'Edited on the web');
});

test('deleted items vanish from every stream, their page, comments, likes and notifications', async () => {
  await ok('ivy', 'PUT', `/api/v1/people/${ids.hal}/follow`);
  const item = await post('hal', 'Doomed post #doomed mentioning @kim');
  const comment = await ok('ivy', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Nice, @kim' }, 201);
  await ok('jon', 'PUT', `/api/v1/items/${item.id}/like`);
  const halBefore = await notes('hal');
  const kimBefore = await notes('kim');
  assert.ok(halBefore.items.some((n) => n.item_id === item.id && n.kind === 'comment'));
  assert.ok(halBefore.items.some((n) => n.item_id === item.id && n.kind === 'like'));
  assert.equal(kimBefore.items.filter((n) => n.item_id === item.id).length, 2);
  const streams = ['/api/v1/stream/home', '/api/v1/stream/company', `/api/v1/people/${ids.hal}/stream`, '/api/v1/tags/doomed/stream'];
  for (const s of streams) assert.ok((await streamIds('ivy', s)).includes(item.id), s);

  // Others may not delete it; an administrator may.
  await problem('ivy', 'DELETE', `/api/v1/items/${item.id}`, undefined, 403);
  await problem('xavier', 'DELETE', `/api/v1/items/${item.id}`, undefined, 404);
  await ok('ada', 'DELETE', `/api/v1/items/${item.id}`, undefined, 204);

  for (const who of ['hal', 'ivy', 'ada']) await problem(who, 'GET', `/api/v1/items/${item.id}`, undefined, 404);
  for (const s of streams) assert.ok(!(await streamIds('ivy', s)).includes(item.id), `${s} still lists it`);
  assert.ok(!(await streamIds('hal', '/api/v1/stream/home')).includes(item.id));
  await problem('ivy', 'GET', `/api/v1/items/${item.id}/comments`, undefined, 404);
  await problem('ivy', 'GET', `/api/v1/items/${item.id}/likes`, undefined, 404);
  await problem('ivy', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Too late' }, 404);
  await problem('jon', 'PUT', `/api/v1/items/${item.id}/like`, undefined, 404);
  await problem('ivy', 'PATCH', `/api/v1/comments/${comment.id}`, { body: 'Too late' }, 404);
  await problem('hal', 'PATCH', `/api/v1/items/${item.id}`, { body: 'Undead' }, 404);
  await problem('hal', 'DELETE', `/api/v1/items/${item.id}`, undefined, 404);
  const halAfter = await notes('hal');
  const kimAfter = await notes('kim');
  assert.ok(!halAfter.items.some((n) => n.item_id === item.id), 'hal\'s notifications about it are gone');
  assert.ok(!kimAfter.items.some((n) => n.item_id === item.id), 'kim\'s notifications about it are gone');
  assert.equal(halAfter.unread_count, halBefore.unread_count - 2, 'and no longer counted as unread');
  assert.equal(kimAfter.unread_count, kimBefore.unread_count - 2);

  // The web: its page is a 404, the tag page and the notifications page no longer show it.
  const c = await web('hal');
  assert.equal((await c.get(`/items/${item.id}`)).status, 404);
  assert.equal((await c.get(`/items/${item.id}/edit`)).status, 404);
  assert.equal((await c.get(`/items/${item.id}/likes`)).status, 404);
  assert.equal(card((await fx.page(c, '/tags/doomed')).text, item.id), null);
  assert.doesNotMatch((await fx.page(c, '/notifications')).text, new RegExp(`/items/${item.id}\\b`));
  // The author deletes with the web form.
  const mine = await post('hal', 'Deleted on the web');
  await fx.page(c, `/items/${mine.id}`);
  const del = await c.postForm(`/items/${mine.id}/delete`, {});
  assert.equal(del.status, 303);
  await problem('hal', 'GET', `/api/v1/items/${mine.id}`, undefined, 404);
});

// ---- comments and likes ------------------------------------------------------------------

test('comments: create, list, edit and delete one\'s own; others\' are refused', async () => {
  const item = await post('kim', 'Comment on this');
  const c1 = await ok('ivy', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'First *comment*' }, 201);
  assert.equal(c1.item_id, item.id);
  assert.equal(c1.author.handle, 'ivy');
  assert.equal(c1.body_html, '<p>First <em>comment</em></p>\n');
  const c2 = await ok('jon', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Second', parent_id: c1.id }, 201);
  assert.equal(c2.parent_id, c1.id);
  const c3 = await ok('kim', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Third' }, 201);
  assert.equal((await ok('ivy', 'GET', `/api/v1/items/${item.id}`)).comments_count, 3);
  const list = await ok('ivy', 'GET', `/api/v1/items/${item.id}/comments`);
  assert.deepEqual(list.items.map((x) => x.id), [c1.id, c2.id, c3.id], 'oldest first');
  const { items } = await walk('ivy', `/api/v1/items/${item.id}/comments`, 2);
  assert.deepEqual(items.map((x) => x.id), [c1.id, c2.id, c3.id]);
  await problem('ivy', 'POST', `/api/v1/items/${item.id}/comments`, { body: '' }, 400);
  await problem('ivy', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'x'.repeat(5001) }, 400);
  await problem('ivy', 'POST', '/api/v1/items/999999/comments', { body: 'Lost' }, 404);
  const otherItem = await post('kim', 'Another');
  await problem('ivy', 'POST', `/api/v1/items/${otherItem.id}/comments`, { body: 'Wrong thread', parent_id: c1.id }, 400);

  // Edit one's own; not someone else's (not even the item's author).
  const e1 = await ok('ivy', 'PATCH', `/api/v1/comments/${c1.id}`, { body: 'First comment, edited' });
  assert.equal(e1.body, 'First comment, edited');
  assert.notEqual(e1.edited_at, null);
  await problem('kim', 'PATCH', `/api/v1/comments/${c1.id}`, { body: 'Hijacked' }, 403);
  await problem('jon', 'PATCH', `/api/v1/comments/${c1.id}`, { body: 'Hijacked' }, 403);
  await problem('jon', 'DELETE', `/api/v1/comments/${c1.id}`, undefined, 403);
  await problem('xavier', 'DELETE', `/api/v1/comments/${c1.id}`, undefined, 404);
  // Delete one's own.
  await ok('jon', 'DELETE', `/api/v1/comments/${c2.id}`, undefined, 204);
  await problem('jon', 'DELETE', `/api/v1/comments/${c2.id}`, undefined, 404);
  assert.deepEqual((await ok('ivy', 'GET', `/api/v1/items/${item.id}/comments`)).items.map((x) => x.id), [c1.id, c3.id]);
  assert.equal((await ok('ivy', 'GET', `/api/v1/items/${item.id}`)).comments_count, 2);
  // An administrator may delete anyone's comment.
  await ok('ada', 'DELETE', `/api/v1/comments/${c3.id}`, undefined, 204);
  assert.equal((await ok('ivy', 'GET', `/api/v1/items/${item.id}`)).comments_count, 1);

  // The web: comment, edit, delete.
  const c = await web('jon');
  const page = await fx.page(c, `/items/${item.id}`);
  assert.match(page.text, /First comment, edited/);
  assert.doesNotMatch(page.text, new RegExp(`/comments/${c1.id}/edit`), 'no edit link on others\' comments');
  const added = await c.postForm(`/items/${item.id}/comments`, { body: 'From the **web**' });
  assert.equal(added.status, 303);
  const m = new RegExp(`^/items/${item.id}#comment-(\\d+)$`).exec(added.location);
  assert.ok(m, added.location);
  const webComment = Number(m[1]);
  const withIt = await fx.page(c, `/items/${item.id}`);
  assert.match(withIt.text, new RegExp(`<li class="comment" id="comment-${webComment}">[\\s\\S]*?From the <strong>web</strong>`));
  const editPage = await fx.page(c, `/comments/${webComment}/edit`);
  assert.match(editPage.text, /From the \*\*web\*\*<\/textarea>/);
  const saved = await c.postForm(`/comments/${webComment}/edit`, { body: 'Edited from the web' });
  assert.equal(saved.status, 303);
  assert.match((await fx.page(c, `/items/${item.id}`)).text, /Edited from the web/);
  const blank = await c.postForm(`/items/${item.id}/comments`, { body: '  ' });
  assert.equal(blank.status, 400);
  fx.validHtml(blank, 'POST /items/ID/comments (blank)');
  assert.equal((await c.get(`/comments/${c1.id}/edit`)).status, 403);
  await c.get(`/items/${item.id}`);
  assert.equal((await c.postForm(`/comments/${c1.id}/delete`, {})).status, 403);
  const gone = await c.postForm(`/comments/${webComment}/delete`, {});
  assert.equal(gone.status, 303);
  assert.doesNotMatch((await fx.page(c, `/items/${item.id}`)).text, /Edited from the web/);
});

test('likes on items and comments: counts, liked_by_me, who liked, idempotent', async () => {
  const item = await post('kim', 'Like me');
  let got = await ok('jon', 'PUT', `/api/v1/items/${item.id}/like`);
  assert.equal(got.likes_count, 1);
  assert.equal(got.liked_by_me, true);
  got = await ok('jon', 'PUT', `/api/v1/items/${item.id}/like`);
  assert.equal(got.likes_count, 1, 'liking twice counts once');
  await ok('ivy', 'PUT', `/api/v1/items/${item.id}/like`);
  const seenByKim = await ok('kim', 'GET', `/api/v1/items/${item.id}`);
  assert.equal(seenByKim.likes_count, 2);
  assert.equal(seenByKim.liked_by_me, false);
  const inStream = (await ok('jon', 'GET', `/api/v1/people/${ids.kim}/stream`)).items.find((x) => x.id === item.id);
  assert.equal(inStream.liked_by_me, true);
  assert.equal(inStream.likes_count, 2);
  const likers = await ok('kim', 'GET', `/api/v1/items/${item.id}/likes`);
  assert.deepEqual(likers.items.map((p) => p.handle), ['ivy', 'jon'], 'the latest first');
  const paged = await walk('kim', `/api/v1/items/${item.id}/likes`, 1);
  assert.deepEqual(paged.items.map((p) => p.handle), ['ivy', 'jon']);
  got = await ok('jon', 'DELETE', `/api/v1/items/${item.id}/like`);
  assert.equal(got.likes_count, 1);
  assert.equal(got.liked_by_me, false);
  got = await ok('jon', 'DELETE', `/api/v1/items/${item.id}/like`);
  assert.equal(got.likes_count, 1, 'unliking twice changes nothing more');
  assert.deepEqual((await ok('kim', 'GET', `/api/v1/items/${item.id}/likes`)).items.map((p) => p.handle), ['ivy']);

  // Comments.
  const comment = await ok('kim', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Like this comment' }, 201);
  let cl = await ok('jon', 'PUT', `/api/v1/comments/${comment.id}/like`);
  assert.equal(cl.likes_count, 1);
  assert.equal(cl.liked_by_me, true);
  cl = await ok('jon', 'PUT', `/api/v1/comments/${comment.id}/like`);
  assert.equal(cl.likes_count, 1);
  const listed = (await ok('jon', 'GET', `/api/v1/items/${item.id}/comments`)).items[0];
  assert.equal(listed.likes_count, 1);
  assert.equal(listed.liked_by_me, true);
  assert.equal((await ok('kim', 'GET', `/api/v1/items/${item.id}/comments`)).items[0].liked_by_me, false);
  cl = await ok('jon', 'DELETE', `/api/v1/comments/${comment.id}/like`);
  assert.equal(cl.likes_count, 0);
  assert.equal(cl.liked_by_me, false);
  await problem('jon', 'PUT', '/api/v1/comments/999999/like', undefined, 404);
  await problem('xavier', 'PUT', `/api/v1/items/${item.id}/like`, undefined, 404);

  // The web: like buttons, the likers page.
  const c = await web('jon');
  const page = await fx.page(c, `/items/${item.id}`);
  assert.match(card(page.text, item.id), /aria-pressed="false">Like<\/button> <span class="count">1<\/span>/);
  const liked = await c.postForm(`/items/${item.id}/like`, { on: 1, next: `/items/${item.id}` });
  assert.equal(liked.status, 303);
  assert.equal(liked.location, `/items/${item.id}`);
  const again = await fx.page(c, `/items/${item.id}`);
  assert.match(card(again.text, item.id), /aria-pressed="true">Unlike<\/button> <span class="count">2<\/span>/);
  const likesPage = await fx.page(c, `/items/${item.id}/likes`);
  assert.match(likesPage.text, /href="\/people\/jon"/);
  assert.match(likesPage.text, /href="\/people\/ivy"/);
  const commentLike = await c.postForm(`/comments/${comment.id}/like`, { on: 1 });
  assert.equal(commentLike.status, 303);
  assert.equal((await ok('kim', 'GET', `/api/v1/items/${item.id}/comments`)).items[0].likes_count, 1);
  const unliked = await c.postForm(`/items/${item.id}/like`, { on: 0, next: `/items/${item.id}` });
  assert.equal(unliked.status, 303);
  assert.equal((await ok('kim', 'GET', `/api/v1/items/${item.id}`)).likes_count, 1);
});

// ---- notifications -------------------------------------------------------------------------

test('notifications: mention, comment, reply, like and follow, once each; unread count; mark read', async () => {
  await ok('lea', 'POST', '/api/v1/notifications/read', {});
  const start = await notes('lea');
  assert.equal(start.unread_count, 0);
  const since = start.items.length ? start.items[0].id : 0;
  const fresh = async () => (await notes('lea')).items.filter((n) => n.id > since);

  const item = await post('lea', 'Léa\'s post');
  await ok('max', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'A comment' }, 201); // comment
  const other = await post('kim', 'Kim\'s post');
  const leaComment = await ok('lea', 'POST', `/api/v1/items/${other.id}/comments`, { body: 'Léa joins in' }, 201);
  const reply = await ok('max', 'POST', `/api/v1/items/${other.id}/comments`, { body: 'Max answers' }, 201); // reply
  await ok('max', 'PUT', `/api/v1/items/${item.id}/like`); // like
  await ok('max', 'DELETE', `/api/v1/items/${item.id}/like`);
  await ok('max', 'PUT', `/api/v1/items/${item.id}/like`); // no second like notification
  await ok('max', 'PUT', `/api/v1/comments/${leaComment.id}/like`); // like on a comment
  await ok('max', 'PUT', `/api/v1/people/${ids.lea}/follow`); // follow
  await ok('max', 'DELETE', `/api/v1/people/${ids.lea}/follow`);
  await ok('max', 'PUT', `/api/v1/people/${ids.lea}/follow`); // no second follow notification
  const mention = await post('max', 'Thanks @lea'); // mention
  // Her own actions notify nobody, herself included.
  await ok('lea', 'PUT', `/api/v1/items/${item.id}/like`);
  await ok('lea', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'My own comment' }, 201);

  const got = await fresh();
  const summary = got.map((n) => [n.kind, n.actor.handle, n.item_id, n.comment_id]).reverse();
  const commentOnItem = (await ok('lea', 'GET', `/api/v1/items/${item.id}/comments`)).items[0];
  assert.deepEqual(summary, [
    ['comment', 'max', item.id, commentOnItem.id],
    ['reply', 'max', other.id, reply.id],
    ['like', 'max', item.id, null],
    ['like', 'max', other.id, leaComment.id],
    ['follow', 'max', null, null],
    ['mention', 'max', mention.id, null],
  ]);
  const list = await notes('lea');
  assert.equal(list.unread_count, 6);
  assert.ok(got.every((n) => n.read === false));
  // Newest first, paginated.
  const walked = await walk('lea', '/api/v1/notifications', 4);
  assert.deepEqual(walked.items.map((n) => n.id), list.items.map((n) => n.id));

  // Mark one, then all.
  const marked = await ok('lea', 'POST', '/api/v1/notifications/read', { id: got[0].id });
  assert.equal(marked.unread_count, 5);
  assert.equal((await notes('lea')).items.find((n) => n.id === got[0].id).read, true);
  await ok('lea', 'POST', '/api/v1/notifications/read', { id: got[0].id }); // again: fine
  await problem('max', 'POST', '/api/v1/notifications/read', { id: got[1].id }, 404); // not his
  assert.equal((await notes('lea')).unread_count, 5);
  const all = await ok('lea', 'POST', '/api/v1/notifications/read', {});
  assert.equal(all.unread_count, 0);
  assert.ok((await notes('lea')).items.every((n) => n.read));
});

test('notifications on the web: the list, the header count, mark one and all as read', async () => {
  await ok('eve', 'POST', '/api/v1/notifications/read', {});
  const item = await post('eve', 'Notify me on the web');
  await ok('bob', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Comment <b>one</b>' }, 201);
  await ok('carol', 'PUT', `/api/v1/items/${item.id}/like`);
  const c = await web('eve');
  const page = await fx.page(c, '/notifications');
  assert.match(page.text, /<span class="count" data-unread="2">2<\/span>/, 'the header shows the unread count');
  assert.match(page.text, /<a href="\/notifications" class="notifications" aria-current="page">/, 'the current page is marked in the header');
  assert.match(page.text, /<a href="\/people\/bob">Bob Durand<\/a> commented on your post/);
  assert.match(page.text, /<a href="\/people\/carol">Carol Petit<\/a> liked your post/);
  assert.doesNotMatch(page.text, /<b>one<\/b>/);
  const unread = [...page.text.matchAll(/<input type="hidden" name="id" value="(\d+)">/g)].map((m) => Number(m[1]));
  assert.equal(unread.length, 2);
  const one = await c.postForm('/notifications/read', { id: unread[0] });
  assert.equal(one.status, 303);
  assert.equal(one.location, '/notifications');
  const after1 = await fx.page(c, '/notifications');
  assert.match(after1.text, /data-unread="1">1<\/span>/);
  await c.postForm('/notifications/read', {});
  const after2 = await fx.page(c, '/');
  assert.match(after2.text, /<span class="count" data-unread="0" hidden>0<\/span>/);
  assert.equal((await notes('eve')).unread_count, 0);
});

test('notification preferences: a kind turned off on the web page sends no more of it', async () => {
  const c = await web('bob');
  const page = await fx.page(c, '/settings/notifications');
  for (const kind of ['mention', 'comment', 'reply', 'like', 'follow']) {
    assert.match(page.text, new RegExp(`<input type="checkbox" name="${kind}" value="1" checked>`), kind);
  }
  // Turn likes and follows off.
  const saved = await c.postForm('/settings/notifications', { mention: 1, comment: 1, reply: 1 });
  assert.equal(saved.status, 303);
  const again = await fx.page(c, new URL(saved.location, srv.url).pathname + new URL(saved.location, srv.url).search);
  assert.match(again.text, /<input type="checkbox" name="like" value="1">/);
  assert.match(again.text, /<input type="checkbox" name="follow" value="1">/);
  assert.match(again.text, /<input type="checkbox" name="mention" value="1" checked>/);

  const before1 = (await notes('bob')).items.length;
  const item = await post('bob', 'Bob\'s post');
  await ok('carol', 'PUT', `/api/v1/items/${item.id}/like`);
  await ok('carol', 'PUT', `/api/v1/people/${ids.bob}/follow`);
  await ok('carol', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Still told of this' }, 201);
  await post('carol', 'And this, @bob');
  const after1 = (await notes('bob')).items;
  const kinds = after1.slice(0, after1.length - before1).map((n) => n.kind);
  assert.deepEqual(kinds.sort(), ['comment', 'mention']);
  // Back on: likes notify again.
  await c.get('/settings/notifications');
  await c.postForm('/settings/notifications', { mention: 1, comment: 1, reply: 1, like: 1, follow: 1 });
  await ok('eve', 'PUT', `/api/v1/items/${item.id}/like`);
  assert.equal((await notes('bob')).items[0].kind, 'like');
});

// ---- follows -------------------------------------------------------------------------------

test('follow and unfollow; followers and following lists; not oneself', async () => {
  let f = await ok('jon', 'PUT', `/api/v1/people/${ids.pam}/follow`);
  assert.deepEqual(f, { id: ids.pam, following: true, followers_count: 1 });
  f = await ok('jon', 'PUT', `/api/v1/people/${ids.pam}/follow`);
  assert.equal(f.followers_count, 1, 'following twice counts once');
  await ok('kim', 'PUT', `/api/v1/people/${ids.pam}/follow`);
  await ok('jon', 'PUT', `/api/v1/people/${ids.kim}/follow`);
  const followers = await ok('ivy', 'GET', `/api/v1/people/${ids.pam}/followers`);
  assert.deepEqual(followers.items.map((p) => p.handle), ['kim', 'jon'], 'the latest first');
  assert.deepEqual((await walk('ivy', `/api/v1/people/${ids.pam}/followers`, 1)).items.map((p) => p.handle), ['kim', 'jon']);
  const following = await ok('ivy', 'GET', `/api/v1/people/${ids.jon}/following`);
  assert.deepEqual(following.items.map((p) => p.handle), ['kim', 'pam']);
  f = await ok('jon', 'DELETE', `/api/v1/people/${ids.pam}/follow`);
  assert.deepEqual(f, { id: ids.pam, following: false, followers_count: 1 });
  f = await ok('jon', 'DELETE', `/api/v1/people/${ids.pam}/follow`);
  assert.equal(f.following, false);
  assert.deepEqual((await ok('ivy', 'GET', `/api/v1/people/${ids.pam}/followers`)).items.map((p) => p.handle), ['kim']);
  const self = await problem('jon', 'PUT', `/api/v1/people/${ids.jon}/follow`, undefined, 400);
  assert.match(self.detail, /yourself/);
  await problem('jon', 'PUT', '/api/v1/people/999999/follow', undefined, 404);
  await problem('xavier', 'PUT', `/api/v1/people/${ids.pam}/follow`, undefined, 404);
  await problem('xavier', 'GET', `/api/v1/people/${ids.pam}/followers`, undefined, 404);

  // The web: the profile's follow button, its counts, the lists.
  const c = await web('jon');
  const profile = await fx.page(c, '/people/pam');
  assert.match(profile.text, /<a href="\/people\/pam\/followers">1 follower<\/a>/);
  const res = await c.postForm('/people/pam/follow', { on: 1 });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/people/pam');
  const now = await fx.page(c, '/people/pam');
  assert.match(now.text, /<a href="\/people\/pam\/followers">2 followers<\/a>/);
  assert.match(now.text, /<input type="hidden" name="on" value="0"><button type="submit" class="secondary">Unfollow<\/button>/);
  const list = await fx.page(c, '/people/pam/followers');
  assert.match(list.text, /href="\/people\/jon"/);
  assert.match(list.text, /href="\/people\/kim"/);
  const followingPage = await fx.page(c, '/people/jon/following');
  assert.match(followingPage.text, /href="\/people\/pam"/);
  await c.postForm('/people/pam/follow', { on: 0 });
  assert.match((await fx.page(c, '/people/pam')).text, /1 follower</);
  const selfRes = await c.postForm('/people/jon/follow', { on: 1 });
  assert.equal(selfRes.status, 400);
});

// ---- live updates ---------------------------------------------------------------------------

test('live events: a follower gets new posts and notification counts; an external account gets nothing', async (t) => {
  await ok('oli', 'PUT', `/api/v1/people/${ids.ned}/follow`);
  await ok('oli', 'POST', '/api/v1/notifications/read', {});
  const b = await openEvents(srv.url, { token: tokens.oli });
  const x = await openEvents(srv.url, { token: tokens.xavier });
  const s = await openEvents(srv.url, { cookie: cookieHeader(await web('oli')) }); // a page's EventSource
  t.after(() => { b.close(); x.close(); s.close(); });
  for (const es of [b, x, s]) {
    assert.equal(es.status, 200);
    assert.match(es.headers['content-type'], /^text\/event-stream/);
  }
  assert.deepEqual((await b.waitFor((e) => e.event === 'notifications')).json(), { unread: 0 });
  assert.deepEqual((await s.waitFor((e) => e.event === 'notifications')).json(), { unread: 0 });
  await x.waitFor((e) => e.event === 'notifications');

  // Ned, whom Oli follows, posts: Oli's streams hear of it within 2 s.
  const started = Date.now();
  const item = await post('ned', 'Live from Ned #live');
  const ev = await b.waitFor((e) => e.event === 'item', 2000);
  assert.ok(Date.now() - started < 2000);
  assert.equal(ev.json().id, item.id);
  assert.ok(ev.json().streams.includes('home'), JSON.stringify(ev.json()));
  assert.ok(ev.json().streams.includes('company'));
  assert.ok(ev.json().streams.includes(`person:${ids.ned}`));
  assert.ok(ev.json().streams.includes('tag:live'));
  assert.equal((await s.waitFor((e) => e.event === 'item', 2000)).json().id, item.id);

  // Someone Oli does not follow: the item event, but not for home.
  const stranger = await post('gus', 'Not followed by Oli');
  const ev2 = await b.waitFor((e) => e.event === 'item', 2000);
  assert.equal(ev2.json().id, stranger.id);
  assert.ok(!ev2.json().streams.includes('home'));

  // Ned mentions Oli: the new unread count arrives.
  const mention = await post('ned', 'Hello @oli');
  const ev3 = await b.waitFor((e) => e.event === 'item', 2000);
  assert.equal(ev3.json().id, mention.id);
  assert.ok(ev3.json().streams.includes('home'));
  assert.deepEqual((await b.waitFor((e) => e.event === 'notifications', 2000)).json(), { unread: 1 });
  await ok('ned', 'POST', `/api/v1/items/${mention.id}/comments`, { body: 'and a comment to @oli' }, 201);
  assert.deepEqual((await b.waitFor((e) => e.event === 'notifications', 2000)).json(), { unread: 2 });
  // Marking as read is announced too.
  await ok('oli', 'POST', '/api/v1/notifications/read', {});
  assert.deepEqual((await b.waitFor((e) => e.event === 'notifications', 2000)).json(), { unread: 0 });

  // The external account heard of none of these posts.
  await post('ned', 'One more, to be sure the external stream had time');
  await b.waitFor((e) => e.event === 'item', 2000);
  await wait(100);
  assert.deepEqual(x.received((e) => e.event === 'item').map((e) => e.data), []);
  assert.equal(x.ended, false, 'the external stream stays open');

  // Without credentials: 401.
  const none = await openEvents(srv.url, {});
  assert.equal(none.status, 401);
  assert.match(none.headers['content-type'], /^application\/problem\+json/);
  await none.text();
});

test('the stream fragment returns the cards of posts newer than the one given', async () => {
  await ok('oli', 'PUT', `/api/v1/people/${ids.ned}/follow`);
  const c = await web('oli');
  const home = await fx.page(c, '/');
  const section = /<section class="stream"[^>]*data-live="home" data-after="(\d+)"/.exec(home.text);
  assert.ok(section, 'the home stream says what it shows, for live updates');
  const after = Number(section[1]);
  const p1 = await post('ned', 'New one');
  const p2 = await post('ned', 'Newer one');
  // A fragment is not a document: fetch it with the plain client (fx's validates documents).
  const plain = new Client(srv.url);
  plain.jar = new Map(c.jar);
  const frag = await plain.get(`/fragments/stream?live=home&after=${after}`);
  assert.equal(frag.status, 200, frag.text.slice(0, 300));
  assert.match(frag.headers.get('content-type'), /^text\/html/);
  const shown = [...frag.text.matchAll(/<article class="item" id="item-(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(shown.filter((id) => id <= after), [], 'nothing already on the page');
  assert.deepEqual(shown.slice(0, 2), [p2.id, p1.id]);
  assertValidHtml(`<!DOCTYPE html><html lang="en"><head><title>fragment</title></head><body><main>${frag.text}</main></body></html>`,
    'GET /fragments/stream');
  assertInert(frag.text, 'GET /fragments/stream');
  // Only what is newer than `after`; nothing when up to date.
  const none = await plain.get(`/fragments/stream?live=home&after=${p2.id}`);
  assert.equal(none.status, 200);
  assert.doesNotMatch(none.text, /<article/);
  // Other streams; bad requests; the company stream is not an external's.
  const tag = await post('ned', 'Tagged #fragment');
  const tagFrag = await plain.get(`/fragments/stream?live=tag:fragment&after=${p2.id}`);
  assert.deepEqual([...tagFrag.text.matchAll(/id="item-(\d+)"/g)].map((m) => Number(m[1])), [tag.id]);
  const personFrag = await plain.get(`/fragments/stream?live=person:${ids.ned}&after=${p1.id}`);
  assert.deepEqual([...personFrag.text.matchAll(/id="item-(\d+)"/g)].map((m) => Number(m[1])), [tag.id, p2.id]);
  assert.equal((await c.get('/fragments/stream?live=bogus&after=1')).status, 400);
  assert.equal((await c.get('/fragments/stream?live=home')).status, 400);
  const x = await web('xavier');
  assert.equal((await x.get('/fragments/stream?live=company&after=0')).status, 404);
  const xPlain = new Client(srv.url);
  xPlain.jar = new Map(x.jar);
  const xHome = await xPlain.get('/fragments/stream?live=home&after=0');
  assert.equal(xHome.status, 200);
  assert.doesNotMatch(xHome.text, /<article/);
});

// ---- every page ----------------------------------------------------------------------------

test('every social page is valid HTML, full of content', async () => {
  await ok('eve', 'PUT', `/api/v1/people/${ids.pam}/follow`);
  await ok('pam', 'PUT', `/api/v1/people/${ids.eve}/follow`);
  const item = await post('pam', [
    '# A heading', '', 'Hello @eve and @xavier, #Tagged #Été', '', '- a list', '- of things', '',
    '| a | table |', '|---|---|', '| 1 | 2 |', '', '```', 'code <b>', '```', '', '> a quote https://example.com', '',
    '<script>alert(1)</script> ~~struck~~',
  ].join('\n'));
  const comment = await ok('eve', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'A **comment** @pam' }, 201);
  await ok('eve', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'A reply', parent_id: comment.id }, 201);
  await ok('eve', 'PUT', `/api/v1/items/${item.id}/like`);
  await ok('eve', 'PUT', `/api/v1/comments/${comment.id}/like`);
  await ok('pam', 'PATCH', `/api/v1/items/${item.id}`, { body: `${item.body}\n\nEdited.` });

  const pam = await web('pam');
  const eve = await web('eve');
  const pages = [
    [pam, '/'], [eve, '/'], [pam, '/company'], [pam, '/tags/tagged'], [pam, '/tags/nothing-here'],
    [pam, `/items/${item.id}`], [eve, `/items/${item.id}`], [pam, `/items/${item.id}/edit`], [pam, `/items/${item.id}/likes`],
    [eve, `/comments/${comment.id}/edit`],
    [pam, '/notifications'], [eve, '/notifications'], [pam, '/settings/notifications'],
    [pam, '/people/pam'], [eve, '/people/pam'], [pam, '/people/pam/followers'], [pam, '/people/pam/following'],
    [pam, '/people/eve/followers'], [pam, '/people/xavier/followers'],
    [pam, '/?cursor=999999999'],
  ];
  for (const [client, path] of pages) {
    const res = await fx.page(client, path);
    assertInert(res.text, path);
  }
  const xavier = await web('xavier');
  for (const path of ['/', '/notifications', '/settings/notifications', '/people/xavier', '/people/xavier/followers']) {
    await fx.page(xavier, path);
  }
  // 404 pages for what does not exist or may not be seen.
  for (const [client, path] of [[pam, '/items/999999'], [xavier, `/items/${item.id}`], [xavier, '/people/pam'],
    [xavier, '/people/pam/followers'], [pam, '/people/nobody/followers'], [pam, '/items/abc']]) {
    const res = await client.get(path);
    assert.equal(res.status, 404, path);
    fx.validHtml(res, `GET ${path} (404)`);
  }
});
