'use strict';
// Events (kind `event`): the life cycle through the API and the pages, time
// zones, RSVPs with capacity, waiting list and promotion, attendees, a
// space's upcoming events, and the .ics of an event and the calendar feeds
// read by a real iCalendar parser (Debian's python3-icalendar).
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/events.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'events password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [
  person('ada', 'Ada Admin', 'admin'),
  person('olga', 'Olga Organiser'),
  person('bob', 'Bob Durand'),
  person('cleo', 'Cléo Petit'),
  person('dan', 'Dan Dupont'),
  person('eve', 'Eve Martin'),
];

let srv;
let client;
const tokens = {};
const ids = {};
const spaces = {};

before(async () => {
  srv = await startServer({ users: USERS });
  const x = await runCli(['user', 'add', '--data', srv.dataDir, '--email', 'xena@example.test', '--name', 'Xena Partner',
    '--role', 'external']);
  assert.equal(x.code, 0, x.stderr);
  for (const h of ['ada', 'olga', 'bob', 'cleo', 'dan', 'eve', 'xena']) tokens[h] = await fx.createToken(srv.dataDir, `${h}@example.test`);
  client = new fx.Client(srv.url);
  const list = await ok('ada', 'GET', '/api/v1/people?limit=100');
  for (const p of list.items) ids[p.handle] = p.id;
  spaces.team = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Events Team', visibility: 'internal' }, 201);
  spaces.club = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Secret Club', visibility: 'private' }, 201);
  spaces.open = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Open House', visibility: 'public' }, 201);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

function api(who, method, path, body) {
  return client.json(method, path, body, { token: who ? tokens[who] : undefined, cookies: false });
}

async function ok(who, method, path, body, status = 200) {
  const res = await api(who, method, path, body);
  assert.equal(res.status, status, `${who || 'anonymous'}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
  return status === 204 ? null : res.json();
}

async function problem(who, method, path, body, status, field) {
  const res = await api(who, method, path, body);
  const p = fx.assertProblem(res, status, `${who || 'anonymous'}: ${method} ${path} ${JSON.stringify(body) || ''}`);
  if (field !== undefined) assert.equal(p.field, field, `${method} ${path}: field of ${JSON.stringify(p)}`);
  return p;
}

/** An RFC 3339 UTC time `days` from now, at a whole minute. */
function inDays(days) {
  const t = new Date(Date.now() + days * 86400000);
  t.setUTCSeconds(0, 0);
  return t.toISOString().replace('.000Z', 'Z');
}

const event = (who, fields) => ok(who, 'POST', '/api/v1/items', {
  type: 'event', title: 'Quarterly review', body: 'Bring your **numbers**.', space: spaces.team.id,
  starts_at: inDays(10), ends_at: inDays(10.1), timezone: 'Europe/Paris', ...fields,
}, 201);

const rsvp = (who, id, answer) => ok(who, 'PUT', `/api/v1/items/${id}/rsvp`, { answer });

/** Parses an iCalendar text with python3-icalendar; returns its events. */
function parseIcs(text) {
  const script = `
import sys, json
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.read())
out = {"version": str(cal.get("VERSION")), "prodid": str(cal.get("PRODID")), "name": str(cal.get("X-WR-CALNAME", "")), "events": []}
for ev in cal.walk("VEVENT"):
    start = ev.decoded("DTSTART"); end = ev.decoded("DTEND")
    out["events"].append({
        "uid": str(ev.get("UID")), "summary": str(ev.get("SUMMARY")),
        "description": str(ev.get("DESCRIPTION", "")), "location": str(ev.get("LOCATION", "")),
        "url": str(ev.get("URL", "")), "organizer": str(ev.get("ORGANIZER", "")),
        "cn": str(ev.get("ORGANIZER").params.get("CN", "")) if ev.get("ORGANIZER") else "",
        "status": str(ev.get("STATUS", "")), "dtstamp": ev.decoded("DTSTAMP").isoformat(),
        "start": start.isoformat(), "end": end.isoformat(), "tz": str(start.tzinfo)})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' }));
}

// ---- life cycle ---------------------------------------------------------------------

test('an event through the API: create, read, edit, comment, like, tag, list, delete', async () => {
  const ev = await event('olga', { location: 'Room 4', online_url: 'https://meet.example.test/q', capacity: 30, tags: ['planning'] });
  assert.equal(ev.type, 'event');
  assert.equal(ev.timezone, 'Europe/Paris');
  assert.equal(ev.location, 'Room 4');
  assert.equal(ev.online_url, 'https://meet.example.test/q');
  assert.equal(ev.capacity, 30);
  assert.match(ev.starts_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
  assert.deepEqual(ev.rsvp, { yes: 0, maybe: 0, no: 0, waiting: 0, full: false, my_answer: null, my_waiting_position: null });
  assert.equal(ev.calendar_url, `/items/${ev.id}/calendar.ics`);
  assert.deepEqual(ev.tags, ['planning']);

  const read = await ok('bob', 'GET', `/api/v1/items/${ev.id}`);
  assert.equal(read.starts_at, ev.starts_at);

  const edited = await ok('olga', 'PATCH', `/api/v1/items/${ev.id}`, { location: 'Room 5', capacity: null });
  assert.equal(edited.location, 'Room 5');
  assert.equal(edited.capacity, null);
  assert.equal(edited.starts_at, ev.starts_at, 'unchanged members stay');
  await problem('bob', 'PATCH', `/api/v1/items/${ev.id}`, { location: 'Mine' }, 403);

  await ok('bob', 'POST', `/api/v1/items/${ev.id}/comments`, { body: 'I will be there' }, 201);
  await ok('bob', 'PUT', `/api/v1/items/${ev.id}/like`);
  const listed = await ok('bob', 'GET', `/api/v1/items?type=event&space=${spaces.team.id}`);
  assert.ok(listed.items.some((i) => i.id === ev.id && i.comments_count === 1 && i.likes_count === 1));
  const tagged = await ok('bob', 'GET', '/api/v1/items?tag=planning');
  assert.ok(tagged.items.some((i) => i.id === ev.id));

  await ok('olga', 'DELETE', `/api/v1/items/${ev.id}`, undefined, 204);
  await problem('bob', 'GET', `/api/v1/items/${ev.id}`, undefined, 404);
  await problem('bob', 'PUT', `/api/v1/items/${ev.id}/rsvp`, { answer: 'yes' }, 404);
});

test('times: RFC 3339 with an offset, or a wall-clock time in the event\'s zone; stored in UTC', async () => {
  const a = await event('olga', { starts_at: '2031-07-01T09:00:00+02:00', ends_at: '2031-07-01T17:30:00+02:00' });
  assert.equal(a.starts_at, '2031-07-01T07:00:00Z');
  assert.equal(a.ends_at, '2031-07-01T15:30:00Z');
  // a local time: in Paris summer time (UTC+2), and winter time (UTC+1)
  const b = await event('olga', { starts_at: '2031-07-01T09:00', ends_at: '2031-07-01T10:00' });
  assert.equal(b.starts_at, '2031-07-01T07:00:00Z');
  const c = await event('olga', { starts_at: '2031-12-01T09:00', ends_at: '2031-12-01T10:00', timezone: 'America/New_York' });
  assert.equal(c.starts_at, '2031-12-01T14:00:00Z');
  assert.equal(c.timezone, 'America/New_York');
  const d = await event('olga', { starts_at: '2031-12-01T09:00:00Z', ends_at: '2031-12-01T10:00:00.5Z', timezone: 'UTC' });
  assert.equal(d.starts_at, '2031-12-01T09:00:00Z');

  // the page shows the times in the event's zone, and says which
  const c1 = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  const page = await fx.page(c1, `/items/${c.id}`);
  assert.match(page.text, /<time datetime="2031-12-01T14:00:00Z">2031-12-01 09:00<\/time> – <time datetime="2031-12-01T15:00:00Z">10:00<\/time> <small>\(America\/New_York\)<\/small>/);
});

test('validation: every field named, with limits', async () => {
  const base = { type: 'event', title: 'Bad', space: spaces.team.id, starts_at: inDays(3), ends_at: inDays(3.1), timezone: 'UTC' };
  const bad = (fields, field) => problem('olga', 'POST', '/api/v1/items', { ...base, ...fields }, 400, field);
  await bad({ timezone: 'Mars/Olympus_Mons' }, 'timezone');
  await bad({ timezone: '../../etc/passwd' }, 'timezone');
  await bad({ timezone: 'posixrules/../UTC' }, 'timezone');
  await bad({ timezone: 42 }, 'timezone');
  await bad({ starts_at: 'tomorrow' }, 'starts_at');
  await bad({ starts_at: '2031-02-30T10:00:00Z' }, 'starts_at');
  await bad({ starts_at: '2031-01-01T25:00:00Z' }, 'starts_at');
  await bad({ starts_at: undefined }, 'starts_at');
  await bad({ ends_at: '2031-01-01T10:00:00+25:00' }, 'ends_at');
  await bad({ starts_at: inDays(5), ends_at: inDays(4) }, 'ends_at');
  await bad({ starts_at: inDays(5), ends_at: inDays(400) }, 'ends_at');
  await bad({ location: 'x'.repeat(201) }, 'location');
  await bad({ location: 'two\nlines' }, 'location');
  await bad({ online_url: 'javascript:alert(1)' }, 'online_url');
  await bad({ online_url: 'ftp://example.test/' }, 'online_url');
  await bad({ capacity: 0 }, 'capacity');
  await bad({ capacity: 100001 }, 'capacity');
  await bad({ capacity: '10' }, 'capacity');
  await bad({ title: '' }, 'title');
  await bad({ colour: 'red' }, 'colour');
});

// ---- RSVP ---------------------------------------------------------------------------

test('RSVP: capacity, waiting list in order, promotion with a notification, changing one\'s answer', async () => {
  const ev = await event('olga', { capacity: 2 });
  const id = ev.id;
  let e = await rsvp('bob', id, 'yes');
  assert.equal(e.rsvp.my_answer, 'yes');
  assert.equal(e.rsvp.yes, 1);
  e = await rsvp('cleo', id, 'yes');
  assert.equal(e.rsvp.full, true);
  e = await rsvp('dan', id, 'yes');
  assert.equal(e.rsvp.my_answer, 'yes');
  assert.equal(e.rsvp.my_waiting_position, 1, 'full: dan waits');
  assert.equal(e.rsvp.yes, 2);
  assert.equal(e.rsvp.waiting, 1);
  e = await rsvp('eve', id, 'yes');
  assert.equal(e.rsvp.my_waiting_position, 2);
  // saying yes again keeps one's place
  e = await rsvp('dan', id, 'yes');
  assert.equal(e.rsvp.my_waiting_position, 1);
  e = await rsvp('ada', id, 'maybe');
  assert.equal(e.rsvp.maybe, 1);
  assert.equal(e.rsvp.my_waiting_position, null);

  const att = await ok('bob', 'GET', `/api/v1/items/${id}/attendees`);
  assert.deepEqual(att.items.map((a) => [a.person.handle, a.answer, a.waiting]),
    [['bob', 'yes', false], ['cleo', 'yes', false], ['dan', 'yes', true], ['eve', 'yes', true], ['ada', 'maybe', false]]);

  // bob changes his mind: the first waiting person (dan) gets his place, and is told
  e = await rsvp('bob', id, 'no');
  assert.equal(e.rsvp.my_answer, 'no');
  assert.equal(e.rsvp.no, 1);
  const dan = await ok('dan', 'GET', `/api/v1/items/${id}`);
  assert.equal(dan.rsvp.my_waiting_position, null);
  assert.equal(dan.rsvp.yes, 2);
  const notes = await ok('dan', 'GET', '/api/v1/notifications');
  const promoted = notes.items.find((n) => n.kind === 'event_promoted');
  assert.ok(promoted, JSON.stringify(notes.items));
  assert.equal(promoted.actor.handle, 'bob');
  assert.equal((await ok('eve', 'GET', `/api/v1/items/${id}`)).rsvp.my_waiting_position, 1);

  // cleo withdraws her answer: eve goes
  e = await ok('cleo', 'DELETE', `/api/v1/items/${id}/rsvp`);
  assert.equal(e.rsvp.my_answer, null);
  const eve = await ok('eve', 'GET', `/api/v1/items/${id}`);
  assert.equal(eve.rsvp.my_waiting_position, null);
  assert.deepEqual([eve.rsvp.yes, eve.rsvp.waiting], [2, 0]);
  // a "maybe" or "no" from someone waiting frees nothing; cleo's yes now waits
  e = await rsvp('cleo', id, 'yes');
  assert.equal(e.rsvp.my_waiting_position, 1);
  e = await rsvp('cleo', id, 'maybe');
  assert.equal(e.rsvp.my_waiting_position, null);
  assert.deepEqual([e.rsvp.yes, e.rsvp.waiting, e.rsvp.maybe], [2, 0, 2]);

  // raising the capacity lets the waiting list in
  await rsvp('cleo', id, 'yes');
  e = await ok('olga', 'PATCH', `/api/v1/items/${id}`, { capacity: 3 });
  assert.deepEqual([e.rsvp.yes, e.rsvp.waiting], [3, 0]);

  // answers are checked
  await problem('bob', 'PUT', `/api/v1/items/${id}/rsvp`, { answer: 'perhaps' }, 400, 'answer');
  await problem('bob', 'PUT', `/api/v1/items/${id}/rsvp`, {}, 400, 'answer');
  await problem('bob', 'PUT', `/api/v1/items/${id}/rsvp`, { answer: 'yes', extra: 1 }, 400, 'extra');
  await problem(null, 'PUT', `/api/v1/items/${id}/rsvp`, { answer: 'yes' }, 401);
});

test('RSVP permissions: outsiders see nothing; externals may not answer in public spaces; over events refuse', async () => {
  const secret = await event('olga', { space: spaces.club.id });
  await problem('bob', 'GET', `/api/v1/items/${secret.id}`, undefined, 404);
  await problem('bob', 'PUT', `/api/v1/items/${secret.id}/rsvp`, { answer: 'yes' }, 404);
  await problem('bob', 'GET', `/api/v1/items/${secret.id}/attendees`, undefined, 404);
  await problem('bob', 'GET', `/api/v1/items/${secret.id}/calendar.ics`, undefined, 404);
  await problem('xena', 'PUT', `/api/v1/items/${secret.id}/rsvp`, { answer: 'yes' }, 404);
  const pub = await event('olga', { space: spaces.open.id });
  await problem('xena', 'PUT', `/api/v1/items/${pub.id}/rsvp`, { answer: 'yes' }, 403);
  await rsvp('bob', pub.id, 'yes');
  const past = await event('olga', { starts_at: inDays(-3), ends_at: inDays(-2.9) });
  await problem('bob', 'PUT', `/api/v1/items/${past.id}/rsvp`, { answer: 'yes' }, 409, 'answer');
  // not an event
  const post = await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'hello', space: spaces.team.id }, 201);
  await problem('bob', 'PUT', `/api/v1/items/${post.id}/rsvp`, { answer: 'yes' }, 404);
});

// ---- lists ----------------------------------------------------------------------------

test('upcoming events of a space: soonest first, ended ones left out, paginated; page and API', async () => {
  const s = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Agenda', visibility: 'internal' }, 201);
  const later = await event('olga', { space: s.id, title: 'Later', starts_at: inDays(20), ends_at: inDays(20.1) });
  const soon = await event('olga', { space: s.id, title: 'Soon', starts_at: inDays(2), ends_at: inDays(2.1) });
  const mid = await event('olga', { space: s.id, title: 'Middle', starts_at: inDays(5), ends_at: inDays(5.1) });
  await event('olga', { space: s.id, title: 'Gone', starts_at: inDays(-5), ends_at: inDays(-4.9) });
  const first = await ok('bob', 'GET', `/api/v1/spaces/${s.id}/events?limit=2`);
  assert.deepEqual(first.items.map((i) => i.title), ['Soon', 'Middle']);
  assert.ok(first.next_cursor);
  const second = await ok('bob', 'GET', `/api/v1/spaces/${s.id}/events?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`);
  assert.deepEqual(second.items.map((i) => i.title), ['Later']);
  assert.equal(second.next_cursor, null);
  await problem('bob', 'GET', `/api/v1/spaces/${spaces.club.id}/events`, undefined, 404);
  await problem('bob', 'GET', `/api/v1/spaces/${s.id}/events?cursor=zzz`, undefined, 400, 'cursor');

  const c = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  const page = await fx.page(c, `/spaces/${s.slug}/events`);
  const order = [soon, mid, later].map((e) => page.text.indexOf(`/items/${e.id}"`));
  assert.ok(order.every((i) => i > 0) && order[0] < order[1] && order[1] < order[2], 'soonest first on the page');
  assert.doesNotMatch(page.text, /Gone/);
  assert.match(page.text, new RegExp(`href="/spaces/${s.slug}/calendar.ics"`));
  await fx.page(c, `/spaces/${spaces.club.slug}/events`, { status: 404 });
});

// ---- pages ------------------------------------------------------------------------------

test('pages: the creation form, its errors, RSVP buttons, attendees, edit', async () => {
  const olga = await fx.signedIn(srv.url, 'olga@example.test', PASSWORD);
  const form = await fx.page(olga, `/items/new?type=event&space=${spaces.team.id}`);
  assert.match(form.text, /name="starts_at" type="datetime-local"/);
  assert.match(form.text, /name="timezone"/);
  const fields = { type: 'event', space: String(spaces.team.id), title: 'Team lunch', body: 'At noon',
    starts_at: '2032-03-10T12:00', ends_at: '2032-03-10T13:30', timezone: 'Europe/Paris', location: 'Canteen', online_url: '', capacity: '1' };
  let res = await olga.postForm('/items', { ...fields, timezone: 'Europe/Atlantis' });
  assert.equal(res.status, 400);
  assert.match(fx.formError(res.text), /time zone/);
  assert.match(res.text, /value="Team lunch"/, 'the form keeps what was typed');
  res = await olga.postForm('/items', { ...fields, ends_at: '2032-03-10T11:00' });
  assert.equal(res.status, 400);
  assert.match(fx.formError(res.text), /cannot end before it starts/);
  res = await olga.postForm('/items', { ...fields, capacity: 'many' });
  assert.equal(res.status, 400);
  assert.match(fx.formError(res.text), /capacity/);
  res = await olga.postForm('/items', fields);
  assert.equal(res.status, 303, res.text);
  const id = Number(/\/items\/(\d+)/.exec(res.location)[1]);
  const ev = await ok('olga', 'GET', `/api/v1/items/${id}`);
  assert.equal(ev.starts_at, '2032-03-10T11:00:00Z', '12:00 in Paris in March is 11:00 UTC');
  assert.equal(ev.capacity, 1);

  const bob = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  let page = await fx.page(bob, `/items/${id}`);
  assert.match(page.text, /Canteen/);
  assert.match(page.text, /\(Europe\/Paris\)/);
  assert.match(page.text, /name="answer" value="yes" aria-pressed="false"/);
  res = await bob.postForm(`/items/${id}/rsvp`, { answer: 'yes', next: `/items/${id}` });
  assert.equal(res.status, 303);
  page = await fx.page(bob, `/items/${id}`);
  assert.match(page.text, /name="answer" value="yes" aria-pressed="true"/);
  assert.match(page.text, /\(full\)/);
  const cleo = await fx.signedIn(srv.url, 'cleo@example.test', PASSWORD);
  await fx.page(cleo, `/items/${id}`);
  res = await cleo.postForm(`/items/${id}/rsvp`, { answer: 'yes' });
  assert.equal(res.status, 303);
  page = await fx.page(cleo, `/items/${id}`);
  assert.match(page.text, /waiting list; your position: 1/);
  res = await cleo.postForm(`/items/${id}/rsvp`, { answer: 'sometimes' });
  assert.equal(res.status, 400);

  const att = await fx.page(bob, `/items/${id}/attendees`);
  assert.ok(att.text.indexOf('Bob Durand') < att.text.indexOf('Cléo Petit'));
  assert.match(att.text, /Waiting list/);
  // bob withdraws through the page: cléo is promoted
  await fx.page(bob, `/items/${id}`);
  res = await bob.postForm(`/items/${id}/rsvp`, { answer: '' });
  assert.equal(res.status, 303);
  assert.equal((await ok('cleo', 'GET', `/api/v1/items/${id}`)).rsvp.my_waiting_position, null);
  const notes = await fx.page(cleo, '/notifications');
  assert.match(notes.text, /freed a place/);

  // the edit form shows the times in the event's zone
  const edit = await fx.page(olga, `/items/${id}/edit`);
  assert.match(edit.text, /name="starts_at" type="datetime-local" required value="2032-03-10T12:00"/);
  res = await olga.postForm(`/items/${id}/edit`, { ...fields, title: 'Team lunch (moved)', starts_at: '2032-03-11T12:00', ends_at: '2032-03-11T13:00' });
  assert.equal(res.status, 303, res.text);
  assert.equal((await ok('olga', 'GET', `/api/v1/items/${id}`)).starts_at, '2032-03-11T11:00:00Z');
  // the Write menu offers events
  const content = await fx.page(olga, `/spaces/${spaces.team.slug}/content?type=event`);
  assert.match(content.text, /type=event/);
});

// ---- calendars ----------------------------------------------------------------------------

test('an event\'s .ics is valid iCalendar (python3-icalendar) with the right fields and times', async () => {
  const ev = await event('olga', {
    title: 'Launch; party, "big"', body: 'Cake **and** music\nsecond line', location: 'Hall A, floor 2',
    starts_at: '2031-06-05T18:00', ends_at: '2031-06-05T23:00', timezone: 'Europe/Paris',
  });
  const res = await api('bob', 'GET', `/api/v1/items/${ev.id}/calendar.ics`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /^text\/calendar; charset=utf-8/);
  assert.match(res.text, /^BEGIN:VCALENDAR\r\n/);
  const cal = parseIcs(res.text);
  assert.equal(cal.version, '2.0');
  assert.equal(cal.events.length, 1);
  const v = cal.events[0];
  assert.equal(v.summary, 'Launch; party, "big"');
  assert.equal(v.start, '2031-06-05T16:00:00+00:00');
  assert.equal(v.end, '2031-06-05T21:00:00+00:00');
  assert.equal(v.location, 'Hall A, floor 2');
  assert.match(v.description, /Cake and music/);
  assert.match(v.uid, new RegExp(`^event-${ev.id}@`));
  assert.equal(v.url, `${srv.url}/items/${ev.id}`);
  assert.equal(v.organizer, `${srv.url}/people/olga`);
  assert.equal(v.cn, 'Olga Organiser');
  assert.equal(v.status, 'CONFIRMED');
  // the same from the page's link, as an attachment; the UID is stable
  const c = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  const web = await c.get(`/items/${ev.id}/calendar.ics`);
  assert.equal(web.status, 200);
  assert.match(web.headers.get('content-disposition'), /^attachment; filename="event-\d+\.ics"/);
  assert.equal(parseIcs(web.text).events[0].uid, v.uid);
});

test('calendar feeds: a space\'s and a person\'s, cancelled events, and who may read them', async () => {
  const s = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Public Talks', visibility: 'public' }, 201);
  const talk = await event('olga', { space: s.id, title: 'Open talk' });
  const gone = await event('olga', { space: s.id, title: 'Cancelled talk' });
  await ok('olga', 'DELETE', `/api/v1/items/${gone.id}`, undefined, 204);
  const secret = await event('olga', { space: spaces.club.id, title: 'Secret meeting' });
  const internal = await event('cleo', { title: 'Internal workshop', space: null });
  await rsvp('olga', internal.id, 'maybe');

  // anonymously, a public space's feed
  const anon = new fx.Client(srv.url);
  let res = await anon.get(`/spaces/${s.slug}/calendar.ics`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  let cal = parseIcs(res.text);
  assert.equal(cal.name, 'Public Talks');
  const byTitle = Object.fromEntries(cal.events.map((e) => [e.summary, e]));
  assert.equal(byTitle['Open talk'].status, 'CONFIRMED');
  assert.equal(byTitle['Cancelled talk'].status, 'CANCELLED');
  // not a private space's, nor a person's
  assert.equal((await anon.get(`/spaces/${spaces.club.slug}/calendar.ics`)).status, 404);
  assert.equal((await anon.get(`/spaces/${spaces.team.slug}/calendar.ics`)).status, 404);
  // a calendar client without a session sends a feed token (tests/http/feeds.test.js): 404 without one
  assert.equal((await anon.get('/people/olga/calendar.ics')).status, 404, 'signed-in readers or feed tokens only');
  assert.equal((await anon.get(`/items/${talk.id}/calendar.ics`)).status, 200);
  assert.equal((await anon.get(`/items/${internal.id}/calendar.ics`)).status, 404);

  // olga's feed: what she organises or may attend, as each reader may see it
  const bob = await fx.signedIn(srv.url, 'bob@example.test', PASSWORD);
  res = await bob.get('/people/olga/calendar.ics');
  assert.equal(res.status, 200);
  cal = parseIcs(res.text);
  const titles = cal.events.map((e) => e.summary);
  assert.ok(titles.includes('Open talk'));
  assert.ok(titles.includes('Internal workshop'), 'she said maybe');
  assert.ok(!titles.includes('Secret meeting'), 'bob may not read the private space');
  const olga = await fx.signedIn(srv.url, 'olga@example.test', PASSWORD);
  cal = parseIcs((await olga.get('/people/olga/calendar.ics')).text);
  assert.ok(cal.events.some((e) => e.summary === 'Secret meeting'));
  assert.ok(secret.id);
  // bob's private-space feed answers as missing
  assert.equal((await bob.get(`/spaces/${spaces.club.slug}/calendar.ics`)).status, 404);
  assert.equal((await bob.get('/people/nobody-here/calendar.ics')).status, 404);
});
