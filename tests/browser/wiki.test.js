'use strict';
// A wiki edit with a conflict in a real headless Chromium: Camille writes
// a page from the space's wiki; she and Bruno open its edit form in two
// browsers from the same revision; Bruno saves first; Camille's save shows
// the conflict — Bruno's text, hers kept in the form, and a diff — she
// merges and saves, and both changes are in the page. Then the history,
// comparing two revisions picked by radio buttons, and restoring one.
// axe on the wiki home, the conflict, the history and the diff.
//
//   make -j2 && RUCHE_BIN=$PWD/build/ruche node --test --test-reporter=spec tests/browser/wiki.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { launchBrowser, openWatched, closeWatched, signIn, checkA11y } = require('../lib/browser');
const { startServer } = require('../lib/server');

const PASSWORD = 'Hive-keeper-2024!';
const CAMILLE = { email: 'camille.laurent@example.test', name: 'Camille Laurent', role: 'employee', password: PASSWORD };
const BRUNO = { email: 'bruno.keller@example.test', name: 'Bruno Keller', role: 'employee', password: PASSWORD };

let srv;
let browser;

before(async () => {
  srv = await startServer({ users: [CAMILLE, BRUNO] });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

async function submit(page, button) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

async function postForm(page, path, fields) {
  const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
  const res = await page.request.post(srv.url + path, { form: { csrf, ...fields }, maxRedirects: 0 });
  assert.equal(res.status(), 303, `${path}: ${res.status()} ${(await res.text()).slice(0, 300)}`);
  return res.headers().location;
}

test('two people edit the same wiki page: the second sees the conflict, merges, and nothing is lost', async () => {
  const camille = await openWatched(browser);
  const bruno = await openWatched(browser);
  await signIn(camille, srv.url, CAMILLE);
  await signIn(bruno, srv.url, BRUNO);
  await postForm(camille, '/spaces', { name: 'Handbook', visibility: 'internal' });
  await bruno.goto(srv.url + '/spaces/handbook');
  await postForm(bruno, '/spaces/handbook/join', {});

  // Camille writes the first page from the space's wiki
  await camille.goto(srv.url + '/spaces/handbook');
  await submit(camille, camille.locator('nav.tabs a', { hasText: 'Wiki' }));
  assert.equal(new URL(camille.url()).pathname, '/spaces/handbook/wiki');
  await checkA11y(camille);
  await submit(camille, camille.getByRole('link', { name: 'New page' }));
  await camille.fill('#title', 'Travel Policy');
  await camille.fill('#body', 'Book trains.\nKeep receipts.\n');
  await camille.fill('#comment', 'First version');
  await submit(camille, camille.locator('main form button[type="submit"]'));
  await camille.goto(srv.url + '/spaces/handbook/wiki/travel-policy');
  await assert.doesNotReject(camille.locator('main h1', { hasText: 'Travel Policy' }).waitFor());
  const editHref = await camille.getByRole('link', { name: 'Edit' }).getAttribute('href');

  // both open the edit form on revision 1
  await camille.goto(srv.url + editHref);
  await bruno.goto(srv.url + editHref);
  assert.equal(await bruno.inputValue('input[name="base_revision"]'), '1');
  await bruno.fill('#body', 'Book trains, second class.\nKeep receipts.\n');
  await bruno.fill('#comment', 'Class');
  await submit(bruno, bruno.locator('main form button[type="submit"]'));
  assert.match(new URL(bruno.url()).pathname, /^\/items\/\d+$/);

  // Camille saves on the old revision: the conflict, her text kept
  await camille.fill('#body', 'Book trains.\nKeep receipts.\nAsk before flying.\n');
  await submit(camille, camille.locator('main form button[type="submit"]'));
  const alert = camille.locator('main .error[role="alert"]');
  assert.match(await alert.textContent(), /Someone else saved this page/);
  const conflict = camille.locator('section.conflict');
  await conflict.waitFor();
  assert.equal(await camille.inputValue('#current-body'), 'Book trains, second class.\nKeep receipts.\n');
  assert.equal((await camille.inputValue('#body')).replace(/\r/g, ''), 'Book trains.\nKeep receipts.\nAsk before flying.\n');
  assert.equal(await camille.inputValue('input[name="base_revision"]'), '2');
  assert.equal(await conflict.locator('table.diff ins').count(), 2, 'her two lines, added');
  assert.equal(await conflict.locator('table.diff del').count(), 1, "bruno's line, removed in hers");
  await camille.screenshot({ path: '/tmp/wiki-conflict.png', fullPage: true });
  await checkA11y(camille);
  // she merges and saves
  await camille.fill('#body', 'Book trains, second class.\nKeep receipts.\nAsk before flying.\n');
  await camille.fill('#comment', 'Merged with Bruno');
  await submit(camille, camille.locator('main form button[type="submit"]'));
  assert.match(new URL(camille.url()).pathname, /^\/items\/\d+$/);
  const body = await camille.locator('main article.item .body').textContent();
  assert.match(body, /second class/);
  assert.match(body, /Ask before flying/);

  // the history: three revisions; compare the first and the last
  await submit(camille, camille.getByRole('link', { name: 'History' }));
  const rows = camille.locator('table.history tbody tr');
  assert.equal(await rows.count(), 3);
  assert.match(await rows.nth(0).textContent(), /Merged with Bruno/);
  assert.match(await rows.nth(1).textContent(), /Bruno Keller/);
  assert.match(await rows.nth(2).textContent(), /First version/, "the first revision's comment");
  await checkA11y(camille);
  await camille.getByLabel('Compare from revision 1').check();
  await camille.getByLabel('Compare to revision 3').check();
  await submit(camille, camille.getByRole('button', { name: 'Compare' }));
  const picked = new URL(camille.url()).searchParams;
  assert.deepEqual([picked.get('from'), picked.get('to')], ['1', '3']);
  assert.deepEqual(await camille.locator('table.diff del').allTextContents(), ['Removed: Book trains.']);
  assert.deepEqual(await camille.locator('table.diff ins').allTextContents(),
    ['Added: Book trains, second class.', 'Added: Ask before flying.']);
  await checkA11y(camille);

  // Bruno restores the first revision: a fourth one, history kept
  await bruno.goto(camille.url().replace(/diff\?.*$/, 'revisions'));
  await submit(bruno, bruno.locator('table.history tbody tr').nth(2).getByRole('button', { name: 'Restore' }));
  assert.match(await bruno.locator('main .notice[role="status"]').textContent(), /restored/);
  assert.equal(await bruno.locator('table.history tbody tr').count(), 4);
  assert.match(await bruno.locator('table.history tbody tr').nth(0).textContent(), /Restored revision 1/);

  await closeWatched(camille);
  await closeWatched(bruno);
});
