'use strict';
// Search in a real headless Chromium: an employee posts from the home page;
// a colleague types an unaccented word in the header's search box, lands on
// the search page with the post's excerpt marked, narrows it with the kind
// and period filters, follows the hit to the post, and finds a person; a
// post in a private space stays invisible to her. axe on the search page.
//
//   make -j2 && RUCHE_BIN=$PWD/build/ruche node --test --test-reporter=spec tests/browser/search.test.js
//
// Screenshots are written to /tmp/search-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { launchBrowser, openWatched, closeWatched, signIn, checkA11y } = require('../lib/browser');
const { startServer } = require('../lib/server');

const PASSWORD = 'Hive-keeper-2024!';
const CAMILLE = { email: 'camille.laurent@example.test', name: 'Camille Laurent', role: 'employee', password: PASSWORD };
const HELENE = { email: 'helene.lefevre@example.test', name: 'Hélène Lefèvre', role: 'employee', password: PASSWORD };

let srv;
let browser;

before(async () => {
  srv = await startServer({ users: [CAMILLE, HELENE] });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

async function submit(page, button) {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }), button.click()]);
  await page.waitForLoadState('load');
}

test('find a post and a person from the header box, filter, follow the hit', async () => {
  const camille = await openWatched(browser);
  await signIn(camille, srv.url, CAMILLE);
  await camille.fill('#composer-body', 'Le pique-nique d’été aura lieu au parc de la Tête d’Or **vendredi**.');
  await submit(camille, camille.locator('form.composer button[type="submit"]'));
  // a private space and a post in it
  const csrf = await camille.locator('meta[name="csrf-token"]').getAttribute('content');
  const made = await camille.request.post(`${srv.url}/api/v1/spaces`, {
    data: { name: 'Comité secret', visibility: 'private' }, headers: { 'x-csrf-token': csrf },
  });
  assert.equal(made.status(), 201, await made.text());
  const space = await made.json();
  const hidden = await camille.request.post(`${srv.url}/api/v1/items`, {
    data: { type: 'status', body: 'pique-nique privé du comité', space: space.id }, headers: { 'x-csrf-token': csrf },
  });
  assert.equal(hidden.status(), 201, await hidden.text());
  await closeWatched(camille);

  const helene = await openWatched(browser);
  await signIn(helene, srv.url, HELENE);
  await helene.fill('#top-search-q', 'ETE pique');
  await submit(helene, helene.locator('form.top-search button[type="submit"]'));
  assert.equal(new URL(helene.url()).pathname, '/search');
  const hits = helene.locator('ol.hits li.hit');
  assert.equal(await hits.count(), 1, 'one hit: the private post stays hidden');
  const marks = await hits.first().locator('mark').allTextContents();
  assert.ok(marks.includes('été') && marks.some((m) => /^pique/i.test(m)), `marked: ${marks}`);
  assert.match(await hits.first().locator('.snippet').innerText(), /Tête d’Or vendredi/, 'Markdown marks dropped');
  await helene.screenshot({ path: '/tmp/search-results.png', fullPage: true });
  await checkA11y(helene);

  // filters: the kind, then a period in the past
  await helene.selectOption('#search-type', 'status');
  await submit(helene, helene.locator('form.filters button[type="submit"]'));
  assert.equal(await helene.locator('ol.hits li.hit').count(), 1);
  await helene.fill('#search-to', '2020-01-01');
  await submit(helene, helene.locator('form.filters button[type="submit"]'));
  assert.equal(await helene.locator('ol.hits li.hit').count(), 0);
  assert.match(await helene.locator('main').innerText(), /Nothing matches this search\./);
  await helene.fill('#search-to', '');
  await submit(helene, helene.locator('form.filters button[type="submit"]'));
  const link = helene.locator('ol.hits li.hit h2 a');
  await Promise.all([helene.waitForURL((u) => u.pathname.startsWith('/items/')), link.click()]);
  assert.match(await helene.locator('main').innerText(), /pique-nique/);

  // a person, by an unaccented name
  await helene.fill('#top-search-q', 'camille laur');
  await submit(helene, helene.locator('form.top-search button[type="submit"]'));
  const person = helene.locator('ol.hits li.hit h2 a[href="/people/camille.laurent"]');
  assert.equal(await person.count(), 1);
  await closeWatched(helene);
});
