'use strict';
// Bookmarks and the job queue that fetches their previews: the life cycle
// over the pages and the API, the preview fetched from a page served on
// loopback (allowed by configuration in those servers), loopback refused by
// default (directly, by name, through a redirect), the durable queue (a job
// survives a kill -9; retries with backoff, bounded), and "also shared by"
// within what the reader may see.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/bookmarks.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'bookmarks password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('eve', 'Eve Martin'), person('bob', 'Bob Durand'),
  person('olga', 'Olga Owner')];

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<title>Fallback title</title>
<meta name="description" content="A plain description">
<meta property="og:title" content="L’été des abeilles &amp; co">
<meta property="og:description" content="  Everything about   bees,
 in summer.  ">
<meta property="og:image" content="/img/bee.png">
</head><body><p>Hello</p></body></html>`;

/** A little site on 127.0.0.1 that counts the requests of each path. */
async function site() {
  const hits = {};
  const times = {};
  const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    hits[path] = (hits[path] || 0) + 1;
    (times[path] = times[path] || []).push(Date.now());
    if (path === '/page') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(PAGE); return; }
    if (path === '/plain') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<title>Plain</title>'); return; }
    if (path === '/hop') { res.writeHead(302, { location: '/page' }); res.end(); return; }
    if (path === '/to-file') { res.writeHead(302, { location: 'file:///etc/passwd' }); res.end(); return; }
    if (path === '/down') { res.writeHead(503, { 'content-type': 'text/plain' }); res.end('down'); return; }
    if (path === '/gone') { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('gone'); return; }
    if (path === '/pdf') { res.writeHead(200, { 'content-type': 'application/pdf' }); res.end('%PDF-1.4'); return; }
    res.writeHead(404); res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return { hits, times, port, url: (p) => `http://127.0.0.1:${port}${p}`, close: () => new Promise((r) => server.close(r)) };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let s; // the site
let srv; // a server allowed to fetch loopback pages
const tokens = {};

before(async () => {
  s = await site();
  srv = await startServer({ users: USERS, env: { RUCHE_ALLOW_PRIVATE_FETCH: 'true' } });
  for (const u of USERS) tokens[u.email.split('@')[0]] = await fx.createToken(srv.dataDir, u.email);
});

after(async () => {
  if (srv) {
    await fx.assertNo5xx(srv);
    await srv.stop();
  }
  if (s) await s.close();
});

function api(server, tok, method, path, body) {
  return new fx.Client(server.url).json(method, path, body, { token: tok, cookies: false });
}

async function ok(server, tok, method, path, body, status = 200) {
  const res = await api(server, tok, method, path, body);
  assert.equal(res.status, status, `${method} ${path} → ${res.status}: ${res.text.slice(0, 400)}`);
  return status === 204 ? null : res.json();
}

/** Polls an item until its preview is no longer pending. */
async function settled(server, tok, id, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const it = await ok(server, tok, 'GET', `/api/v1/items/${id}`);
    if (it.preview.status !== 'pending') return it;
    if (Date.now() > deadline) assert.fail(`item ${id}: preview still pending after ${ms} ms`);
    await sleep(100);
  }
}

test('a bookmark through the API: its preview is fetched from a loopback page (allowed here)', async () => {
  const created = await ok(srv, tokens.eve, 'POST', '/api/v1/items',
    { type: 'bookmark', url: s.url('/page#section'), body: 'Worth a read', tags: ['bees'] }, 201);
  assert.equal(created.type, 'bookmark');
  assert.equal(created.link, s.url('/page#section'), 'link is the address as given');
  assert.equal(created.url, `/items/${created.id}`, 'url stays the item’s page');
  assert.equal(created.preview.host, '127.0.0.1');
  assert.deepEqual(created.also_shared_by, []);
  const it = await settled(srv, tokens.eve, created.id);
  assert.equal(it.preview.status, 'ok', JSON.stringify(it.preview));
  assert.equal(it.preview.title, 'L’été des abeilles & co', 'og:title wins over <title>');
  assert.equal(it.preview.description, 'Everything about bees, in summer.', 'white space collapsed');
  assert.equal(it.preview.image, s.url('/img/bee.png'), 'the image resolved against the page');
  assert.match(it.preview.fetched_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(s.hits['/page'], 1);

  // the card: title, description and host, escaped; no external image
  const eve = await fx.signedIn(srv.url, 'eve@example.test', PASSWORD);
  const page = await fx.page(eve, `/items/${created.id}`);
  assert.ok(page.text.includes('L’été des abeilles &amp; co'), 'title on the page');
  assert.ok(page.text.includes('Everything about bees, in summer.'), 'description on the page');
  assert.ok(page.text.includes(`href="${s.url('/page#section')}"`), 'links to the page');
  assert.ok(!page.text.includes('/img/bee.png'), 'no external image on the page');

  // a second share of the same page (another fragment, tracking parameters) reuses the preview
  const again = await ok(srv, tokens.bob, 'POST', '/api/v1/items',
    { type: 'bookmark', url: s.url('/page?utm_source=mail') }, 201);
  assert.equal(again.preview.status, 'ok', 'same canonical URL: the preview is there at once');
  await sleep(300);
  assert.equal(s.hits['/page'], 1, 'fetched once per canonical URL');
  assert.deepEqual(again.also_shared_by.map((x) => x.author.handle), ['eve']);
  const first = await ok(srv, tokens.eve, 'GET', `/api/v1/items/${created.id}`);
  assert.deepEqual(first.also_shared_by.map((x) => [x.item, x.author.handle]), [[again.id, 'bob']]);

  // a redirect is followed (and checked again), a non-HTML answer gives an empty preview
  const hop = await ok(srv, tokens.eve, 'POST', '/api/v1/items', { type: 'bookmark', url: s.url('/hop') }, 201);
  assert.equal((await settled(srv, tokens.eve, hop.id)).preview.title, 'L’été des abeilles & co');
  const pdf = await ok(srv, tokens.eve, 'POST', '/api/v1/items', { type: 'bookmark', url: s.url('/pdf') }, 201);
  const p = (await settled(srv, tokens.eve, pdf.id)).preview;
  assert.equal(p.status, 'ok');
  assert.equal(p.title, '');
  // a redirect to another scheme is refused; a 404 fails at once
  const file = await ok(srv, tokens.eve, 'POST', '/api/v1/items', { type: 'bookmark', url: s.url('/to-file') }, 201);
  assert.equal((await settled(srv, tokens.eve, file.id)).preview.status, 'failed');
  const gone = await ok(srv, tokens.eve, 'POST', '/api/v1/items', { type: 'bookmark', url: s.url('/gone') }, 201);
  assert.equal((await settled(srv, tokens.eve, gone.id)).preview.status, 'failed');
  assert.equal(s.hits['/gone'], 1, 'a 404 is not retried');

  // edit: a new address, a new preview; delete
  const edited = await ok(srv, tokens.eve, 'PATCH', `/api/v1/items/${hop.id}`, { url: s.url('/plain'), title: 'Mine' });
  assert.equal(edited.link, s.url('/plain'));
  assert.equal(edited.title, 'Mine');
  assert.equal((await settled(srv, tokens.eve, hop.id)).preview.title, 'Plain');
  await ok(srv, tokens.bob, 'PATCH', `/api/v1/items/${hop.id}`, { url: s.url('/x') }, 403);
  await ok(srv, tokens.eve, 'DELETE', `/api/v1/items/${hop.id}`, undefined, 204);
  await ok(srv, tokens.eve, 'GET', `/api/v1/items/${hop.id}`, undefined, 404);

  // listed by type
  const list = await ok(srv, tokens.olga, 'GET', '/api/v1/items?type=bookmark');
  assert.ok(list.items.every((x) => x.type === 'bookmark' && typeof x.link === 'string'));
  assert.ok(list.items.some((x) => x.id === created.id));
});

test('bookmark inputs are validated with the field named', async () => {
  const bad = [
    [{ type: 'bookmark' }, 'url'],
    [{ type: 'bookmark', url: 42 }, 'url'],
    [{ type: 'bookmark', url: 'ftp://example.com/file' }, 'url'],
    [{ type: 'bookmark', url: 'javascript:alert(1)' }, 'url'],
    [{ type: 'bookmark', url: 'https://user:secret@example.com/' }, 'url'],
    [{ type: 'bookmark', url: 'https://example.com/a b' }, 'url'],
    [{ type: 'bookmark', url: 'not a url' }, 'url'],
    [{ type: 'bookmark', url: `https://example.com/${'a'.repeat(2000)}` }, 'url'],
    [{ type: 'bookmark', url: 'https://example.com/', body: 'x'.repeat(5001) }, 'body'],
    [{ type: 'bookmark', url: 'https://example.com/', title: 't'.repeat(201) }, 'title'],
    [{ type: 'bookmark', url: 'https://example.com/', preview: {} }, undefined],
  ];
  for (const [body, field] of bad) {
    const res = await api(srv, tokens.eve, 'POST', '/api/v1/items', body);
    const p = fx.assertProblem(res, 400, JSON.stringify(body).slice(0, 80));
    if (field) assert.equal(p.field, field, JSON.stringify(p));
  }
  const { id } = await ok(srv, tokens.eve, 'POST', '/api/v1/items', { type: 'bookmark', url: 'https://example.com/' }, 201);
  const p = fx.assertProblem(await api(srv, tokens.eve, 'PATCH', `/api/v1/items/${id}`, { url: 'gopher://x' }), 400);
  assert.equal(p.field, 'url');
});

test('a bookmark through the pages: form, card, edit, errors', async () => {
  const bob = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  const form = await fx.page(bob, '/items/new?type=bookmark');
  assert.match(form.text, /<input id="url" name="url" type="url"[^>]* required/);
  const home = await fx.page(bob, '/');
  assert.match(home.text, /href="\/items\/new\?type=bookmark"/, 'the Write menu offers bookmarks');
  let res = await bob.postForm('/items', { type: 'bookmark', url: 'ftp://nope', body: 'x' });
  assert.equal(res.status, 400);
  assert.match(fx.formError(res.text) || '', /http/);
  assert.ok(res.text.includes('value="ftp://nope"'), 'the form keeps what was typed');
  res = await bob.postForm('/items', { type: 'bookmark', url: s.url('/plain'), body: 'A *plain* page', tags: 'web' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const id = /\/items\/(\d+)/.exec(res.location)[1];
  await settled(srv, tokens.bob, id);
  const page = await fx.page(bob, `/items/${id}`);
  assert.ok(page.text.includes('class="bookmark"'));
  assert.ok(page.text.includes('>Plain</a>'), 'the preview’s title links to the page');
  assert.ok(page.text.includes('<em>plain</em>'), 'the comment is Markdown');
  const edit = await fx.page(bob, `/items/${id}/edit`);
  assert.ok(edit.text.includes(`value="${s.url('/plain')}"`), 'the edit form shows the address');
  res = await bob.postForm(`/items/${id}/edit`, { body: 'Changed', url: s.url('/plain'), tags: 'web' });
  assert.equal(res.status, 303);
  const list = await fx.page(bob, '/people/bob/content?type=bookmark');
  assert.ok(list.text.includes(`/items/${id}`), 'in the person’s bookmarks');
});

test('"also shared by" shows only the shares the reader may see', async () => {
  const url = 'https://intranet.example.test/handbook';
  // Olga shares it in a private space of hers; Eve on her profile; Ada too
  const space = await ok(srv, tokens.olga, 'POST', '/api/v1/spaces', { name: 'Secret Guild', visibility: 'private' }, 201);
  const hidden = await ok(srv, tokens.olga, 'POST', '/api/v1/items', { type: 'bookmark', url, space: space.id }, 201);
  const eve = await ok(srv, tokens.eve, 'POST', '/api/v1/items', { type: 'bookmark', url: `${url}#top` }, 201);
  const bob = await ok(srv, tokens.bob, 'GET', `/api/v1/items/${eve.id}`);
  assert.deepEqual(bob.also_shared_by, [], 'Bob may not see the private space’s bookmark');
  const olga = await ok(srv, tokens.olga, 'GET', `/api/v1/items/${eve.id}`);
  assert.deepEqual(olga.also_shared_by.map((x) => x.item), [hidden.id], 'Olga sees her own share');
  const bobClient = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  const page = await fx.page(bobClient, `/items/${eve.id}`);
  assert.ok(!page.text.includes('Also shared by'), 'nothing on the page for Bob');
  const olgaClient = await fx.signedIn(srv.url, 'olga@example.test', PASSWORD);
  const page2 = await fx.page(olgaClient, `/items/${eve.id}`);
  assert.match(page2.text, new RegExp(`Also shared by <a href="/items/${hidden.id}">Olga Owner</a>`));
  await ok(srv, tokens.bob, 'GET', `/api/v1/items/${hidden.id}`, undefined, 404);
});

test('retries with backoff on a failing page, then gives up', async () => {
  const r = await startServer({ users: [USERS[1]],
    env: { RUCHE_ALLOW_PRIVATE_FETCH: 'true', RUCHE_JOB_RETRY_BASE: '2', RUCHE_JOB_MAX_ATTEMPTS: '3' } });
  try {
    const tok = await fx.createToken(r.dataDir, USERS[1].email);
    const it = await ok(r, tok, 'POST', '/api/v1/items', { type: 'bookmark', url: s.url('/down') }, 201);
    const done = await settled(r, tok, it.id, 25000);
    assert.equal(done.preview.status, 'failed');
    assert.equal(s.hits['/down'], 3, 'three attempts');
    const t = s.times['/down'];
    // times are whole seconds: 2 s is between 1 and 2 s of real time, 4 s between 3 and 4
    assert.ok(t[1] - t[0] >= 1000, `first retry after the base delay (${t[1] - t[0]} ms)`);
    assert.ok(t[2] - t[1] >= 3000, `second retry after twice the base delay (${t[2] - t[1]} ms)`);
    await sleep(5000);
    assert.equal(s.hits['/down'], 3, 'no attempt after the last');
  } finally {
    await r.stop();
  }
});

test('a job survives kill -9 before it runs, and runs after the restart', async () => {
  const r = await startServer({ users: [USERS[1]], env: { RUCHE_ALLOW_PRIVATE_FETCH: 'true', RUCHE_JOB_WORKERS: '0' } });
  let again;
  try {
    const tok = await fx.createToken(r.dataDir, USERS[1].email);
    const it = await ok(r, tok, 'POST', '/api/v1/items', { type: 'bookmark', url: s.url('/page?kill=1') }, 201);
    assert.equal(it.preview.status, 'pending');
    await sleep(1500);
    assert.equal((await ok(r, tok, 'GET', `/api/v1/items/${it.id}`)).preview.status, 'pending', 'no worker here');
    r.kill();
    await sleep(200);
    again = await fx.serveDir(r.dataDir, { RUCHE_ALLOW_PRIVATE_FETCH: 'true', RUCHE_JOB_WORKERS: '1' });
    const done = await settled(again, tok, it.id);
    assert.equal(done.preview.status, 'ok');
    assert.equal(done.preview.title, 'L’été des abeilles & co');
  } finally {
    if (again) assert.equal((await again.stop()).code, 0);
    await r.stop();
  }
});

test('by default loopback is refused: by address, by name, through a redirect', async () => {
  const r = await startServer({ users: [USERS[1]] });
  try {
    const tok = await fx.createToken(r.dataDir, USERS[1].email);
    const before1 = { ...s.hits };
    for (const url of [s.url('/page?direct'), `http://localhost:${s.port}/page`, s.url('/hop?r'),
      `http://[::1]:${s.port}/page`, `http://0x7f000001:${s.port}/page`]) {
      const it = await ok(r, tok, 'POST', '/api/v1/items', { type: 'bookmark', url }, 201);
      const done = await settled(r, tok, it.id);
      assert.equal(done.preview.status, 'failed', `${url} refused`);
      assert.equal(done.preview.title, '');
    }
    assert.deepEqual(s.hits, before1, 'the loopback site never received a request');
    assert.match(r.logs(), /not allowed/);
  } finally {
    await r.stop();
  }
});
