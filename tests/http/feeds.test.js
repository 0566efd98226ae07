'use strict';
// Atom feeds (issue 7): a space's, a person's, a tag's and one's home
// stream, parsed by a real feed parser (Debian's python3-feedparser); the
// personal feed token (/settings/feeds): reset and revoke invalidate the
// old URL, it opens feeds and calendars only (never pages or the API); a
// feed never shows what its reader may not see (private space, draft);
// anonymous readers get only public spaces' feeds (404 otherwise).
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/feeds.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'feeds password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('olga', 'Olga Owner'), person('bob', 'Bob Durand')];

let srv;
let client;
const tokens = {};
const web = {};
const spaces = {};
const posts = {};

/** Parses an Atom document with feedparser; returns {bozo, feed, entries}. */
function parseFeed(xml) {
  const script = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
out = {"bozo": bool(d.bozo), "bozo_exception": str(d.get("bozo_exception", "")), "version": d.version,
       "feed": {"title": d.feed.get("title"), "id": d.feed.get("id"), "updated": d.feed.get("updated"),
                "links": [{"rel": l.get("rel"), "href": l.get("href")} for l in d.feed.get("links", [])]},
       "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"), "author": e.get("author"),
                    "published": e.get("published"), "updated": e.get("updated"),
                    "tags": [t["term"] for t in e.get("tags", [])],
                    "content": [{"type": c.type, "value": c.value} for c in e.get("content", [])]}
                   for e in d.entries]}
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: xml }).toString());
}

function api(who, method, path, body) {
  return client.json(method, path, body, { token: who ? tokens[who] : undefined, cookies: false });
}
async function ok(who, method, path, body, status = 200) {
  const res = await api(who, method, path, body);
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 400)}`);
  return res.json();
}

/** GET a feed (anonymous, no cookies); asserts the status; parses a 200. */
async function feed(path, status = 200) {
  const res = await client.get(path, { cookies: false });
  assert.equal(res.status, status, `GET ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
  if (status !== 200) return null;
  assert.match(res.headers.get('content-type') || '', /^application\/atom\+xml/);
  const f = parseFeed(res.text);
  assert.equal(f.bozo, false, `${path} is well-formed Atom: ${f.bozo_exception}`);
  assert.equal(f.version, 'atom10');
  return f;
}
const titles = (f) => f.entries.map((e) => e.title);

/** Makes (or resets) `who`'s feed token through the settings page; returns it. */
async function resetToken(who) {
  const res = await web[who].postForm('/settings/feeds', { action: 'reset' });
  assert.equal(res.status, 200, res.text.slice(0, 400));
  const m = /<input id="feed-token" type="url" readonly value="([A-Za-z0-9_-]{43})">/.exec(res.text);
  assert.ok(m, 'the new token is shown once');
  assert.match(res.text, new RegExp(`/feed\\.atom\\?token=${m[1]}`));
  return m[1];
}

before(async () => {
  srv = await startServer({ users: USERS });
  for (const u of USERS) {
    const h = u.email.split('@')[0];
    tokens[h] = await fx.createToken(srv.dataDir, u.email);
    web[h] = await fx.signedIn(srv.url, u.email, PASSWORD);
  }
  client = new fx.Client(srv.url);
  spaces.pub = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Open Feeds', slug: 'open-feeds', visibility: 'public' }, 201);
  spaces.priv = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Hidden Feeds', slug: 'hidden-feeds', visibility: 'private' }, 201);
  const post = (name, fields) => ok('olga', 'POST', '/api/v1/items', fields, 201).then((it) => { posts[name] = it; });
  await post('pub', { type: 'blog', title: 'Public launch notes', body: 'We **ship** today. #launch', space: spaces.pub.id });
  await post('pubStatus', { type: 'status', body: 'A short public word without a title <script>x</script>', space: spaces.pub.id });
  await post('draft', { type: 'blog', title: 'Secret draft plans', body: 'Not yet. #launch', space: spaces.pub.id, draft: true });
  await post('priv', { type: 'status', body: 'Private merger talk #launch', space: spaces.priv.id });
  await post('profile', { type: 'status', body: 'From my profile #launch' });
  await post('event', {
    type: 'event', title: 'Hidden offsite', body: 'Bring boots.', space: spaces.priv.id,
    starts_at: new Date(Date.now() + 5 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z'),
    ends_at: new Date(Date.now() + 5.1 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z'), timezone: 'Europe/Paris',
  });
  await ok('bob', 'PUT', `/api/v1/people/${posts.pub.author.id}/follow`);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

test('a public space\'s feed needs no login and carries full Atom entries', async () => {
  const f = await feed('/spaces/open-feeds/feed.atom');
  assert.equal(f.feed.title, 'Open Feeds');
  assert.ok(f.feed.links.some((l) => l.rel === 'alternate' && l.href.endsWith('/spaces/open-feeds')));
  assert.ok(f.feed.links.some((l) => l.rel === 'self' && l.href.endsWith('/spaces/open-feeds/feed.atom')));
  // an untitled post's entry is titled by an excerpt of its text (markup dropped)
  assert.deepEqual(titles(f), ['A short public word without a title x', 'Public launch notes']);
  assert.doesNotMatch(f.entries[0].content[0].value, /<script>/);
  const e = f.entries[1];
  assert.ok(e.link.endsWith(`/items/${posts.pub.id}`));
  assert.ok(e.id.endsWith(`/items/${posts.pub.id}`));
  assert.equal(e.author, 'Olga Owner');
  assert.deepEqual(e.tags, ['launch']);
  assert.ok(e.published && e.updated);
  assert.equal(e.content[0].type, 'text/html');
  assert.match(e.content[0].value, /<strong>ship<\/strong>/);
  // the draft is in no feed, even its author's
  assert.ok(!JSON.stringify(f).includes('Secret draft'));
});

test('anonymous readers get no other feed: 404 like a missing thing', async () => {
  for (const path of ['/spaces/hidden-feeds/feed.atom', '/feed.atom', '/people/olga/feed.atom', '/tags/launch/feed.atom',
    '/spaces/no-such-space/feed.atom', '/people/olga/calendar.ics', '/spaces/hidden-feeds/calendar.ics']) {
    await feed(path, 404);
  }
  // a wrong token is a 404 too, even on a public space's feed
  await feed('/spaces/open-feeds/feed.atom?token=not-a-token', 404);
  await feed(`/spaces/open-feeds/feed.atom?token=${'A'.repeat(43)}`, 404);
});

test('with a feed token: the home, person, tag and private space feeds, as the owner may see them', async () => {
  const olga = await resetToken('olga');
  const bob = await resetToken('bob');
  const home = await feed(`/feed.atom?token=${olga}`);
  assert.ok(titles(home).includes('Private merger talk #launch'));
  assert.ok(titles(home).includes('Public launch notes'));
  assert.ok(!JSON.stringify(home).includes('Secret draft'));
  const priv = await feed(`/spaces/hidden-feeds/feed.atom?token=${olga}`);
  assert.ok(titles(priv).includes('Hidden offsite'));
  const tag = await feed(`/tags/launch/feed.atom?token=${olga}`);
  assert.equal(tag.feed.title, '#launch');
  assert.deepEqual(titles(tag).sort(), ['From my profile #launch', 'Private merger talk #launch', 'Public launch notes']);
  const mine = await feed(`/people/olga/feed.atom?token=${olga}`);
  assert.ok(titles(mine).includes('From my profile #launch'));
  assert.ok(!JSON.stringify(mine).includes('Secret draft'));

  // Bob is no member of the private space: nothing of it, anywhere
  await feed(`/spaces/hidden-feeds/feed.atom?token=${bob}`, 404);
  for (const path of ['/feed.atom', '/tags/launch/feed.atom', '/people/olga/feed.atom']) {
    const f = await feed(`${path}?token=${bob}`);
    assert.ok(f.entries.length > 0, `${path} has entries for bob`);
    assert.ok(!JSON.stringify(f).includes('Private merger') && !JSON.stringify(f).includes('Hidden offsite'), path);
  }
  // calendars take the same token
  const cal = await client.get(`/spaces/hidden-feeds/calendar.ics?token=${olga}`, { cookies: false });
  assert.equal(cal.status, 200);
  assert.match(cal.headers.get('content-type'), /^text\/calendar/);
  assert.match(cal.text, /SUMMARY:Hidden offsite/);
  const pcal = await client.get(`/people/olga/calendar.ics?token=${olga}`, { cookies: false });
  assert.equal(pcal.status, 200);
  assert.match(pcal.text, /SUMMARY:Hidden offsite/);
  assert.equal((await client.get(`/spaces/hidden-feeds/calendar.ics?token=${bob}`, { cookies: false })).status, 404);
  const bcal = await client.get(`/people/olga/calendar.ics?token=${bob}`, { cookies: false });
  assert.equal(bcal.status, 200);
  assert.doesNotMatch(bcal.text, /Hidden offsite/);
});

test('a feed token opens no page and no API', async () => {
  const t = await resetToken('olga');
  const page = await client.get(`/?token=${t}`, { cookies: false });
  assert.equal(page.status, 303);
  assert.match(page.location, /^\/login/);
  fx.assertProblem(await client.get(`/api/v1/me?token=${t}`, { cookies: false }), 401);
  fx.assertProblem(await client.json('GET', '/api/v1/me', undefined, { token: t, cookies: false }), 401);
  fx.assertProblem(await client.get(`/api/v1/spaces/${spaces.priv.id}?token=${t}`, { cookies: false }), 404);
});

test('resetting the token invalidates the old URL; revoking ends it', async () => {
  const old = await resetToken('olga');
  await feed(`/feed.atom?token=${old}`);
  const settings = await fx.page(web.olga, '/settings/feeds');
  assert.match(settings.text, /You have a feed token, made on/);
  assert.doesNotMatch(settings.text, new RegExp(old), 'the token is shown only once');
  const fresh = await resetToken('olga');
  assert.notEqual(fresh, old);
  await feed(`/feed.atom?token=${old}`, 404);
  await feed(`/spaces/hidden-feeds/calendar.ics?token=${old}`, 404);
  await feed(`/feed.atom?token=${fresh}`);
  const res = await web.olga.postForm('/settings/feeds', { action: 'revoke' });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/settings/feeds?done=feed-revoked');
  const after = await fx.page(web.olga, res.location);
  assert.match(after.text, /The feed token is revoked\./);
  assert.match(after.text, /You have no feed token yet\./);
  await feed(`/feed.atom?token=${fresh}`, 404);
  // a bad action is a 400; the form needs its CSRF token
  assert.equal((await web.olga.postForm('/settings/feeds', { action: 'explode' })).status, 400);
  assert.equal((await web.olga.postForm('/settings/feeds', { action: 'reset', csrf: 'wrong' })).status, 403);
  // anonymous visitors are sent to sign in
  const anon = await client.get('/settings/feeds', { cookies: false });
  assert.equal(anon.status, 303);
});

test('a signed-in browser reads the feeds of its own pages without a token', async () => {
  const f = parseFeed((await web.olga.get('/spaces/hidden-feeds/feed.atom')).text);
  assert.ok(f.entries.some((e) => e.title === 'Private merger talk #launch'));
  assert.equal((await web.bob.get('/spaces/hidden-feeds/feed.atom')).status, 404);
});

test('the JSON of a space, a person and a tag carries its feed_url', async () => {
  const s = await ok('bob', 'GET', `/api/v1/spaces/${spaces.pub.id}`);
  assert.equal(s.feed_url, '/spaces/open-feeds/feed.atom');
  assert.equal((await client.json('GET', `/api/v1/spaces/${spaces.pub.id}`, undefined, { cookies: false })).json().feed_url,
    '/spaces/open-feeds/feed.atom');
  const p = await ok('bob', 'GET', `/api/v1/people/${posts.pub.author.id}`);
  assert.equal(p.feed_url, '/people/olga/feed.atom');
  const me = await ok('bob', 'GET', '/api/v1/me');
  assert.equal(me.feed_url, '/people/bob/feed.atom');
  const t = await ok('bob', 'GET', '/api/v1/tags/Launch/stream');
  assert.equal(t.tag, 'launch');
  assert.equal(t.feed_url, '/tags/launch/feed.atom');
  assert.ok(t.items.length > 0);
});

test('the pages link their feeds, in the head and visibly', async () => {
  const alt = (href) => new RegExp(`<link rel="alternate" type="application/atom\\+xml" href="${href.replace(/[.]/g, '\\.')}">`);
  const visible = (href) => new RegExp(`<a href="${href.replace(/[.]/g, '\\.')}" type="application/atom\\+xml">`);
  for (const [path, href] of [['/spaces/open-feeds', '/spaces/open-feeds/feed.atom'], ['/people/olga', '/people/olga/feed.atom'],
    ['/tags/launch', '/tags/launch/feed.atom'], ['/', '/feed.atom']]) {
    const res = await fx.page(web.bob, path);
    assert.match(res.text, alt(href), `${path}: head link`);
    assert.match(res.text, visible(href), `${path}: visible link`);
  }
  // anonymous visitors of a public space see its feed link too
  const anon = await fx.page(new fx.Client(srv.url), '/spaces/open-feeds');
  assert.match(anon.text, alt('/spaces/open-feeds/feed.atom'));
  // no feed link where the reader may not read the space
  const closed = await fx.page(web.bob, '/spaces/hidden-feeds', { status: 200 }).catch(() => null);
  if (closed) assert.doesNotMatch(closed.text, /feed\.atom/);
  const home = await fx.page(web.bob, '/');
  assert.match(home.text, /<a href="\/settings\/feeds">/);
  const settings = await fx.page(web.bob, '/settings/password');
  assert.match(settings.text, /<a href="\/settings\/feeds">/);
});
