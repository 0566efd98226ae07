'use strict';
// User journeys in a real headless Chromium: sign in, edit one's profile and
// photo, search the directory, switch language (with and without
// JavaScript), sign out, keyboard access, axe checks in English and French,
// and the narrow (375px) layout.
//
//   make -j2 && RUCHE_BIN=$PWD/build/ruche node --test --test-reporter=spec tests/browser/
//
// Screenshots are written to /tmp/ruche-*.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const { launchBrowser, openWatched, closeWatched, signIn, myHandle, checkA11y } = require('../lib/browser');
const { startServer } = require('../lib/server');

const PASSWORD = 'Hive-keeper-2024!';
const ADMIN = { email: 'camille.laurent@example.test', name: 'Camille Laurent', role: 'admin', password: PASSWORD };
// Switches language back and forth; nobody else relies on its preference.
const POLYGLOT = { email: 'theo.martin@example.test', name: 'Théo Martin', role: 'employee', password: PASSWORD };
const OTHERS = [
  { email: 'helene.lefevre@example.test', name: 'Hélène Lefèvre', role: 'employee', password: PASSWORD, department: 'Engineering' },
  { email: 'jerome.garcon@example.test', name: 'Jérôme Garçon', role: 'employee', password: PASSWORD, department: 'Sales' },
  { email: 'zoe.andre@example.test', name: 'Zoé André', role: 'employee', password: PASSWORD, department: 'Marketing' },
];

// French strings the journeys rely on, by msgid (locale/fr.po).
const FR = {
  'Sign in': 'Se connecter',
  Language: 'Langue',
};

const SHOTS = '/tmp';

let srv;
let browser;
let tmp;
let pngPath;

/** A width x height RGB PNG (a honey gradient), built with zlib only. */
function makePng(width, height) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = 242;
      raw[row + 2 + x * 3] = 120 + Math.round((100 * x) / width);
      raw[row + 3 + x * 3] = Math.round((90 * y) / height);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-browser-'));
  pngPath = path.join(tmp, 'portrait.png');
  fs.writeFileSync(pngPath, makePng(320, 240));
  srv = await startServer({ users: [ADMIN, POLYGLOT, ...OTHERS] });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  if (srv) await srv.stop();
});

const open = (options) => openWatched(browser, options);
const close = closeWatched;

const pathOf = (page) => new URL(page.url()).pathname;
const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
const waitLang = (page, lang) =>
  page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10000 });

const login = (page, user) => signIn(page, srv.url, user);

test('sign in: type e-mail and password, land on the home page', async () => {
  const page = await open();
  try {
    await page.goto(srv.url + '/');
    assert.equal(pathOf(page), '/login', 'a visitor is sent to the login page');
    await page.locator('#email').pressSequentially(ADMIN.email);
    await page.locator('#password').pressSequentially(ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.locator('#password').press('Enter')]);
    assert.match(await page.locator('main h1').innerText(), /Camille Laurent/);
    assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Home');
    assert.match(await page.locator('header.top .me').innerText(), /Camille Laurent/);
  } finally {
    await close(page);
  }
});

test('a wrong password shows an error and keeps the e-mail', async () => {
  const page = await open();
  try {
    await page.goto(srv.url + '/login');
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', 'not the password');
    await page.locator('main form button[type="submit"]').click();
    await page.locator('.error[role="alert"]').waitFor();
    assert.equal(await page.inputValue('#email'), ADMIN.email);
    assert.equal(pathOf(page), '/login');
  } finally {
    await close(page);
  }
});

test('edit profile: fields and Markdown bio appear on the profile, then a new photo', async () => {
  const page = await open();
  try {
    await login(page, ADMIN);
    const handle = await myHandle(page);
    await page.goto(`${srv.url}/people/${handle}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/people/${handle}/edit`),
      page.getByRole('link', { name: 'Edit profile' }).click(),
    ]);
    await page.fill('#title', 'Community manager');
    await page.fill('#department', 'Direction');
    await page.fill('#expertise', 'beekeeping, onboarding, data analysis');
    await page.fill('#bio', 'I keep **bees** and write *Markdown*.\n\n- first hive\n- second hive\n');
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/people/${handle}` && u.searchParams.get('done') === 'saved'),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    await page.locator('.notice[role="status"]').waitFor();
    assert.match(await page.locator('.profile > header').innerText(), /Community manager/);
    assert.match(await page.locator('dl.facts').innerText(), /Direction/);
    const tags = await page.locator('ul.tags li').allInnerTexts();
    assert.deepEqual(tags.sort(), ['beekeeping', 'data analysis', 'onboarding']);
    assert.equal(await page.locator('.bio strong').innerText(), 'bees');
    assert.equal(await page.locator('.bio em').innerText(), 'Markdown');
    assert.deepEqual(await page.locator('.bio li').allInnerTexts(), ['first hive', 'second hive']);

    // The photo: choose a file, see the preview, upload, see it on the profile.
    const photo = page.locator('.profile > header img');
    const before = await photo.getAttribute('src');
    assert.match(before, /avatar\.svg/, 'no photo yet: the placeholder');
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/people/${handle}/edit`),
      page.getByRole('link', { name: 'Edit profile' }).click(),
    ]);
    await page.setInputFiles('#photo', pngPath);
    await page.waitForFunction(() => document.getElementById('photo-preview').src.startsWith('data:image/png'),
      null, { timeout: 5000 });
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/people/${handle}` && u.searchParams.get('done') === 'photo'),
      page.getByRole('button', { name: 'Upload photo' }).click(),
    ]);
    const after = await photo.getAttribute('src');
    assert.notEqual(after, before);
    assert.match(after, new RegExp(`^/people/${handle}/photo\\?v=\\d+$`));
    const width = await photo.evaluate(async (img) => {
      if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
      return img.naturalWidth;
    });
    assert.equal(width, 256, 'the stored photo is a 256px square');
    assert.equal(await page.locator('header.top .me img').getAttribute('src'), after, 'the header shows it too');
    await page.screenshot({ path: `${SHOTS}/ruche-profile-1280.png`, fullPage: true });
  } finally {
    await close(page);
  }
});

test('directory: an accented name found without its accents, then its profile', async () => {
  const page = await open();
  try {
    await login(page, ADMIN);
    // Departments through the API, with the session and its CSRF token.
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const list = await page.request.get(`${srv.url}/api/v1/people?limit=100`);
    assert.equal(list.status(), 200);
    const { items } = await list.json();
    for (const u of OTHERS) {
      const p = items.find((it) => it.email === u.email);
      assert.ok(p, `${u.email} is in the directory`);
      const res = await page.request.patch(`${srv.url}/api/v1/people/${p.id}`, {
        data: { department: u.department, title: `${u.department} lead` },
        headers: { 'X-CSRF-Token': csrf },
      });
      assert.equal(res.status(), 200, await res.text());
    }

    await page.getByRole('link', { name: 'People' }).click();
    await page.waitForURL((u) => u.pathname === '/people');
    await page.fill('#q', 'helene lefevre');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('q') === 'helene lefevre'),
      page.locator('#q').press('Enter'),
    ]);
    const cards = page.locator('main .cards .card');
    assert.equal(await cards.count(), 1);
    assert.match(await cards.first().innerText(), /Hélène Lefèvre[\s\S]*Engineering/);

    // The department filter lists the departments and narrows the list.
    await page.fill('#q', '');
    await page.selectOption('#department', 'Sales');
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('department') === 'Sales'),
      page.locator('form.search button[type="submit"]').click(),
    ]);
    assert.deepEqual(await page.locator('main .cards .card a').allInnerTexts(), ['Jérôme Garçon']);

    await page.fill('#q', 'jerome garcon');
    await page.selectOption('#department', '');
    await page.locator('form.search button[type="submit"]').click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'jerome garcon');
    await Promise.all([
      page.waitForURL((u) => /^\/people\/[^/]+$/.test(u.pathname)),
      page.getByRole('link', { name: 'Jérôme Garçon' }).click(),
    ]);
    assert.equal(await page.locator('main h1').innerText(), 'Jérôme Garçon');
    assert.match(await page.locator('dl.facts').innerText(), /Sales/);
  } finally {
    await close(page);
  }
});

test('language: the footer select switches to French and back (JavaScript on)', async () => {
  const page = await open();
  try {
    await login(page, POLYGLOT);
    assert.equal(await htmlLang(page), 'en');
    assert.equal(await page.locator('footer .lang button').isVisible(), false, 'the script hides the button');
    await page.selectOption('#lang-select', 'fr');
    await waitLang(page, 'fr');
    assert.equal(pathOf(page), '/', 'back on the same page');
    assert.equal(await page.locator('label[for="lang-select"]').innerText(), FR.Language,
      'French footer label (msgid "Language")');
    assert.equal(await page.inputValue('#lang-select'), 'fr');
    await page.selectOption('#lang-select', 'en');
    await waitLang(page, 'en');
    assert.equal(await page.locator('label[for="lang-select"]').innerText(), 'Language');

    // From the keyboard, arrows only choose (the button comes back); Enter applies.
    await page.focus('#lang-select');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#lang-select'), 'fr');
    await page.locator('footer .lang button').waitFor({ state: 'visible', timeout: 2000 });
    assert.equal(await htmlLang(page), 'en', 'an arrow key alone does not leave the page');
    await page.keyboard.press('Enter');
    await waitLang(page, 'fr');
    await page.selectOption('#lang-select', 'en');
    await waitLang(page, 'en');
  } finally {
    await close(page);
  }
});

test('language: without JavaScript the button submits the choice', async () => {
  const page = await open({ javaScriptEnabled: false });
  try {
    await page.goto(srv.url + '/login');
    assert.equal(await htmlLang(page), 'en');
    const button = page.locator('footer .lang button');
    assert.equal(await button.isVisible(), true);
    await page.selectOption('#lang-select', 'fr');
    assert.equal(await htmlLang(page), 'en', 'nothing happens before the button');
    await Promise.all([page.waitForURL((u) => u.pathname === '/login'), button.click()]);
    await waitLang(page, 'fr');
    assert.equal(await page.locator('main h1').innerText(), FR['Sign in'], 'French title (msgid "Sign in")');
    await page.selectOption('#lang-select', 'en');
    await button.click();
    await waitLang(page, 'en');
    assert.equal(await page.locator('main h1').innerText(), 'Sign in');
  } finally {
    await close(page);
  }
});

test('sign out: back to the login page, and / asks to sign in again', async () => {
  const page = await open();
  try {
    await login(page, ADMIN);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/login'),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    assert.equal(await page.locator('#email').isVisible(), true);
    await page.goto(srv.url + '/');
    assert.equal(pathOf(page), '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/');
  } finally {
    await close(page);
  }
});

test('keyboard: the skip link is the first Tab stop and leads into main', async () => {
  const page = await open();
  try {
    await login(page, ADMIN);
    const skip = page.locator('a.skip');
    const hiddenBox = await skip.evaluate((el) => el.getBoundingClientRect().bottom);
    assert.ok(hiddenBox <= 0, 'off screen until focused');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      cls: document.activeElement.className,
      text: document.activeElement.textContent,
      top: document.activeElement.getBoundingClientRect().top,
    }));
    assert.equal(focused.cls, 'skip');
    assert.equal(focused.text, 'Skip to content');
    assert.ok(focused.top >= 0, 'visible when focused');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.hash === '#main');
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => {
      const main = document.getElementById('main');
      return document.activeElement === main || main.contains(document.activeElement);
    });
    assert.ok(inMain, 'the next Tab stop is inside main, past the navigation');
  } finally {
    await close(page);
  }
});

test('invitation link: the Copy button copies it and says so', async () => {
  const page = await open({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await login(page, ADMIN);
    await page.goto(srv.url + '/admin/invitations');
    await page.fill('#email', 'new.colleague@example.test');
    await page.getByRole('button', { name: 'Invite' }).click();
    const link = page.locator('input.copy');
    await link.waitFor();
    const value = await link.inputValue();
    assert.match(value, /\/invite\/[\w-]+$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.locator('.copied', { hasText: 'Copied' }).waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), value);
  } finally {
    await close(page);
  }
});

for (const [lang, locale] of [['en', 'en-US'], ['fr', 'fr-FR']]) {
  test(`accessibility (axe) in ${lang === 'en' ? 'English' : 'French'}: login, home, directory, profile, edit, org`, async () => {
    // No saved preference for this user: the browser's language decides.
    const page = await open({ locale });
    try {
      await page.goto(srv.url + '/login');
      assert.equal(await htmlLang(page), lang);
      await checkA11y(page);
      await login(page, OTHERS[2]);
      const handle = await myHandle(page);
      for (const p of ['/', '/people', '/people?q=helene', `/people/${handle}`, `/people/${handle}/edit`, '/org',
        '/settings/password']) {
        await page.goto(srv.url + p);
        assert.equal(await htmlLang(page), lang, p);
        await checkA11y(page);
      }
      const adminPage = await open({ locale });
      try {
        await login(adminPage, ADMIN);
        for (const p of ['/admin/invitations', '/people/zoe.andre']) {
          await adminPage.goto(srv.url + p);
          await checkA11y(adminPage);
        }
      } finally {
        await close(adminPage);
      }
    } finally {
      await close(page);
    }
  });
}

test('phone width (375px): no horizontal scroll; screenshots', async () => {
  for (const [lang, locale] of [['en', 'en-US'], ['fr', 'fr-FR']]) {
    const page = await open({ locale, viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    try {
      await login(page, ADMIN);
      const handle = await myHandle(page);
      const shots = { '/': 'home', [`/people/${handle}`]: 'profile' };
      for (const p of ['/', `/people/${handle}`, `/people/${handle}/edit`, '/people', '/org', '/admin/invitations']) {
        await page.goto(srv.url + p);
        assert.equal(await htmlLang(page), lang);
        if (shots[p]) await page.screenshot({ path: `${SHOTS}/ruche-${shots[p]}-375${lang === 'fr' ? '-fr' : ''}.png`, fullPage: true });
        const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert.ok(scrollWidth <= innerWidth, `${p} (${lang}) scrolls sideways: ${scrollWidth} > ${innerWidth}`);
      }
    } finally {
      await close(page);
    }
  }
  const wide = await open();
  try {
    await login(wide, ADMIN);
    await wide.screenshot({ path: `${SHOTS}/ruche-home-1280.png`, fullPage: true });
  } finally {
    await close(wide);
  }
});
