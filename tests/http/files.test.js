'use strict';
// Files (kind `file`): uploads through the API (multipart) and the pages,
// the type recognised from the content, names cleaned, downloads with safe
// headers, versions, image previews, the size limit, and who may read them.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/files.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'files password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('olga', 'Olga Owner'), person('bob', 'Bob Durand'), person('cleo', 'Cléo Petit')];
const LIMIT = 64 * 1024; // max_upload for this server

let srv;
let client;
const tokens = {};
const spaces = {};

before(async () => {
  srv = await startServer({ users: USERS, env: { RUCHE_MAX_UPLOAD: String(LIMIT) } });
  for (const h of ['olga', 'bob', 'cleo']) tokens[h] = await fx.createToken(srv.dataDir, `${h}@example.test`);
  client = new fx.Client(srv.url);
  spaces.team = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Files Team', visibility: 'internal' }, 201);
  spaces.club = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Private Files', visibility: 'private' }, 201);
  spaces.open = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Public Files', visibility: 'public' }, 201);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

async function ok(who, method, path, body, status = 200) {
  const res = await client.json(method, path, body, { token: who ? tokens[who] : undefined, cookies: false });
  assert.equal(res.status, status, `${who}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
  return status === 204 ? null : res.json();
}

/** A multipart request with a bearer token. */
function upload(who, path, parts) {
  const { body, contentType } = fx.multipart(parts);
  const headers = { 'content-type': contentType };
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  return client.request('POST', path, { headers, body, cookies: false });
}

async function createFile(who, { name = 'notes.txt', data = Buffer.from('hello\n'), type = 'text/plain', space = spaces.team.id, title, body, tags } = {}) {
  const parts = [{ name: 'type', value: 'file' }, { name: 'space', value: String(space) }];
  if (title !== undefined) parts.push({ name: 'title', value: title });
  if (body !== undefined) parts.push({ name: 'body', value: body });
  if (tags !== undefined) parts.push({ name: 'tags', value: tags });
  parts.push({ name: 'file', filename: name, type, data });
  return upload(who, '/api/v1/items', parts);
}

const sessions = {};
/** GET as `who`: with a token on API paths, with a session cookie on pages. */
async function download(who, path, headers = {}) {
  const h = { ...headers };
  if (who && path.startsWith('/api/')) h.authorization = `Bearer ${tokens[who]}`;
  else if (who) {
    sessions[who] ||= await fx.signedIn(srv.url, `${who}@example.test`, PASSWORD);
    h.cookie = Object.entries(sessions[who].cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  }
  const res = await fetch(srv.url + path, { headers: h, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

test('a file through the API: multipart upload, type from the content, download headers, ETag', async () => {
  // a PNG sent as text/plain with a .txt name is an image/png
  const res = await createFile('olga', { name: 'C:\\Users\\olga\\../photo.txt', data: fx.PNG_1x1, type: 'text/plain', tags: 'design, logo' });
  assert.equal(res.status, 201, res.text);
  const it = res.json();
  assert.equal(it.type, 'file');
  assert.equal(it.title, 'photo.txt', 'no title: the cleaned name');
  assert.deepEqual(it.tags, ['design', 'logo']);
  assert.equal(it.file.name, 'photo.txt');
  assert.equal(it.file.mime, 'image/png');
  assert.equal(it.file.size, fx.PNG_1x1.length);
  assert.equal(it.file.version, 1);
  assert.match(it.file.sha256, /^[0-9a-f]{64}$/);
  assert.equal(it.versions_count, 1);
  assert.ok(it.file.preview_url, 'images get a preview');

  const dl = await download('bob', `/api/v1/items/${it.id}/download`);
  assert.equal(dl.status, 200);
  assert.deepEqual(dl.body, fx.PNG_1x1);
  assert.equal(dl.headers.get('content-type'), 'image/png');
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(dl.headers.get('content-disposition'), 'attachment; filename="photo.txt"; filename*=UTF-8\'\'photo.txt');
  assert.equal(dl.headers.get('etag'), `"${it.file.sha256}"`);
  const again = await download('bob', `/api/v1/items/${it.id}/download`, { 'if-none-match': `"${it.file.sha256}"` });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);

  const pv = await download('bob', `/items/${it.id}/preview`);
  assert.equal(pv.status, 200);
  assert.ok(fx.isWebp(pv.body), 'the preview is WebP');

  // a text file has no preview
  const txt = (await createFile('olga', { name: 'readme.md', data: Buffer.from('# Hello\nplain words\n'), title: 'Read me' })).json();
  assert.equal(txt.title, 'Read me');
  assert.equal(txt.file.mime, 'text/plain');
  assert.equal(txt.file.preview_url, null);
  assert.equal((await download('bob', `/items/${txt.id}/preview`)).status, 404);
});

test('active content is never served as itself: HTML and SVG download as octet-stream attachments', async () => {
  const html = (await createFile('olga', { name: 'page.png', data: Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'), type: 'image/png' })).json();
  assert.equal(html.file.mime, 'text/html');
  const dl = await download('bob', `/items/${html.id}/download`);
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/octet-stream');
  assert.match(dl.headers.get('content-disposition'), /^attachment;/);
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
  assert.match(dl.headers.get('content-security-policy'), /sandbox/);
  const svg = (await createFile('olga', { name: 'logo.svg', data: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>') })).json();
  assert.match(svg.file.mime, /svg|xml/);
  assert.equal((await download('bob', `/items/${svg.id}/download`)).headers.get('content-type'), 'application/octet-stream');
});

test('names: paths, control characters and length are cleaned; UTF-8 names are RFC 5987-encoded', async () => {
  const it = (await createFile('olga', { name: '../../etc/Résumé final\u0007.pdf', data: Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') })).json();
  assert.equal(it.file.name, 'Résumé final.pdf');
  assert.equal(it.file.mime, 'application/pdf');
  const dl = await download('olga', `/items/${it.id}/download`);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.equal(dl.headers.get('content-disposition'),
    'attachment; filename="R__sum__ final.pdf"; filename*=UTF-8\'\'R%C3%A9sum%C3%A9%20final.pdf');
  const long = (await createFile('olga', { name: `${'é'.repeat(300)}.txt` })).json();
  assert.equal([...long.file.name].length, 200);
  const hidden = (await createFile('olga', { name: '.htaccess' })).json();
  assert.equal(hidden.file.name, 'htaccess');
});

test('versions: new ones keep the old; old versions download; only the author uploads', async () => {
  const it = (await createFile('olga', { name: 'plan-v1.txt', data: Buffer.from('first plan\n') })).json();
  let res = await upload('olga', `/api/v1/items/${it.id}/versions`, [{ name: 'file', filename: 'plan-v2.txt', data: Buffer.from('second plan\n') }]);
  assert.equal(res.status, 201, res.text);
  const v2 = res.json();
  assert.equal(v2.file.version, 2);
  assert.equal(v2.file.name, 'plan-v2.txt');
  assert.equal(v2.versions_count, 2);
  assert.ok(v2.edited_at);
  const list = await ok('bob', 'GET', `/api/v1/items/${it.id}/versions`);
  assert.deepEqual(list.items.map((v) => [v.version, v.name, v.uploaded_by.handle]), [[2, 'plan-v2.txt', 'olga'], [1, 'plan-v1.txt', 'olga']]);
  assert.equal((await download('bob', `/api/v1/items/${it.id}/download`)).body.toString(), 'second plan\n');
  assert.equal((await download('bob', `/api/v1/items/${it.id}/download?version=1`)).body.toString(), 'first plan\n');
  assert.equal((await download('bob', `/items/${it.id}/download?version=1`)).body.toString(), 'first plan\n');
  fx.assertProblem(await client.json('GET', `/api/v1/items/${it.id}/download?version=9`, undefined, { token: tokens.bob, cookies: false }), 404);
  fx.assertProblem(await client.json('GET', `/api/v1/items/${it.id}/download?version=x`, undefined, { token: tokens.bob, cookies: false }), 400);

  res = await upload('bob', `/api/v1/items/${it.id}/versions`, [{ name: 'file', filename: 'mine.txt', data: Buffer.from('bob\n') }]);
  fx.assertProblem(res, 403);
  res = await upload('olga', `/api/v1/items/${it.id}/versions`, [{ name: 'other', value: 'x' }]);
  assert.equal(fx.assertProblem(res, 400).field, 'file');
  res = await upload('olga', `/api/v1/items/${it.id}/versions`, [{ name: 'file', filename: 'empty.txt', data: Buffer.alloc(0) }]);
  assert.equal(fx.assertProblem(res, 400).field, 'file');
  fx.assertProblem(await client.json('POST', `/api/v1/items/${it.id}/versions`, { file: 'x' }, { token: tokens.olga, cookies: false }), 415);
  // editing the title and body keeps the file
  const edited = await ok('olga', 'PATCH', `/api/v1/items/${it.id}`, { title: 'The plan', body: 'Latest **plan**' });
  assert.equal(edited.title, 'The plan');
  assert.equal(edited.file.version, 2);
  // not a file
  const post = await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'hi', space: spaces.team.id }, 201);
  fx.assertProblem(await client.json('GET', `/api/v1/items/${post.id}/download`, undefined, { token: tokens.bob, cookies: false }), 404);
});

test('limits and validation: too large is a 413 that says the limit; missing or empty files are 400 naming "file"', async () => {
  let res = await createFile('olga', { name: 'big.bin', data: Buffer.alloc(LIMIT + 1, 7) });
  const p = fx.assertProblem(res, 413);
  assert.match(p.detail, /too large.*64 KB/);
  res = await upload('olga', '/api/v1/items', [{ name: 'type', value: 'file' }, { name: 'space', value: String(spaces.team.id) }]);
  assert.equal(fx.assertProblem(res, 400).field, 'file');
  res = await createFile('olga', { data: Buffer.alloc(0) });
  assert.equal(fx.assertProblem(res, 400).field, 'file');
  res = await upload('olga', '/api/v1/items', [{ name: 'type', value: 'status' }, { name: 'body', value: 'hi' }]);
  assert.equal(fx.assertProblem(res, 400).field, 'type');
  res = await createFile('olga', { space: 'abc' });
  assert.equal(fx.assertProblem(res, 400).field, 'space');
  // a JSON file item has no file
  res = await client.json('POST', '/api/v1/items', { type: 'file', title: 'x', space: spaces.team.id }, { token: tokens.olga, cookies: false });
  assert.equal(fx.assertProblem(res, 400).field, 'file');
  // JSON bodies keep the small limit on the upload route
  res = await client.json('POST', '/api/v1/items', { type: 'status', body: 'x'.repeat(LIMIT) }, { token: tokens.olga, cookies: false });
  assert.ok(res.status === 413 || res.status === 400, `${res.status}`);
});

test('who may read: outsiders get 404 on the item, download and preview; anonymous readers of public spaces may download', async () => {
  const secret = (await createFile('olga', { space: spaces.club.id, name: 'secret.png', data: fx.PNG_1x1 })).json();
  for (const path of [`/api/v1/items/${secret.id}/download`, `/api/v1/items/${secret.id}/versions`]) {
    fx.assertProblem(await client.json('GET', path, undefined, { token: tokens.bob, cookies: false }), 404);
  }
  const bob = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  assert.equal((await bob.get(`/items/${secret.id}/download`)).status, 404);
  assert.equal((await bob.get(`/items/${secret.id}/preview`)).status, 404);
  assert.equal((await download(null, `/items/${secret.id}/download`)).status, 404);
  const pub = (await createFile('olga', { space: spaces.open.id, name: 'brochure.txt', data: Buffer.from('public words\n') })).json();
  const anon = await download(null, `/items/${pub.id}/download`);
  assert.equal(anon.status, 200);
  assert.equal(anon.body.toString(), 'public words\n');
  const internal = (await createFile('olga', { name: 'internal.txt' })).json();
  assert.equal((await download(null, `/items/${internal.id}/download`)).status, 404);
  // deleted: gone for everyone
  await ok('olga', 'DELETE', `/api/v1/items/${pub.id}`, undefined, 204);
  assert.equal((await download(null, `/items/${pub.id}/download`)).status, 404);
});

test('pages: upload from the form, the file page with its versions, a new version, errors', async () => {
  const olga = await fx.signedIn(srv.url, 'olga@example.test', PASSWORD);
  const form = await fx.page(olga, `/items/new?type=file&space=${spaces.team.id}`);
  assert.match(form.text, /<form method="post" action="\/items" enctype="multipart\/form-data">/);
  assert.match(form.text, /name="file" type="file" required/);
  let res = await fx.postMultipart(olga, '/items', [{ name: 'type', value: 'file' }, { name: 'space', value: String(spaces.team.id) },
    { name: 'title', value: 'Budget' }, { name: 'body', value: 'The **budget**' }, { name: 'tags', value: 'money' },
    { name: 'file', filename: 'budget.csv', type: 'text/csv', data: Buffer.from('a,b\n1,2\n') }]);
  assert.equal(res.status, 303, res.text);
  const id = Number(/\/items\/(\d+)/.exec(res.location)[1]);
  let page = await fx.page(olga, `/items/${id}`);
  assert.match(page.text, /Budget/);
  assert.match(page.text, new RegExp(`href="/items/${id}/download" download>`));
  assert.match(page.text, /budget\.csv/);
  assert.match(page.text, /Versions/);
  assert.match(page.text, new RegExp(`action="/items/${id}/versions" enctype="multipart/form-data"`));
  res = await fx.postMultipart(olga, `/items/${id}/versions`, [{ name: 'file', filename: 'budget-2.csv', data: Buffer.from('a,b\n3,4\n') }]);
  assert.equal(res.status, 303, res.text);
  page = await fx.page(olga, `/items/${id}`);
  assert.match(page.text, /budget-2\.csv/);
  assert.match(page.text, new RegExp(`/items/${id}/download\\?version=1`));
  // an image shows its preview
  res = await fx.postMultipart(olga, '/items', [{ name: 'type', value: 'file' }, { name: 'space', value: String(spaces.team.id) },
    { name: 'file', filename: 'pic.jpg', type: 'image/jpeg', data: fx.JPEG_8x8 }]);
  assert.equal(res.status, 303, res.text);
  const pic = Number(/\/items\/(\d+)/.exec(res.location)[1]);
  page = await fx.page(olga, `/items/${pic}`);
  assert.match(page.text, new RegExp(`<img class="preview" src="/items/${pic}/preview\\?version=1"`));
  // no file: the form again with the error
  await fx.page(olga, `/items/new?type=file&space=${spaces.team.id}`);
  res = await fx.postMultipart(olga, '/items', [{ name: 'type', value: 'file' }, { name: 'space', value: String(spaces.team.id) }, { name: 'title', value: 'Nothing' }]);
  assert.equal(res.status, 400);
  assert.match(fx.formError(res.text), /Choose a file/);
  // too large from the page: 413 with the limit
  res = await fx.postMultipart(olga, '/items', [{ name: 'type', value: 'file' }, { name: 'file', filename: 'big.bin', data: Buffer.alloc(LIMIT + 10) }]);
  assert.equal(res.status, 413);
  assert.match(res.text, /too large/);
  // bob may not upload a version
  const bob = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  page = await fx.page(bob, `/items/${id}`);
  assert.doesNotMatch(page.text, /\/versions"/);
  res = await fx.postMultipart(bob, `/items/${id}/versions`, [{ name: 'file', filename: 'x.txt', data: Buffer.from('x') }]);
  assert.equal(res.status, 403);
  // listed among the space's files
  const files = await fx.page(bob, `/spaces/${spaces.team.slug}/content?type=file`);
  assert.match(files.text, /Budget/);
});
