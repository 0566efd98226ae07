'use strict';
// Language: the browser's Accept-Language, the footer switch, and a signed-in
// person's stored choice, which follows them to new sessions.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };
const ZOE = { email: 'zoe@example.test', name: 'Zoé Lang', role: 'employee', password: 'zoe password 12' };
let srv;
before(async () => { srv = await startServer({ users: [BOB, ZOE] }); });
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

const langOf = (html) => /<html lang="([a-z]+)">/.exec(html)[1];

test('Accept-Language chooses French or English', async () => {
  const cases = [
    ['fr', 'fr'], ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'], ['fr-CA', 'fr'], ['en-GB,fr;q=0.5', 'en'], ['de-DE', 'en'],
    ['de, fr;q=0.3', 'fr'], ['*', 'en'], ['', 'en'], ['fr;q=0', 'en'], ['en;q=0.1, fr;q=0.2', 'fr'], [';;;,,,q=', 'en'],
  ];
  for (const [header, want] of cases) {
    const r = await fx.page(new Client(srv.url), '/login', { headers: { 'accept-language': header } });
    assert.equal(langOf(r.text), want, `Accept-Language: ${header}`);
  }
  const fr = await new Client(srv.url).get('/login', { headers: { 'accept-language': 'fr' } });
  assert.match(fr.text, /<h1>Se connecter<\/h1>/);
  assert.match(fr.text, /<option value="fr" selected>Français<\/option>/);
});

test('messages and error pages are translated too', async () => {
  const c = new Client(srv.url);
  const h = { 'accept-language': 'fr' };
  await c.get('/login', { headers: h });
  const wrong = await c.postForm('/login', { email: BOB.email, password: 'wrong wrong' }, { headers: h });
  assert.equal(wrong.status, 400);
  assert.equal(fx.formError(wrong.text), 'Adresse e-mail ou mot de passe incorrect.');
  const missing = await fx.page(c, '/nothing', { status: 404, headers: h });
  assert.match(missing.text, /<h1>Page introuvable<\/h1>/);
  assert.equal(langOf(missing.text), 'fr');
  const api = await c.json('GET', '/api/v1/me', undefined, { headers: h });
  assert.equal(api.status, 401);
  assert.notEqual(api.json().detail, 'Sign in or send an API token.', 'the problem detail is translated');
});

test('the footer switch sets the language for an anonymous visitor', async () => {
  const c = new Client(srv.url);
  const en = { 'accept-language': 'en' };
  const page = await fx.page(c, '/login', { headers: en });
  assert.match(page.text, /<form method="post" action="\/lang" class="lang">/);
  assert.match(page.text, /name="next" value="\/login"/);
  const r = await c.postForm('/lang', { lang: 'fr', next: '/login' }, { headers: en });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  assert.equal(c.cookie('ruche_lang').value, 'fr');
  const after1 = await fx.page(c, '/login', { headers: en });
  assert.equal(langOf(after1.text), 'fr', 'the choice wins over the browser');
  const back = await c.postForm('/lang', { lang: 'en', next: '/login' });
  assert.equal(back.status, 303);
  assert.equal(langOf((await c.get('/login', { headers: { 'accept-language': 'fr' } })).text), 'en');
  const bad = await c.postForm('/lang', { lang: 'xx' });
  assert.equal(bad.status, 400);
  fx.validHtml(bad, 'POST /lang xx');
  assert.match(bad.text, /Choose English or French\./);
  const off = await c.postForm('/lang', { lang: 'fr', next: 'https://evil.example/' });
  assert.equal(off.location, '/', 'next stays on the site');
});

test('a signed-in person\'s choice is stored and follows them to a new session', async () => {
  const c = await fx.signedIn(srv.url, BOB.email, BOB.password);
  const r = await c.postForm('/lang', { lang: 'fr', next: '/' });
  assert.equal(r.status, 303);
  assert.equal((await c.json('GET', '/api/v1/me')).json().lang, 'fr');
  const home = await fx.page(c, '/', { headers: { 'accept-language': 'en' } });
  assert.equal(langOf(home.text), 'fr');
  assert.match(home.text, /<h1>Bienvenue, Bob Martin<\/h1>/);

  // Another browser, English, no cookies: French once signed in.
  const other = new Client(srv.url);
  const en = { 'accept-language': 'en' };
  assert.equal(langOf((await other.get('/login', { headers: en })).text), 'en');
  await other.postForm('/login', { email: BOB.email, password: BOB.password }, { headers: en });
  const there = await fx.page(other, '/', { headers: en });
  assert.equal(langOf(there.text), 'fr');
  assert.match(there.text, />Annuaire</, 'the navigation is French');
  const people = await fx.page(other, '/people', { headers: en });
  assert.equal(langOf(people.text), 'fr');

  // Stored choice beats a stale cookie from before.
  other.setCookie('ruche_lang', 'en');
  assert.equal(langOf((await other.get('/', { headers: en })).text), 'fr');
});

test('the profile form sets the language, or gives it back to the browser', async () => {
  const c = await fx.signedIn(srv.url, ZOE.email, ZOE.password);
  const form = await fx.page(c, '/people/zoe/edit');
  assert.match(form.text, /<option value="" selected>Same as my browser<\/option>/);
  const r = await c.postForm('/people/zoe/edit', { lang: 'fr' });
  assert.equal(r.status, 303);
  assert.equal(c.cookie('ruche_lang').value, 'fr');
  assert.equal(langOf((await c.get('/people/zoe', { headers: { 'accept-language': 'en' } })).text), 'fr');
  const form2 = await fx.page(c, '/people/zoe/edit');
  assert.match(form2.text, /<option value="fr" selected>Français<\/option>/);
  const r2 = await c.postForm('/people/zoe/edit', { lang: '' });
  assert.equal(r2.status, 303);
  assert.equal(c.cookie('ruche_lang'), undefined, 'the language cookie is dropped');
  assert.equal((await c.json('GET', '/api/v1/me')).json().lang, null);
  assert.equal(langOf((await c.get('/', { headers: { 'accept-language': 'en' } })).text), 'en');
  assert.equal(langOf((await c.get('/', { headers: { 'accept-language': 'fr' } })).text), 'fr');
});
