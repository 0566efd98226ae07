'use strict';
// The social pages in a real headless Chromium, two people side by side (two
// browser contexts, so two sessions): following from a profile, posting from
// the composer, the live "new posts" banner, @mention suggestions, the live
// notification count, comments and likes; axe on the social pages, in light
// and dark; the phone (375px) layout.
//
//   make -j2 && RUCHE_BIN=$PWD/build/ruche node --test --test-reporter=spec tests/browser/
//
// Screenshots are written to /tmp/social-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { launchBrowser, openWatched, closeWatched, signIn, myHandle, checkA11y } = require('../lib/browser');
const { startServer } = require('../lib/server');

const PASSWORD = 'Hive-keeper-2024!';
const ANNE = { email: 'anne.morel@example.test', name: 'Anne Morel', role: 'employee', password: PASSWORD };
const BRUNO = { email: 'bruno.keller@example.test', name: 'Bruno Keller', role: 'employee', password: PASSWORD };
// Someone whose handle also starts with "b", so the suggestions are a list.
const BEATRICE = { email: 'beatrice.roux@example.test', name: 'Béatrice Roux', role: 'employee', password: PASSWORD };

const SHOTS = '/tmp';
const LIVE_MS = 5000; // "within a few seconds"

let srv;
let browser;

before(async () => {
  srv = await startServer({ users: [ANNE, BRUNO, BEATRICE] });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const open = (options) => openWatched(browser, options);
const close = closeWatched;

const pathOf = (page) => new URL(page.url()).pathname;

const login = (page, user) => signIn(page, srv.url, user);

/** Go to a page and wait until its live-event stream is open. */
async function gotoLive(page, path) {
  const connected = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/events' && r.status() === 200);
  await page.goto(srv.url + path);
  await connected;
}

/** Mark the document: the mark is gone after any reload or navigation. */
const mark = (page) => page.evaluate(() => { window.__noReload = true; });
const marked = (page) => page.evaluate(() => window.__noReload === true);

/** A post made through the API, with the page's session and CSRF token. */
async function apiPost(page, body) {
  const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
  const res = await page.request.post(`${srv.url}/api/v1/items`, {
    data: { type: 'status', body },
    headers: { 'X-CSRF-Token': csrf },
  });
  assert.equal(res.status(), 201, await res.text());
  return (await res.json()).id;
}

/** Click a form's button and wait for the page it leads to (often the same URL). */
async function submit(page, button) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

/** Post from the composer on the current page; back on the same page. */
async function postFromComposer(page, text) {
  const here = pathOf(page);
  await page.locator('form.composer textarea').fill(text);
  await submit(page, page.locator('form.composer').getByRole('button', { name: 'Post' }));
  assert.equal(pathOf(page), here);
}

const unreadBadge = (page) => page.locator('header.top a.notifications .count');

// Shared between the tests below, in order.
let anneHandle;
let brunoHandle;

test('live stream: B follows A from the profile, A posts, B sees "1 new post" and inserts it', async () => {
  const a = await open();
  const b = await open();
  try {
    await login(a, ANNE);
    await login(b, BRUNO);
    anneHandle = await myHandle(a);
    brunoHandle = await myHandle(b);

    // B follows A with the button on A's profile.
    await b.goto(`${srv.url}/people/${anneHandle}`);
    assert.match(await b.locator('.profile .follows').innerText(), /0 followers/);
    await submit(b, b.getByRole('button', { name: 'Follow', exact: true }));
    assert.equal(pathOf(b), `/people/${anneHandle}`);
    await b.getByRole('button', { name: 'Unfollow' }).waitFor();
    assert.match(await b.locator('.profile .follows').innerText(), /1 follower\b/);

    // B watches the home stream; A posts from the composer.
    await gotoLive(b, '/');
    await mark(b);
    const banner = b.locator('.stream .new-posts a');
    assert.equal(await banner.isVisible(), false, 'no banner before anything new');
    const before = await b.locator('.stream .items > article.item').count();

    await a.goto(srv.url + '/');
    const text = `Fresh honey in the kitchen, help yourselves ${Date.now()}`;
    await postFromComposer(a, text);
    assert.equal(await a.locator('.stream .items > article.item').first().locator('.body').innerText(), text,
      'the author sees the post at the top of their own stream');

    // Without a reload, B is told, and the banner is a link with its count.
    await b.getByRole('link', { name: '1 new post' }).waitFor({ timeout: LIVE_MS });
    assert.equal(await b.locator('.stream .new-posts').getAttribute('role'), 'status', 'announced politely');
    assert.equal(await b.locator('.stream .items > article.item').count(), before, 'nothing inserted unasked');
    assert.ok(await marked(b), 'the page was not reloaded');

    // The banner stays in sight while scrolling (sticky at the top).
    assert.equal(await b.locator('.stream .new-posts').evaluate((el) => getComputedStyle(el).position), 'sticky');
    await b.screenshot({ path: `${SHOTS}/social-banner-1280.png` });

    await b.getByRole('link', { name: '1 new post' }).click();
    const first = b.locator('.stream .items > article.item').first();
    await first.locator('.body', { hasText: text }).waitFor({ timeout: LIVE_MS });
    assert.equal(await b.locator('.stream .items > article.item').count(), before + 1);
    assert.match(await first.locator('header .author').innerText(), /Anne Morel/);
    assert.equal(await banner.isVisible(), false, 'the banner goes away once the posts are in');
    assert.equal(await first.evaluate((el) => el === document.activeElement), true, 'focus moves to the new post');
    assert.ok(await marked(b), 'inserted without a reload');
    assert.equal(pathOf(b), '/');

    // A second post counts again from one.
    await postFromComposer(a, 'And a second jar for the weekend');
    await b.getByRole('link', { name: '1 new post' }).waitFor({ timeout: LIVE_MS });
    await postFromComposer(a, 'Third and last jar');
    await b.getByRole('link', { name: '2 new posts' }).waitFor({ timeout: LIVE_MS });
    await b.getByRole('link', { name: '2 new posts' }).click();
    await first.locator('.body', { hasText: 'Third and last jar' }).waitFor({ timeout: LIVE_MS });
    assert.equal(await b.locator('.stream .items > article.item').count(), before + 3);
    assert.ok(await marked(b));
  } finally {
    await close(a);
    await close(b);
  }
});

test('mentions: A picks B from the suggestions; B\'s count rises live; B reads and marks all read', async () => {
  const a = await open();
  const b = await open();
  try {
    await login(a, ANNE);
    await login(b, BRUNO);
    brunoHandle = brunoHandle || await myHandle(b);

    // B reads what is waiting first, so the count starts from nothing.
    await b.goto(srv.url + '/notifications');
    await submit(b, b.getByRole('button', { name: 'Mark all as read' }));
    await gotoLive(b, '/company');
    await mark(b);
    assert.equal(await unreadBadge(b).isVisible(), false, 'no badge at zero');

    // A types "@" and the first letters of B's handle: the suggestions open.
    await a.goto(srv.url + '/');
    const area = a.locator('form.composer textarea');
    await area.click();
    await area.pressSequentially('Thanks @' + brunoHandle.slice(0, 1));
    const list = a.getByRole('listbox');
    await list.waitFor({ timeout: LIVE_MS });
    const options = list.getByRole('option');
    await options.filter({ hasText: 'Béatrice Roux' }).waitFor();
    await options.filter({ hasText: 'Bruno Keller' }).waitFor();
    assert.equal(await a.locator('[role="option"][aria-selected="true"]').count(), 0, 'nothing chosen before an arrow key');
    const listId = await list.getAttribute('id');
    assert.equal(await area.getAttribute('aria-controls'), listId);
    assert.ok(await list.getAttribute('aria-label'), 'the list has a name');

    // The list sits under the field, on top of what follows.
    const [areaBox, listBox] = [await area.boundingBox(), await list.boundingBox()];
    assert.ok(listBox.y >= areaBox.y + areaBox.height - 1 && listBox.y <= areaBox.y + areaBox.height + 16,
      `the list opens right under the field (${listBox.y} vs ${areaBox.y + areaBox.height})`);
    assert.equal(await list.evaluate((el) => getComputedStyle(el).position), 'absolute');
    await checkA11y(a);
    await area.press('ArrowDown');
    assert.equal(await a.locator('[role="option"][aria-selected="true"]').count(), 1, 'ArrowDown picks the first');
    await a.screenshot({ path: `${SHOTS}/social-mentions-1280.png` });

    // Narrow to B by typing on, then ArrowDown and Enter.
    await area.pressSequentially(brunoHandle.slice(1, 3));
    await a.waitForFunction(() => document.querySelectorAll('.mention-list [role="option"]').length === 1, null,
      { timeout: LIVE_MS });
    await options.filter({ hasText: 'Bruno Keller' }).waitFor();
    await area.press('ArrowDown');
    const selected = a.locator('[role="option"][aria-selected="true"]');
    assert.match(await selected.innerText(), /Bruno Keller/);
    assert.equal(await area.getAttribute('aria-activedescendant'), await selected.getAttribute('id'));
    assert.equal(await selected.evaluate((el) => getComputedStyle(el).backgroundColor !== getComputedStyle(el.parentElement).backgroundColor),
      true, 'the chosen suggestion is highlighted');
    await area.press('Enter');
    assert.equal(await area.inputValue(), `Thanks @${brunoHandle} `);
    assert.equal(await list.isVisible(), false, 'the list closes');
    assert.equal(await area.getAttribute('aria-activedescendant'), null);
    await area.pressSequentially('for the new frames!');
    await submit(a, a.locator('form.composer').getByRole('button', { name: 'Post' }));
    const mention = a.locator('.stream .items > article.item').first().locator(`.body a[href="/people/${brunoHandle}"]`);
    assert.equal(await mention.innerText(), `@${brunoHandle}`, 'the mention links to the profile');

    // B's header count rises without a reload.
    await unreadBadge(b).waitFor({ state: 'visible', timeout: LIVE_MS });
    assert.equal(await unreadBadge(b).innerText(), '1');
    assert.equal(await unreadBadge(b).getAttribute('data-unread'), '1');
    assert.match(await b.locator('header.top a.notifications').innerText(), /Notifications\s*1/);
    assert.ok(await marked(b), 'the count changed without a reload');

    // B opens the notifications, sees the mention, marks all read.
    await Promise.all([
      b.waitForURL((u) => u.pathname === '/notifications'),
      b.locator('header.top a.notifications').click(),
    ]);
    const unread = b.locator('ul.notifications li.unread');
    assert.equal(await unread.count(), 1);
    assert.match(await unread.innerText(), /Anne Morel mentioned you: Thanks @\S+ for the new frames!/);
    await checkA11y(b);
    await b.screenshot({ path: `${SHOTS}/social-notifications-1280.png`, fullPage: true });
    await submit(b, b.getByRole('button', { name: 'Mark all as read' }));
    assert.equal(await b.locator('ul.notifications li.unread').count(), 0);
    assert.equal(await b.locator('ul.notifications li.read').count() >= 1, true);
    assert.equal(await unreadBadge(b).isVisible(), false, 'the count disappears');
  } finally {
    await close(a);
    await close(b);
  }
});

test('conversation: B comments on A\'s post and likes it; A sees both after a reload', async () => {
  const a = await open();
  const b = await open();
  try {
    await login(a, ANNE);
    await login(b, BRUNO);
    const id = await apiPost(a, 'Who wants to help with the **spring inspection**? #beekeeping');

    await gotoLive(a, `/items/${id}`);
    const start = Number(await unreadBadge(a).getAttribute('data-unread'));
    await mark(a);

    await b.goto(`${srv.url}/items/${id}`);
    await b.locator('#comment-body').fill('Count me in, I will bring the smoker.');
    await submit(b, b.getByRole('button', { name: 'Comment' }));
    assert.equal(pathOf(b), `/items/${id}`);
    const comment = b.locator('#comments li.comment', { hasText: 'Count me in' });
    await comment.waitFor();
    assert.match(await comment.locator('.author').innerText(), /Bruno Keller/);

    const like = b.locator('article.item footer form.like');
    assert.equal(await like.getByRole('button').getAttribute('aria-pressed'), 'false');
    await submit(b, like.getByRole('button', { name: 'Like' }));
    assert.equal(pathOf(b), `/items/${id}`);
    assert.equal(await like.getByRole('button').getAttribute('aria-pressed'), 'true');
    assert.equal(await like.getByRole('button').innerText(), 'Unlike');
    assert.equal(await like.locator('.count').innerText(), '1');

    // A is told at once (comment and like), then reloads and sees both.
    await a.waitForFunction((n) => Number(document.querySelector('header.top .notifications .count').dataset.unread) >= n + 2,
      start, { timeout: LIVE_MS });
    assert.ok(await marked(a));
    await a.reload();
    const aLike = a.locator('article.item footer form.like');
    assert.equal(await aLike.locator('.count').innerText(), '1');
    assert.equal(await aLike.getByRole('button').getAttribute('aria-pressed'), 'false', 'A has not liked it');
    assert.match(await a.locator('article.item footer').innerText(), /1 comment\b/);
    assert.match(await a.locator('#comments li.comment').first().innerText(), /Bruno Keller[\s\S]*Count me in, I will bring the smoker\./);
    await a.getByRole('link', { name: 'Who liked this' }).click();
    await a.waitForURL((u) => u.pathname === `/items/${id}/likes`);
    assert.deepEqual(await a.locator('main .cards .card a').allInnerTexts(), ['Bruno Keller']);
  } finally {
    await close(a);
    await close(b);
  }
});

/** Content that stretches a layout: Markdown of every kind, long words. */
const LONG_POST = `## Hive inspection notes

We opened **all twelve hives** this morning. Highlights:

1. Queen spotted in hives 3, 7 and 11
2. Honey supers are *almost* full, harvest next week
3. Varroa counts low, see the [monitoring guide](https://example.test/varroa)

- smoke gently
- move slowly

> Bees do not like hurry.

| Hive | Frames | Mood | Weight (kg) | Notes |
| --- | --- | --- | --- | --- |
| 3 | 9 | calm | 31.5 | new queen marked in blue this spring |
| 7 | 10 | busy | 34.0 | second super added |
| 11 | 8 | grumpy | 27.2 | check again on Friday |

Run \`hive-report --week 42 --format=markdown --include-temperature-and-humidity\` for the details:

\`\`\`
$ hive-report --week 42 --format=markdown --include-temperature-and-humidity --and-a-very-long-option-that-never-ends
ok 12 hives
\`\`\`

Everything is on https://example.test/a/very/long/link/that/must/wrap/on/small/phones/without/any/sideways/scrolling #beekeeping #harvest`;

let longId;

test('accessibility (axe): home, company, tag, item, notifications, preferences, in light and dark', async () => {
  const b = await open();
  try {
    await login(b, BRUNO);
    longId = await apiPost(b, LONG_POST);
    // A comment and a reply, so the item page shows a thread.
    const csrf = await b.locator('meta[name="csrf-token"]').getAttribute('content');
    const c1 = await b.request.post(`${srv.url}/api/v1/items/${longId}/comments`,
      { data: { body: 'First: which **hive** is the calmest?' }, headers: { 'X-CSRF-Token': csrf } });
    assert.equal(c1.status(), 201);
    const reply = await b.request.post(`${srv.url}/api/v1/items/${longId}/comments`,
      { data: { body: 'Hive 3, by far.', parent_id: (await c1.json()).id }, headers: { 'X-CSRF-Token': csrf } });
    assert.equal(reply.status(), 201);
  } finally {
    await close(b);
  }
  for (const colorScheme of ['light', 'dark']) {
    const page = await open({ colorScheme });
    try {
      await login(page, ANNE);
      for (const p of ['/', '/company', '/tags/beekeeping', `/items/${longId}`, '/notifications', '/settings/notifications',
        `/people/${brunoHandle}`]) {
        await page.goto(srv.url + p);
        await checkA11y(page);
      }
      await page.goto(`${srv.url}/items/${longId}`);
      const reply = page.locator('#comments li.comment.reply');
      assert.equal(await reply.count(), 1, 'the reply is marked as such');
      const [top, nested] = await Promise.all([
        page.locator('#comments li.comment:not(.reply)').first().boundingBox(),
        reply.boundingBox(),
      ]);
      assert.ok(nested.x > top.x + 12, 'replies are indented');
    } finally {
      await close(page);
    }
  }
});

test('layout: home is two columns on desktop and one on phones; no sideways scroll at 375px; screenshots', async () => {
  const wide = await open();
  try {
    await login(wide, BRUNO);
    const [main, side] = [await wide.locator('.main-column').boundingBox(), await wide.locator('aside.side').boundingBox()];
    assert.ok(side.x >= main.x + main.width, 'the side column is beside the stream at 1280px');
    // The header keeps one row at desktop width.
    const [brand, me] = [await wide.locator('header.top .brand').boundingBox(), await wide.locator('header.top .me').boundingBox()];
    assert.ok(Math.abs((brand.y + brand.height / 2) - (me.y + me.height / 2)) < 4, 'brand and account links share a row');
    await wide.screenshot({ path: `${SHOTS}/social-home-1280.png`, fullPage: true });
    await wide.goto(`${srv.url}/items/${longId}`);
    await wide.screenshot({ path: `${SHOTS}/social-item-1280.png`, fullPage: true });
  } finally {
    await close(wide);
  }

  const phone = await open({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  try {
    await login(phone, BRUNO);
    for (const [p, name] of [['/', 'home'], [`/items/${longId}`, 'item'], ['/company', null], ['/notifications', null],
      [`/people/${anneHandle}`, null]]) {
      await phone.goto(srv.url + p);
      if (name) await phone.screenshot({ path: `${SHOTS}/social-${name}-375.png`, fullPage: true });
      const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= 375, `${p} scrolls sideways at 375px: ${scrollWidth}`);
      await checkA11y(phone); // e.g. a wide table that scrolls in itself must take focus
    }
    await phone.goto(srv.url + '/');
    const [main, side] = [await phone.locator('.main-column').boundingBox(), await phone.locator('aside.side').boundingBox()];
    assert.ok(side.y >= main.y + main.height, 'the side column goes under the stream on phones');
    // Touch targets: the like button and the post's links are at least 24px high.
    for (const el of await phone.locator('.stream article.item footer :is(a, button)').all()) {
      const box = await el.boundingBox();
      assert.ok(box.height >= 24, `touch target too small: ${await el.innerText()} (${box.height}px)`);
    }
  } finally {
    await close(phone);
  }
});

test('many tabs share one live stream: pages keep loading, every tab gets the news', async () => {
  const a = await openWatched(browser);
  const b = await openWatched(browser);
  try {
    await login(a, ANNE);
    await login(b, BRUNO);
    await gotoLive(b, '/company'); // the first tab leads: it holds the stream
    const tabs = [b];
    for (let i = 0; i < 7; i++) {
      const tab = await b.context().newPage();
      await tab.goto(srv.url + '/company');
      tabs.push(tab);
    }
    // with one stream per tab, the browser's six connections would be taken
    const started = Date.now();
    const extra = await b.context().newPage();
    await extra.goto(srv.url + '/notifications', { timeout: 5000 });
    assert.ok(Date.now() - started < 5000, 'a further page loads at once');
    await extra.close();
    const events = await b.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/v1/events')).length);
    assert.ok(events <= 1, 'the leading tab opened one stream');
    await apiPost(a, 'News for every tab #shared');
    for (const tab of tabs)
      await tab.locator('.new-posts a').waitFor({ state: 'visible', timeout: LIVE_MS });
    for (const tab of tabs.slice(1)) await tab.close();
  } finally {
    await closeWatched(a);
    await closeWatched(b);
  }
});
