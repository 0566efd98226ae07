'use strict';
// Stored and reflected XSS: every vector of tests/data/xss-corpus.txt is
// posted into every text field of every kind of content (title, body, tags,
// poll options, event location and online link, bookmark address, file
// name, wiki revision comment), comments, profile fields, space name and
// description, incoming webhook names, the invitation e-mail, the search
// query and addresses echoed in error pages. Then every page, Atom feed and
// API answer that shows them is read back: parsed by a real HTML parser
// (parse5; Atom content parsed as XML by xmllint, then its HTML), no element
// or attribute outside an allowlist may appear, no on* attribute, no style
// attribute, no javascript:/data:/vbscript: address, no script but ours
// (nonce'd). Each vector carries a marker ("xq07q") so the test also proves
// the content did come back (a test that reads nothing cannot fail).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const parse5 = require('parse5');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');
const { Client } = require('../lib/client');
const { validateHtml } = require('../lib/html');

const ADMIN = { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };

/** The corpus: [{n, v, m}] — number, vector, marker + vector. */
function loadCorpus() {
  const text = fs.readFileSync(path.join(fx.REPO_ROOT, 'tests', 'data', 'xss-corpus.txt'), 'utf8');
  const out = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# ')) continue;
    const v = line.replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h) => String.fromCodePoint(parseInt(h, 16)));
    const n = out.length + 1;
    out.push({ n, v, m: `xq${String(n).padStart(2, '0')}q ${v}` });
  }
  // The ASan run (RUCHE_TEST_LIGHT=1) takes one vector in four, every family still in.
  return process.env.RUCHE_TEST_LIGHT ? out.filter((c) => c.n % 4 === 1 || c.v.includes('\0')) : out;
}
const CORPUS = loadCorpus();
const markerRe = /xq(\d\d)q/g;
// JSON bodies with a NUL are refused whole (400), so the groups posted
// through the API leave those vectors out; they go through the web forms.
const WITH_NUL = CORPUS.filter((c) => c.v.includes('\0'));
const API_CORPUS = CORPUS.filter((c) => !c.v.includes('\0'));

/** Groups of corpus entries whose joined text fits in `max` characters. */
function chunks(max, sep = ' ') {
  const out = [];
  let cur = [];
  let len = 0;
  for (const c of API_CORPUS) {
    const l = [...c.m].length;
    if (l > max) continue;
    if (cur.length && len + sep.length + l > max) { out.push(cur); cur = []; len = 0; }
    len += (cur.length ? sep.length : 0) + l;
    cur.push(c);
  }
  if (cur.length) out.push(cur);
  return out;
}

// --- the checker -------------------------------------------------------------

const ALLOWED_ELEMENTS = new Set(`html head body title meta link script style header nav main footer section article
  aside h1 h2 h3 h4 h5 h6 p a img ul ol li dl dt dd form input button label select option optgroup textarea fieldset
  legend table thead tbody tfoot tr th td caption colgroup col span div em strong b i code pre blockquote hr br del ins
  sup sub time details summary figure figcaption small mark abbr kbd q s u output progress meter noscript dialog
  template search datalist`.split(/\s+/));
// Our own SVG (the poll chart): only these inside an <svg class="poll-chart">.
const SVG_ELEMENTS = new Set(['svg', 'g', 'rect', 'text', 'tspan', 'title', 'desc', 'line']);
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster',
  'srcset', 'cite', 'longdesc', 'manifest', 'ping', 'codebase', 'dynsrc', 'lowsrc', 'icon']);
const FORBIDDEN_ATTRS = new Set(['style', 'srcdoc', 'contenteditable', 'autofocus', 'xmlns:xlink', 'http-equiv']);

// The parser has decoded character references already; a browser strips
// C0 controls and spaces around an address and tabs/newlines inside it (we
// strip zero-width and bidi characters too, to be strict). Percent-encoding
// is not decoded: "%6A%61vascript:" has no scheme, it is a relative path.
function dangerousUrl(value) {
  const v = String(value).replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, '').toLowerCase();
  return /^(javascript|vbscript|data|livescript|mocha):/.test(v);
}

/** Problems found in a parsed tree: [string]. */
function inspect(root, label) {
  const problems = [];
  const walk = (node, inSvg) => {
    for (const child of node.childNodes || []) {
      if (!child.tagName) continue;
      const tag = child.tagName.toLowerCase();
      const attrs = Object.fromEntries((child.attrs || []).map((a) => [(a.prefix ? a.prefix + ':' : '') + a.name.toLowerCase(), a.value]));
      const where = `${label}: <${tag} ${JSON.stringify(attrs).slice(0, 160)}>`;
      let svg = inSvg;
      if (tag === 'svg' && !inSvg) {
        if (!/\bpoll-chart\b/.test(attrs.class || '')) problems.push(`${where}: an <svg> not ours`);
        svg = true;
      }
      if (svg) {
        if (!SVG_ELEMENTS.has(tag)) problems.push(`${where}: element not allowed in our SVG`);
      } else if (!ALLOWED_ELEMENTS.has(tag)) {
        problems.push(`${where}: element outside the allowlist`);
      }
      if ((tag === 'script' || tag === 'style') && !attrs.nonce) problems.push(`${where}: <${tag}> without our nonce`);
      if (tag === 'script' && attrs.src !== undefined && !attrs.src.startsWith('/assets/')) problems.push(`${where}: script not from /assets`);
      if (tag === 'meta' && attrs['http-equiv'] !== undefined) problems.push(`${where}: meta http-equiv`);
      for (const [name, value] of Object.entries(attrs)) {
        if (name.startsWith('on')) problems.push(`${where}: event handler attribute ${name}`);
        if (FORBIDDEN_ATTRS.has(name)) problems.push(`${where}: attribute ${name}`);
        if (URL_ATTRS.has(name) && dangerousUrl(value)) problems.push(`${where}: ${name} with a dangerous scheme`);
        if (/^xq\d\dq/.test(name) || /[<>"']/.test(name)) problems.push(`${where}: attribute made from content: ${name}`);
      }
      if (child.content) walk(child.content, svg); // <template>
      walk(child, svg);
    }
  };
  walk(root, false);
  return problems;
}

/** Runs fn over items with at most n in flight (the server has threads; parsing overlaps them). */
async function pool(items, n, fn) {
  const list = [...items];
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < list.length) { const i = next++; await fn(list[i], i); }
  }));
}

const seen = new Set(); // markers read back in some page, feed or API answer
function noteMarkers(text) {
  for (const m of String(text).matchAll(markerRe)) seen.add(Number(m[1]));
}

// html-validate is slow (~50 ms a page): each route shape is validated a
// few times, with hostile content in it; parse5 checks every page.
const validatedShapes = new Map();
function checkDocument(html, label) {
  noteMarkers(html);
  const shape = label.replace(/^[a-z ]+(?=GET|POST)/, '').replace(/\d+/g, 'N').replace(/\?.*/, '');
  const n = validatedShapes.get(shape) || 0;
  validatedShapes.set(shape, n + 1);
  const invalid = n >= 3 ? [] : validateHtml(html, label).filter((m) => m.severity === 2)
    .map((m) => `${label}:${m.line}:${m.column} invalid HTML [${m.ruleId}] ${m.message}`);
  const escaped = fx.markupWrittenAsText(html);
  return [...invalid, ...(escaped ? [`${label}: markup written as text: ${escaped}`] : []), ...inspect(parse5.parse(html), label)];
}
function checkFragment(html, label) {
  noteMarkers(html);
  return inspect(parse5.parseFragment(html), label);
}

// --- the server and the content ---------------------------------------------

let srv;
// Ada's client: the plain one, since fixtures' Client refuses any page with
// an escaped `x=&quot;` inside a tag, which hostile input in a value=""
// rightly produces; every page is validated by checkDocument instead.
let web;
let token;
let me;
const created = { items: [], spaces: [], comments: [], tags: new Set() };
const problems = [];

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

async function api(method, url, body, expect) {
  const r = await web.json(method, url, body, { token, cookies: false });
  assert.ok(r.status < 500, `${method} ${url}: ${r.status} ${r.text.slice(0, 300)}`);
  if (expect) assert.ok(expect.includes(r.status), `${method} ${url}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

/**
 * POST body built from a group of vectors; when the group is refused (4xx),
 * retries one vector at a time so each accepted vector is still stored.
 * Returns the created objects' JSON.
 */
async function postGroup(url, group, make, counts) {
  let r = await api('POST', url, make(group));
  if (r.status < 300) { counts.accepted += group.length; return [r.json()]; }
  if (process.env.XSS_REPORT) console.log(url, r.status, r.text.slice(0, 200));
  const out = [];
  for (const c of group) {
    r = await api('POST', url, make([c]));
    if (r.status < 300) { counts.accepted++; out.push(r.json()); } else counts.refused++;
  }
  return out;
}

const stats = {};
const count = (k) => (stats[k] ??= { accepted: 0, refused: 0 });

before(async () => {
  srv = await startServer({ users: [ADMIN] });
  web = new Client(srv.url);
  assert.equal((await web.login(ADMIN.email, ADMIN.password)).status, 303);
  await web.get('/');
  token = await fx.createToken(srv.dataDir, ADMIN.email);
  me = (await api('GET', '/api/v1/me', undefined, [200])).json();

  // Profile fields, one vector group per PATCH (the last one stays shown;
  // the page is read after each so every group is seen).
  const profileReads = [];
  for (const [field, max] of [['name', 120], ['title', 120], ['department', 120], ['location', 120], ['bio', 5000], ['phone', 40]]) {
    for (const g of chunks(max, field === 'bio' ? '\n\n' : ' ')) {
      const value = g.map((c) => c.m).join(field === 'bio' ? '\n\n' : ' ');
      const r = await api('PATCH', `/api/v1/people/${me.id}`, { [field]: value });
      const k = count(`profile ${field}`);
      if (r.status < 300) k.accepted += g.length; else k.refused += g.length;
      if (r.status < 300) profileReads.push(...await readProfile(`profile ${field}`));
    }
  }
  const ex = API_CORPUS.filter((c) => c.m.length <= 40 && !c.m.includes(','));
  for (let i = 0; i < ex.length; i += 20) {
    const r = await api('PATCH', `/api/v1/people/${me.id}`, { expertise: ex.slice(i, i + 20).map((c) => c.m) });
    const k = count('profile expertise');
    if (r.status < 300) { k.accepted += ex.slice(i, i + 20).length; await readProfile('profile expertise'); } else k.refused += 20;
  }
  await api('PATCH', `/api/v1/people/${me.id}`, { name: 'Ada Admin' }, [200]);

  // Spaces: name (80) and description (5000).
  const descs = chunks(5000, '\n\n');
  const names = chunks(80);
  for (let i = 0; i < names.length; i++) {
    const got = await postGroup('/api/v1/spaces', names[i], (g) => ({
      name: g.map((c) => c.m).join(' '), slug: `xss-${i}-${g[0].n}`, visibility: 'internal',
      description: descs[i % descs.length].map((c) => c.m).join('\n\n'),
    }), count('space name'));
    created.spaces.push(...got);
  }
  count('space description').accepted = CORPUS.length;
  assert.ok(created.spaces.length > 0, 'some space was created');
  const hookChunks = chunks(80);
  for (let i = 0; i < hookChunks.length; i++) {
    const g = hookChunks[i];
    const space = created.spaces[Math.floor(i / 20) % created.spaces.length];
    const got = await postGroup(`/api/v1/spaces/${space.id}/incoming-webhooks`, g, (gg) => ({ name: gg.map((c) => c.m).join(' ') }), count('incoming webhook name'));
    assert.ok(got.length >= 0);
  }
});

async function readProfile(label) {
  const res = await web.get(`/people/${me.handle}`);
  assert.equal(res.status, 200, `${label}: profile page`);
  problems.push(...checkDocument(res.text, `${label} GET /people/${me.handle}`));
  const edit = await web.get(`/people/${me.handle}/edit`);
  problems.push(...checkDocument(edit.text, `${label} GET /people/${me.handle}/edit`));
  return [];
}

test('items of every kind, with the corpus in every field, and comments', async () => {
  const space = created.spaces[0];
  const titles = chunks(200);
  const bodies = { status: chunks(5000, '\n\n'), blog: chunks(100000, '\n\n'), wiki: chunks(100000, '\n\n'), default: chunks(20000, '\n\n') };
  // Tags: letters, digits, dashes and underscores only; each vector alone is refused (400 naming tags).
  for (const c of API_CORPUS) {
    const r = await api('POST', '/api/v1/items', { type: 'status', space: space.id, body: 'tagged', tags: [c.v] });
    const k = count('tags');
    if (r.status < 300) { k.accepted++; created.items.push(r.json()); } else { k.refused++; assert.equal(r.json().field, 'tags'); }
  }
  const urls = API_CORPUS.map((c) => c.v).filter((v) => /^\S+$/.test(v) || /script:|data:/i.test(v));
  const future = new Date(Date.now() + 86400e3 * 30).toISOString().replace(/\.\d+Z$/, 'Z');
  const later = new Date(Date.now() + 86400e3 * 30 + 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const kinds = ['status', 'blog', 'discussion', 'wiki', 'question', 'idea', 'poll', 'event', 'bookmark'];
  for (const kind of kinds) {
    const bl = bodies[kind] || bodies.default;
    for (let i = 0; i < titles.length; i++) {
      const make = (g) => {
        const body = { type: kind, space: space.id, title: g.map((c) => c.m).join(' ') };
        if (kind !== 'status' || i < bl.length) body.body = (i < bl.length ? bl[i] : bl[0]).map((c) => c.m).join('\n\n');
        if (kind === 'status') { body.body = g.map((c) => c.m).join('\n\n') + '\n\n' + (i < bl.length ? bl[i].map((c) => c.m).join('\n\n') : ''); delete body.title; }
        if (kind === 'status' && body.body.length > 5000) body.body = g.map((c) => c.m).join('\n\n');
        if (kind === 'wiki') { body.slug = `xss-wiki-${i}-${g[0].n}`; body.comment = g.map((c) => c.m).join(' ').slice(0, 200); }
        if (kind === 'poll') body.options = [...g.map((c) => c.m), 'plain option'];
        if (kind === 'event') {
          Object.assign(body, { starts_at: future, ends_at: later, location: g.map((c) => c.m).join(' ') });
          body.online_url = `https://ok.example/${g[0].v}`;
        }
        if (kind === 'bookmark') body.url = `https://ok.example/${encodeURIComponent(g[0].v)}`;
        return body;
      };
      const k = count(`item ${kind}`);
      let got = await postGroup('/api/v1/items', titles[i], make, k);
      if (got.length === 0 && kind === 'event') {
        // The online link refused alone: keep the rest of the vectors.
        got = await postGroup('/api/v1/items', titles[i], (g) => { const b = make(g); delete b.online_url; return b; }, count('event without online link'));
      }
      created.items.push(...got);
    }
    // Bookmark addresses and event online links with a hostile scheme are refused (400), never stored.
    if (kind === 'bookmark' || kind === 'event') {
      for (const u of urls) {
        const b = kind === 'bookmark' ? { type: kind, space: space.id, url: u } : { type: kind, space: space.id, title: 'e', starts_at: future, ends_at: later, online_url: u };
        const r = await api('POST', '/api/v1/items', b);
        const kk = count(`${kind} ${kind === 'bookmark' ? 'url' : 'online_url'}`);
        if (r.status < 300) { kk.accepted++; created.items.push(r.json()); } else kk.refused++;
        if (r.status < 300 && /^\s*(javascript|data|vbscript):/i.test(u)) assert.fail(`${kind} accepted ${u}`);
      }
    }
  }
  // Files: the corpus in the file name, title and description.
  for (const g of titles) {
    for (const c of g) {
      const fname = c.m.replace(/[\r\n"]/g, '_');
      const res = await fx.postMultipart(web, '/api/v1/items', [{ name: 'type', value: 'file' }, { name: 'space', value: String(space.id) },
        { name: 'body', value: c.m }, { name: 'file', filename: fname, type: 'text/html', data: Buffer.from(`<script>alert(${c.n})</script>`) }],
      { csrf: null, headers: { authorization: `Bearer ${token}` } });
      assert.ok(res.status < 500, `file ${c.n}: ${res.status}`);
      const k = count('file name');
      if (res.status < 300) { k.accepted++; created.items.push(res.json()); } else k.refused++;
    }
  }
  // Comments: two items get the whole corpus, one vector per comment.
  for (const it of created.items.slice(0, 2)) {
    for (const c of CORPUS) {
      const r = await api('POST', `/api/v1/items/${it.id}/comments`, { body: c.m });
      const k = count('comment');
      if (r.status < 300) { k.accepted++; created.comments.push(r.json()); } else k.refused++;
    }
  }
  // Vectors with a NUL byte: refused by the JSON API, posted through the web form.
  await web.get('/items/new?type=status');
  for (const c of WITH_NUL) {
    const r = await api('POST', '/api/v1/items', { type: 'status', space: space.id, body: c.m });
    assert.equal(r.status, 400, `a NUL in JSON is refused (${c.n})`);
    assert.equal(r.json().detail, 'The JSON body must not contain NUL characters.', 'our message, not jansson\'s');
    const res = await web.postForm('/items', { type: 'status', space: String(space.id), body: c.m });
    assert.ok(res.status < 500, `web form with a NUL (${c.n}): ${res.status}`);
    const k = count('status body with NUL (web form)');
    const id = /^\/items\/(\d+)/.exec(res.headers.get('location') || '');
    if (id) { k.accepted++; created.items.push({ id: Number(id[1]), type: 'status' }); } else k.refused++;
  }
  for (const it of created.items) for (const t of it.tags || []) created.tags.add(t);
  assert.ok(created.items.length >= kinds.length * titles.length, `items created: ${created.items.length}`);
});

test('every page that shows them is inert', async () => {
  const space = created.spaces[0];
  const pages = new Set(['/', '/spaces', '/people', '/search?q=xq', '/notifications', `/people/${me.handle}/content`,
    `/spaces/${space.slug}/members`]);
  for (const s of created.spaces) {
    for (const p of ['', '/content', '/wiki', '/events', '/settings']) pages.add(`/spaces/${s.slug}${p}`);
  }
  for (const it of created.items) {
    pages.add(`/items/${it.id}`);
    if (it.type === 'wiki') { pages.add(`/items/${it.id}/revisions`); pages.add(`/spaces/${space.slug}/wiki/${it.slug}`); }
    if (it.type === 'event') pages.add(`/items/${it.id}/attendees`);
  }
  for (const it of created.items.filter((x, i) => i % 25 === 0)) pages.add(`/items/${it.id}/edit`);
  for (const t of [...created.tags].slice(0, 40)) pages.add(`/tags/${encodeURIComponent(t)}`);
  for (const c of created.comments.slice(0, 5)) pages.add(`/comments/${c.id}/edit`);
  for (const types of ['blog', 'discussion', 'question', 'idea', 'poll', 'event', 'bookmark', 'file', 'wiki']) {
    pages.add(`/spaces/${space.slug}/content?type=${types}`);
  }
  let read = 0;
  await pool(pages, 4, async (p) => {
    const res = await web.get(p);
    assert.ok(res.status === 200 || res.status === 404, `GET ${p}: ${res.status}`);
    if (res.status !== 200) return;
    read++;
    problems.push(...checkDocument(res.text, `GET ${p}`));
    // Stream pages: follow the "more" pages too.
    const more = /href="(\/fragments\/stream\?[^"]+)"/.exec(res.text);
    if (more) {
      const f = await web.get(more[1].replace(/&amp;/g, '&'));
      if (f.status === 200) problems.push(...checkFragment(f.text, `GET ${more[1]}`));
    }
  });
  assert.ok(read > created.items.length, `pages read: ${read}`);
  assert.deepEqual(problems, [], `${problems.length} live markup problem(s)`);
});

test('reflected input (search query, error pages, forms refused) is inert', async () => {
  const local = [];
  const reflected = CORPUS.flatMap((c) => [`/search?q=${encodeURIComponent(c.m)}`, `/search?q=x&type=${encodeURIComponent(c.v)}`,
    `/tags/${encodeURIComponent(c.m)}`, `/people/${encodeURIComponent(c.v)}`, `/login?next=${encodeURIComponent(c.v)}`]);
  await pool(reflected, 4, async (p) => {
    const res = await web.get(p);
    assert.ok(res.status < 500, `GET ${p}: ${res.status}`);
    if (/^text\/html/.test(res.headers.get('content-type') || '')) local.push(...checkDocument(res.text, `GET ${p} (${res.status})`));
  });
  // Invitation e-mail: refused or shown, always escaped.
  await web.get('/admin/invitations');
  await pool(CORPUS, 4, async (c) => {
    const res = await web.postForm('/admin/invitations', { email: `${c.v}@example.test`, role: 'employee' });
    assert.ok(res.status < 500, `invite ${c.n}: ${res.status}`);
    const k = count('invitation e-mail');
    if (res.status < 300 || /invite\//.test(res.text)) k.accepted++; else k.refused++;
    if (/^text\/html/.test(res.headers.get('content-type') || '')) local.push(...checkDocument(res.text, `POST /admin/invitations (${c.n})`));
  });
  // A sane address syntax (lib/text.c text_is_email): markup, quotes, spaces are refused with 400 naming the field.
  const adminToken = await fx.createToken(srv.dataDir, ADMIN.email, ['--scope', 'read write admin']);
  for (const email of ['"<script>"@x.example', '<img src=x onerror=alert(1)>@x.example', 'a b@x.example']) {
    const r = await web.json('POST', '/api/v1/invitations', { email, role: 'employee' }, { token: adminToken, cookies: false });
    assert.equal(r.status, 400, `invitation ${email}: ${r.text.slice(0, 200)}`);
    assert.equal(r.json().field, 'email');
  }
  local.push(...checkDocument((await web.get('/admin/invitations')).text, 'GET /admin/invitations'));
  // Web forms refused with the input echoed back (an over-long title keeps the other values in the form).
  await web.get('/items/new?type=blog');
  for (const g of chunks(1000, '\n')) {
    const res = await web.postForm('/items', { type: 'blog', title: 'x'.repeat(201), body: g.map((c) => c.m).join('\n'), tags: g.map((c) => c.m).join(' ') });
    assert.ok(res.status >= 400 && res.status < 500, `refused form: ${res.status}`);
    local.push(...checkDocument(res.text, `POST /items refused (${res.status})`));
  }
  assert.deepEqual(local, [], `${local.length} live markup problem(s)`);
});

test('Atom feeds are well-formed XML and their HTML content is inert', async () => {
  const res = await web.postForm('/settings/feeds', { action: 'reset' });
  const m = /<input id="feed-token" type="url" readonly value="([A-Za-z0-9_-]{43})">/.exec(res.text);
  assert.ok(m, 'a feed token');
  const local = [];
  const feeds = ['/feed.atom', `/people/${me.handle}/feed.atom`, ...created.spaces.map((s) => `/spaces/${s.slug}/feed.atom`),
    ...[...created.tags].slice(0, 20).map((t) => `/tags/${encodeURIComponent(t)}/feed.atom`)];
  let entries = 0;
  for (const f of feeds) {
    const r = await fetch(`${srv.url}${f}?token=${m[1]}`);
    const xml = await r.text();
    assert.equal(r.status, 200, `GET ${f}: ${xml.slice(0, 200)}`);
    const lint = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: xml, encoding: 'utf8' });
    assert.equal(lint.status, 0, `${f} is well-formed XML: ${lint.stderr.slice(0, 500)}`);
    noteMarkers(xml);
    // Every element of the feed itself is an Atom element; content is type="html".
    for (const tag of xml.matchAll(/<([A-Za-z][\w:-]*)/g)) {
      if (!/^(\?xml|feed|id|title|subtitle|updated|published|link|author|name|uri|entry|category|content|generator|icon|logo)$/.test(tag[1])) {
        local.push(`${f}: element <${tag[1]}> in the feed`);
      }
    }
    for (const c of xml.matchAll(/<content type="([^"]*)">([\s\S]*?)<\/content>/g)) {
      entries++;
      assert.equal(c[1], 'html');
      const html = c[2].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
        .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&amp;/g, '&');
      local.push(...checkFragment(html, `${f} content`));
    }
  }
  assert.ok(entries > 20, `feed entries read: ${entries}`);
  assert.deepEqual(local, [], `${local.length} live markup problem(s) in feeds`);
});

test('the API answers JSON (nosniff) and its *_html members are inert', async () => {
  const local = [];
  const urls = ['/api/v1/items?limit=100', `/api/v1/spaces/${created.spaces[0].id}/stream?limit=100`, `/api/v1/people/${me.id}`,
    '/api/v1/search?q=xq&limit=50', ...created.spaces.map((s) => `/api/v1/spaces/${s.id}`),
    ...created.items.slice(0, 2).map((it) => `/api/v1/items/${it.id}/comments?limit=100`),
    ...created.items.map((it) => `/api/v1/items/${it.id}`)];
  const visit = (v, where) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${where}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && /_html$/.test(k)) local.push(...checkFragment(x, `${where}.${k}`));
        else visit(x, `${where}.${k}`);
      }
    }
  };
  // JSON carries text as text: `title`, `body`, `snippet` are plain strings
  // a client must escape (the OpenAPI document says so); only the *_html
  // members are markup.
  for (const u of urls) {
    const r = await api('GET', u, undefined, [200]);
    assert.match(r.headers.get('content-type'), /^application\/json/, u);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', u);
    noteMarkers(r.text);
    visit(r.json(), u);
  }
  assert.deepEqual(local, [], `${local.length} live markup problem(s) in API answers`);
});

test('every vector came back somewhere, and what was refused is reported', () => {
  const missing = CORPUS.filter((c) => !seen.has(c.n)).map((c) => c.n);
  assert.deepEqual(missing, [], 'every vector was read back in a page, feed or API answer');
  assert.ok(CORPUS.length >= (process.env.RUCHE_TEST_LIGHT ? 15 : 60), `corpus size ${CORPUS.length}`);
  if (process.env.XSS_REPORT) console.log(JSON.stringify(stats, null, 1));
});
