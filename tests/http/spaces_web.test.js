'use strict';
// The space pages and their forms, black-box, as people use them in a
// browser without scripts: creating a space (validation, the address made
// from the name), joining, asking to join and approving, invitations
// accepted and declined, leaving, roles and removal, pinning, archiving and
// restoring, deleting with a typed confirmation, sub-spaces, the picture,
// "My spaces" in the navigation, space notifications, the live fragment of
// a space's stream, and what anonymous visitors see of a public space.
// Every HTML page fetched is validated (tests/lib/fixtures.js Client).
//
//   make -j2 && RUCHE_BIN=$PWD/build/ruche node --test tests/http/spaces_web.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const zlib = require('node:zlib');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');
const { Client: PlainClient } = require('../lib/client');

const PASSWORD = 'spaces password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
// Each test works with spaces and people of its own: what one test joins,
// archives or deletes never changes what another one expects.
const USERS = [
  person('ada', 'Ada Admin', 'admin'),
  person('olga', 'Olga Owner'),
  person('emil', 'Emil Joiner'),
  person('paul', 'Paul Asker'),
  person('rita', 'Rita Withdraws'),
  person('sam', 'Sam Accepts'),
  person('tom', 'Tom Declines'),
  person('uma', 'Uma Promoted'),
  person('vic', 'Vic Removed'),
  person('wes', 'Wes Moderator'),
  person('zoe', 'Zoé Member'),
  person('kai', 'Kai Archivist'),
  person('lou', 'Lou Builder'),
  person('mia', 'Mia Painter'),
  person('quinn', 'Quinn Newcomer'),
  person('nina', 'Nina Outsider'),
  person('ole', 'Ole Live'),
  person('xena', 'Xena Partner', 'external'),
];

let srv;
let adminToken;
const ids = {};

before(async () => {
  srv = await startServer({ users: USERS });
  adminToken = await fx.createToken(srv.dataDir, 'ada@example.test');
  const res = await new fx.Client(srv.url).json('GET', '/api/v1/people?limit=100', undefined,
    { token: adminToken, cookies: false });
  assert.equal(res.status, 200, res.text);
  for (const p of res.json().items) ids[p.handle] = p.id;
  for (const u of USERS) {
    const handle = u.email.split('@')[0];
    if (u.role !== 'external') assert.ok(ids[handle], `no id for ${handle}`);
  }
});

after(async () => {
  if (srv) {
    await fx.assertNo5xx(srv);
    await srv.stop();
  }
});

// ---- helpers --------------------------------------------------------------------

/** A web client signed in as `who` (a handle). */
const web = (who) => fx.signedIn(srv.url, `${who}@example.test`, PASSWORD);

/** The page's <main> element, where the page's own content is. */
function mainOf(html) {
  const m = /<main\b[\s\S]*<\/main>/.exec(html);
  assert.ok(m, 'the page has a <main>');
  return m[0];
}

/** The main navigation in the page header. */
function navOf(html) {
  const m = /<header class="top">[\s\S]*?<\/header>/.exec(html);
  assert.ok(m, 'the page has a header');
  return m[0];
}

/** What a reader sees of some HTML: the text, entities decoded, spaces collapsed. */
function textOf(html) {
  return html.replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}

const mainText = (res) => textOf(mainOf(res.text));

/** The error banner of a form page, as the reader sees it (null: none). */
function formError(html) {
  const e = fx.formError(html);
  return e === null ? null : textOf(e);
}

/** The value of the input named `name`, or null. */
function inputValue(html, name) {
  const m = new RegExp(`<input\\b[^>]*\\bname="${name}"[^>]*>`).exec(html);
  if (!m) return null;
  const v = /\bvalue="([^"]*)"/.exec(m[0]);
  return v ? v[1] : '';
}

/** The checked radio of a group, or null. */
function checkedRadio(html, name) {
  for (const m of html.matchAll(new RegExp(`<input\\b[^>]*type="radio"[^>]*name="${name}"[^>]*>`, 'g')))
    if (/\schecked\b/.test(m[0])) return /\bvalue="([^"]*)"/.exec(m[0])[1];
  return null;
}

/** The HTML of an item card on a page, or null. */
function card(html, id) {
  const m = new RegExp(`<article class="item" id="item-${id}"[\\s\\S]*?</article>`).exec(html);
  return m ? m[0] : null;
}

/** The ids of the item cards on a page (or fragment), in order. */
const cardIds = (html) => [...html.matchAll(/<article class="item" id="item-(\d+)"/g)].map((m) => Number(m[1]));

/** The member rows of one section ("Members", "Invited", "Asking to join") of a members page. */
function memberSection(html, title) {
  const m = new RegExp(`<section><h2>${title}</h2>([\\s\\S]*?)</section>`).exec(html);
  return m ? m[1] : null;
}

/** The text of the member row of `name` in a section, or null. */
function memberRow(section, name) {
  if (!section) return null;
  for (const m of section.matchAll(/<li class="card">[\s\S]*?<\/li>/g)) if (m[0].includes(`>${name}</a>`)) return m[0];
  return null;
}

/** A space created through the form by `c`; returns its address (slug). */
async function createSpace(c, fields) {
  await fx.page(c, '/spaces/new');
  const res = await c.postForm('/spaces', fields);
  assert.equal(res.status, 303, `create ${fields.name}: ${res.status}\n${res.text.slice(0, 800)}`);
  const m = /^\/spaces\/([a-z0-9-]+)\?done=created$/.exec(res.location);
  assert.ok(m, `create ${fields.name}: redirected to ${res.location}`);
  return m[1];
}

/** The id of a space, from the live stream its page carries (readers only). */
async function spaceId(c, slug) {
  const res = await fx.page(c, `/spaces/${slug}`);
  const m = /data-live="space:(\d+)"/.exec(res.text);
  assert.ok(m, `${slug}: no stream on the page`);
  return Number(m[1]);
}

/** Posts in a space with its composer; returns the new item's id. */
async function postIn(c, slug, body) {
  const page = await fx.page(c, `/spaces/${slug}`);
  const sid = /<input type="hidden" name="space" value="(\d+)">/.exec(page.text);
  assert.ok(sid, `${slug}: no composer for this person`);
  const res = await c.postForm('/items', { type: 'status', body, space: sid[1], next: `/spaces/${slug}` });
  assert.equal(res.status, 303, `post in ${slug}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.equal(res.location, `/spaces/${slug}`, 'the composer returns to the space');
  const after1 = await fx.page(c, `/spaces/${slug}`);
  const stream = /<section class="stream"[\s\S]*?<\/section>/.exec(after1.text)[0];
  const id = cardIds(stream)[0];
  assert.ok(id && textOf(card(stream, id)).includes(textOf(body.replace(/\*\*/g, ''))),
    `${slug}: the new post is first in the space's stream`);
  return id;
}

/** POST a form; assert it redirects and return the page it leads to. */
async function submit(c, path, fields, label = path) {
  const res = await c.postForm(path, fields);
  assert.equal(res.status, 303, `${label}: ${res.status}\n${textOf(res.text).slice(0, 500)}`);
  return fx.validHtml(await c.follow(res), `${label} → ${res.location}`);
}

/** Invites `who` (an @handle or e-mail address) from the members page. */
async function invite(owner, slug, who) {
  await fx.page(owner, `/spaces/${slug}/members`);
  const page = await submit(owner, `/spaces/${slug}/members`, { person: who }, `invite ${who} to ${slug}`);
  assert.match(mainText(page), /The invitation is sent\./);
  return page;
}

/** The visible lines of /notifications, one per notification, with their links. */
async function notificationsOf(c) {
  const page = await fx.page(c, '/notifications');
  return [...page.text.matchAll(/<li class="(unread|read)">([\s\S]*?)<\/li>/g)].map((m) => ({
    unread: m[1] === 'unread',
    text: textOf(m[2]).replace(/^Unread: /, ''),
    links: [...m[2].matchAll(/<a href="([^"]*)">/g)].map((l) => l[1]),
  }));
}

/** The header's unread notification count. */
async function unreadCount(c) {
  const page = await fx.page(c, '/spaces');
  return Number(/data-unread="(\d+)"/.exec(page.text)[1]);
}

/** The names listed under "My spaces" in the navigation (null: no such menu). */
function mySpacesMenu(html) {
  const m = /<li class="my-spaces"><details><summary>My spaces<\/summary><ul>([\s\S]*?)<\/ul><\/details><\/li>/.exec(navOf(html));
  return m ? [...m[1].matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((l) => `${textOf(l[2])} ${l[1]}`) : null;
}

/** A width x height RGB PNG (stripes), built with zlib only. */
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
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = (x >> 3) & 1 ? 240 : 30;
      raw[o + 1] = 160;
      raw[o + 2] = Math.round((200 * y) / height);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- creating ---------------------------------------------------------------------

test('create a space: the form, errors that keep what was typed, the address made from the name, a taken address', async () => {
  const olga = await web('olga');
  const dir = await fx.page(olga, '/spaces');
  assert.match(mainOf(dir.text), /<a class="button" href="\/spaces\/new">New space<\/a>/);

  const form = await fx.page(olga, '/spaces/new');
  assert.match(mainText(form), /^New space /);
  assert.equal(checkedRadio(form.text, 'visibility'), 'internal', 'internal is chosen by default');
  assert.doesNotMatch(form.text, /id="secret"[^>]*checked/, 'not secret by default');

  // No name: the form comes back with the error and everything typed.
  let res = await olga.postForm('/spaces', {
    name: '  ', slug: 'kept-address', description: 'Keep *this* text', visibility: 'private', secret: '1',
  });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'Give the space a name.');
  assert.equal(inputValue(res.text, 'slug'), 'kept-address');
  assert.match(res.text, /<textarea id="description"[^>]*>Keep \*this\* text<\/textarea>/);
  assert.equal(checkedRadio(res.text, 'visibility'), 'private');
  assert.match(res.text, /id="secret"[^>]*checked/);

  res = await olga.postForm('/spaces', { name: 'Bad address', slug: 'Not An Address!', visibility: 'internal' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'The address must have 2 to 60 lowercase letters, digits or dashes.');
  assert.equal(inputValue(res.text, 'name'), 'Bad address');
  assert.equal(inputValue(res.text, 'slug'), 'Not An Address!');

  res = await olga.postForm('/spaces', { name: 'Reserved', slug: 'new', visibility: 'internal' });
  assert.equal(res.status, 400, '/spaces/new is the form: "new" is no address');

  res = await olga.postForm('/spaces', { name: 'Secret yet open', visibility: 'internal', secret: '1' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'Only private and extranet spaces can be secret.');

  res = await olga.postForm('/spaces', { name: 'Odd', visibility: 'everyone' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'The visibility must be internal, private, extranet or public.');
  assert.match(mainText(await fx.page(olga, '/spaces?q=odd')), /No space here\./, 'nothing was created by the refused forms');

  // The address is made from the name: accents folded, the rest as dashes.
  const slug = await createSpace(olga, { name: 'Équipe Café & Co', description: 'Coffee *lovers*', visibility: 'internal' });
  assert.equal(slug, 'equipe-cafe-co');
  const home = await fx.page(olga, `/spaces/${slug}?done=created`);
  const text = mainText(home);
  assert.match(text, /The space is created\./);
  assert.match(mainOf(home.text), /<h1>Équipe Café &amp; Co<\/h1>/);
  assert.match(text, /Internal 1 member/);
  assert.match(mainOf(home.text), /<p>Coffee <em>lovers<\/em><\/p>/, 'the description is rendered Markdown');
  assert.match(home.text, /<label for="composer-body">Share with the space<\/label>/, 'the owner may post');
  assert.match(text, /Members Olga Owner All members/);

  // The same name again gets the next free address.
  assert.equal(await createSpace(olga, { name: 'Équipe café & co', visibility: 'internal' }), 'equipe-cafe-co-2');

  // A taken address is a conflict; the form keeps the rest.
  res = await olga.postForm('/spaces', { name: 'Another team', slug: 'equipe-cafe-co', description: 'Hello', visibility: 'private' });
  assert.equal(res.status, 409);
  assert.equal(formError(res.text), 'Another space already has this address.');
  assert.equal(inputValue(res.text, 'name'), 'Another team');
  assert.equal(inputValue(res.text, 'slug'), 'equipe-cafe-co');
  assert.equal(checkedRadio(res.text, 'visibility'), 'private');

  // The directory lists both, with the owner's role; search folds accents.
  const list = mainText(await fx.page(olga, '/spaces?q=cafe'));
  assert.match(list, /Équipe Café & Co Internal Owner 1 member Coffee lovers/);
  assert.match(list, /Équipe café & co Internal Owner 1 member/);
  const emil = await web('emil');
  const seen = mainText(await fx.page(emil, '/spaces?q=équipe'));
  assert.match(seen, /Équipe Café & Co Internal 1 member/, 'employees find internal spaces');
  assert.doesNotMatch(seen, /Owner/, 'no role badge where one has none');

  // External accounts and anonymous visitors do not create spaces.
  const xena = await web('xena');
  assert.equal((await xena.get('/spaces/new')).status, 404);
  assert.equal((await xena.postForm('/spaces', { name: 'Partner space', visibility: 'extranet' })).status, 403);
  assert.doesNotMatch(mainOf((await fx.page(xena, '/spaces')).text), /New space/);
  const anon = new fx.Client(srv.url);
  const login = await anon.get('/spaces/new');
  assert.equal(login.status, 303);
  assert.equal(login.location, '/login?next=/spaces/new');
  assert.doesNotMatch(mainOf((await fx.page(anon, '/spaces')).text), /New space/);
  assert.match(mainText(await fx.page(olga, '/spaces?q=partner')), /No space here\./);
});

// ---- joining and leaving ------------------------------------------------------------

test('join an internal space, post in it, leave it', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Beekeeping Club', description: 'All about hives', visibility: 'internal' });
  const first = await postIn(olga, slug, 'Welcome to the beekeeping club');

  const emil = await web('emil');
  let page = await fx.page(emil, `/spaces/${slug}`);
  assert.ok(card(page.text, first), 'employees read an internal space before joining');
  assert.doesNotMatch(page.text, /id="composer-body"/, 'no composer before joining');
  assert.match(page.text, /<form method="post" action="\/spaces\/beekeeping-club\/join" class="inline">.*?<button type="submit">Join<\/button>/);
  assert.equal((await emil.postForm('/items', { body: 'Sneaking in', space: String(await spaceId(emil, slug)) })).status, 403);

  page = await submit(emil, `/spaces/${slug}/join`, {});
  assert.equal(new URL(page.url).pathname, `/spaces/${slug}`);
  let text = mainText(page);
  assert.match(text, /Welcome to the space!/);
  assert.match(text, /Internal 2 members/);
  assert.match(page.text, /<button type="submit" class="secondary">Leave the space<\/button>/);
  assert.doesNotMatch(page.text, />Join<\/button>/);
  assert.match(text, /Members Emil Joiner Olga Owner All members/);

  const mine = await postIn(emil, slug, 'My first hive is **buzzing**');
  assert.match(card((await fx.page(olga, `/spaces/${slug}`)).text, mine), /My first hive is <strong>buzzing<\/strong>/);
  // In the home stream and the company stream, the post says where it was posted.
  for (const where of ['/', '/company']) {
    const c = card((await fx.page(emil, where)).text, mine);
    assert.ok(c, `${where} shows the post made in the space`);
    assert.match(c, /<span class="where">in <a href="\/spaces\/beekeeping-club">Beekeeping Club<\/a><\/span>/);
  }
  assert.doesNotMatch(card((await fx.page(emil, `/spaces/${slug}`)).text, mine), /class="where"/,
    'not on the space\'s own page');

  page = await submit(emil, `/spaces/${slug}/leave`, {});
  assert.equal(new URL(page.url).pathname, '/spaces');
  assert.match(mainText(page), /You left the space\./);
  page = await fx.page(emil, `/spaces/${slug}`);
  assert.match(mainText(page), /Internal 1 member/);
  assert.match(page.text, />Join<\/button>/);
  assert.ok(card(page.text, mine), 'what was posted stays');
  const refused = await emil.postForm('/items', { body: 'After leaving', space: String(await spaceId(emil, slug)) });
  assert.equal(refused.status, 403);
  assert.match(textOf(refused.text), /Join the space to post in it\./);
});

test('ask to join a private space: the owner is told, approves from the members page, the asker is let in', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Board Room', description: 'Where we decide', visibility: 'private' });
  const secretPost = await postIn(olga, slug, 'Quarterly numbers are in');
  const olgaUnread = await unreadCount(olga);

  const paul = await web('paul');
  let page = await fx.page(paul, `/spaces/${slug}`);
  let text = mainText(page);
  assert.match(text, /Board Room Private 1 member/);
  assert.match(text, /Where we decide/, 'the about page is open to employees');
  assert.match(text, /Only the members of this space read what is posted in it\./);
  assert.equal(card(page.text, secretPost), null);
  assert.doesNotMatch(page.text, /Quarterly numbers/);
  assert.equal((await paul.get(`/items/${secretPost}`)).status, 404);
  assert.equal((await paul.get(`/spaces/${slug}/members`)).status, 404, 'members are listed to readers only');
  assert.match(page.text, /<button type="submit">Ask to join<\/button>/);

  page = await submit(paul, `/spaces/${slug}/join`, {});
  text = mainText(page);
  assert.match(text, /Your request is sent to the space's owners\./);
  assert.match(text, /You asked to join; an owner will answer\./);
  assert.match(page.text, /<button type="submit" class="secondary">Withdraw my request<\/button>/);
  assert.doesNotMatch(page.text, /Ask to join<\/button>/);
  assert.doesNotMatch(page.text, /Quarterly numbers/, 'asking is not reading');
  assert.match(text, /Private 1 member/);

  // The owner is told, with a link to where requests are answered.
  assert.equal(await unreadCount(olga), olgaUnread + 1);
  const note = (await notificationsOf(olga)).find((n) => /asks to join/.test(n.text));
  assert.ok(note, 'the owner has a notification');
  assert.equal(note.text.replace(/ \d{4}-.*$/, ''), 'Paul Asker asks to join a space you own: Board Room');
  assert.ok(note.unread);
  assert.deepEqual(note.links, ['/people/paul', `/spaces/${slug}/members`]);

  const members = await fx.page(olga, `/spaces/${slug}/members`);
  const row = memberRow(memberSection(members.text, 'Asking to join'), 'Paul Asker');
  assert.ok(row, 'the request is listed on the members page');
  assert.match(row, /Asked to join/);
  assert.match(row, new RegExp(`action="/spaces/${slug}/members/${ids.paul}"[\\s\\S]*name="role" value="member"[\\s\\S]*>Approve</button>`));
  assert.match(row, />Refuse<\/button>/);
  assert.equal(memberRow(memberSection(members.text, 'Members'), 'Paul Asker'), null, 'not a member yet');

  // A second asker withdraws: the request is gone from the owner's list.
  const rita = await web('rita');
  await submit(rita, `/spaces/${slug}/join`, {});
  assert.ok(memberRow(memberSection((await fx.page(olga, `/spaces/${slug}/members`)).text, 'Asking to join'), 'Rita Withdraws'));
  assert.ok((await notificationsOf(olga)).some((n) => /^Rita Withdraws asks to join/.test(n.text)), 'the owner is told');
  page = await submit(rita, `/spaces/${slug}/leave`, {});
  assert.match(mainText(page), /Your request is withdrawn\./);
  assert.match((await fx.page(rita, `/spaces/${slug}`)).text, /Ask to join<\/button>/);
  assert.equal(memberRow(memberSection((await fx.page(olga, `/spaces/${slug}/members`)).text, 'Asking to join'), 'Rita Withdraws'), null);
  assert.ok(!(await notificationsOf(olga)).some((n) => /^Rita Withdraws/.test(n.text)), 'nor is the owner still asked');

  // The owner approves.
  page = await submit(olga, `/spaces/${slug}/members/${ids.paul}`, { role: 'member', approve: '1' }, 'approve');
  assert.match(mainText(page), /The request is approved\./);
  assert.equal(memberSection(page.text, 'Asking to join'), null, 'no request left');
  assert.ok(!(await notificationsOf(olga)).some((n) => /^Paul Asker asks to join/.test(n.text)), 'the answered request is no longer announced');
  assert.match(memberRow(memberSection(page.text, 'Members'), 'Paul Asker'), /<span class="badge">Member<\/span>/);

  // The asker is told and is in.
  const approved = (await notificationsOf(paul)).find((n) => /let you into/.test(n.text));
  assert.ok(approved, 'the asker has a notification');
  assert.equal(approved.text.replace(/ \d{4}-.*$/, ''), 'Olga Owner let you into a space: Board Room');
  assert.deepEqual(approved.links, ['/people/olga', `/spaces/${slug}`]);
  page = await fx.page(paul, `/spaces/${slug}`);
  assert.ok(card(page.text, secretPost), 'the new member reads the space');
  assert.match(page.text, /id="composer-body"/);
  assert.match(mainText(page), /Private 2 members/);
  await fx.page(paul, `/items/${secretPost}`);
});

test('invitations: by @handle or e-mail, accepted or declined; who may be invited', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Design Review', visibility: 'private' });
  const post = await postIn(olga, slug, 'New logo drafts attached');
  const sam = await web('sam');
  const tom = await web('tom');
  const samUnread = await unreadCount(sam);

  const members = await fx.page(olga, `/spaces/${slug}/members`);
  assert.match(members.text, /<label for="invitee">Invite someone<\/label><input id="invitee" name="person"/);
  let page = await invite(olga, slug, '@sam');
  let row = memberRow(memberSection(page.text, 'Invited'), 'Sam Accepts');
  assert.ok(row, 'the invitation is listed');
  assert.match(row, />Withdraw the invitation<\/button>/);
  page = await invite(olga, slug, 'TOM@example.test');
  assert.ok(memberRow(memberSection(page.text, 'Invited'), 'Tom Declines'), 'invited by e-mail address');

  // Unknown people and external accounts: the members page says why.
  let res = await olga.postForm(`/spaces/${slug}/members`, { person: '@nobody' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'No such person.');
  assert.match(res.text, /id="invitee"/, 'the form is there to try again');
  res = await olga.postForm(`/spaces/${slug}/members`, { person: 'xena@example.test' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'External accounts can only be invited to extranet spaces.');
  // Only owners invite.
  await fx.page(sam, `/spaces/${slug}`);
  assert.equal((await sam.postForm(`/spaces/${slug}/members`, { person: '@nina' })).status, 403);

  // The invitee is told: a notification and a line in the directory.
  assert.equal(await unreadCount(sam), samUnread + 1);
  const note = (await notificationsOf(sam)).find((n) => /invited you/.test(n.text));
  assert.ok(note, 'the invitee has a notification');
  assert.equal(note.text.replace(/ \d{4}-.*$/, ''), 'Olga Owner invited you to join a space: Design Review');
  assert.deepEqual(note.links, ['/people/olga', `/spaces/${slug}`]);
  const dir = await fx.page(sam, '/spaces');
  assert.match(mainText(dir), /You are invited to join Design Review/);
  assert.match(mainOf(dir.text), /<a href="\/spaces\/design-review">Design Review<\/a> <span class="badge vis-private">Private<\/span> <span class="badge mine">Invited<\/span>/);
  page = await fx.page(sam, `/spaces/${slug}`);
  assert.match(mainText(page), /You are invited to join this space\./);
  assert.match(page.text, /<button type="submit">Accept the invitation<\/button>/);
  assert.match(page.text, /<button type="submit" class="secondary">Decline<\/button>/);
  assert.equal(card(page.text, post), null, 'an invitation is not yet membership');

  // Sam accepts.
  page = await submit(sam, `/spaces/${slug}/join`, {});
  assert.match(mainText(page), /Welcome to the space!/);
  assert.ok(card(page.text, post));
  assert.doesNotMatch(mainText(page), /You are invited/);
  assert.doesNotMatch(mainText(await fx.page(sam, '/spaces')), /You are invited to join/);

  // Tom declines: the invitation and its notification are gone.
  assert.ok((await notificationsOf(tom)).some((n) => /invited you to join a space: Design Review/.test(n.text)));
  page = await submit(tom, `/spaces/${slug}/leave`, {});
  assert.equal(new URL(page.url).pathname, '/spaces');
  assert.match(mainText(page), /You declined the invitation\./);
  page = await fx.page(tom, `/spaces/${slug}`);
  assert.doesNotMatch(mainText(page), /You are invited/);
  assert.match(page.text, /Ask to join<\/button>/);
  assert.ok(!(await notificationsOf(tom)).some((n) => /Design Review/.test(n.text)), 'the declined invitation is no longer announced');
  const after1 = await fx.page(olga, `/spaces/${slug}/members`);
  assert.equal(memberSection(after1.text, 'Invited'), null, 'no open invitation left');
  assert.ok(memberRow(memberSection(after1.text, 'Members'), 'Sam Accepts'));
  assert.equal(memberRow(memberSection(after1.text, 'Members'), 'Tom Declines'), null);
});

test('the last owner cannot leave; owners change roles and remove members; members cannot', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Ops Team', visibility: 'private' });
  const post = await postIn(olga, slug, 'Runbook updated');
  const uma = await web('uma');
  const vic = await web('vic');
  for (const [c, who] of [[uma, 'uma'], [vic, 'vic']]) {
    await invite(olga, slug, `@${who}`);
    await submit(c, `/spaces/${slug}/join`, {});
  }

  // The last owner may not leave: a page says why, and nothing changes.
  await fx.page(olga, `/spaces/${slug}`);
  let res = await olga.postForm(`/spaces/${slug}/leave`, {});
  assert.equal(res.status, 409);
  assert.match(textOf(res.text), /You are the last owner: name another owner first\./);
  assert.match((await fx.page(olga, `/spaces/${slug}`)).text, /Leave the space<\/button>/);

  // A plain member sees the members but no controls, and may change nothing.
  let page = await fx.page(uma, `/spaces/${slug}/members`);
  assert.ok(memberRow(memberSection(page.text, 'Members'), 'Vic Removed'));
  assert.doesNotMatch(mainOf(page.text), /id="invitee"|<select|>Remove<\/button>/);
  assert.equal((await uma.postForm(`/spaces/${slug}/members/${ids.vic}`, { role: 'moderator' })).status, 403);
  assert.equal((await uma.postForm(`/spaces/${slug}/members/${ids.vic}`, { remove: '1' })).status, 403);
  assert.equal((await uma.get(`/spaces/${slug}/settings`)).status, 404, 'no settings for members');
  assert.doesNotMatch((await fx.page(uma, `/spaces/${slug}`)).text, /href="\/spaces\/ops-team\/settings"/);

  // The owner names Uma owner from the members page.
  page = await fx.page(olga, `/spaces/${slug}/members`);
  const umaRow = memberRow(memberSection(page.text, 'Members'), 'Uma Promoted');
  assert.match(umaRow, new RegExp(`<label for="role-${ids.uma}" class="visually-hidden">Role</label><select id="role-${ids.uma}" name="role"><option value="member" selected>Member</option><option value="moderator">Moderator</option><option value="owner">Owner</option></select> <button type="submit">Change</button>`));
  page = await submit(olga, `/spaces/${slug}/members/${ids.uma}`, { role: 'owner' }, 'make Uma owner');
  assert.match(mainText(page), /The role is changed\./);
  assert.match(memberRow(memberSection(page.text, 'Members'), 'Uma Promoted'), /<span class="badge">Owner<\/span>[\s\S]*<option value="owner" selected>/);
  res = await olga.postForm(`/spaces/${slug}/members/${ids.uma}`, { role: 'king' });
  assert.equal(res.status, 400);
  assert.match(textOf(res.text), /The role must be member, moderator or owner\./);

  // Now Olga may leave; Uma is the last owner and cannot step down.
  page = await submit(olga, `/spaces/${slug}/leave`, {});
  assert.match(mainText(page), /You left the space\./);
  await fx.page(uma, `/spaces/${slug}/members`);
  res = await uma.postForm(`/spaces/${slug}/members/${ids.uma}`, { role: 'member' });
  assert.equal(res.status, 409);
  assert.equal(formError(res.text), 'A space keeps at least one owner: name another owner first.');
  assert.match(memberRow(memberSection(res.text, 'Members'), 'Uma Promoted'), /<span class="badge">Owner<\/span>/);

  // Uma makes Vic moderator, then removes him.
  page = await submit(uma, `/spaces/${slug}/members/${ids.vic}`, { role: 'moderator' }, 'make Vic moderator');
  assert.match(memberRow(memberSection(page.text, 'Members'), 'Vic Removed'), /<span class="badge">Moderator<\/span>/);
  assert.deepEqual(mySpacesMenu((await fx.page(vic, '/')).text), ['Ops Team /spaces/ops-team']);
  page = await submit(uma, `/spaces/${slug}/members/${ids.vic}`, { remove: '1' }, 'remove Vic');
  assert.match(mainText(page), /The person is no longer a member\./);
  assert.equal(memberRow(memberSection(page.text, 'Members'), 'Vic Removed'), null);
  assert.match(mainText(page), /Private 1 member/);

  // Vic is out: no posts, no menu entry.
  page = await fx.page(vic, `/spaces/${slug}`);
  assert.equal(card(page.text, post), null);
  assert.match(mainText(page), /Only the members of this space read what is posted in it\./);
  assert.equal(mySpacesMenu(page.text), null);
  assert.equal((await vic.get(`/items/${post}`)).status, 404);
});

// ---- content ------------------------------------------------------------------------

test('pin and unpin: moderators do, plain members may not', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Announcements', visibility: 'internal' });
  const wes = await web('wes');
  const zoe = await web('zoe');
  await submit(wes, `/spaces/${slug}/join`, {});
  await submit(zoe, `/spaces/${slug}/join`, {});
  await fx.page(olga, `/spaces/${slug}/members`);
  await submit(olga, `/spaces/${slug}/members/${ids.wes}`, { role: 'moderator' });
  const older = await postIn(zoe, slug, 'Canteen opens at noon');
  const newer = await postIn(zoe, slug, 'Parking closed on Friday');

  // A plain member has no pin button and is refused.
  let page = await fx.page(zoe, `/items/${older}`);
  assert.doesNotMatch(page.text, /action="\/items\/\d+\/pin"/);
  let res = await zoe.postForm(`/items/${older}/pin`, { on: '1' });
  assert.equal(res.status, 403);
  assert.match(textOf(res.text), /Only the space's moderators may pin items\./);
  assert.doesNotMatch((await fx.page(zoe, `/spaces/${slug}`)).text, /<section class="pinned"/);

  // The moderator pins from the post's page.
  page = await fx.page(wes, `/items/${older}`);
  assert.match(page.text, new RegExp(`<form method="post" action="/items/${older}/pin" class="inline">.*?name="on" value="1"><button type="submit" class="link">Pin</button>`));
  page = await submit(wes, `/items/${older}/pin`, { on: '1' }, 'pin');
  assert.equal(new URL(page.url).pathname, `/items/${older}`);
  assert.match(mainText(page), /Your changes are saved\./);
  assert.match(card(page.text, older), /<span class="badge">Pinned<\/span>/);
  assert.match(card(page.text, older), />Unpin<\/button>/);

  // Everyone sees it pinned above the stream, even though it is older.
  page = await fx.page(zoe, `/spaces/${slug}`);
  const pinned = /<section class="pinned" aria-label="Pinned"><h2>Pinned<\/h2>([\s\S]*?)<\/section>/.exec(page.text);
  assert.ok(pinned, 'a Pinned section');
  assert.deepEqual([...pinned[1].matchAll(/<article class="item"[^>]* data-id="(\d+)"/g)].map((m) => Number(m[1])), [older]);
  assert.match(textOf(pinned[1]), /Canteen opens at noon/);
  assert.ok(page.text.indexOf('<section class="pinned"') < page.text.indexOf('<section class="stream"'), 'pinned posts come first');
  // The stream itself keeps its order, the pinned post in its place.
  const stream = /<section class="stream"[\s\S]*?<\/section>/.exec(page.text)[0];
  assert.deepEqual(cardIds(stream), [newer, older]);

  res = await zoe.postForm(`/items/${older}/pin`, { on: '0' });
  assert.equal(res.status, 403, 'nor may a member unpin');
  page = await submit(wes, `/items/${older}/pin`, { on: '0' }, 'unpin');
  assert.doesNotMatch(card(page.text, older), /badge">Pinned/);
  assert.doesNotMatch((await fx.page(zoe, `/spaces/${slug}`)).text, /<section class="pinned"/);

  // Posts on a profile have nothing to be pinned to.
  await fx.page(olga, '/');
  await olga.postForm('/items', { body: 'On my profile', next: '/' });
  const profilePost = cardIds((await fx.page(olga, '/')).text)[0];
  res = await olga.postForm(`/items/${profilePost}/pin`, { on: '1' });
  assert.equal(res.status, 400);
  assert.match(textOf(res.text), /Only items in a space can be pinned\./);
});

test('archive makes a space read-only and hides it from the directory; restore undoes it', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Old Project', visibility: 'internal' });
  const kai = await web('kai');
  await submit(kai, `/spaces/${slug}/join`, {});
  const post = await postIn(kai, slug, 'Final report delivered');
  const sid = await spaceId(kai, slug);

  // A member may not archive.
  assert.equal((await kai.postForm(`/spaces/${slug}/archive`, { archived: '1' })).status, 403);

  const settings = await fx.page(olga, `/spaces/${slug}/settings`);
  assert.match(mainText(settings), /An archived space is read-only and leaves the directory; it can be restored\. Archive the space/);
  let page = await submit(olga, `/spaces/${slug}/archive`, { archived: '1' }, 'archive');
  assert.equal(new URL(page.url).pathname, `/spaces/${slug}`);
  let text = mainText(page);
  assert.match(text, /The space is archived\./);
  assert.match(text, /This space is archived: it is read-only\./);
  assert.match(text, /Old Project Internal Archived 2 members/);
  assert.doesNotMatch(page.text, /id="composer-body"/, 'no composer for the owner');

  page = await fx.page(kai, `/spaces/${slug}`);
  assert.doesNotMatch(page.text, /id="composer-body"/, 'no composer for members');
  assert.ok(card(page.text, post), 'what was posted is still there to read');
  assert.doesNotMatch(card(page.text, post), /<form[^>]*action="\/items\/\d+\/like"/, 'no like button');
  let res = await kai.postForm('/items', { body: 'Still here?', space: String(sid), next: `/spaces/${slug}` });
  assert.equal(res.status, 403);
  assert.match(textOf(res.text), /This space is archived: it is read-only\./);
  page = await fx.page(kai, `/items/${post}`);
  assert.doesNotMatch(page.text, /id="comment-body"/, 'no comment form');
  assert.match(mainText(page), /Comments This space is archived: it is read-only\./);
  assert.doesNotMatch(page.text, /href="\/items\/\d+\/edit"|action="\/items\/\d+\/delete"/, 'no edit or delete');
  res = await kai.postForm(`/items/${post}/comments`, { body: 'A late comment' });
  assert.equal(res.status, 403);

  // Out of the directory and of "My spaces"; owners find it under Archived.
  assert.doesNotMatch(mainOf((await fx.page(kai, '/spaces')).text), /Old Project/);
  assert.doesNotMatch(mainOf((await fx.page(kai, '/spaces?archived=1')).text), /Old Project/, 'members do not list archives');
  assert.equal(mySpacesMenu((await fx.page(kai, '/')).text), null);
  const archived = await fx.page(olga, '/spaces?archived=1');
  assert.match(archived.text, /<a href="\/spaces\?archived=1" aria-current="page">Archived<\/a>/);
  assert.match(mainText(archived), /Old Project Internal Archived Owner/);
  assert.doesNotMatch(mainOf((await fx.page(olga, '/spaces')).text), /Old Project/);

  // Restore.
  const again = await fx.page(olga, `/spaces/${slug}/settings`);
  assert.match(mainText(again), /Restoring the space makes it writable and lists it in the directory again\. Restore the space/);
  page = await submit(olga, `/spaces/${slug}/archive`, { archived: '0' }, 'restore');
  text = mainText(page);
  assert.match(text, /The space is restored\./);
  assert.doesNotMatch(text, /read-only|Archived/);
  assert.match(page.text, /id="composer-body"/);
  assert.match(mainOf((await fx.page(kai, '/spaces')).text), /Old Project/);
  assert.deepEqual(mySpacesMenu((await fx.page(kai, '/')).text), ['Old Project /spaces/old-project']);
  await postIn(kai, slug, 'Back in business');
  assert.match((await fx.page(kai, `/items/${post}`)).text, /id="comment-body"/);
});

test('delete: administrators only, after typing the address; the space, its sub-spaces and posts are gone', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Doomed', visibility: 'internal' });
  const parentId = await spaceId(olga, slug);
  await fx.page(olga, `/spaces/new?parent=${parentId}`);
  const child = await createSpace(olga, { name: 'Doomed Child', visibility: 'private', parent: String(parentId) });
  const post = await postIn(olga, slug, 'Last words');
  const childPost = await postIn(olga, child, 'Child words');

  // The owner is no administrator.
  const settings = await fx.page(olga, `/spaces/${slug}/settings`);
  assert.doesNotMatch(settings.text, /Delete the space/);
  assert.equal((await olga.get(`/spaces/${slug}/delete`)).status, 404);
  assert.equal((await olga.postForm(`/spaces/${slug}/delete`, { confirm: slug })).status, 403);

  const ada = await web('ada');
  const adminSettings = await fx.page(ada, `/spaces/${slug}/settings`);
  assert.match(adminSettings.text, /<a class="danger" href="\/spaces\/doomed\/delete">Delete the space<\/a>/);
  const confirm = await fx.page(ada, `/spaces/${slug}/delete`);
  assert.match(mainText(confirm), /The space, its sub-spaces and everything posted in them will be gone for everyone\. This cannot be undone\. To confirm, type the space's address: doomed/);

  let res = await ada.postForm(`/spaces/${slug}/delete`, { confirm: 'Doomed!' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'Type the space\'s address exactly to confirm.');
  res = await ada.postForm(`/spaces/${slug}/delete`, {});
  assert.equal(res.status, 400);
  await fx.page(olga, `/spaces/${slug}`);
  assert.ok(card((await fx.page(olga, `/spaces/${slug}`)).text, post), 'nothing is deleted yet');

  const page = await submit(ada, `/spaces/${slug}/delete`, { confirm: ` ${slug} ` }, 'delete');
  assert.equal(new URL(page.url).pathname, '/spaces');
  assert.match(mainText(page), /The space is deleted\./);
  for (const c of [ada, olga]) {
    for (const p of [`/spaces/${slug}`, `/spaces/${child}`, `/items/${post}`, `/items/${childPost}`, `/spaces/${slug}/members`])
      assert.equal((await c.get(p)).status, 404, `${p} after the deletion`);
    assert.doesNotMatch(mainOf((await fx.page(c, '/spaces')).text), /Doomed/);
    assert.equal(card((await fx.page(c, '/')).text, post), null, 'gone from the home stream');
  }
  assert.equal(mySpacesMenu((await fx.page(olga, '/')).text)?.some((s) => /Doomed/.test(s)) ?? false, false);
  // The address is free again.
  assert.equal(await createSpace(olga, { name: 'Doomed again', slug: 'doomed', visibility: 'internal' }), 'doomed');
});

test('sub-spaces: owners create them from the parent; never more visible than the parent', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Engineering', visibility: 'internal' });
  const pid = await spaceId(olga, slug);
  let page = await fx.page(olga, `/spaces/${slug}`);
  assert.match(page.text, new RegExp(`<h2>Sub-spaces</h2><ul class="cards"></ul><p><a href="/spaces/new\\?parent=${pid}">New sub-space</a>`));

  const form = await fx.page(olga, `/spaces/new?parent=${pid}`);
  assert.match(mainText(form), /^New sub-space in Engineering/);
  assert.equal(inputValue(form.text, 'parent'), String(pid));
  assert.equal(checkedRadio(form.text, 'visibility'), 'internal', 'the parent\'s visibility by default');

  let res = await olga.postForm('/spaces', { parent: String(pid), name: 'Platform', visibility: 'public' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'A sub-space cannot be more visible than its parent.');
  assert.equal(inputValue(res.text, 'parent'), String(pid), 'still a sub-space form');
  assert.equal(inputValue(res.text, 'name'), 'Platform');
  assert.match(mainText(res), /^New sub-space in Engineering/);

  const sub = await createSpace(olga, { parent: String(pid), name: 'Platform', visibility: 'extranet' });
  page = await fx.page(olga, `/spaces/${sub}`);
  assert.match(page.text, /<nav aria-label="Parent spaces" class="crumbs"><ol><li><a href="\/spaces\/engineering">Engineering<\/a><\/li><\/ol><\/nav>/);
  assert.match(mainText(page), /Platform Extranet 1 member/);
  const parent = await fx.page(olga, `/spaces/${slug}`);
  const subs = /<h2>Sub-spaces<\/h2>([\s\S]*?)<\/section>/.exec(parent.text)[1];
  assert.match(textOf(subs), /Platform Extranet Owner 1 member · in Engineering/);

  // A grandchild under the extranet space: private fits, internal does not.
  const subId = await spaceId(olga, sub);
  res = await olga.postForm('/spaces', { parent: String(subId), name: 'Wider', visibility: 'internal' });
  assert.equal(res.status, 400);
  const grand = await createSpace(olga, { parent: String(subId), name: 'Platform Core', visibility: 'private' });
  assert.match((await fx.page(olga, `/spaces/${grand}`)).text,
    /<ol><li><a href="\/spaces\/engineering">Engineering<\/a><\/li><li><a href="\/spaces\/platform">Platform<\/a><\/li><\/ol>/);

  // The parent cannot become narrower than a sub-space.
  await fx.page(olga, `/spaces/${slug}/settings`);
  res = await olga.postForm(`/spaces/${slug}/settings`, { name: 'Engineering dept', slug, description: '', visibility: 'private' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'A sub-space would be more visible than this space; change it first.');
  assert.equal(inputValue(res.text, 'name'), 'Engineering dept', 'the form keeps what was typed');
  assert.match(mainText(await fx.page(olga, `/spaces/${slug}`)), /Engineering Internal/, 'nothing changed');

  // An external partner cannot be invited below a space they cannot see.
  res = await olga.postForm(`/spaces/${sub}/members`, { person: 'xena@example.test' });
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'This person cannot see the parent space; invite them there first.');

  // Members who do not own the parent have no way to add sub-spaces.
  const lou = await web('lou');
  await submit(lou, `/spaces/${slug}/join`, {});
  assert.doesNotMatch((await fx.page(lou, `/spaces/${slug}`)).text, /New sub-space/);
  assert.equal((await lou.get(`/spaces/new?parent=${pid}`)).status, 403);
  res = await lou.postForm('/spaces', { parent: String(pid), name: 'Rogue', visibility: 'internal' });
  assert.equal(res.status, 403);
  assert.match(mainText(await fx.page(olga, '/spaces?q=rogue')), /No space here\./);
});

test('settings: a new name and address; secret hides a private space from non-members', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Hush Project', description: 'Early *ideas*', visibility: 'private' });
  const nina = await web('nina');
  assert.match(mainOf((await fx.page(nina, '/spaces?q=hush')).text), /href="\/spaces\/hush-project"/, 'listed while not secret');

  const form = await fx.page(olga, `/spaces/${slug}/settings`);
  assert.equal(inputValue(form.text, 'name'), 'Hush Project');
  assert.equal(inputValue(form.text, 'slug'), 'hush-project');
  assert.match(form.text, /<textarea id="description"[^>]*>Early \*ideas\*<\/textarea>/);
  assert.equal(checkedRadio(form.text, 'visibility'), 'private');
  let page = await submit(olga, `/spaces/${slug}/settings`,
    { name: 'Quiet Project', slug: 'quiet', description: 'Later *plans*', visibility: 'private', secret: '1' }, 'save settings');
  assert.equal(new URL(page.url).pathname, '/spaces/quiet/settings', 'the settings follow the new address');
  assert.match(mainText(page), /Your changes are saved\./);
  assert.match(page.text, /id="secret"[^>]*checked/);
  page = await fx.page(olga, '/spaces/quiet');
  assert.match(mainText(page), /Quiet Project Private Secret 1 member/);
  assert.match(mainOf(page.text), /<p>Later <em>plans<\/em><\/p>/);
  assert.equal((await olga.get(`/spaces/${slug}`)).status, 404, 'the old address is free');

  // Secret: a non-member employee neither finds nor opens it.
  assert.match(mainText(await fx.page(nina, '/spaces?q=quiet')), /No space here\./);
  assert.equal((await nina.get('/spaces/quiet')).status, 404);
  assert.equal((await nina.postForm('/spaces/quiet/join', {})).status, 404);

  // A taken address and a bad name come back on the form.
  await createSpace(olga, { name: 'Loud Project', visibility: 'internal' });
  let res = await olga.postForm('/spaces/quiet/settings', { name: 'Quiet Project', slug: 'loud-project', visibility: 'private', secret: '1' });
  assert.equal(res.status, 409);
  assert.equal(formError(res.text), 'Another space already has this address.');
  assert.equal(inputValue(res.text, 'slug'), 'loud-project');
  res = await olga.postForm('/spaces/quiet/settings', { name: '', slug: 'quiet', visibility: 'public', secret: '1' });
  assert.equal(res.status, 400);
  assert.equal(checkedRadio(res.text, 'visibility'), 'public', 'what was chosen is kept');

  // Not secret again: found and opened (the about page only).
  await submit(olga, '/spaces/quiet/settings', { name: 'Quiet Project', slug: 'quiet', description: 'Later *plans*', visibility: 'private' });
  page = await fx.page(nina, '/spaces/quiet');
  assert.match(mainText(page), /Only the members of this space read what is posted in it\./);
  assert.match(mainOf((await fx.page(nina, '/spaces?q=quiet')).text), /href="\/spaces\/quiet"/);
});

test('the space picture: uploaded by the owner, shown on the space and in the directory, removed', async () => {
  const olga = await web('olga');
  const slug = await createSpace(olga, { name: 'Gallery', visibility: 'private' });
  const settings = await fx.page(olga, `/spaces/${slug}/settings`);
  assert.match(settings.text, /<form method="post" action="\/spaces\/gallery\/photo" enctype="multipart\/form-data">/);
  assert.doesNotMatch(settings.text, /Remove the picture/, 'nothing to remove yet');
  assert.match((await fx.page(olga, `/spaces/${slug}`)).text, /<header class="space-head"><img src="\/assets\/icon\.svg/, 'a placeholder first');

  const png = makePng(64, 48);
  let res = await fx.postMultipart(olga, `/spaces/${slug}/photo`, [{ name: 'photo', filename: 'team.png', type: 'image/png', data: png }]);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.equal(res.location, `/spaces/${slug}/settings?done=saved`);
  let page = await olga.follow(res);
  assert.match(mainText(page), /Your changes are saved\./);
  assert.match(page.text, />Remove the picture<\/button>/);

  page = await fx.page(olga, `/spaces/${slug}`);
  const src = /<header class="space-head"><img src="([^"]+)"/.exec(page.text)[1];
  assert.match(src, /^\/spaces\/gallery\/photo\?v=\d+$/);
  const img = await olga.get(src);
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/webp');
  assert.match(img.headers.get('cache-control'), /^private\b/, 'a private space\'s picture is not for shared caches');
  const bytes = Buffer.from(await (await fetch(srv.url + src, { headers: { cookie: `ruche_session=${olga.cookies.ruche_session}` } })).arrayBuffer());
  assert.ok(fx.isWebp(bytes), 'converted to WebP');
  assert.match(mainOf((await fx.page(olga, '/spaces?q=gallery')).text), new RegExp(`<li class="card space"><img src="${src.replace('?', '\\?')}"`));

  // Employees may see a (not secret) private space's picture; anonymous visitors may not.
  const nina = await web('nina');
  assert.equal((await nina.get(src)).status, 200);
  assert.equal((await new fx.Client(srv.url).get(src)).status, 404);

  // What is not an image is refused on the settings page; members may not upload.
  res = await fx.postMultipart(olga, `/spaces/${slug}/photo`, [{ name: 'photo', filename: 'notes.txt', type: 'text/plain', data: Buffer.from('not an image') }]);
  assert.equal(res.status, 400);
  assert.equal(formError(res.text), 'The photo must be a PNG, JPEG or WebP image.');
  const mia = await web('mia');
  await invite(olga, slug, '@mia');
  await submit(mia, `/spaces/${slug}/join`, {});
  res = await fx.postMultipart(mia, `/spaces/${slug}/photo`, [{ name: 'photo', filename: 'mine.png', type: 'image/png', data: png }]);
  assert.equal(res.status, 403);
  assert.equal((await olga.get(src)).status, 200, 'the picture is unchanged');

  // Removed: back to the placeholder; the old address is gone.
  await fx.page(olga, `/spaces/${slug}/settings`);
  page = await submit(olga, `/spaces/${slug}/photo/delete`, {}, 'remove the picture');
  assert.doesNotMatch(page.text, /Remove the picture/);
  assert.match((await fx.page(olga, `/spaces/${slug}`)).text, /<header class="space-head"><img src="\/assets\/icon\.svg/);
  assert.equal((await olga.get(src)).status, 404);
});

// ---- navigation, notifications, live updates ---------------------------------------------

test('"My spaces" in the navigation lists the spaces one is a member of, by name', async () => {
  const olga = await web('olga');
  const zebra = await createSpace(olga, { name: 'Zebra Fans', visibility: 'internal' });
  const alpha = await createSpace(olga, { name: 'alpha readers', visibility: 'internal' });
  const invitedOnly = await createSpace(olga, { name: 'Middle Earth', visibility: 'private' });

  const quinn = await web('quinn');
  let page = await fx.page(quinn, '/');
  assert.equal(mySpacesMenu(page.text), null, 'no menu for someone in no space');
  assert.match(navOf(page.text), /<a href="\/spaces">Spaces<\/a>/);

  await submit(quinn, `/spaces/${zebra}/join`, {});
  await submit(quinn, `/spaces/${alpha}/join`, {});
  await invite(olga, invitedOnly, '@quinn');
  page = await fx.page(quinn, '/people');
  assert.deepEqual(mySpacesMenu(page.text), ['alpha readers /spaces/alpha-readers', 'Zebra Fans /spaces/zebra-fans'],
    'members only, by name whatever the case');
  assert.match(mainText(await fx.page(quinn, '/spaces?mine=1')), /^Spaces New space You are invited to join Middle Earth All spaces My spaces Archived Name of the space Search alpha readers Internal Member 2 members Zebra Fans Internal Member 2 members$/);

  // "Spaces" is the current page anywhere under /spaces.
  assert.match(navOf((await fx.page(quinn, `/spaces/${zebra}`)).text), /<a href="\/spaces" aria-current="page">Spaces<\/a>/);

  await submit(quinn, `/spaces/${zebra}/leave`, {});
  assert.deepEqual(mySpacesMenu((await fx.page(quinn, '/')).text), ['alpha readers /spaces/alpha-readers']);
});

test('the live fragment of a space\'s stream gives its new cards to its readers only', async () => {
  const olga = await web('olga');
  const room = await createSpace(olga, { name: 'Live Room', visibility: 'private' });
  const hall = await createSpace(olga, { name: 'Live Hall', visibility: 'internal' });
  const ole = await web('ole');
  await invite(olga, room, '@ole');
  await submit(ole, `/spaces/${room}/join`, {});
  const roomId = await spaceId(olga, room);
  const hallId = await spaceId(olga, hall);

  const page = await fx.page(ole, `/spaces/${room}`);
  assert.match(page.text, new RegExp(`<section class="stream" aria-label="Posts" data-live="space:${roomId}" data-after="0">`));
  const a = await postIn(olga, room, 'First in the room');
  await postIn(olga, hall, 'Meanwhile in the hall');
  const b = await postIn(ole, room, 'Second in the room');

  // A fragment with no card is empty, no document: fetched without the
  // validating client, then validated when there is something in it.
  const frag = async (c, sid, after) => {
    const res = await PlainClient.prototype.request.call(c, 'GET', `/fragments/stream?live=space:${sid}&after=${after}`);
    if (res.status === 200 && res.text) fx.validHtml(res, `fragment space:${sid} after ${after}`);
    return res;
  };
  let res = await frag(ole, roomId, 0);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.deepEqual(cardIds(res.text), [b, a], 'the room\'s cards, newest first, not the hall\'s');
  assert.match(card(res.text, b), /Second in the room/);
  assert.doesNotMatch(res.text, /<html|<main/, 'cards only, no page around them');
  res = await frag(ole, roomId, a);
  assert.deepEqual(cardIds(res.text), [b], 'only what came after');
  res = await frag(ole, roomId, b);
  assert.equal(res.status, 200);
  assert.deepEqual(cardIds(res.text), []);

  // Not for those who may not read the room.
  const nina = await web('nina');
  assert.equal((await frag(nina, roomId, 0)).status, 404);
  const xena = await web('xena');
  assert.equal((await frag(xena, roomId, 0)).status, 404);
  assert.equal((await frag(xena, hallId, 0)).status, 404, 'external accounts do not read internal spaces');
  const anon = await frag(new fx.Client(srv.url), roomId, 0);
  assert.equal(anon.status, 303);
  assert.match(anon.location, /^\/login/);
  // An internal space's fragment is for every employee.
  assert.equal(cardIds((await frag(nina, hallId, 0)).text).length, 1);
  assert.equal((await frag(ole, 'x', 0)).status, 400);
});

// ---- the public side ------------------------------------------------------------------

test('anonymous visitors read public spaces and their posts, and nothing else', async () => {
  const olga = await web('olga');
  const pub = await createSpace(olga, { name: 'Open Source Corner', description: 'Our *public* projects', visibility: 'public' });
  const ext = await createSpace(olga, { name: 'Partner Deals', visibility: 'extranet' });
  const post = await postIn(olga, pub, 'We released **v2**');
  await fx.page(olga, `/items/${post}`);
  await olga.postForm(`/items/${post}/comments`, { body: 'Download it now' });

  const anon = new fx.Client(srv.url);
  const dir = await fx.page(anon, '/spaces');
  assert.match(mainText(dir), /Open Source Corner Public 1 member Our public projects/);
  assert.doesNotMatch(dir.text, /Partner Deals|Beekeeping|Internal|Private|Extranet/, 'only public spaces');
  assert.match(navOf(dir.text), /<a href="\/login\?next=%2Fspaces">Sign in<\/a>/);

  let page = await fx.page(anon, `/spaces/${pub}`);
  const c = card(page.text, post);
  assert.match(c, /We released <strong>v2<\/strong>/);
  assert.match(c, /<span class="likes">0 likes<\/span>/, 'a count, not a button');
  assert.doesNotMatch(page.text, /id="composer-body"|action="\/spaces\/[^"]*\/join"/);
  assert.match(page.text, /<a href="\/login\?next=\/spaces\/open-source-corner">Sign in to take part<\/a>/);
  assert.doesNotMatch(page.text, /href="\/spaces\/open-source-corner\/members"/, 'members are not listed to visitors');
  assert.equal((await anon.get(`/spaces/${pub}/members`)).status, 303);

  page = await fx.page(anon, `/items/${post}`);
  assert.match(mainText(page), /We released v2/);
  assert.match(mainText(page), /Download it now/);
  assert.doesNotMatch(page.text, /id="comment-body"|<button[^>]*>Like<\/button>/);
  assert.match(page.text, new RegExp(`<a href="/login\\?next=/items/${post}">Sign in to react</a>`));
  assert.equal((await anon.postForm(`/items/${post}/like`, { on: '1' })).status, 401);

  for (const p of [`/spaces/${ext}`, `/spaces/${ext}/photo`, '/spaces/no-such-space'])
    assert.equal((await anon.get(p)).status, 404, p);
  const pid = await spaceId(olga, pub);
  assert.equal((await anon.get(`/spaces?parent=${pid}`)).status, 200);
});
