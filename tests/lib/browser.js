'use strict';
// Headless Chromium (Debian's /usr/bin/chromium) through playwright-core,
// and axe accessibility checks.
//
//   const { launchBrowser, checkA11y } = require('../lib/browser');
//   const browser = await launchBrowser();
//   const page = await newPage(browser);  // a page in a context of its own
//   await page.goto(srv.url + '/login');
//   await checkA11y(page);      // throws on serious/critical violations
//   await page.context().close();
//   await browser.close();
//
// @axe-core/playwright needs a page from browser.newContext(), not one from
// browser.newPage(): use newPage() here, or context.newPage().
//
// playwright-core never downloads a browser; executablePath points at the
// system one. chromium.launch() gives the browser a fresh profile of its own
// (a mkdtemp dir "playwright_chromiumdev_profile-*" in os.tmpdir(), removed
// by browser.close()); the self-test checks that.

const { AssertionError } = require('node:assert');
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const CHROMIUM = process.env.RUCHE_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Only loopback resolves: nothing a page does can leave the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

/**
 * Launch headless Chromium. Extra playwright launch options may be passed.
 * @returns {Promise<import('playwright-core').Browser>}
 */
function launchBrowser(options = {}) {
  return chromium.launch({
    headless: true,
    timeout: 30000,
    ...options,
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.args || [])],
  });
}

/**
 * A new page in a new browser context (cookies of its own). Close it with
 * page.context().close().
 * @returns {Promise<import('playwright-core').Page>}
 */
async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  return context.newPage();
}

const FAILING_IMPACTS = new Set(['serious', 'critical']);

function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => {
      const target = Array.isArray(n.target) ? n.target.join(' ') : String(n.target);
      const summary = (n.failureSummary || '').split('\n').map((l) => `        ${l}`).join('\n');
      return `      at ${target}\n        ${n.html}\n${summary}`;
    }).join('\n');
    const more = v.nodes.length > 5 ? `\n      ... and ${v.nodes.length - 5} more node(s)` : '';
    return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
  }).join('\n');
}

/**
 * Run axe-core on the page; throw an AssertionError listing every serious or
 * critical violation. Returns the full axe results otherwise.
 * @param {import('playwright-core').Page} page
 * @param {{include?: string|string[], exclude?: string|string[], disableRules?: string[], tags?: string[]}} [opts]
 */
async function checkA11y(page, { include, exclude, disableRules, tags } = {}) {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  if (exclude) builder = builder.exclude(exclude);
  if (disableRules && disableRules.length) builder = builder.disableRules(disableRules);
  if (tags && tags.length) builder = builder.withTags(tags);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
  if (bad.length) {
    throw new AssertionError({
      message: `accessibility: ${bad.length} serious/critical axe violation(s) on ${page.url()}:\n${formatViolations(bad)}`,
    });
  }
  return results;
}

/** A page in a fresh context (1280x900 unless options say otherwise) that
 * records script errors and CSP refusals; closeWatched fails on any. */
async function openWatched(browser, options = {}) {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 }, ...options });
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.problems = problems;
  return page;
}

async function closeWatched(page) {
  const { problems } = page;
  await page.context().close();
  if (problems.length) throw new AssertionError({ message: `script errors or CSP violations:\n${problems.join('\n')}` });
}

/** Signs in through the form and waits for the home page. */
async function signIn(page, baseUrl, user) {
  await page.goto(baseUrl + '/login');
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/'),
    page.locator('main form button[type="submit"]').click(),
  ]);
}

/** The signed-in user's handle, from the header link to their profile. */
async function myHandle(page) {
  const href = await page.locator('header.top .me a[href^="/people/"]').first().getAttribute('href');
  return href.slice('/people/'.length);
}

module.exports = { launchBrowser, newPage, openWatched, closeWatched, signIn, myHandle, checkA11y, CHROMIUM_ARGS, CHROMIUM_PATH: CHROMIUM };
