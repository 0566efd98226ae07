'use strict';
// The pages of questions, ideas and polls: asking (with the similar
// questions step that works without JavaScript), answering and accepting,
// the answered / unanswered lists, idea votes and statuses, poll creation,
// the results chart (SVG with text labels, and a table), voting, closing;
// each kind's life cycle through the forms (create, read, edit, delete,
// comment, like, tag); what a reader may not see is a 404.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/qa_web.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'qa web password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [person('ada', 'Ada Admin', 'admin'), person('olga', 'Olga Owner'), person('mo', 'Mo Moderator'),
  person('eve', 'Eve Martin'), person('bob', 'Bob Durand')];

let srv;
const c = {};
const tokens = {};
let guild;
let secret;

before(async () => {
  srv = await startServer({ users: USERS });
  for (const u of USERS) {
    const h = u.email.split('@')[0];
    c[h] = await fx.signedIn(srv.url, u.email, PASSWORD);
    tokens[h] = await fx.createToken(srv.dataDir, u.email);
  }
  const api = new fx.Client(srv.url);
  const call = async (who, method, path, body) => {
    const res = await api.json(method, path, body, { token: tokens[who], cookies: false });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
    return res.json();
  };
  guild = await call('olga', 'POST', '/api/v1/spaces', { name: 'Guild', visibility: 'internal' });
  for (const h of ['mo', 'eve']) await call(h, 'POST', `/api/v1/spaces/${guild.id}/join`);
  const people = (await call('ada', 'GET', '/api/v1/people?limit=100')).items;
  await call('olga', 'PATCH', `/api/v1/spaces/${guild.id}/members/${people.find((p) => p.handle === 'mo').id}`, { role: 'moderator' });
  secret = await call('olga', 'POST', '/api/v1/spaces', { name: 'Secret Lab', visibility: 'private', secret: true });
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

/** Posts a form; asserts a redirect and returns its target's path. */
async function post(who, path, fields, status = 303) {
  const res = await c[who].postForm(path, fields);
  assert.equal(res.status, status, `${who}: POST ${path} → ${res.status}\n${res.text.slice(0, 600)}`);
  return res;
}
const idOf = (res) => Number(/\/items\/(\d+)/.exec(res.location)[1]);

test('questions: ask with similar suggestions (no JavaScript), answer, accept, lists', async () => {
  // an earlier question, in a secret space: never suggested to outsiders
  const hidden = idOf(await post('olga', '/items', { type: 'question', space: secret.id, title: 'Printer on floor 3 is jammed' }));
  const visible = idOf(await post('mo', '/items', { type: 'question', space: guild.id, title: 'How to fix the printer jam?' }));
  // the ask form, then "Check for similar questions": the form comes back filled, with suggestions
  let res = await fx.page(c.eve, `/items/new?type=question&space=${guild.id}`);
  assert.match(res.text, /Check for similar questions/);
  assert.match(res.text, /questions\.js/);
  res = await c.eve.postForm(`/items/new?type=question&space=${guild.id}`, { type: 'question', space: guild.id, title: 'Printer jam again', body: 'Help' });
  assert.equal(res.status, 200, res.text.slice(0, 400));
  fx.validHtml(res, 'similar step');
  assert.match(res.text, new RegExp(`href="/items/${visible}">How to fix the printer jam\\?</a>`));
  assert.doesNotMatch(res.text, /floor 3/, 'a secret question is never suggested');
  assert.match(res.text, /value="Printer jam again"/, 'the title is kept');
  res = await c.olga.postForm(`/items/new?type=question`, { type: 'question', title: 'printer' });
  assert.match(res.text, new RegExp(`/items/${hidden}"`), 'its members see it');

  // ask, answer, accept through the forms
  const q = idOf(await post('eve', '/items', { type: 'question', space: guild.id, title: 'Printer jam again', body: 'Help', tags: 'printers' }));
  res = await fx.page(c.eve, `/items/${q}`);
  assert.match(res.text, /Unanswered/);
  await post('bob', `/items/${q}/comments`, { body: 'Open tray 2 and pull gently.' });
  await post('mo', `/items/${q}/comments`, { body: 'Call the help desk.' });
  res = await fx.page(c.bob, `/items/${q}`);
  assert.doesNotMatch(res.text, /Accept this answer/, 'only the asker or a moderator may accept');
  res = await fx.page(c.eve, `/items/${q}`);
  const answers = [...res.text.matchAll(/name="comment" value="(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(answers.length, 2);
  await post('bob', `/items/${q}/accept`, { comment: answers[0] }, 403);
  await post('eve', `/items/${q}/accept`, { comment: 999999 }, 400);
  res = await post('eve', `/items/${q}/accept`, { comment: answers[0] });
  res = await fx.page(c.bob, `/items/${q}`);
  assert.match(res.text, /<h2 id="accepted-heading">Accepted answer<\/h2>[\s\S]*Open tray 2[\s\S]*id="comments"/, 'shown first');
  assert.match(res.text, new RegExp(`id="comment-${answers[0]}"[\\s\\S]*?Accepted answer`), 'marked in the thread');
  // lists
  res = await fx.page(c.bob, `/spaces/${guild.slug}/content?type=question&answered=1`);
  assert.match(res.text, new RegExp(`/items/${q}"`));
  assert.doesNotMatch(res.text, new RegExp(`/items/${visible}"`));
  res = await fx.page(c.bob, `/spaces/${guild.slug}/content?type=question&answered=0`);
  assert.match(res.text, new RegExp(`/items/${visible}"`));
  assert.doesNotMatch(res.text, new RegExp(`/items/${q}"`));
  // un-accept
  await post('eve', `/items/${q}/accept`, { comment: 0 });
  assert.match((await fx.page(c.bob, `/items/${q}`)).text, /Unanswered/);
  // edit, like, tag, delete
  await post('eve', `/items/${q}/edit`, { title: 'Printer jam (again)', body: 'Help!', tags: 'printers, office' });
  res = await fx.page(c.bob, '/tags/office');
  assert.match(res.text, new RegExp(`/items/${q}"`));
  await post('bob', `/items/${q}/like`, { on: 1 });
  await post('eve', `/items/${q}/delete`, {});
  await fx.page(c.bob, `/items/${q}`, { status: 404 });
  await fx.page(c.bob, `/items/${hidden}`, { status: 404 });
  await post('bob', `/items/${hidden}/accept`, { comment: 0 }, 404);
});

test('ideas: post, vote once, status by moderators, sorted lists', async () => {
  const idea = idOf(await post('eve', '/items', { type: 'idea', space: guild.id, title: 'Bike shed', body: 'A covered one.', tags: 'campus' }));
  let res = await fx.page(c.bob, `/items/${idea}`);
  assert.match(res.text, /Score: 0/);
  assert.doesNotMatch(res.text, /Set the status/);
  await post('bob', `/items/${idea}/vote`, { value: 1 });
  await post('bob', `/items/${idea}/vote`, { value: 1 });
  res = await fx.page(c.bob, `/items/${idea}`);
  assert.match(res.text, /Score: 1/);
  assert.match(res.text, /aria-pressed="true">Withdraw my vote for/);
  await post('bob', `/items/${idea}/vote`, { value: 5 }, 400);
  await post('eve', `/items/${idea}/status`, { status: 'planned' }, 403);
  res = await fx.page(c.mo, `/items/${idea}`);
  assert.match(res.text, /Set the status/);
  await post('mo', `/items/${idea}/status`, { status: 'planned', status_comment: 'Next spring.' });
  res = await fx.page(c.bob, `/items/${idea}`);
  assert.match(res.text, /Planned/);
  assert.match(res.text, /Next spring\./);
  const other = idOf(await post('mo', '/items', { type: 'idea', space: guild.id, title: 'Later idea', body: 'x' }));
  res = await fx.page(c.bob, `/spaces/${guild.slug}/content?type=idea&sort=score`);
  assert.ok(res.text.indexOf(`/items/${idea}"`) < res.text.indexOf(`/items/${other}"`), 'best score first');
  res = await fx.page(c.bob, `/spaces/${guild.slug}/content?type=idea`);
  assert.ok(res.text.indexOf(`/items/${other}"`) < res.text.indexOf(`/items/${idea}"`), 'newest first');
  res = await fx.page(c.bob, `/spaces/${guild.slug}/content?type=idea&status=planned`);
  assert.doesNotMatch(res.text, new RegExp(`/items/${other}"`));
  await post('mo', `/items/${idea}/status`, { status: 'done', status_comment: '' });
  await post('bob', `/items/${idea}/vote`, { value: -1 }, 409);
  await post('eve', `/items/${idea}/comments`, { body: 'Thanks!' });
  await post('eve', `/items/${idea}/delete`, {});
  await fx.page(c.bob, `/items/${idea}`, { status: 404 });
});

test('polls: form, chart and table, vote and change, secret voters, closing', async () => {
  let res = await fx.page(c.eve, `/items/new?type=poll&space=${guild.id}`);
  assert.match(res.text, /name="options"/);
  res = await c.eve.postForm('/items', { type: 'poll', space: guild.id, title: 'Lunch?', options: 'Only one', poll_form: 1 });
  assert.equal(res.status, 400);
  assert.equal(fx.formError(res.text), 'A poll has 2 to 20 options.');
  const poll = idOf(await post('eve', '/items', { type: 'poll', space: guild.id, title: 'Team lunch <day>?', options: 'Monday\r\nFriday & later\r\n\r\nNever',
    poll_form: 1, voters_visible: 1, closes_at: '2099-01-01T12:00', tags: 'lunch' }));
  res = await fx.page(c.bob, `/items/${poll}`);
  assert.match(res.text, /<svg class="poll-chart" role="img"[^>]*aria-label="Results — Team lunch &lt;day&gt;\?"/);
  assert.match(res.text, /<title>Team lunch &lt;day&gt;\?<\/title>/, 'escaped inside the SVG');
  assert.match(res.text, /Friday &amp; later — 0 votes \(0 %\)/);
  assert.match(res.text, /<table class="poll-results">/);
  await post('bob', `/items/${poll}/vote`, { option: 1 });
  await post('mo', `/items/${poll}/vote`, { option: 1 });
  await post('olga', `/items/${poll}/vote`, { option: 0 });
  await post('bob', `/items/${poll}/vote`, { option: [0, 1] }, 400);
  await post('bob', `/items/${poll}/vote`, { option: 7 }, 400);
  res = await fx.page(c.bob, `/items/${poll}`);
  assert.match(res.text, /Friday &amp; later — 2 votes \(67 %\)/);
  assert.match(res.text, /<rect x="0" y="\d+" width="402" height="14" rx="3" class="poll-bar"\/>/);
  assert.match(res.text, /<td>(Bob Durand, Mo Moderator|Mo Moderator, Bob Durand)<\/td>/, 'voters shown as the author chose');
  assert.match(res.text, /Change my vote/);
  await post('bob', `/items/${poll}/vote`, { option: 2 });
  res = await fx.page(c.bob, `/items/${poll}`);
  assert.match(res.text, /Never — 1 vote \(33 %\)/);
  await post('bob', `/items/${poll}/vote`, { withdraw: 1 });
  // the edit form: options fixed after the first vote; the author closes it
  res = await fx.page(c.eve, `/items/${poll}/edit`);
  assert.match(res.text, /name="options" rows="5" maxlength="4100" disabled/);
  await post('eve', `/items/${poll}/edit`, { title: 'Team lunch day?', poll_form: 1, voters_visible: 1, closes_at: '2001-01-01T00:00', tags: 'lunch' });
  res = await fx.page(c.bob, `/items/${poll}`);
  assert.match(res.text, /Closed on/);
  assert.doesNotMatch(res.text, /class="poll-vote"/);
  await post('bob', `/items/${poll}/vote`, { option: 0 }, 409);
  // secret voters on a profile poll, multiple choice
  const secretPoll = idOf(await post('eve', '/items', { type: 'poll', title: 'Drinks', options: 'Tea\nCoffee', poll_form: 1, multiple: 1 }));
  await post('bob', `/items/${secretPoll}/vote`, { option: [0, 1] });
  res = await fx.page(c.mo, `/items/${secretPoll}`);
  assert.match(res.text, /Votes are secret/);
  assert.doesNotMatch(res.text, /Bob Durand/);
  // in streams too
  res = await fx.page(c.bob, '/tags/lunch');
  assert.match(res.text, /class="poll-chart"/);
  const hidden = idOf(await post('olga', '/items', { type: 'poll', space: secret.id, title: 'Secret', options: 'a\nb', poll_form: 1 }));
  await post('bob', `/items/${hidden}/vote`, { option: 0 }, 404);
  await post('eve', `/items/${secretPoll}/delete`, {});
});
