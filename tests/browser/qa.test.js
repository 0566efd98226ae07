'use strict';
// Questions and polls in a real browser: the asker types a title and sees a
// similar question suggested (assets/questions.js), posts it; another person
// answers; the asker accepts the answer, which is then shown first and
// marked in the thread. A poll is voted on and its chart read. Pages are
// checked with axe.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/browser/qa.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { launchBrowser, openWatched, closeWatched, signIn, checkA11y } = require('../lib/browser');
const { startServer } = require('../lib/server');

const PASSWORD = 'Hive-keeper-2024!';
const BRUNO = { email: 'bruno.keller@example.test', name: 'Bruno Keller', role: 'employee', password: PASSWORD };
const HELENE = { email: 'helene.lefevre@example.test', name: 'Hélène Lefèvre', role: 'employee', password: PASSWORD };

let srv;
let browser;

before(async () => {
  srv = await startServer({ users: [BRUNO, HELENE] });
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

test('asking, answering and accepting a question', async () => {
  const bruno = await openWatched(browser);
  await signIn(bruno, srv.url, BRUNO);
  const earlier = await postForm(bruno, '/items', { type: 'question', title: 'How do I reset my VPN password?', body: 'Locked out.' });

  // the asker types a title: a similar question is suggested as she types
  const helene = await openWatched(browser);
  await signIn(helene, srv.url, HELENE);
  await helene.goto(srv.url + '/items/new?type=question');
  await helene.fill('#title', 'VPN password expired');
  const suggestion = helene.locator('#similar-questions a', { hasText: 'How do I reset my VPN password?' });
  await suggestion.waitFor({ state: 'visible' });
  assert.equal(new URL(await suggestion.getAttribute('href'), srv.url).pathname, earlier.replace(/\?.*$/, ''));
  await checkA11y(helene);
  await helene.fill('#body', 'Mine expired this morning; the earlier answer does not apply.');
  await submit(helene, helene.locator('main form button[type="submit"]', { hasText: 'Post' }));
  const question = new URL(helene.url()).pathname;
  assert.match(question, /^\/items\/\d+$/);
  assert.match(await helene.locator('main').innerText(), /Unanswered/);

  // another person answers
  await bruno.goto(srv.url + question);
  assert.equal(await bruno.locator('button', { hasText: 'Accept this answer' }).count(), 0, 'only the asker accepts');
  await bruno.fill('#comment-body', 'Use the self-service portal: **Reset expired password**.');
  await submit(bruno, bruno.locator('#comments form.composer button[type="submit"]'));

  // the asker accepts it: shown first, marked in the thread
  await helene.goto(srv.url + question);
  const answer = helene.locator('#comments li.comment', { hasText: 'self-service portal' });
  await submit(helene, answer.locator('button', { hasText: 'Accept this answer' }));
  const accepted = helene.locator('section.accepted-answer');
  await accepted.waitFor();
  assert.match(await accepted.innerText(), /Accepted answer[\s\S]*Bruno Keller[\s\S]*self-service portal/);
  const box = await accepted.boundingBox();
  const thread = await helene.locator('#comments').boundingBox();
  assert.ok(box.y < thread.y, 'the accepted answer comes before the thread');
  assert.match(await helene.locator('#comments li.comment', { hasText: 'self-service portal' }).innerText(), /✓ Accepted answer/);
  await checkA11y(helene);

  // Bruno sees it marked too, and the list of answered questions holds it
  await bruno.goto(srv.url + question);
  assert.match(await bruno.locator('section.accepted-answer').innerText(), /self-service portal/);
  await closeWatched(bruno);
  await closeWatched(helene);
});

test('voting in a poll and reading its chart', async () => {
  const helene = await openWatched(browser);
  await signIn(helene, srv.url, HELENE);
  const poll = await postForm(helene, '/items', { type: 'poll', title: 'Offsite location?', options: 'Lyon\nAnnecy\nNantes', poll_form: '1', voters_visible: '1' });
  const bruno = await openWatched(browser);
  await signIn(bruno, srv.url, BRUNO);
  await bruno.goto(srv.url + poll.replace(/\?.*$/, ''));
  await bruno.getByLabel('Annecy').check();
  await submit(bruno, bruno.locator('form.poll-vote button', { hasText: 'Vote' }));
  const chart = bruno.locator('svg.poll-chart');
  assert.match(await chart.getAttribute('aria-label'), /Offsite location\?/);
  assert.match(await chart.locator('text').nth(1).textContent(), /Annecy — 1 vote \(100 %\)/);
  assert.match(await bruno.locator('table.poll-results').innerText(), /Annecy\s+1\s+100\s+Bruno Keller/);
  assert.ok(await bruno.getByLabel('Annecy').isChecked(), 'my choice is kept');
  await checkA11y(bruno);
  await closeWatched(bruno);
  await closeWatched(helene);
});
