'use strict';
// The API of questions, ideas and polls: each kind's life cycle (create,
// read, edit, delete, comment, like, tag), accepted answers (only the asker
// or a moderator; only a comment of that question; un-accepting), similar
// questions (never what the reader may not see), idea votes and statuses,
// poll votes (no double vote, closed polls refuse, options fixed after the
// first vote), and the answered / status / score lists.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/qa_api.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'qa api password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [
  person('ada', 'Ada Admin', 'admin'),
  person('olga', 'Olga Owner'),
  person('mo', 'Mo Moderator'),
  person('eve', 'Eve Martin'),
  person('bob', 'Bob Durand'),
];

let srv;
let client;
const tokens = {};
const ids = {};
let guild; // internal space: olga owner, mo moderator, eve member
let secret; // private secret space: olga alone

before(async () => {
  srv = await startServer({ users: USERS });
  for (const u of USERS) {
    const handle = u.email.split('@')[0];
    tokens[handle] = await fx.createToken(srv.dataDir, u.email);
  }
  client = new fx.Client(srv.url);
  for (const p of (await ok('ada', 'GET', '/api/v1/people?limit=100')).items) ids[p.handle] = p.id;
  guild = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Guild', visibility: 'internal' }, 201);
  for (const h of ['mo', 'eve']) await ok(h, 'POST', `/api/v1/spaces/${guild.id}/join`);
  await ok('olga', 'PATCH', `/api/v1/spaces/${guild.id}/members/${ids.mo}`, { role: 'moderator' });
  secret = await ok('olga', 'POST', '/api/v1/spaces', { name: 'Secret Lab', visibility: 'private', secret: true }, 201);
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

const I = (id, rest = '') => `/api/v1/items/${id}${rest}`;
const create = (who, body) => ok(who, 'POST', '/api/v1/items', body, 201);
const listIds = async (who, query) => (await ok(who, 'GET', `/api/v1/items?${query}`)).items.map((x) => x.id);

/** The shared part of every kind's life cycle: edit, tag, comment, like, delete. */
async function lifeCycle(kind, item, extraPatch = {}) {
  const edited = await ok(item.author.handle, 'PATCH', I(item.id), { title: `${item.title} (edited)`, tags: ['roadmap'], ...extraPatch });
  assert.equal(edited.title, `${item.title} (edited)`);
  assert.deepEqual(edited.tags, ['roadmap']);
  assert.ok(edited.edited_at);
  assert.ok((await listIds('bob', `type=${kind}&tag=roadmap`)).includes(item.id), `${kind} listed by its tag`);
  await problem('bob', 'PATCH', I(item.id), { title: 'Not mine' }, 403);
  const c = await ok('bob', 'POST', I(item.id, '/comments'), { body: 'A comment' }, 201);
  const liked = await ok('bob', 'PUT', I(item.id, '/like'));
  assert.equal(liked.likes_count, 1);
  assert.equal((await ok('eve', 'GET', I(item.id))).comments_count, 1);
  return c;
}

test('questions: life cycle, accepted answers and who may accept', async () => {
  const q = await create('eve', { type: 'question', space: guild.id, title: 'How do I book a meeting room?', body: 'With the *new* tool.', tags: ['rooms'] });
  assert.equal(q.type, 'question');
  assert.equal(q.answered, false);
  assert.equal(q.accepted_comment, null);
  assert.equal(q.can_accept, true);
  assert.equal((await ok('bob', 'GET', I(q.id))).can_accept, false);
  await problem('eve', 'POST', '/api/v1/items', { type: 'question', space: guild.id, body: 'no title' }, 400, 'title');
  await problem('eve', 'POST', '/api/v1/items', { type: 'question', space: guild.id, title: 'x', accepted_comment: 1 }, 400, 'accepted_comment');

  const answer = await lifeCycle('question', q);
  const other = await ok('mo', 'POST', I(q.id, '/comments'), { body: 'Use the booking page.' }, 201);
  const elsewhere = await create('bob', { type: 'status', body: 'unrelated' });
  const foreign = await ok('bob', 'POST', I(elsewhere.id, '/comments'), { body: 'not an answer' }, 201);

  // only the asker or a moderator; only a comment of this question
  await problem('bob', 'POST', I(q.id, '/accept'), { comment: answer.id }, 403);
  await problem('eve', 'POST', I(q.id, '/accept'), { comment: foreign.id }, 400, 'comment');
  await problem('eve', 'POST', I(q.id, '/accept'), { comment: 999999 }, 400, 'comment');
  await problem('eve', 'POST', I(q.id, '/accept'), { comment: 'one' }, 400, 'comment');
  await problem('eve', 'POST', I(q.id, '/accept'), {}, 400, 'comment');
  await problem('eve', 'POST', I(q.id, '/accept'), { comment: answer.id, extra: 1 }, 400, 'extra');
  await problem('eve', 'POST', I(elsewhere.id, '/accept'), { comment: foreign.id }, 404);
  await problem(null, 'POST', I(q.id, '/accept'), { comment: answer.id }, 401);

  let got = await ok('eve', 'POST', I(q.id, '/accept'), { comment: answer.id });
  assert.equal(got.answered, true);
  assert.equal(got.accepted_comment, answer.id);
  assert.ok(got.accepted_at);
  // a moderator may change it; the asker may clear it
  got = await ok('mo', 'POST', I(q.id, '/accept'), { comment: other.id });
  assert.equal(got.accepted_comment, other.id);
  got = await ok('eve', 'POST', I(q.id, '/accept'), { comment: null });
  assert.equal(got.answered, false);
  assert.equal(got.accepted_comment, null);

  // answered / unanswered lists (page through them too)
  await ok('eve', 'POST', I(q.id, '/accept'), { comment: answer.id });
  const open = await create('mo', { type: 'question', space: guild.id, title: 'Where is the canteen menu?' });
  assert.ok((await listIds('bob', `type=question&answered=1&space=${guild.id}`)).includes(q.id));
  assert.ok(!(await listIds('bob', `type=question&answered=1&space=${guild.id}`)).includes(open.id));
  assert.deepEqual(await listIds('bob', `type=question&answered=0&space=${guild.id}`), [open.id]);
  const page1 = await ok('bob', 'GET', `/api/v1/items?type=question&answered=0&limit=1`);
  assert.equal(page1.items.length, 1);
  await problem('bob', 'GET', '/api/v1/items?type=question&answered=yes', undefined, 400, 'answered');
  await problem('bob', 'GET', '/api/v1/items?type=blog&answered=1', undefined, 400, 'answered');
  await problem('bob', 'GET', '/api/v1/items?type=question&answered=1&cursor=abc', undefined, 400, 'cursor');

  // a deleted accepted answer leaves the question unanswered
  await ok('bob', 'DELETE', `/api/v1/comments/${answer.id}`, undefined, 204);
  assert.equal((await ok('eve', 'GET', I(q.id))).answered, false);
  assert.ok((await listIds('bob', `type=question&answered=0&space=${guild.id}`)).includes(q.id));

  // deleting the question
  await ok('eve', 'DELETE', I(q.id), undefined, 204);
  await problem('eve', 'GET', I(q.id), undefined, 404);
  await problem('eve', 'POST', I(q.id, '/accept'), { comment: other.id }, 404);
});

test('similar questions: by title words, accents and case aside, never what the reader may not see', async () => {
  const pub = await create('olga', { type: 'question', space: guild.id, title: 'Comment réserver une salle de réunion ?' });
  const hidden = await create('olga', { type: 'question', space: secret.id, title: 'Réserver la salle secrète' });
  const draftless = await create('bob', { type: 'question', title: 'Salle de sport au siège' });
  const mine = await ok('olga', 'GET', '/api/v1/questions/similar?q=reserver%20SALLE');
  const mineIds = mine.items.map((x) => x.id);
  assert.ok(mineIds.includes(pub.id) && mineIds.includes(hidden.id), JSON.stringify(mineIds));
  assert.equal(mineIds[0] === draftless.id, false, 'two words matched rank first');
  const bobs = (await ok('bob', 'GET', '/api/v1/questions/similar?q=reserver%20salle')).items.map((x) => x.id);
  assert.ok(bobs.includes(pub.id));
  assert.ok(!bobs.includes(hidden.id), 'a secret space\'s question is never suggested to an outsider');
  assert.ok(!(await ok(null, 'GET', '/api/v1/questions/similar?q=salle')).items.length, 'anonymous: nothing internal');
  assert.deepEqual((await ok('bob', 'GET', `/api/v1/questions/similar?q=salle&space=${guild.id}`)).items.map((x) => x.id), [pub.id]);
  await problem('bob', 'GET', `/api/v1/questions/similar?q=salle&space=${secret.id}`, undefined, 404);
  assert.deepEqual((await ok('bob', 'GET', `/api/v1/questions/similar?q=salle&except=${pub.id}&space=${guild.id}`)).items, []);
  assert.deepEqual((await ok('bob', 'GET', '/api/v1/questions/similar?q=the%20and%20how')).items, [], 'stop words alone match nothing');
  assert.deepEqual((await ok('bob', 'GET', '/api/v1/questions/similar')).items, [], 'no title, no suggestion');
  await problem('bob', 'GET', `/api/v1/questions/similar?q=${'x'.repeat(201)}`, undefined, 400, 'q');
  await problem('bob', 'GET', '/api/v1/questions/similar?q=salle&limit=50', undefined, 400, 'limit');
});

test('ideas: life cycle, one vote per person, statuses by moderators, sorted by score', async () => {
  await problem('eve', 'POST', '/api/v1/items', { type: 'idea', title: 'On my profile', body: 'x' }, 400, 'space');
  const idea = await create('eve', { type: 'idea', space: guild.id, title: 'Standing desks', body: 'For everyone.' });
  assert.equal(idea.status, 'new');
  assert.equal(idea.score, 0);
  assert.equal(idea.my_vote, 0);
  await problem('eve', 'POST', '/api/v1/items', { type: 'idea', space: guild.id, title: 'x', body: 'y', status: 'done' }, 400, 'status');
  await lifeCycle('idea', idea);

  let got = await ok('bob', 'PUT', I(idea.id, '/vote'), { value: 1 });
  assert.deepEqual([got.score, got.votes_for, got.votes_against, got.my_vote], [1, 1, 0, 1]);
  got = await ok('bob', 'PUT', I(idea.id, '/vote'), { value: 1 });
  assert.equal(got.score, 1, 'voting twice counts once');
  got = await ok('bob', 'PUT', I(idea.id, '/vote'), { value: -1 });
  assert.deepEqual([got.score, got.votes_for, got.votes_against, got.my_vote], [-1, 0, 1, -1], 'a new vote replaces the old');
  got = await ok('mo', 'PUT', I(idea.id, '/vote'), { value: 1 });
  got = await ok('olga', 'PUT', I(idea.id, '/vote'), { value: 1 });
  assert.deepEqual([got.score, got.votes_for, got.votes_against], [1, 2, 1]);
  got = await ok('bob', 'DELETE', I(idea.id, '/vote'));
  assert.deepEqual([got.score, got.my_vote], [2, 0]);
  await problem('bob', 'PUT', I(idea.id, '/vote'), { value: 2 }, 400, 'value');
  await problem('bob', 'PUT', I(idea.id, '/vote'), { options: [0] }, 400, 'options');
  await problem(null, 'PUT', I(idea.id, '/vote'), { value: 1 }, 401);

  // statuses: moderators only, with a comment
  await problem('eve', 'PATCH', I(idea.id), { status: 'planned' }, 403, 'status');
  await problem('mo', 'PATCH', I(idea.id), { status: 'someday' }, 400, 'status');
  await problem('mo', 'PATCH', I(idea.id), { status_comment: 'alone' }, 400, 'status_comment');
  await problem('mo', 'PATCH', I(idea.id), { status: 'review', status_comment: 'x'.repeat(1001) }, 400, 'status_comment');
  got = await ok('mo', 'PATCH', I(idea.id), { status: 'planned', status_comment: 'For the autumn.' });
  assert.deepEqual([got.status, got.status_comment], ['planned', 'For the autumn.']);
  assert.ok(got.status_at);

  // lists: by status, by score
  const low = await create('mo', { type: 'idea', space: guild.id, title: 'Free parking', body: 'Please.' });
  await ok('eve', 'PUT', I(low.id, '/vote'), { value: -1 });
  const mid = await create('mo', { type: 'idea', space: guild.id, title: 'More plants', body: 'Green.' });
  assert.deepEqual(await listIds('bob', `type=idea&space=${guild.id}&sort=score`), [idea.id, mid.id, low.id]);
  assert.deepEqual(await listIds('bob', `type=idea&space=${guild.id}&sort=date`), [mid.id, low.id, idea.id]);
  assert.deepEqual(await listIds('bob', `type=idea&status=planned`), [idea.id]);
  const walked = [];
  let cursor = '';
  for (let i = 0; i < 5; i++) {
    const page = await ok('bob', 'GET', `/api/v1/items?type=idea&space=${guild.id}&sort=score&limit=1${cursor}`);
    walked.push(...page.items.map((x) => x.id));
    if (!page.next_cursor) break;
    cursor = `&cursor=${encodeURIComponent(page.next_cursor)}`;
  }
  assert.deepEqual(walked, [idea.id, mid.id, low.id], 'paging by score');
  await problem('bob', 'GET', '/api/v1/items?type=idea&sort=votes', undefined, 400, 'sort');
  await problem('bob', 'GET', '/api/v1/items?type=idea&status=maybe', undefined, 400, 'status');

  // done ideas take no more votes
  await ok('mo', 'PATCH', I(idea.id), { status: 'done', status_comment: 'Delivered.' });
  await problem('eve', 'PUT', I(idea.id, '/vote'), { value: 1 }, 409);
  await ok('eve', 'DELETE', I(idea.id), undefined, 204);
  await problem('bob', 'PUT', I(idea.id, '/vote'), { value: 1 }, 404);
});

test('polls: options, single and multiple choice, no double vote, closing, secret voters', async () => {
  for (const [options, why] of [[undefined, 'none'], [['only'], 'one'], [Array.from({ length: 21 }, (_, i) => `o${i}`), '21'],
    [['a', 'a'], 'twice the same'], [['a', ''], 'empty'], [['a', 'x'.repeat(201)], 'too long'], [['a', 3], 'a number'], ['a,b', 'a string']]) {
    const p = await problem('eve', 'POST', '/api/v1/items', { type: 'poll', space: guild.id, title: 'Lunch?', options }, 400, 'options');
    assert.ok(p.detail, why);
  }
  await problem('eve', 'POST', '/api/v1/items', { type: 'poll', title: 'Q', options: ['a', 'b'], closes_at: 'tomorrow' }, 400, 'closes_at');
  await problem('eve', 'POST', '/api/v1/items', { type: 'poll', title: 'Q', options: ['a', 'b'], closes_at: '2001-01-01T00:00:00Z' }, 400, 'closes_at');
  await problem('eve', 'POST', '/api/v1/items', { type: 'poll', title: 'Q', options: ['a', 'b'], multiple: 'yes' }, 400, 'multiple');

  const poll = await create('eve', { type: 'poll', space: guild.id, title: 'Team lunch day?', options: ['Monday', 'Friday', 'Never'],
    closes_at: '2099-12-31T18:00:00+01:00' });
  assert.deepEqual(poll.options, ['Monday', 'Friday', 'Never']);
  assert.equal(poll.multiple, false);
  assert.equal(poll.closes_at, '2099-12-31T17:00:00Z');
  assert.equal(poll.closed, false);
  assert.equal(poll.voters_visible, true);
  assert.deepEqual(poll.results.options.map((o) => o.votes), [0, 0, 0]);
  // options may change until the first vote
  const reworded = await ok('eve', 'PATCH', I(poll.id), { options: ['Monday', 'Friday', 'Not at all'] });
  assert.deepEqual(reworded.options, ['Monday', 'Friday', 'Not at all']);
  await lifeCycle('poll', poll);

  let got = await ok('bob', 'PUT', I(poll.id, '/vote'), { options: [1] });
  assert.deepEqual(got.my_vote, [1]);
  got = await ok('bob', 'PUT', I(poll.id, '/vote'), { options: [1] });
  assert.equal(got.results.voters, 1, 'voting twice counts once');
  got = await ok('bob', 'PUT', I(poll.id, '/vote'), { options: [0] });
  assert.deepEqual(got.results.options.map((o) => o.votes), [1, 0, 0], 'a changed vote moves');
  got = await ok('mo', 'PUT', I(poll.id, '/vote'), { options: [0] });
  got = await ok('olga', 'PUT', I(poll.id, '/vote'), { options: [2] });
  assert.deepEqual(got.results.options.map((o) => [o.votes, o.percent]), [[2, 67], [0, 0], [1, 33]]);
  assert.deepEqual(got.results.options[0].voters.map((v) => v.handle).sort(), ['bob', 'mo']);
  await problem('bob', 'PUT', I(poll.id, '/vote'), { options: [0, 1] }, 400, 'options');
  await problem('bob', 'PUT', I(poll.id, '/vote'), { options: [3] }, 400, 'options');
  await problem('bob', 'PUT', I(poll.id, '/vote'), { options: [] }, 400, 'options');
  await problem('bob', 'PUT', I(poll.id, '/vote'), { value: 1 }, 400, 'value');
  await problem('eve', 'PATCH', I(poll.id), { options: ['Monday', 'Friday', 'Tuesday'] }, 409, 'options');
  await problem('eve', 'PATCH', I(poll.id), { multiple: true }, 409, 'multiple');
  got = await ok('olga', 'DELETE', I(poll.id, '/vote'));
  assert.deepEqual([got.results.voters, got.my_vote], [2, []]);

  // the author closes it: votes are refused (409), results stay
  got = await ok('eve', 'PATCH', I(poll.id), { closes_at: '2001-01-01T00:00:00Z' });
  assert.equal(got.closed, true);
  assert.equal(got.can_vote, false);
  await problem('bob', 'PUT', I(poll.id, '/vote'), { options: [1] }, 409);
  await problem('bob', 'DELETE', I(poll.id, '/vote'), undefined, 409);
  assert.deepEqual((await ok('bob', 'GET', I(poll.id))).results.options.map((o) => o.votes), [2, 0, 0]);

  // multiple choice, secret voters (who stay secret)
  const multi = await create('eve', { type: 'poll', title: 'Which drinks?', options: ['Tea', 'Coffee', 'Juice'], multiple: true, voters_visible: false });
  got = await ok('bob', 'PUT', I(multi.id, '/vote'), { options: [0, 2] });
  assert.deepEqual(got.my_vote, [0, 2]);
  assert.equal(got.results.options[0].voters, undefined, 'secret voters');
  await problem('bob', 'PUT', I(multi.id, '/vote'), { options: [0, 0] }, 400, 'options');
  await problem('eve', 'PATCH', I(multi.id), { voters_visible: true }, 409, 'voters_visible');
});

test('permissions: votes and answers follow the space; hidden items are missing', async () => {
  const statusId = (await create('bob', { type: 'status', body: 'no votes here' })).id;
  await problem('bob', 'PUT', I(statusId, '/vote'), { value: 1 }, 404);
  const q = await create('olga', { type: 'question', space: secret.id, title: 'Secret question' });
  const idea = await create('olga', { type: 'idea', space: secret.id, title: 'Secret idea', body: 'x' });
  const poll = await create('olga', { type: 'poll', space: secret.id, title: 'Secret poll', options: ['a', 'b'] });
  const c = await ok('olga', 'POST', I(q.id, '/comments'), { body: 'mine' }, 201);
  await problem('bob', 'POST', I(q.id, '/accept'), { comment: c.id }, 404);
  await problem('bob', 'PUT', I(idea.id, '/vote'), { value: 1 }, 404);
  await problem('bob', 'PUT', I(poll.id, '/vote'), { options: [0] }, 404);
  await problem('bob', 'PATCH', I(idea.id), { status: 'done' }, 404);
  assert.ok(!(await listIds('bob', 'type=question&answered=0')).includes(q.id));
  assert.ok(!(await listIds('bob', 'type=idea&sort=score')).includes(idea.id));
  await problem('bob', 'GET', `/api/v1/items?type=idea&sort=score&space=${secret.id}`, undefined, 404);
  // an admin moderates everywhere
  await ok('ada', 'PATCH', I(idea.id), { status: 'review', status_comment: 'Looking.' });
  await ok('ada', 'POST', I(q.id, '/accept'), { comment: c.id });
  // in an open (internal) space, an employee who is not a member votes too
  const open = await create('eve', { type: 'poll', space: guild.id, title: 'Open to all', options: ['yes', 'no'] });
  await ok('bob', 'PUT', I(open.id, '/vote'), { options: [0] });
});
