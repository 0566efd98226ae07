'use strict';
// Every size limit (README "Limits", docs/reliability.md "Limits"): one
// step past it is refused with 400 or 413 and a message that names the
// limit (or the field at fault), and the value at the limit is accepted.
// The server runs with a small max_body (64 KiB); uploads are tried at their
// default limits (10 MB file, 5 MB photo: cheap on loopback) and a second
// server checks that a photo limit set by the administrator is named too.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx;
const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };

let srv, bob, space;
before(async () => {
  srv = await startServer({
    users: [BOB],
    env: { RUCHE_MAX_BODY: '64K' },
  });
  bob = await fx.signedIn(srv.url, BOB.email, BOB.password);
  space = (await api('POST', '/api/v1/spaces', { name: 'Limits', visibility: 'internal' })).json();
  assert.ok(space.id, 'a space for the posts');
});
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

// JSON through the session (cookie + X-CSRF-Token), as the browser's scripts do.
function api(method, path, body) {
  return bob.json(method, path, body, { headers: { 'x-csrf-token': bob.csrf } });
}

function refused(res, status, detail, label) {
  const p = fx.assertProblem(res, status, label);
  if (detail instanceof RegExp) assert.match(p.detail, detail, label);
  else assert.equal(p.detail, detail, label);
  return p;
}

const x = (n, c = 'x') => c.repeat(n);
const inDays = (d) => new Date(Date.now() + d * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');

test('request bodies: form and JSON over max_body get 413 naming the size', async () => {
  const form = await bob.request('POST', '/lang', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': bob.csrf },
    body: 'lang=en&pad=' + x(70 * 1024),
  });
  assert.equal(form.status, 413);
  assert.match(form.text, /The request body is too large\. The largest accepted is 64 KB\./);
  fx.validHtml(form, 'form 413');
  refused(await api('POST', '/api/v1/items', { type: 'status', body: x(70 * 1024) }), 413,
    'The request body is too large. The largest accepted is 64 KB.', 'JSON body');
});

test('structure: at most 200 form fields and 10,000 JSON values or 32 levels', async () => {
  const fields = Array.from({ length: 201 }, (_, i) => `f${i}=1`).join('&');
  const many = await bob.request('POST', '/lang', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': bob.csrf }, body: 'lang=en&' + fields,
  });
  assert.equal(many.status, 413);
  assert.match(many.text, /A form has at most 200 fields\./);
  const ok = await bob.request('POST', '/lang', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': bob.csrf },
    body: 'lang=en&' + Array.from({ length: 150 }, (_, i) => `f${i}=1`).join('&'),
  });
  assert.equal(ok.status, 303, '150 fields are fine');

  const MSG = 'A JSON body has at most 10,000 values and 32 levels of nesting.';
  refused(await api('POST', '/api/v1/items', { type: 'status', body: 'hi', extra: Array(10001).fill(0) }), 413, MSG,
    'JSON values');
  let deep = 'bottom';
  for (let i = 0; i < 40; i++) deep = { d: deep };
  refused(await api('POST', '/api/v1/items', { type: 'status', body: 'hi', extra: deep }), 413, MSG, 'JSON depth');
});

test('uploads: a file over max_upload gets 413 naming the size; a photo over max_photo, 400 naming it', async () => {
  await fx.page(bob, '/items/new?type=file');
  const big = await fx.postMultipart(bob, '/items', [
    { name: 'type', data: 'file' }, { name: 'space', data: String(space.id) },
    { name: 'file', filename: 'big.bin', type: 'application/octet-stream', data: Buffer.alloc((10 << 20) + 1024, 7) },
  ]);
  assert.equal(big.status, 413);
  assert.match(big.text, /The file is too large\. The largest accepted is 10 MB\./);
  await fx.page(bob, '/people/bob/edit');
  const photoOf = (n) => Buffer.concat([fx.PNG_1x1, Buffer.alloc(n)]);
  const photo = await fx.postMultipart(bob, '/people/bob/photo',
    [{ name: 'photo', filename: 'p.png', type: 'image/png', data: photoOf(5 << 20) }]);
  assert.equal(photo.status, 400);
  assert.equal(fx.formError(photo.text), 'The photo is larger than 5 MB.');

  const small = await startServer({ users: [BOB], env: { RUCHE_MAX_PHOTO: '64K' } });
  try {
    const c = await fx.signedIn(small.url, BOB.email, BOB.password);
    await fx.page(c, '/people/bob/edit');
    const r = await fx.postMultipart(c, '/people/bob/photo',
      [{ name: 'photo', filename: 'p.png', type: 'image/png', data: photoOf(100 * 1024) }]);
    assert.equal(r.status, 400);
    assert.equal(fx.formError(r.text), 'The photo is larger than this server accepts (max_photo).');
  } finally {
    await small.stop();
  }
});

test('items: title, text, comment, tags, mentions', async () => {
  const post = (fields) => api('POST', '/api/v1/items', { type: 'status', space: space.id, body: 'text', ...fields });
  const f = (res, field, label) => assert.equal(refused(res, 400, /.+/, label).field, field, label);
  f(await api('POST', '/api/v1/items', { type: 'discussion', space: space.id, title: x(201), body: 'b' }), 'title', 'title 201');
  assert.equal((await api('POST', '/api/v1/items', { type: 'discussion', space: space.id, title: x(200), body: 'b' })).status, 201);
  const body = refused(await post({ body: x(5001) }), 400, 'The text must have at most 5,000 characters.', 'status text');
  assert.equal(body.field, 'body');
  assert.equal((await post({ body: x(5000) })).status, 201);
  refused(await post({ tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }), 400, /30/, '31 tags');
  assert.equal((await post({ tags: Array.from({ length: 30 }, (_, i) => `t${i}`) })).status, 201);
  refused(await post({ tags: [x(51)] }), 400, /50 at most/, 'a tag of 51');
  assert.equal((await post({ tags: [x(50)] })).status, 201);
  const mentions = Array.from({ length: 51 }, (_, i) => `@person${i}`).join(' ');
  refused(await post({ body: mentions }), 400, 'At most 50 people can be mentioned at once.', '51 mentions');
  const it = (await post({})).json();
  refused(await api('POST', `/api/v1/items/${it.id}/comments`, { body: x(5001) }), 400,
    'The text must have at most 5,000 characters.', 'comment 5001');
  refused(await api('POST', `/api/v1/items/${it.id}/comments`, { body: mentions }), 400,
    'At most 50 people can be mentioned at once.', 'comment mentions');
});

test('polls, events, bookmarks: options, place, address', async () => {
  const poll = (options) => api('POST', '/api/v1/items', { type: 'poll', space: space.id, title: 'Q', options });
  refused(await poll(Array.from({ length: 21 }, (_, i) => `o${i}`)), 400, 'A poll has 2 to 20 options.', '21 options');
  assert.equal((await poll(Array.from({ length: 20 }, (_, i) => `o${i}`))).status, 201);
  refused(await poll(['a', x(201)]), 400, 'Each option is one line of 1 to 200 characters.', 'option 201');
  assert.equal((await poll(['a', x(200)])).status, 201);
  const event = (location) => api('POST', '/api/v1/items', { type: 'event', space: space.id, title: 'E',
    starts_at: inDays(3), ends_at: inDays(3.1), timezone: 'UTC', location });
  refused(await event(x(201)), 400, 'The place must be one line of at most 200 characters.', 'location 201');
  assert.equal((await event(x(200))).status, 201);
  const bm = (url) => api('POST', '/api/v1/items', { type: 'bookmark', space: space.id, url });
  refused(await bm('https://example.test/' + x(2001)), 400, 'The address must have at most 2,000 characters.', 'URL');
});

test('profile and space fields', async () => {
  await fx.page(bob, '/people/bob/edit');
  const edit = (fields) => bob.postForm('/people/bob/edit', fields);
  for (const [field, max] of [['name', 120], ['title', 120], ['department', 120], ['location', 120], ['phone', 40]]) {
    const r = await edit({ [field]: field === 'phone' ? x(max + 1, '1') : x(max + 1) });
    assert.equal(r.status, 400, `${field} ${max + 1}`);
    assert.equal(fx.formError(r.text), `This field has at most ${max} characters.`, field);
  }
  const bio = await edit({ bio: x(5001) });
  assert.equal(bio.status, 400);
  assert.equal(fx.formError(bio.text), 'The biography must have at most 5,000 characters.');
  refused(await api('POST', '/api/v1/spaces', { name: x(81) }), 400, 'The name must have at most 80 characters.', 'space name');
  refused(await api('POST', '/api/v1/spaces', { name: 'Long', description: x(5001) }), 400,
    'The description must have at most 5,000 characters.', 'space description');
});

test('queries: search length and words, page size', async () => {
  refused(await api('GET', '/api/v1/search?q=' + x(201)), 400, 'The search must be at most 200 characters.', 'q 201');
  refused(await api('GET', '/api/v1/search?q=' + Array.from({ length: 13 }, (_, i) => `w${i}`).join('+')), 400,
    'Search for at most 12 words.', '13 words');
  assert.equal((await api('GET', '/api/v1/search?q=' + x(200))).status, 200);
  refused(await api('GET', '/api/v1/people?limit=101'), 400, 'limit must be a number from 1 to 100.', 'limit 101');
  assert.equal((await api('GET', '/api/v1/people?limit=100')).status, 200);
});

test('request line and headers: over max_header (32 KB) a 431 naming it; under it, fine', async () => {
  for (const [label, data] of [
    ['header of 40 KB', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ' + x(40 * 1024) + '\r\nConnection: close\r\n\r\n'],
    ['URL of 40 KB', 'GET /people?q=' + x(40 * 1024) + ' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['header of 70 KB', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ' + x(70 * 1024) + '\r\nConnection: close\r\n\r\n'],
  ]) {
    const r = await fx.rawRequest(srv.port, data, { timeout: 2000 });
    assert.equal(fx.rawStatus(r.text), 431, `${label}: ${r.text.slice(0, 120)}`);
  }
  const page = await bob.get('/people?q=' + x(33 * 1024));
  assert.equal(page.status, 431);
  assert.match(page.text, /The address and headers of the request are too large\./);
  const ok = await fx.rawRequest(srv.port, 'GET /healthz?pad=' + x(30 * 1024) + ' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(fx.rawStatus(ok.text), 200, 'a 30 KB request line is under the limit');
});
