'use strict';
// The people directory and the org chart, over the demo company; and what
// external accounts may not see.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const ADMIN = { email: 'it@example.test', name: 'Ida Admin', role: 'admin', password: 'admin password 1' };
let srv;
let demoPassword;
let emp; // Hugo Bernard, an employee of the demo company
let ext; // Nina Kowalski, an external partner

before(async () => {
  srv = await startServer({ users: [ADMIN] });
  const seed = await runCli(['seed', '--data', srv.dataDir, '--demo']);
  assert.equal(seed.code, 0, seed.stderr);
  demoPassword = /with password (\S+)/.exec(seed.stdout)[1];
  emp = await fx.signedIn(srv.url, 'hugo.bernard@example.com', demoPassword);
  ext = await fx.signedIn(srv.url, 'partner.nina@partner.example.net', demoPassword);
});
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

/** Names listed on a directory page. */
function names(html) {
  return [...html.matchAll(/<li class="card">.*?<a href="\/people\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
}

async function search(query) {
  const r = await fx.page(emp, '/people' + query);
  return names(r.text);
}

test('the directory lists everyone by name, with photo, title and department', async () => {
  const r = await fx.page(emp, '/people');
  const list = names(r.text);
  assert.equal(list.length, 24, 'a page holds 24 people');
  assert.equal(list[0], 'Adam Bonnet');
  const sorted = [...list].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' }));
  assert.deepEqual(list, sorted, 'ordered by name, accents folded');
  assert.match(r.text, /<a href="\/people\/amelie\.roux">Amélie Roux<\/a><br><small>Staff engineer · Engineering<\/small>/);
  assert.match(r.text, /Marc Dupont<\/a> <span class="badge">external<\/span>/, 'externals are marked');
});

test('search is accent- and case-insensitive, in both directions', async () => {
  for (const q of ['amelie', 'AMELIE', 'Amélie', 'amélie roux', 'roux']) {
    assert.deepEqual(await search('?q=' + encodeURIComponent(q)), ['Amélie Roux'], `q=${q}`);
  }
  assert.deepEqual(await search('?q=lefevre'), ['Sophie Lefèvre']);
  assert.deepEqual(await search('?q=' + encodeURIComponent('LÉA')), ['Léa Petit']);
  assert.deepEqual(await search('?q=clement'), ['Arthur Clément']);
});

test('search covers title, location and expertise; words narrow it down', async () => {
  assert.deepEqual(await search('?q=sqlite'), ['Amélie Roux'], 'expertise');
  assert.deepEqual(await search('?q=cryptography'), ['Léa Petit']);
  assert.deepEqual(await search('?q=barcelona'), ['Inès Garcia'], 'location');
  assert.deepEqual(await search('?q=' + encodeURIComponent('engineer london')), ['Oliver Smith'], 'every word must match');
  assert.deepEqual(await search('?q=' + encodeURIComponent('account executive')).then((l) => l.sort()), ['Emma Wilson', 'Lucas Girard']);
  const none = await fx.page(emp, '/people?q=zzzzzz');
  assert.deepEqual(names(none.text), []);
  assert.match(none.text, /Nobody matches this search\./);
  assert.deepEqual(await search('?q=%25'), [], 'a % is a character, not a wildcard');
  assert.deepEqual(await search('?q=_'), [], 'so is _');
  const kept = await fx.page(emp, '/people?q=' + encodeURIComponent('"quoted" <b>'));
  assert.ok(kept.text.includes('value="&quot;quoted&quot; &lt;b&gt;"'), 'the query is kept in the box, escaped');
});

test('the department filter', async () => {
  const sales = await fx.page(emp, '/people?department=Sales');
  assert.deepEqual(names(sales.text).sort(), ['Emma Wilson', 'Jules Fournier', 'Lucas Girard', 'Sophie Lefèvre']);
  assert.match(sales.text, /<option selected>Sales<\/option>/);
  assert.match(sales.text, /<option>Engineering<\/option>/);
  assert.deepEqual(await search('?department=Sales&q=london'), ['Emma Wilson']);
  assert.deepEqual(await search('?department=Nowhere'), []);
});

test('pages follow each other with a cursor until the last', async () => {
  const first = await fx.page(emp, '/people');
  const next = /<a rel="next" href="([^"]+)">/.exec(first.text);
  assert.ok(next, 'a next link');
  const href = next[1].replace(/&amp;/g, '&');
  const second = await fx.page(emp, href);
  assert.doesNotMatch(second.text, /rel="next"/, 'the last page has no next link');
  const all = names(first.text).concat(names(second.text));
  const api = await emp.json('GET', '/api/v1/people?limit=100');
  assert.equal(all.length, api.json().items.length, 'everyone, once');
  assert.equal(new Set(all).size, all.length, 'nobody twice');

  const bad = await emp.get('/people?cursor=not*valid');
  assert.equal(bad.status, 400);
  fx.validHtml(bad, 'GET /people?cursor=bad');
  assert.match(bad.text, /The page cursor is invalid\./);
});

test('the org chart shows who reports to whom', async () => {
  const r = await fx.page(emp, '/org');
  // Build the tree of <li><a href="/people/x"> nested in <ul>s.
  const tree = new Map();
  const stack = [];
  for (const m of r.text.matchAll(/<li><a href="\/people\/([^"]+)">|<\/li>/g)) {
    if (m[1]) {
      if (stack.length) tree.set(m[1], stack[stack.length - 1]);
      stack.push(m[1]);
    } else stack.pop();
  }
  assert.equal(tree.get('thomas.martin'), 'claire.dubois');
  assert.equal(tree.get('amelie.roux'), 'thomas.martin');
  assert.equal(tree.get('lucas.girard'), 'sophie.lefevre');
  assert.equal(tree.get('admin'), 'claire.dubois');
  assert.ok(!tree.has('claire.dubois'), 'the CEO is at the top');
  assert.ok(!r.text.includes('partner.nina'), 'external accounts are not in the chart');
  // Deeper levels are one link away.
  const more = /<a class="more" href="\/org\?root=amelie\.roux">1 report<\/a>/.exec(r.text);
  assert.ok(more, 'a link to the next level');
  const deeper = await fx.page(emp, '/org?root=amelie.roux');
  assert.match(deeper.text, /<li><a href="\/people\/amelie\.roux">Amélie Roux<\/a> <small>Staff engineer<\/small><ul><li><a href="\/people\/oliver\.smith">/);
  assert.equal((await emp.get('/org?root=nobody')).status, 404);
});

test('profiles show the manager and the reports; the home page shows one\'s team', async () => {
  const p = await fx.page(emp, '/people/thomas.martin');
  assert.match(p.text, /<dt>Manager<\/dt><dd><a href="\/people\/claire\.dubois">Claire Dubois<\/a><\/dd>/);
  assert.match(p.text, /<h2>Reports<\/h2>[\s\S]*Amélie Roux[\s\S]*Hugo Bernard/);
  const thomas = await fx.signedIn(srv.url, 'thomas.martin@example.com', demoPassword);
  const home = await fx.page(thomas, '/');
  assert.match(home.text, /<h3>Your team<\/h3>[\s\S]*Amélie Roux/);
});

test('the API directory answers the same searches', async () => {
  const r = await emp.json('GET', '/api/v1/people?q=amelie');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json().items.map((p) => p.name), ['Amélie Roux']);
  assert.equal(r.json().next_cursor, null);
  const dept = await emp.json('GET', '/api/v1/people?department=Finance');
  assert.deepEqual(dept.json().items.map((p) => p.name).sort(), ['Julie Robin', 'Paul Chevalier']);
});

test('external accounts see only themselves: 404 for the directory, the chart and others', async () => {
  const me = (await ext.json('GET', '/api/v1/me')).json();
  assert.equal(me.role, 'external');
  const home = await fx.page(ext, '/');
  assert.doesNotMatch(home.text, /href="\/people"/, 'no People link');
  assert.doesNotMatch(home.text, /href="\/org"/, 'no org chart link');
  assert.doesNotMatch(home.text, /Find a colleague/);
  for (const p of ['/people', '/people?q=a', '/org', '/org?root=claire.dubois', '/people/claire.dubois',
    '/people/claire.dubois/edit', '/people/claire.dubois/photo', '/people/client.marc']) {
    const r = await ext.get(p);
    assert.equal(r.status, 404, `${p} for an external account`);
    fx.validHtml(r, `GET ${p} (external)`);
    assert.doesNotMatch(r.text, /Claire Dubois/);
  }
  const claire = (await emp.json('GET', '/api/v1/people?q=claire')).json().items[0];
  for (const p of ['/api/v1/people', `/api/v1/people/${claire.id}`, '/api/v1/people?q=claire']) {
    fx.assertProblem(await ext.json('GET', p), 404, `${p} (external)`);
  }
  const unknown = await ext.json('GET', '/api/v1/people/999999');
  const hidden = await ext.json('GET', `/api/v1/people/${claire.id}`);
  assert.equal(unknown.text, hidden.text, 'hidden and missing look the same');
  const own = await fx.page(ext, `/people/${me.handle}`);
  assert.match(own.text, /<h1>Nina Kowalski<\/h1>/);
  assert.equal((await ext.json('GET', `/api/v1/people/${me.id}`)).status, 200);
  await fx.page(ext, `/people/${me.handle}/edit`);
});

test('anonymous visitors are sent to sign in; the API says 401', async () => {
  const anon = new Client(srv.url);
  for (const p of ['/people', '/org', '/people/claire.dubois']) {
    const r = await anon.get(p);
    assert.equal(r.status, 303, p);
    assert.equal(r.location, `/login?next=${p}`);
  }
  fx.assertProblem(await anon.json('GET', '/api/v1/people'), 401);
});
