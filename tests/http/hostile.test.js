'use strict';
// Hostile input: malformed HTTP, oversize and mistyped bodies, unknown
// routes and methods, script injection through every profile field. The
// server answers each with a clear 4xx, never a 5xx, and keeps serving.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const ADMIN = { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };
const MAL = { email: 'mal@example.test', name: 'Mal Lory', role: 'employee', password: 'mallory password' };

let srv;
let mal;
let ada;
before(async () => {
  srv = await startServer({ users: [ADMIN, MAL] });
  mal = await fx.signedIn(srv.url, MAL.email, MAL.password);
  ada = await fx.signedIn(srv.url, ADMIN.email, ADMIN.password);
});
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

async function healthy() {
  const r = await fetch(srv.url + '/healthz');
  assert.equal(r.status, 200, 'the server still answers /healthz');
  assert.equal(await r.text(), 'ok\n');
}

test('malformed requests on a raw connection get a 4xx or a closed connection, never a 5xx', async () => {
  const cases = [
    ['garbage request line', 'GARBAGE\r\n\r\n'],
    ['binary request line', '\x01\x02\xff\x7f / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['NUL in the method', 'G\x00ET / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['no HTTP version', 'GET /healthz\r\n\r\n'],
    ['header without colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'],
    ['header over 64 KB', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'a'.repeat(70 * 1024) + '\r\n\r\n'],
    ['thousands of headers', 'GET /healthz HTTP/1.1\r\nHost: x\r\n' + Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`).join('\r\n') + '\r\n\r\n'],
    ['URL over 64 KB', 'GET /' + 'a'.repeat(70 * 1024) + ' HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['non-numeric Content-Length', 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['negative Content-Length', 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'],
    ['enormous Content-Length', 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n'],
    ['conflicting Content-Lengths', 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef'],
    ['broken chunked body', 'POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n'],
    ['unknown method', 'BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['absolute URL', 'GET http://evil.example/people HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['dot segments', 'GET /assets/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['encoded NUL in the path', 'GET /people%00/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['bad percent-encoding', 'GET /people?q=%zz%ff%c3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ];
  for (const [label, data] of cases) {
    const r = await fx.rawRequest(srv.port, data, { timeout: 1000 });
    const status = fx.rawStatus(r.text);
    if (status !== null) {
      assert.ok(status < 500, `${label}: answered ${status}\n${r.text.slice(0, 300)}`);
      assert.ok(status >= 300 || label === 'encoded NUL in the path' || label === 'bad percent-encoding',
        `${label}: a malformed request is not accepted (${status})`);
    } else {
      assert.notEqual(r.how, 'timeout', `${label}: the server neither answered nor closed`);
    }
    assert.doesNotMatch(r.text, /root:x:0:0/, label);
  }
  const v = fx.rawStatus((await fx.rawRequest(srv.port, 'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n')).text);
  assert.equal(v, 505, 'an unknown HTTP version');
  await healthy();
});

test('conflicting Content-Length headers are refused (no request smuggling)', async () => {
  const r = await fx.rawRequest(srv.port,
    'POST /lang HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n'
    + 'Content-Length: 7\r\nContent-Length: 40\r\n\r\nlang=frGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n', { timeout: 1000 });
  assert.equal(fx.rawStatus(r.text), 400);
  assert.equal((r.text.match(/HTTP\/1\.1 /g) || []).length, 1, 'one answer: nothing smuggled');
  assert.doesNotMatch(srv.logs(), /smuggled/);
});

test('the access log cannot be forged through the path', async () => {
  await fx.rawRequest(srv.port, 'GET /people%0d%0aFORGED%20line HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  await fx.rawRequest(srv.port, 'GET /x%1b[31mred HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  await healthy();
  assert.doesNotMatch(srv.logs(), /^FORGED/m, 'a CR/LF in the path does not start a log line');
  assert.doesNotMatch(srv.logs(), /\x1b/, 'no terminal escapes in the log');
});

test('a body over 1 MiB is refused with 413', async () => {
  const body = 'email=a%40b.c&password=' + 'x'.repeat(1024 * 1024 + 10);
  const r = await mal.request('POST', '/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  assert.equal(r.status, 413);
  fx.validHtml(r, 'POST /login 1 MiB');
  const api = await mal.json('PATCH', '/api/v1/people/1', JSON.stringify({ bio: 'x'.repeat(1024 * 1024 + 10) }),
    { headers: { 'x-csrf-token': mal.csrf } });
  fx.assertProblem(api, 413, 'PATCH 1 MiB');
  // Just under the limit is a normal refusal of a too-long field.
  await mal.get('/');
  const edit = await mal.postForm('/people/mal/edit', { bio: 'x'.repeat(900 * 1024) });
  assert.equal(edit.status, 400);
  assert.match(fx.formError(edit.text), /at most 5,000 characters/);
  await healthy();
});

test('wrong content types are refused with 415', async () => {
  await mal.get('/');
  const text = await mal.request('POST', '/lang', {
    headers: { 'content-type': 'text/plain', 'x-csrf-token': mal.csrf }, body: 'lang=fr',
  });
  assert.equal(text.status, 415);
  fx.validHtml(text, 'POST /lang text/plain');
  const json = await mal.request('POST', '/lang', {
    headers: { 'content-type': 'application/json', 'x-csrf-token': mal.csrf }, body: '{"lang":"fr"}',
  });
  assert.equal(json.status, 415);
  const apiText = await mal.json('PATCH', '/api/v1/people/2', 'name=x',
    { headers: { 'content-type': 'text/plain', 'x-csrf-token': mal.csrf } });
  fx.assertProblem(apiText, 415, 'PATCH text/plain');
  const bad = await mal.request('POST', '/people/mal/photo', {
    headers: { 'content-type': 'multipart/form-data; boundary=', 'x-csrf-token': mal.csrf }, body: 'garbage',
  });
  assert.ok(bad.status === 400 || bad.status === 415, `broken multipart: ${bad.status}`);
  await healthy();
});

test('unknown routes: a 404 page, or problem+json under /api/', async () => {
  for (const p of ['/nothing', '/people/mal/nothing', '/assets/nothing.css', '/people/', '//', '/%2e%2e/etc/passwd',
    '/admin', '/login/x']) {
    const r = await mal.get(p);
    assert.equal(r.status, 404, p);
    fx.validHtml(r, `GET ${p}`);
    assert.match(r.text, /Page not found/);
  }
  const anon = await new Client(srv.url).get('/nothing');
  assert.equal(anon.status, 404);
  fx.validHtml(anon, 'GET /nothing (anonymous)');
  for (const p of ['/api/v1/nothing', '/api/nothing', '/api/v1/people/1/x']) {
    fx.assertProblem(await mal.json('GET', p), 404, p);
  }
});

test('a wrong method answers 405 with Allow', async () => {
  for (const [m, p, allow] of [['DELETE', '/login', 'GET, HEAD, POST'], ['PUT', '/people/mal', 'GET, HEAD'],
    ['POST', '/people', 'GET, HEAD'], ['PATCH', '/', 'GET, HEAD'], ['GET', '/logout', 'POST'],
    ['POST', '/healthz', 'GET, HEAD'], ['DELETE', '/people/mal/edit', 'GET, HEAD, POST']]) {
    await mal.get('/');
    const r = await mal.request(m, p, { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': mal.csrf }, body: m === 'GET' ? undefined : 'a=b' });
    assert.equal(r.status, 405, `${m} ${p}`);
    assert.equal(r.headers.get('allow'), allow, `${m} ${p}: Allow lists what the address accepts`);
    fx.validHtml(r, `${m} ${p}`);
  }
  const put = await mal.json('PUT', '/api/v1/people/2', { name: 'x' });
  fx.assertProblem(put, 405, 'PUT person');
  assert.equal(put.headers.get('allow'), 'GET, HEAD, PATCH');
  const head = await mal.request('HEAD', '/people/mal');
  assert.equal(head.status, 200, 'HEAD is GET without the body');
  assert.equal(head.text, '');
});

test('odd query strings and parameters are answered calmly', async () => {
  const cases = ['/people?q=%ff%fe', '/people?q=' + 'x'.repeat(300), '/people?q=%00', '/people?cursor=zzzzzzzzzzzzzzzzzzzz',
    '/people?cursor=-1', '/people?department=%ff', '/org?root=%ff', '/people?q=a&q=b', '/?done=%3Cscript%3E',
    '/people/%ff', '/people/' + 'a'.repeat(5000)];
  for (const p of cases) {
    const r = await mal.get(p);
    assert.ok([200, 400, 404].includes(r.status), `${p}: ${r.status}`);
    fx.validHtml(r, `GET ${p}`);
    assert.doesNotMatch(r.text, /<script>/);
  }
  for (const p of ['/api/v1/people?q=%ff', '/api/v1/people?limit=99999999999999999999', '/api/v1/people?cursor=%01',
    '/api/v1/people/99999999999999999999999']) {
    const r = await mal.json('GET', p);
    assert.ok([400, 404].includes(r.status), `${p}: ${r.status}`);
  }
  assert.equal((await mal.json('GET', '/api/v1/people?cursor=%00')).status, 200, 'a NUL ends the value: no cursor');
  await healthy();
});

test('NUL bytes and invalid UTF-8 in forms are refused, not truncated', async () => {
  await mal.get('/');
  const nul = await mal.request('POST', '/people/mal/edit', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${mal.csrf}&title=Boss%00Admin`,
  });
  assert.ok(nul.status === 303 || nul.status === 400, `NUL: ${nul.status}`);
  assert.notEqual((await mal.json('GET', '/api/v1/me')).json().title, 'Boss', 'never silently truncated');
  const utf = await mal.request('POST', '/people/mal/edit', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${mal.csrf}&title=%ff%fe`,
  });
  assert.equal(utf.status, 400);
  fx.validHtml(utf, 'title with invalid UTF-8');
  assert.equal(fx.formError(utf.text), 'This field contains invalid characters.');
});

const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", 'javascript:alert(1)'];
// Every real tag of a page (escaped text cannot contain '<') with its attributes.
function tags(html) {
  const out = [];
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/g)) {
    const attrs = [...m[2].matchAll(/\s+([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)]
      .map((a) => ({ name: a[1].toLowerCase(), value: a[2] ?? a[3] ?? a[4] ?? '' }));
    out.push({ name: m[1].toLowerCase(), attrs, raw: m[0] });
  }
  return out;
}

/** No injected element, event handler or script URL in the page's markup. */
function assertNeutral(html, label) {
  for (const t of tags(html)) {
    assert.ok(!['svg', 'iframe', 'object', 'embed', 'style'].includes(t.name), `${label}: <${t.name}> injected: ${t.raw}`);
    if (t.name === 'script') assert.match(t.raw, /^<script src="\/assets\/(?:app|live)\.js\?v=\w+" nonce="[\w-]+" defer>$/, `${label}: ${t.raw}`);
    if (t.name === 'img') assert.doesNotMatch(t.raw, /src="?x/, `${label}: injected <img>: ${t.raw}`);
    for (const a of t.attrs) {
      assert.ok(!a.name.startsWith('on'), `${label}: event handler ${a.name} in ${t.raw}`);
      const v = a.value.replace(/&#(\d+);/g, (_, d) => String.fromCharCode(d)).replace(/&colon;/gi, ':').replace(/[\s\0]/g, '');
      if (['href', 'src', 'action', 'formaction'].includes(a.name)) {
        assert.doesNotMatch(v, /^(javascript|vbscript|data):/i, `${label}: script URL in ${t.raw}`);
      }
    }
  }
  assert.doesNotMatch(html, /<script>alert/i, label);
}

test('script injected into every profile field comes back escaped, everywhere it is shown', async () => {
  const pages = ['/people/mal', '/people/mal/edit', '/people', '/people?q=alert', '/org', '/', '/people/ada'];
  for (const payload of PAYLOADS) {
    await mal.get('/people/mal/edit');
    const fields = {
      name: `Mal ${payload}`, title: payload, department: payload, location: payload, phone: payload.slice(0, 40),
      expertise: `${payload.replace(/,/g, '')}, safe`, bio: payload,
    };
    const r = await mal.postForm('/people/mal/edit', fields);
    assert.equal(r.status, 303, `${payload}: ${fx.formError(r.text)}`);
    // Mal reports to Ada, so the payload also shows on Ada's profile and the org chart.
    await ada.get('/people/mal/edit');
    assert.equal((await ada.postForm('/people/mal/edit', { manager: 'ada' })).status, 303);
    for (const p of pages) {
      for (const [who, c] of [['mal', mal], ['ada', ada]]) {
        const res = await c.get(p);
        assert.equal(res.status, 200, `${who} GET ${p}`);
        fx.validHtml(res, `${who} GET ${p} with ${payload}`);
        assertNeutral(res.text, `${who} GET ${p} with ${payload}`);
      }
    }
    const profile = await mal.get('/people/mal');
    const escaped = payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    assert.ok(profile.text.includes(`<h1>Mal ${escaped}</h1>`), `${payload}: the name is shown, escaped`);
    assert.ok(profile.text.includes(`<title>Mal ${escaped} · Ruche</title>`), 'in the title too');
    const me = (await mal.json('GET', '/api/v1/me')).json();
    assert.equal(me.title, payload, 'the API returns the text as typed (JSON is not HTML)');
  }
  const invite = await ada.get('/admin/invitations');
  assertNeutral(invite.text, 'invitations page');
});

test('Markdown in the bio cannot carry raw HTML or javascript: links', async () => {
  const bio = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">raw link</a>',
    '[md link](javascript:alert(1))',
    '[md link 2](JaVaScRiPt:alert(1))',
    '[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[vb link](vbscript:msgbox)',
    '![img](javascript:alert(1))',
    '<javascript:alert(1)>',
    '[ok link](https://example.com/page)',
    '<style>body{display:none}</style>',
    '**bold** <b onmouseover=alert(1)>b</b>',
  ].join('\n\n');
  await mal.get('/people/mal/edit');
  const r = await mal.postForm('/people/mal/edit', { bio });
  assert.equal(r.status, 303);
  for (const [who, c] of [['mal', mal], ['ada', ada]]) {
    const p = await c.get('/people/mal');
    fx.validHtml(p, `${who} profile with hostile Markdown`);
    const section = /<section class="bio">([\s\S]*?)<\/section>/.exec(p.text)[1];
    assertNeutral(section, 'bio');
    assert.doesNotMatch(section, /<(script|iframe|style|img|b)\b/i, 'no raw HTML element');
    assert.doesNotMatch(section, /(href|src)="(javascript|vbscript|data):/i, 'no dangerous URL');
    assert.match(section, /<strong>bold<\/strong>/, 'Markdown still works');
    assert.match(section, /<a href="https:\/\/example\.com\/page">ok link<\/a>/, 'safe links still work');
  }
});

test('header injection: CR/LF never reaches a response header', async () => {
  const c = new Client(srv.url);
  await c.get('/login');
  const r = await c.postForm('/lang', { lang: 'fr', next: '/\r\nSet-Cookie: evil=1' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/');
  assert.equal(c.cookies.evil, undefined);
  const r2 = await c.postForm('/lang', { lang: 'fr\r\nSet-Cookie: evil=1' });
  assert.equal(r2.status, 400);
  assert.equal(c.cookies.evil, undefined);
  await healthy();
});
