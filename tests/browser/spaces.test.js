'use strict';
// Spaces and the three circles in a real headless Chromium: an admin opens
// an extranet space with the web form and invites a partner (an external
// account) and an employee from the members page; the partner accepts,
// sees only that space (and public ones), and posts; the employee reads
// the partner's post in the space and at home; an employee outside the
// space sees its about page, then nothing once it is made secret; an
// anonymous visitor reads a public space. axe on the directory, the space
// page, the members page and the settings page.
//
//   make -j2 && RUCHE_BIN=$PWD/build/ruche node --test --test-reporter=spec tests/browser/spaces.test.js
//
// Screenshots are written to /tmp/spaces-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { launchBrowser, openWatched, closeWatched, signIn, myHandle, checkA11y } = require('../lib/browser');
const { startServer } = require('../lib/server');

const PASSWORD = 'Hive-keeper-2024!';
const ADMIN = { email: 'camille.laurent@example.test', name: 'Camille Laurent', role: 'admin', password: PASSWORD };
const BRUNO = { email: 'bruno.keller@example.test', name: 'Bruno Keller', role: 'employee', password: PASSWORD };
const HELENE = { email: 'helene.lefevre@example.test', name: 'Hélène Lefèvre', role: 'employee', password: PASSWORD };
// A customer's account: `ruche user add --role external`.
const PETRA = { email: 'petra.novak@acme.example', name: 'Petra Novak', role: 'external', password: PASSWORD };

const SHOTS = '/tmp';

let srv;
let browser;

before(async () => {
  srv = await startServer({ users: [ADMIN, BRUNO, HELENE, PETRA] });
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

/** Click a form's button and wait for the page it leads to. */
async function submit(page, button) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

/** Follow a link and wait for its page. */
async function follow(page, link) {
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL((u) => u.pathname === new URL(href, srv.url).pathname), link.click()]);
}

/** POST a form with the page's session and CSRF token (set-up, not what is tested). */
async function postForm(page, path, fields) {
  const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
  const res = await page.request.post(srv.url + path, { form: { csrf, ...fields }, maxRedirects: 0 });
  assert.equal(res.status(), 303, `${path}: ${res.status()} ${(await res.text()).slice(0, 300)}`);
  return res.headers().location;
}

/** The status of a page as the browser gets it. */
async function statusOf(page, path) {
  const res = await page.goto(srv.url + path);
  return res.status();
}

const mainNav = (page) => page.locator('header.top nav[aria-label="Main"]');
const streamCards = (page) => page.locator('section.stream .items > article.item');
const notice = (page) => page.locator('main .notice[role="status"]');

const EXTRANET = { name: 'Acme Partnership', slug: 'acme-partnership' };
const PUBLIC = { name: 'Ruche Open House', slug: 'ruche-open-house' };
const INTERNAL = { name: 'Coffee Corner', slug: 'coffee-corner' };
const OTHER_EXTRANET = { name: 'Globex Pilot', slug: 'globex-pilot' };
const PARTNER_POST = 'Here are the figures from Acme for the third quarter';
let publicPostId;

test('the extranet journey: create, invite, accept, the partner sees only that space, posts; members read it', async () => {
  const admin = await open();
  const petra = await open();
  const bruno = await open();
  const helene = await open();
  try {
    await login(admin, ADMIN);

    // Spaces the partner must not see, and a public one they may.
    await admin.goto(srv.url + '/spaces');
    await postForm(admin, '/spaces', { name: INTERNAL.name, visibility: 'internal', description: 'Beans and gossip' });
    await postForm(admin, '/spaces', { name: OTHER_EXTRANET.name, visibility: 'extranet' });
    await postForm(admin, '/spaces', { name: PUBLIC.name, visibility: 'public', description: 'What we share with **everyone**' });
    await admin.goto(`${srv.url}/spaces/${INTERNAL.slug}`);
    const internalId = await admin.locator('form.composer input[name="space"]').inputValue();
    await postForm(admin, '/items', { body: 'Internal only: the espresso machine is fixed', space: internalId });
    await admin.goto(`${srv.url}/spaces/${PUBLIC.slug}`);
    await admin.locator('form.composer textarea').fill('Open house on Saturday: everyone is welcome!');
    await submit(admin, admin.locator('form.composer').getByRole('button', { name: 'Post' }));
    publicPostId = await streamCards(admin).first().getAttribute('data-id');

    // The admin creates the extranet space through the form.
    await admin.goto(srv.url + '/');
    await follow(admin, mainNav(admin).getByRole('link', { name: 'Spaces', exact: true }));
    await follow(admin, admin.getByRole('link', { name: 'New space' }));
    await checkA11y(admin);
    await admin.getByLabel('Name', { exact: true }).fill(EXTRANET.name);
    await admin.getByLabel('Description (Markdown)').fill('Working with **Acme**: plans, figures, meetings.');
    await admin.getByRole('radio', { name: 'Extranet' }).check();
    await admin.screenshot({ path: `${SHOTS}/spaces-new-1280.png`, fullPage: true });
    await submit(admin, admin.getByRole('button', { name: 'Create the space' }));
    assert.equal(pathOf(admin), `/spaces/${EXTRANET.slug}`);
    assert.equal(await notice(admin).innerText(), 'The space is created.');
    assert.equal(await admin.locator('main h1').innerText(), EXTRANET.name);
    assert.match(await admin.locator('.space-head').innerText(), /Extranet\s+1 member/);
    assert.equal(await admin.locator('aside .panel strong').innerText(), 'Acme');
    await admin.locator('form.composer textarea').fill('Welcome to our shared space, Acme team!');
    await submit(admin, admin.locator('form.composer').getByRole('button', { name: 'Post' }));
    assert.equal(pathOf(admin), `/spaces/${EXTRANET.slug}`);
    await checkA11y(admin);

    // From the members page: the partner by e-mail, the employee by @handle.
    await login(bruno, BRUNO);
    const brunoHandle = await myHandle(bruno);
    await follow(admin, admin.locator('nav.tabs').getByRole('link', { name: 'Members' }));
    await admin.getByLabel('Invite someone').fill(PETRA.email);
    await submit(admin, admin.getByRole('button', { name: 'Invite', exact: true }));
    assert.equal(await notice(admin).innerText(), 'The invitation is sent.');
    await admin.getByLabel('Invite someone').fill('@' + brunoHandle);
    await submit(admin, admin.getByRole('button', { name: 'Invite', exact: true }));
    const invited = admin.locator('main section', { has: admin.getByRole('heading', { name: 'Invited' }) });
    assert.match(await invited.innerText(), /Bruno Keller\s+Invited/);
    assert.match(await invited.innerText(), /Petra Novak\s+Invited\s+external/);
    await checkA11y(admin);
    await admin.screenshot({ path: `${SHOTS}/spaces-members-1280.png`, fullPage: true });

    // The partner signs in: told by a notification, and in the directory.
    await login(petra, PETRA);
    assert.equal(await petra.locator('header.top a.notifications .count').innerText(), '1');
    await follow(petra, petra.locator('header.top a.notifications'));
    const note = petra.locator('ul.notifications li.unread');
    assert.equal(await note.count(), 1);
    assert.match(await note.innerText(), /Camille Laurent invited you to join a space: Acme Partnership/);
    await follow(petra, mainNav(petra).getByRole('link', { name: 'Spaces', exact: true }));
    assert.match(await petra.locator('main .notice').first().innerText(), /You are invited to join Acme Partnership/);
    await petra.goBack();
    await follow(petra, note.getByRole('link', { name: EXTRANET.name }));
    assert.match(await petra.locator('aside').innerText(), /You are invited to join this space\./);
    assert.equal(await streamCards(petra).count(), 0, 'nothing to read before accepting');
    await submit(petra, petra.getByRole('button', { name: 'Accept the invitation' }));
    assert.equal(await notice(petra).innerText(), 'Welcome to the space!');
    assert.match(await streamCards(petra).first().innerText(), /Welcome to our shared space, Acme team!/);

    // Only that space: no Company, no People; the directory holds it and the public one.
    const nav = await mainNav(petra).locator('a').allInnerTexts();
    for (const absent of ['Company', 'People', 'Org chart']) assert.ok(!nav.includes(absent), `no ${absent} link: ${nav}`);
    assert.ok(nav.includes('Spaces'));
    const headerHeight = async () => (await petra.locator('header.top').boundingBox()).height;
    const closedHeight = await headerHeight();
    await petra.locator('li.my-spaces summary').click();
    assert.deepEqual(await petra.locator('li.my-spaces details a').allInnerTexts(), [EXTRANET.name]);
    assert.equal(await headerHeight(), closedHeight, 'the open list drops over the page, the header keeps its height');
    const menu = petra.locator('li.my-spaces details ul');
    assert.equal(await menu.evaluate((el) => getComputedStyle(el).position), 'absolute');
    await petra.screenshot({ path: `${SHOTS}/spaces-my-spaces-menu-1280.png` });
    await petra.goto(srv.url + '/spaces');
    assert.deepEqual((await petra.locator('main ul.cards > li.card.space > div > a').allInnerTexts()).sort(),
      [EXTRANET.name, PUBLIC.name].sort());
    await petra.screenshot({ path: `${SHOTS}/spaces-directory-external-1280.png`, fullPage: true });
    for (const p of ['/company', '/people', `/spaces/${INTERNAL.slug}`, `/spaces/${OTHER_EXTRANET.slug}`, '/spaces/new', '/org']) {
      assert.equal(await statusOf(petra, p), 404, `${p} for an external account`);
      assert.equal(await petra.locator('main h1').innerText(), 'Page not found');
    }
    assert.equal(await statusOf(petra, `/spaces/${PUBLIC.slug}`), 200, 'public spaces are open to all');
    assert.equal(await petra.locator('main form.composer').count(), 0, 'but only their members post there');

    // The partner posts with the composer.
    await petra.goto(`${srv.url}/spaces/${EXTRANET.slug}`);
    await petra.locator('form.composer textarea').fill(PARTNER_POST);
    await submit(petra, petra.locator('form.composer').getByRole('button', { name: 'Post' }));
    assert.equal(pathOf(petra), `/spaces/${EXTRANET.slug}`);
    const posted = streamCards(petra).first();
    assert.equal(await posted.locator('.body').innerText(), PARTNER_POST);
    assert.equal(await posted.locator('header .author').innerText(), PETRA.name);
    await petra.screenshot({ path: `${SHOTS}/spaces-space-external-1280.png`, fullPage: true });

    // The employee accepts from the directory and reads the partner's post, in the space and at home.
    await bruno.goto(srv.url + '/spaces');
    await follow(bruno, bruno.locator('main .notice a', { hasText: EXTRANET.name }));
    await submit(bruno, bruno.getByRole('button', { name: 'Accept the invitation' }));
    const inSpace = streamCards(bruno).filter({ hasText: PARTNER_POST });
    assert.equal(await inSpace.count(), 1, 'the partner\'s post on the space page');
    assert.equal(await inSpace.locator('header .author').innerText(), PETRA.name);
    await bruno.goto(srv.url + '/');
    const atHome = streamCards(bruno).filter({ hasText: PARTNER_POST });
    assert.equal(await atHome.count(), 1, 'and in the home stream');
    assert.equal(await atHome.locator('.where a').innerText(), EXTRANET.name, 'saying where it was posted');
    await bruno.screenshot({ path: `${SHOTS}/spaces-home-employee-1280.png`, fullPage: true });
    await bruno.goto(srv.url + '/company');
    assert.equal(await streamCards(bruno).filter({ hasText: PARTNER_POST }).count(), 0,
      'an extranet post stays out of the company stream');

    // The admin makes Bruno a moderator with the controls on his card.
    await admin.goto(`${srv.url}/spaces/${EXTRANET.slug}/members`);
    const brunoCard = admin.locator('main section', { has: admin.getByRole('heading', { name: 'Members' }) })
      .locator('li.card', { hasText: BRUNO.name });
    await brunoCard.getByLabel('Role').selectOption('moderator');
    await submit(admin, brunoCard.getByRole('button', { name: 'Change' }));
    assert.equal(pathOf(admin), `/spaces/${EXTRANET.slug}/members`);
    assert.equal(await notice(admin).innerText(), 'The role is changed.');
    assert.match(await brunoCard.innerText(), /Bruno Keller\s+Moderator/);

    // An employee outside the space: the about page only while it is not secret...
    await login(helene, HELENE);
    assert.equal(await statusOf(helene, `/spaces/${EXTRANET.slug}`), 200);
    assert.match(await helene.locator('main').innerText(), /Only the members of this space read what is posted in it\./);
    assert.match(await helene.locator('aside').innerText(), /Working with Acme/);
    assert.equal(await helene.getByText(PARTNER_POST).count(), 0);
    assert.equal(await helene.locator('main article.item').count(), 0);
    assert.equal(await helene.getByRole('button', { name: 'Ask to join' }).count(), 1);
    await helene.goto(srv.url + '/spaces');
    assert.ok((await helene.locator('main ul.cards a').allInnerTexts()).includes(EXTRANET.name));

    // ... then the admin makes it secret in the settings: nothing at all.
    await follow(admin, admin.locator('nav.tabs').getByRole('link', { name: 'Settings' }));
    await checkA11y(admin);
    await admin.screenshot({ path: `${SHOTS}/spaces-settings-1280.png`, fullPage: true });
    assert.equal(await admin.getByRole('checkbox', { name: 'Secret' }).isChecked(), false);
    await admin.getByRole('checkbox', { name: 'Secret' }).check();
    await submit(admin, admin.getByRole('button', { name: 'Save' }));
    assert.equal(await notice(admin).innerText(), 'Your changes are saved.');
    assert.equal(await admin.getByRole('checkbox', { name: 'Secret' }).isChecked(), true);
    assert.match(await admin.locator('.space-head').innerText(), /Extranet\s+Secret/);

    assert.equal(await statusOf(helene, `/spaces/${EXTRANET.slug}`), 404, 'a secret space is not there for non-members');
    assert.equal(await helene.getByText('Acme').count(), 0);
    await helene.goto(srv.url + '/spaces');
    assert.ok(!(await helene.locator('main ul.cards a').allInnerTexts()).includes(EXTRANET.name));
    // Members still read it.
    assert.equal(await statusOf(bruno, `/spaces/${EXTRANET.slug}`), 200);
    assert.equal(await streamCards(bruno).filter({ hasText: PARTNER_POST }).count(), 1);
    assert.equal(await statusOf(petra, `/spaces/${EXTRANET.slug}`), 200);

    // The directory, as the admin sees it.
    await admin.goto(srv.url + '/spaces');
    await checkA11y(admin);
    await admin.screenshot({ path: `${SHOTS}/spaces-directory-1280.png`, fullPage: true });
    assert.equal(await admin.locator('main nav.tabs a[aria-current="page"]').innerText(), 'All spaces');
  } finally {
    await close(admin);
    await close(petra);
    await close(bruno);
    await close(helene);
  }
});

test('an anonymous visitor reads a public space and its post, is asked to sign in to take part, and finds no extranet', async () => {
  assert.ok(publicPostId, 'the journey above made the public post');
  const page = await open();
  try {
    await page.goto(srv.url + '/spaces');
    assert.equal(pathOf(page), '/spaces', 'the directory is open to visitors');
    assert.deepEqual(await page.locator('main ul.cards > li.card.space > div > a').allInnerTexts(), [PUBLIC.name]);
    assert.equal(await page.locator('header.top .me').getByRole('link', { name: 'Sign in' }).count(), 1);
    await checkA11y(page);

    await follow(page, page.getByRole('link', { name: PUBLIC.name }));
    assert.equal(await page.locator('main h1').innerText(), PUBLIC.name);
    assert.equal(await page.locator('aside strong').innerText(), 'everyone');
    const post = streamCards(page).first();
    assert.match(await post.innerText(), /Open house on Saturday: everyone is welcome!/);
    assert.equal(await page.locator('main form.composer').count(), 0, 'no composer');
    assert.equal(await page.getByRole('button', { name: /Like|Join/ }).count(), 0, 'no like or join buttons');
    assert.match(await post.locator('footer').innerText(), /0 likes/);
    assert.equal(await page.getByRole('link', { name: 'Sign in to take part' }).count(), 1);
    assert.equal(await page.locator('nav.tabs').getByRole('link', { name: 'Members' }).count(), 0);
    await checkA11y(page);
    await page.screenshot({ path: `${SHOTS}/spaces-public-anonymous-1280.png`, fullPage: true });

    await follow(page, post.locator('a.when'));
    assert.equal(pathOf(page), `/items/${publicPostId}`);
    assert.match(await page.locator('main article.item .body').innerText(), /Open house on Saturday/);
    assert.equal(await page.locator('#comment-body').count(), 0, 'no comment form');
    assert.equal(await page.getByRole('button').filter({ hasText: /Like|Comment/ }).count(), 0);
    const signInLink = page.getByRole('link', { name: 'Sign in to react' });
    assert.equal(await signInLink.getAttribute('href'), `/login?next=/items/${publicPostId}`);
    await checkA11y(page);
    await page.screenshot({ path: `${SHOTS}/spaces-public-item-anonymous-1280.png`, fullPage: true });

    for (const p of [`/spaces/${EXTRANET.slug}`, `/spaces/${OTHER_EXTRANET.slug}`, `/spaces/${INTERNAL.slug}`]) {
      assert.equal(await statusOf(page, p), 404, `${p} for an anonymous visitor`);
      assert.equal(await page.locator('main h1').innerText(), 'Page not found');
    }
    // Signing in from the item brings the visitor back to it.
    await page.goto(`${srv.url}/items/${publicPostId}`);
    await follow(page, page.getByRole('link', { name: 'Sign in to react' }));
    await page.fill('#email', HELENE.email);
    await page.fill('#password', HELENE.password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/items/${publicPostId}`),
      page.locator('main form button[type="submit"]').click(),
    ]);
    assert.equal(await page.locator('#comment-body').count(), 1, 'employees may comment in public spaces');
  } finally {
    await close(page);
  }
});

test('layout: the space pages on a phone (375px, dark) do not scroll sideways; axe', async () => {
  const page = await open({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
    colorScheme: 'dark' });
  try {
    await login(page, ADMIN);
    for (const [p, name] of [['/spaces', 'directory'], [`/spaces/${EXTRANET.slug}`, 'space'],
      [`/spaces/${EXTRANET.slug}/members`, 'members'], [`/spaces/${EXTRANET.slug}/settings`, 'settings']]) {
      await page.goto(srv.url + p);
      await page.screenshot({ path: `${SHOTS}/spaces-${name}-375.png`, fullPage: true });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= 375, `${p} scrolls sideways at 375px: ${scrollWidth}`);
      await checkA11y(page);
    }
  } finally {
    await close(page);
  }
});
