'use strict';
// Shared pieces of the HTTP suites: tiny valid images, multipart bodies,
// raw TCP requests, the route table as written in src/http/routes.c, and
// checks every suite runs (no 5xx, valid HTML pages).
//
//   const fx = require('../lib/fixtures');
//   const res = await fx.page(client, '/people');     // 200 + valid HTML
//   await fx.assertNo5xx(srv);                         // from /metrics

const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { assertValidHtml } = require('./html');
const { Client: PlainClient } = require('./client');

/**
 * The client of the HTTP suites: every HTML page it receives, whatever its
 * status, must pass assertValidHtml, so no page fetched in a test escapes
 * validation.
 */
class Client extends PlainClient {
  async request(method, urlPath, opts) {
    const res = await super.request(method, urlPath, opts);
    if (/^text\/html/i.test(res.headers.get('content-type') || '') && method !== 'HEAD') {
      const u = new URL(res.url);
      validateOnce(res.text, `${method} ${u.pathname}${u.search} (${res.status})`);
    }
    return res;
  }
}

// Documents already validated, once their per-response tokens (CSP nonce,
// CSRF token) are blanked: the same page is not validated twice.
const validated = new Set();
function validateOnce(html, label) {
  const key = html.replace(/\b(nonce|content|value)="[A-Za-z0-9_-]{43}"/g, '$1=""');
  if (validated.has(key)) return;
  const escaped = markupWrittenAsText(html);
  if (escaped) throw new Error(`${label}: markup written as text: ${escaped}`);
  assertValidHtml(html, label);
  validated.add(key);
}

/**
 * Markup handed to the HTML writer as a %s argument comes out escaped, which
 * the validator accepts: `<a %s>` with `aria-current="page"` gives
 * `<a aria-current=&quot;page&quot;>`. Inside a start tag, once the quoted
 * attribute values are set aside (user text only ever lands inside them, or
 * between tags), an escaped quote or angle bracket is always that mistake.
 * Returns the offending tag (shortened) or null.
 */
function markupWrittenAsText(html) {
  // H() escapes < and > in values, so a tag of ours never holds a raw one.
  for (const m of html.matchAll(/<[a-z][a-z0-9-]*(\s[^<>]*)?>/gi)) {
    if (!m[1]) continue;
    const outside = m[1].replace(/"[^"]*"|'[^']*'/g, '""');
    if (/&quot;|&#39;|&lt;|&gt;/.test(outside)) return m[0].slice(0, 120);
  }
  return null;
}
const { runCli, rucheBin } = require('./server');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

// A 1x1 PNG and an 8x8 baseline JPEG, both written by libgd.
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAA7EAAAOxAGVKw4bAAAADElEQVQI12MwTjsDAAI1AWZbsVttAAAAAElFTkSuQmCC',
  'base64');
const JPEG_8x8 = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAYABgAAD//gA7Q1JFQVRPUjogZ2QtanBlZyB2MS4wICh1c2luZyBJSkcgSlBFRyB2NjIpLCBxdWFsaXR5ID0gODAK/9sAQwAGBAUGBQQGBgUGBwcGCAoQCgoJCQoUDg8MEBcUGBgXFBYWGh0lHxobIxwWFiAsICMmJykqKRkfLTAtKDAlKCko/9sAQwEHBwcKCAoTCgoTKBoWGigoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo/8AAEQgACAAIAwEiAAIRAQMRAf/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/EAB8BAAMBAQEBAQEBAQEAAAAAAAABAgMEBQYHCAkKC//EALURAAIBAgQEAwQHBQQEAAECdwABAgMRBAUhMQYSQVEHYXETIjKBCBRCkaGxwQkjM1LwFWJy0QoWJDThJfEXGBkaJicoKSo1Njc4OTpDREVGR0hJSlNUVVZXWFlaY2RlZmdoaWpzdHV2d3h5eoKDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uLj5OXm5+jp6vLz9PX29/j5+v/aAAwDAQACEQMRAD8A0PCPhr/hHvtf+l/aPP2f8s9m3bu9zn71FFFfmmOx1fMK8sTiZc05Wu7JbKy0Vlsj6uhQhQgqdNWSP//Z',
  'base64');

/** True when buf is a WebP file (RIFF....WEBP). */
function isWebp(buf) {
  return buf.length > 12 && buf.subarray(0, 4).toString('latin1') === 'RIFF'
    && buf.subarray(8, 12).toString('latin1') === 'WEBP';
}

/**
 * A multipart/form-data body. parts: [{name, value}] or
 * [{name, filename, type, data: Buffer}].
 * @returns {{body: Buffer, contentType: string}}
 */
function multipart(parts) {
  const boundary = '----ruche' + Math.random().toString(16).slice(2);
  const chunks = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"\r\nContent-Type: ${p.type || 'application/octet-stream'}`;
    chunks.push(Buffer.from(head + '\r\n\r\n'));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(String(p.value ?? p.data ?? '')));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST a multipart form with the client's cookies (csrf added unless given). */
function postMultipart(client, urlPath, parts, { csrf = client.csrf, headers = {} } = {}) {
  const all = csrf === null ? parts : [{ name: 'csrf', value: csrf }, ...parts];
  const { body, contentType } = multipart(all);
  return client.request('POST', urlPath, { headers: { 'content-type': contentType, ...headers }, body });
}

/**
 * Send raw bytes on a TCP connection; resolve with everything received
 * until the server closes, or until `timeout` ms pass after the last byte.
 */
function rawRequest(port, data, { timeout = 3000 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const got = [];
    let timer;
    const finish = (how) => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ text: Buffer.concat(got).toString('latin1'), how });
    };
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => finish('timeout'), timeout); };
    sock.on('connect', () => {
      arm();
      // Write in pieces: a server may answer and close before reading it all.
      const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
      sock.write(buf, () => {});
    });
    sock.on('data', (d) => { got.push(d); arm(); });
    sock.on('error', () => finish('error'));
    sock.on('close', () => finish('closed'));
  });
}

/** The status code of a raw HTTP response, or null when there was none. */
function rawStatus(text) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * The route table as written in src/http/routes.c:
 * [{method: 'POST', pattern: '/login', handler: 'web_login', flags: ['MUTATES']}].
 */
function routeTable() {
  const src = fs.readFileSync(path.join(REPO_ROOT, 'src', 'http', 'routes.c'), 'utf8');
  const out = [];
  const re = /\{\s*M_([A-Z]+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*([^}]*)\}/g;
  for (const m of src.matchAll(re)) {
    const flags = m[4].split('|').map((s) => s.trim()).filter((s) => s && s !== '0');
    out.push({ method: m[1], pattern: m[2], handler: m[3], flags });
  }
  return out;
}

/** GET a page as client; assert 200 (or `status`) and valid HTML. */
async function page(client, urlPath, { status = 200, headers } = {}) {
  const res = await client.get(urlPath, { headers });
  assert.equal(res.status, status, `GET ${urlPath}: status ${res.status}\n${res.text.slice(0, 600)}`);
  assert.match(res.headers.get('content-type') || '', /^text\/html/, `GET ${urlPath} is HTML`);
  validateOnce(res.text, `GET ${urlPath}`);
  return res;
}

/** Assert an HTML response is valid, with a label. */
function validHtml(res, label) {
  assert.match(res.headers.get('content-type') || '', /^text\/html/, `${label} is HTML`);
  validateOnce(res.text, label);
  return res;
}

/** A client signed in as email/password (asserts the sign-in worked). */
async function signedIn(url, email, password) {
  const c = new Client(url);
  const r = await c.login(email, password);
  assert.equal(r.status, 303, `sign in as ${email}: ${r.status}\n${r.text.slice(0, 400)}`);
  assert.ok(c.cookies.ruche_session, `sign in as ${email} set a session cookie`);
  await c.get('/'); // a page for the CSRF token of this session
  return c;
}

/** Text of the error banner of a form page, or null. */
function formError(html) {
  const m = /<p class="error" role="alert">([^<]*)<\/p>/.exec(html);
  return m ? m[1] : null;
}

/** Assert /metrics never counted a 5xx answer. */
async function assertNo5xx(srv) {
  const res = await fetch(srv.url + '/metrics');
  const text = await res.text();
  assert.equal(res.status, 200, 'GET /metrics');
  const bad = text.split('\n').filter((l) => /status="5xx"/.test(l) && !/ 0$/.test(l));
  assert.deepEqual(bad, [], 'the server answered 5xx');
}

/** Problem+json assertions. Returns the parsed document. */
function assertProblem(res, status, label = '') {
  assert.equal(res.status, status, `${label} status (${res.text.slice(0, 300)})`);
  assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/, `${label} is problem+json`);
  const p = res.json();
  assert.equal(p.status, status, `${label} problem.status`);
  assert.equal(typeof p.title, 'string');
  return p;
}

/** Create an API token with the CLI; returns the token string. */
async function createToken(dataDir, email, extra = []) {
  const r = await runCli(['token', 'create', '--data', dataDir, '--email', email, ...extra]);
  assert.equal(r.code, 0, `token create: ${r.stderr}`);
  const token = r.stdout.trim();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  return token;
}

/**
 * Serve an existing data directory (not made by startServer). Returns
 * {url, stop}; stop() resolves with the exit code.
 */
async function serveDir(dataDir, env = {}) {
  const child = spawn(rucheBin(), ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], {
    env: { ...process.env, RUCHE_PWHASH: 'fast', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve ${dataDir}: no listening line\n${stderr}`)), 15000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /ruche: listening on (http:\/\/[^\s/]+)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`serve exited ${code}\n${stderr}`)); });
  });
  return {
    url,
    logs: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

module.exports = {
  Client,
  PNG_1x1, JPEG_8x8, isWebp, multipart, postMultipart, rawRequest, rawStatus, routeTable,
  page, validHtml, signedIn, formError, assertNo5xx, assertProblem, createToken, serveDir, REPO_ROOT,
  markupWrittenAsText,
};
