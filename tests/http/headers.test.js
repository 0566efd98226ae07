'use strict';
// Response headers: the security headers of every page (a CSP nonce that
// matches the script tag), caching and compression of assets, and the
// operations endpoints.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const zlib = require('node:zlib');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const ADMIN = { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };
const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };
let srv;
let admin;
let anon;

before(async () => {
  srv = await startServer({ users: [ADMIN, BOB] });
  admin = await fx.signedIn(srv.url, ADMIN.email, ADMIN.password);
  anon = new Client(srv.url);
});
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

function assertSecurityHeaders(res, label) {
  const h = res.headers;
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${label}: nosniff`);
  assert.equal(h.get('x-frame-options'), 'DENY', `${label}: frames`);
  assert.equal(h.get('referrer-policy'), 'same-origin', `${label}: Referrer-Policy`);
  const csp = h.get('content-security-policy');
  assert.ok(csp, `${label}: has a CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${label}: CSP frame-ancestors`);
  assert.match(csp, /default-src 'none'/, `${label}: CSP default-src`);
  return csp;
}

/** An HTML page: security headers, a CSP nonce that is the script tag's, valid markup. */
function assertPage(res, label) {
  const csp = assertSecurityHeaders(res, label);
  fx.validHtml(res, label);
  const nonce = /script-src 'nonce-([A-Za-z0-9_-]+)'/.exec(csp);
  assert.ok(nonce, `${label}: the CSP has a script nonce: ${csp}`);
  assert.ok(nonce[1].length >= 22, `${label}: the nonce is long enough`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${label}: no unsafe-*`);
  const scripts = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.ok(scripts.length >= 1, `${label}: a script tag`);
  for (const s of scripts) assert.ok(s.includes(`nonce="${nonce[1]}"`), `${label}: ${s} carries the nonce`);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8$/);
  return nonce[1];
}

test('every HTML page carries the security headers and a CSP nonce matching its script', async () => {
  const pages = [
    [anon, '/login', 200],
    [anon, '/nothing', 404],
    [anon, '/invite/' + 'x'.repeat(43), 404],
    [admin, '/', 200],
    [admin, '/people', 200],
    [admin, '/people?q=bob', 200],
    [admin, '/org', 200],
    [admin, '/people/ada', 200],
    [admin, '/people/bob', 200],
    [admin, '/people/ada/edit', 200],
    [admin, '/settings/password', 200],
    [admin, '/admin/invitations', 200],
    [admin, '/people/nobody', 404],
    [admin, '/people?cursor=!', 400],
  ];
  const nonces = new Set();
  for (const [c, p, status] of pages) {
    const r = await c.get(p);
    assert.equal(r.status, status, p);
    nonces.add(assertPage(r, `GET ${p}`));
  }
  assert.equal(nonces.size, pages.length, 'a fresh nonce for every response');
  const second = await admin.get('/');
  assert.ok(!nonces.has(assertPage(second, 'GET / again')));
});

test('error pages, redirects and form errors carry the headers too', async () => {
  await anon.get('/login');
  const wrong = await anon.postForm('/login', { email: 'x@example.test', password: 'nope nope nope' });
  assert.equal(wrong.status, 400);
  assertPage(wrong, 'POST /login 400');
  const forged = await anon.postForm('/login', { email: 'x', password: 'y', csrf: 'forged' });
  assertPage(forged, 'POST /login 403');
  const m405 = await anon.request('DELETE', '/login');
  assertPage(m405, 'DELETE /login 405');
  const redirect = await anon.get('/people');
  assert.equal(redirect.status, 303);
  assertSecurityHeaders(redirect, 'redirect');
});

test('API responses: JSON, private revalidated caching (errors: none), a locked-down CSP', async () => {
  const token = await fx.createToken(srv.dataDir, BOB.email);
  const r = await anon.json('GET', '/api/v1/me', undefined, { token, cookies: false });
  assert.equal(r.status, 200);
  const csp = assertSecurityHeaders(r, 'GET /api/v1/me');
  assert.match(csp, /sandbox/);
  assert.equal(r.headers.get('cache-control'), 'private, no-cache');
  assert.match(r.headers.get('vary') || '', /Authorization/);
  const e = await anon.json('GET', '/api/v1/me', undefined, { cookies: false });
  assertSecurityHeaders(e, 'GET /api/v1/me 401');
  assert.equal(e.headers.get('cache-control'), 'no-store');
});

test('pages are not cached; the session cookie is not readable by scripts', async () => {
  const r = await admin.get('/');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.headers.get('vary') || '', /Cookie/);
  const c = new Client(srv.url);
  await c.login(BOB.email, BOB.password);
  assert.ok(c.cookie('ruche_session').httpOnly);
  assert.ok(c.cookie('ruche_pre').httpOnly);
  assert.equal(c.cookie('ruche_session').secure, false, 'plain HTTP: no Secure flag (it would be dropped)');
});

/** A GET with node:http, which leaves Content-Encoding alone. */
function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('assets: ETag, 304 on If-None-Match, gzip when accepted, long caching', async () => {
  const home = await admin.get('/');
  const urls = [...home.text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  assert.ok(urls.some((u) => u.startsWith('/assets/app.css?v=')), 'the stylesheet');
  assert.ok(urls.some((u) => u.startsWith('/assets/app.js?v=')), 'the script');
  for (const u of new Set(urls)) {
    const plain = await rawGet(srv.url + u);
    assert.equal(plain.status, 200, u);
    const etag = plain.headers.etag;
    assert.match(etag || '', /^"[0-9a-f]+"$/, `${u}: ETag`);
    assert.ok(u.endsWith(etag.slice(1, -1)), `${u}: the URL carries the version`);
    assert.match(plain.headers['cache-control'], /max-age=31536000/);
    assert.match(plain.headers['cache-control'], /immutable/);
    assert.equal(plain.headers['x-content-type-options'], 'nosniff');
    assert.equal(plain.headers['content-encoding'], undefined, `${u}: identity without Accept-Encoding`);
    if (u.includes('.css')) assert.match(plain.headers['content-type'], /^text\/css/);
    if (u.includes('.js')) assert.match(plain.headers['content-type'], /^text\/javascript/);
    if (u.includes('.svg')) assert.match(plain.headers['content-type'], /^image\/svg\+xml/);

    const again = await rawGet(srv.url + u, { 'if-none-match': etag });
    assert.equal(again.status, 304, `${u}: 304`);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    const other = await rawGet(srv.url + u, { 'if-none-match': '"0000"' });
    assert.equal(other.status, 200, `${u}: another ETag gets the body`);

    const gz = await rawGet(srv.url + u, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(gz.status, 200);
    assert.match(gz.headers.vary || '', /Accept-Encoding/);
    if (gz.headers['content-encoding'] === 'gzip') {
      assert.ok(gz.body.length < plain.body.length, `${u}: smaller`);
      assert.deepEqual(zlib.gunzipSync(gz.body), plain.body, `${u}: the same bytes once unzipped`);
    } else {
      assert.ok(plain.body.length < 1024, `${u}: only tiny files go uncompressed (${plain.body.length} bytes)`);
    }
  }
  const css = await rawGet(srv.url + '/assets/app.css', { 'accept-encoding': 'gzip' });
  assert.equal(css.headers['content-encoding'], 'gzip', 'the stylesheet is compressed');
  assert.equal((await rawGet(srv.url + '/assets/nothing.css')).status, 404);
});

test('/healthz answers ok', async () => {
  const r = await fetch(srv.url + '/healthz');
  assert.equal(r.status, 200);
  assert.equal(await r.text(), 'ok\n');
  assert.match(r.headers.get('content-type'), /^text\/plain/);
});

test('/metrics counts requests by route and status, with a duration histogram', async () => {
  await anon.get('/login');
  await anon.get('/nothing-here');
  const r = await fetch(srv.url + '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await r.text();
  assert.match(text, /^# TYPE ruche_http_requests_total counter$/m);
  assert.match(text, /^ruche_http_requests_total\{method="GET",route="\/login",status="2xx"\} [1-9]\d*$/m);
  assert.match(text, /^ruche_http_requests_total\{method="",route="unmatched",status="4xx"\} [1-9]\d*$/m);
  assert.match(text, /^# TYPE ruche_http_request_duration_seconds histogram$/m);
  const buckets = [...text.matchAll(/^ruche_http_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)]
    .map((m) => [m[1], Number(m[2])]);
  assert.ok(buckets.length >= 5);
  assert.equal(buckets[buckets.length - 1][0], '+Inf');
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i][1] >= buckets[i - 1][1], 'cumulative buckets');
  const count = Number(/^ruche_http_request_duration_seconds_count (\d+)$/m.exec(text)[1]);
  assert.equal(count, buckets[buckets.length - 1][1], '+Inf equals the count');
  assert.match(text, /^ruche_http_request_duration_seconds_sum [\d.e+-]+$/m);
});
