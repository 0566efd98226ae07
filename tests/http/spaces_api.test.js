'use strict';
// The spaces API (/api/v1/spaces and the item pins): a space's life cycle,
// the directory, joining, requests, invitations and roles, the three
// circles (employees, external accounts, anonymous visitors), posting and
// pinning in spaces, and the validation of every input.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/spaces_api.test.js

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const PASSWORD = 'spaces password 1';
const person = (handle, name, role = 'employee') => ({ email: `${handle}@example.test`, name, role, password: PASSWORD });
const USERS = [
  person('ada', 'Ada Admin', 'admin'),
  person('olga', 'Olga Owner'),
  person('mo', 'Mo Moderator'),
  person('eve', 'Eve Martin'),
  person('bob', 'Bob Durand'),
  person('cleo', 'Cléo Petit'),
];
// External accounts, added with the CLI.
const EXTERNALS = [['xena', 'Xena Partner'], ['xavier', 'Xavier Outsider']];

let srv;
let client;
const tokens = {};
const ids = {};

before(async () => {
  srv = await startServer({ users: USERS });
  for (const [handle, name] of EXTERNALS) {
    const r = await runCli(['user', 'add', '--data', srv.dataDir, '--email', `${handle}@example.test`, '--name', name,
      '--role', 'external']);
    assert.equal(r.code, 0, r.stderr);
  }
  for (const handle of [...USERS.map((u) => u.email.split('@')[0]), ...EXTERNALS.map((x) => x[0])]) {
    tokens[handle] = await fx.createToken(srv.dataDir, `${handle}@example.test`);
  }
  tokens.olgaRead = await fx.createToken(srv.dataDir, 'olga@example.test', ['--scope', 'read']);
  tokens.olgaWrite = await fx.createToken(srv.dataDir, 'olga@example.test', ['--scope', 'write']);
  client = new fx.Client(srv.url);
  const list = await api('ada', 'GET', '/api/v1/people?limit=100');
  assert.equal(list.status, 200, list.text);
  for (const p of list.json().items) ids[p.handle] = p.id;
  for (const h of Object.keys(tokens)) if (!/Read|Write/.test(h)) assert.ok(ids[h], `no id for ${h}`);
});

after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

// ---- helpers --------------------------------------------------------------------

/** An API request as `who` (a handle, or null for an anonymous visitor). */
function api(who, method, path, body) {
  return client.json(method, path, body, { token: who ? tokens[who] : undefined, cookies: false });
}

/** A request that must answer `status`; returns the parsed body (null for 204). */
async function ok(who, method, path, body, status = 200) {
  const res = await api(who, method, path, body);
  assert.equal(res.status, status, `${who || 'anonymous'}: ${method} ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
  if (status === 204) {
    assert.equal(res.text, '');
    return null;
  }
  assert.match(res.headers.get('content-type') || '', /^application\/json/);
  return res.json();
}

/** A request that must fail with a problem document of `status` (naming `field` when given). */
async function problem(who, method, path, body, status, field) {
  const res = await api(who, method, path, body);
  const p = fx.assertProblem(res, status, `${who || 'anonymous'}: ${method} ${path} ${JSON.stringify(body) || ''}`);
  if (field !== undefined) assert.equal(p.field, field, `${method} ${path}: field of ${JSON.stringify(p)}`);
  return p;
}

let serial = 0;
/** Creates a space as `who`; returns it. */
async function space(who, fields) {
  const body = { name: `Space ${++serial}`, ...fields };
  return ok(who, 'POST', '/api/v1/spaces', body, 201);
}

const S = (id, rest = '') => `/api/v1/spaces/${id}${rest}`;
const postIn = (who, spaceId, body) => ok(who, 'POST', '/api/v1/items', { type: 'status', body, space: spaceId }, 201);

/** Every item of a list, walking the pages `limit` at a time. */
async function walk(who, path, limit) {
  const all = [];
  let cursor = null;
  for (let i = 0; i < 50; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await ok(who, 'GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(page.items.length <= limit, `${path}: a page of ${page.items.length} > ${limit}`);
    all.push(...page.items);
    cursor = page.next_cursor;
    if (cursor === null) return all;
    assert.equal(typeof cursor, 'string');
  }
  throw new Error(`${path}: pagination does not end`);
}

const memberIds = async (who, id, query = '') => (await walk(who, S(id, `/members${query}`), 100)).map((m) => m.person.id);

// ---- tests ------------------------------------------------------------------------

test('life cycle: create, read, edit, archive and restore; only administrators delete', async () => {
  const res = await api('olga', 'POST', '/api/v1/spaces', { name: 'Design Guild', description: 'All about *design*.', visibility: 'internal' });
  assert.equal(res.status, 201, res.text);
  const created = res.json();
  assert.equal(res.headers.get('location'), `/api/v1/spaces/${created.id}`);
  assert.equal(created.slug, 'design-guild', 'the address is made from the name');
  assert.equal(created.name, 'Design Guild');
  assert.equal(created.description, 'All about *design*.');
  assert.match(created.description_html, /<em>design<\/em>/);
  assert.equal(created.visibility, 'internal');
  assert.equal(created.secret, false);
  assert.equal(created.parent, null);
  assert.equal(created.archived, false);
  assert.equal(created.archived_at, null);
  assert.match(created.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(created.members_count, 1);
  assert.equal(created.picture_url, null);
  assert.equal(created.url, '/spaces/design-guild');
  assert.equal(created.my_role, 'owner');
  assert.deepEqual(created.can, {
    read: true, post: true, join: false, request_join: false, leave: true, manage_members: true, settings: true,
    archive: true, delete: false,
  });

  // Another employee sees it as an outsider who may join.
  const seen = await ok('eve', 'GET', S(created.id));
  assert.equal(seen.my_role, 'none');
  assert.deepEqual(seen.can, {
    read: true, post: false, join: true, request_join: false, leave: false, manage_members: false, settings: false,
    archive: false, delete: false,
  });
  assert.equal((await ok('ada', 'GET', S(created.id))).can.delete, true, 'administrators may delete');

  // Edit: the owner may, others may not.
  const edited = await ok('olga', 'PATCH', S(created.id), { name: 'Design Team', slug: 'design', description: null });
  assert.equal(edited.name, 'Design Team');
  assert.equal(edited.slug, 'design');
  assert.equal(edited.url, '/spaces/design');
  assert.equal(edited.description, '');
  assert.equal(edited.description_html, '');
  const refused = await problem('eve', 'PATCH', S(created.id), { name: 'Hijacked' }, 403);
  assert.equal(refused.detail, "Only the space's owners may change its settings.");
  assert.equal((await ok('eve', 'GET', S(created.id))).name, 'Design Team', 'a refused edit changes nothing');
  assert.deepEqual(await ok('olga', 'PATCH', S(created.id), {}), await ok('olga', 'GET', S(created.id)), 'an empty edit changes nothing');

  // Archive: read-only, out of the directory, listed with archived=1 for its owners.
  await problem('eve', 'PATCH', S(created.id), { archived: true }, 403);
  const archived = await ok('olga', 'PATCH', S(created.id), { archived: true });
  assert.equal(archived.archived, true);
  assert.match(archived.archived_at, /Z$/);
  assert.equal(archived.can.settings, false);
  assert.equal(archived.can.post, false);
  assert.equal(archived.can.archive, true);
  const frozen = await problem('olga', 'PATCH', S(created.id), { name: 'Renamed' }, 403);
  assert.equal(frozen.detail, 'This space is archived: it is read-only.');
  const closed = await problem('olga', 'POST', S(created.id, '/members'), { person: ids.bob }, 403);
  assert.equal(closed.detail, 'This space is archived: it is read-only.');
  await problem('eve', 'POST', S(created.id, '/join'), undefined, 403);
  assert.equal((await ok('eve', 'GET', S(created.id))).archived, true, 'an archived space stays visible');
  const directory = await walk('eve', '/api/v1/spaces', 100);
  assert.ok(!directory.some((s) => s.id === created.id), 'archived spaces leave the directory');
  assert.ok((await walk('olga', '/api/v1/spaces?archived=1', 100)).some((s) => s.id === created.id));
  assert.ok(!(await walk('eve', '/api/v1/spaces?archived=1', 100)).some((s) => s.id === created.id),
    'the archived list is for those who may restore');
  assert.ok((await walk('olga', '/api/v1/spaces?mine=1', 100)).some((s) => s.id === created.id), 'mine=1 keeps archived spaces');

  // Restore.
  const restored = await ok('olga', 'PATCH', S(created.id), { archived: false });
  assert.equal(restored.archived, false);
  assert.equal(restored.archived_at, null);
  assert.equal(restored.can.settings, true);
  assert.ok((await walk('eve', '/api/v1/spaces', 100)).some((s) => s.id === created.id), 'back in the directory');
  // Restating the current state with other changes is fine.
  assert.equal((await ok('olga', 'PATCH', S(created.id), { archived: false, name: 'Design' })).name, 'Design');

  // Delete: administrators only; the sub-spaces go too.
  const child = await space('olga', { parent: created.id, name: 'Design Child' });
  assert.equal(child.parent, created.id);
  const owner = await problem('olga', 'DELETE', S(created.id), undefined, 403);
  assert.equal(owner.detail, 'Only administrators may delete a space.');
  await problem('eve', 'DELETE', S(created.id), undefined, 403);
  assert.equal((await ok('olga', 'GET', S(created.id))).id, created.id, 'a refused deletion deletes nothing');
  await ok('ada', 'DELETE', S(created.id), undefined, 204);
  await problem('olga', 'GET', S(created.id), undefined, 404);
  await problem('ada', 'GET', S(created.id), undefined, 404);
  await problem('olga', 'GET', S(child.id), undefined, 404);
  await problem('ada', 'DELETE', S(created.id), undefined, 404);
  assert.ok(!(await walk('olga', '/api/v1/spaces?mine=1', 100)).some((s) => [created.id, child.id].includes(s.id)));
});

test('the directory: search, parent, mine, anonymous visitors, pagination', async () => {
  const names = ['Orbit 07', 'Orbit 03', 'Orbit 01', 'Orbit 06', 'Orbit 02', 'Orbit 05', 'Orbit 04'];
  const made = [];
  for (const name of names) made.push(await space('olga', { name }));
  const pub = await space('olga', { name: 'Orbit Public', visibility: 'public' });
  const priv = await space('olga', { name: 'Orbit Private', visibility: 'private' });
  const secret = await space('olga', { name: 'Orbit Secret', visibility: 'private', secret: true });
  const accents = await space('olga', { name: 'Équipe Été' });
  const child = await space('olga', { name: 'Orbit Child', parent: made[0].id });

  // Pages of three, in name order, nobody twice, ending with next_cursor null.
  const walked = await walk('eve', '/api/v1/spaces?q=orbit%200', 3);
  assert.deepEqual(walked.map((s) => s.name), [...names].sort());
  const first = await ok('eve', 'GET', '/api/v1/spaces?q=orbit%200&limit=3');
  assert.equal(first.items.length, 3);
  assert.equal(typeof first.next_cursor, 'string');
  const all = await ok('eve', 'GET', '/api/v1/spaces?q=orbit&limit=100');
  assert.equal(all.next_cursor, null);
  const found = all.items.map((s) => s.id);
  for (const s of [...made, pub, priv, child]) assert.ok(found.includes(s.id), `${s.name} is in eve's directory`);
  assert.ok(!found.includes(secret.id), 'a secret space is not in a non-member\'s directory');
  assert.ok((await ok('olga', 'GET', '/api/v1/spaces?q=orbit%20secret')).items.some((s) => s.id === secret.id), 'its members find it');
  assert.deepEqual((await ok('eve', 'GET', '/api/v1/spaces?q=equipe%20ete')).items.map((s) => s.id), [accents.id],
    'accent-insensitive');
  assert.deepEqual((await ok('eve', 'GET', `/api/v1/spaces?q=${encodeURIComponent(accents.slug)}`)).items.map((s) => s.id), [accents.id],
    'by address');
  assert.deepEqual((await ok('eve', 'GET', '/api/v1/spaces?q=orbit%20zzz')).items, []);

  // Sub-spaces of one space.
  assert.deepEqual((await ok('eve', 'GET', `/api/v1/spaces?parent=${made[0].id}`)).items.map((s) => s.id), [child.id]);
  assert.deepEqual((await ok('eve', 'GET', `/api/v1/spaces?parent=${made[1].id}`)).items, []);
  await problem('eve', 'GET', `/api/v1/spaces?parent=${secret.id}`, undefined, 404, 'parent');

  // mine=1: only the caller's spaces.
  assert.ok(!(await walk('eve', '/api/v1/spaces?mine=1', 100)).some((s) => s.id === made[2].id));
  await ok('eve', 'POST', S(made[2].id, '/join'));
  const mine = await walk('eve', '/api/v1/spaces?mine=1', 100);
  assert.ok(mine.some((s) => s.id === made[2].id));
  assert.ok(mine.every((s) => ['member', 'moderator', 'owner'].includes(s.my_role)), JSON.stringify(mine.map((s) => s.my_role)));

  // Anonymous visitors: public spaces only, without my_role or can.
  const anon = await walk(null, '/api/v1/spaces', 100);
  assert.ok(anon.some((s) => s.id === pub.id));
  assert.ok(anon.length > 0 && anon.every((s) => s.visibility === 'public'), JSON.stringify(anon.map((s) => s.visibility)));
  for (const s of anon) {
    assert.ok(!('my_role' in s) && !('can' in s), 'no caller, no role');
  }
  await problem(null, 'GET', '/api/v1/spaces?mine=1', undefined, 401);

  // Bad parameters.
  for (const [query, field] of [['mine=2', 'mine'], ['mine=true', 'mine'], ['archived=yes', 'archived'], ['parent=abc', 'parent'],
    ['parent=0', 'parent'], ['parent=-3', 'parent'], ['cursor=x', 'cursor'], [`q=${'a'.repeat(201)}`, 'q']]) {
    await problem('eve', 'GET', `/api/v1/spaces?${query}`, undefined, 400, field);
  }
  await problem('eve', 'GET', '/api/v1/spaces?parent=999999', undefined, 404, 'parent');
  for (const limit of ['0', '101', 'x']) await problem('eve', 'GET', `/api/v1/spaces?limit=${limit}`, undefined, 400);
});

test('joining, asking, approving, inviting, accepting, declining and leaving', async () => {
  // An internal space: employees join at once and leave.
  const open = await space('olga', { visibility: 'internal' });
  assert.deepEqual(await ok('eve', 'POST', S(open.id, '/join')), { space: open.id, role: 'member' });
  const joined = await ok('eve', 'GET', S(open.id));
  assert.equal(joined.my_role, 'member');
  assert.equal(joined.members_count, 2);
  assert.equal(joined.can.post, true);
  assert.equal(joined.can.join, false);
  assert.deepEqual(await ok('eve', 'POST', S(open.id, '/join'), {}), { space: open.id, role: 'member' }, 'joining twice changes nothing');
  assert.deepEqual(await ok('eve', 'POST', S(open.id, '/leave')), { space: open.id, role: 'none' });
  assert.equal((await ok('eve', 'GET', S(open.id))).members_count, 1);
  assert.deepEqual(await ok('eve', 'POST', S(open.id, '/leave')), { space: open.id, role: 'none' }, 'leaving twice changes nothing');

  // A private space: employees see its about page and ask to join.
  const club = await space('olga', { visibility: 'private' });
  const outside = await ok('eve', 'GET', S(club.id));
  assert.equal(outside.can.read, false);
  assert.equal(outside.can.join, false);
  assert.equal(outside.can.request_join, true);
  await problem('eve', 'GET', S(club.id, '/stream'), undefined, 404);
  assert.deepEqual(await ok('eve', 'POST', S(club.id, '/join')), { space: club.id, role: 'requested' });
  assert.deepEqual(await ok('eve', 'POST', S(club.id, '/join')), { space: club.id, role: 'requested' }, 'asking twice changes nothing');
  assert.equal((await ok('eve', 'GET', S(club.id))).my_role, 'requested');
  await problem('eve', 'GET', S(club.id, '/stream'), undefined, 404, undefined);
  const requests = await ok('olga', 'GET', S(club.id, '/members?role=requested'));
  assert.deepEqual(requests.items.map((m) => [m.person.handle, m.role]), [['eve', 'requested']]);
  assert.match(requests.items[0].since, /Z$/);
  const notes = await ok('olga', 'GET', '/api/v1/notifications');
  assert.ok(notes.items.some((n) => n.kind === 'space_request' && n.space_id === club.id && n.actor.id === ids.eve), JSON.stringify(notes.items));
  // Approving a request is setting the role "member".
  assert.deepEqual(await ok('olga', 'PATCH', S(club.id, `/members/${ids.eve}`), { role: 'member' }),
    { person: { id: ids.eve, handle: 'eve', name: 'Eve Martin', photo_url: null }, role: 'member' });
  assert.equal((await ok('eve', 'GET', S(club.id))).my_role, 'member');
  assert.deepEqual((await ok('eve', 'GET', S(club.id, '/stream'))).items, [], 'a member reads the stream');
  assert.ok((await ok('eve', 'GET', '/api/v1/notifications')).items.some((n) => n.kind === 'space_approved' && n.space_id === club.id));
  assert.deepEqual((await ok('olga', 'GET', S(club.id, '/members?role=requested'))).items, []);

  // Invitations: 201 when something changed, 200 when nothing did.
  const invited = await ok('olga', 'POST', S(club.id, '/members'), { person: ids.bob }, 201);
  assert.deepEqual(invited, { person: { id: ids.bob, handle: 'bob', name: 'Bob Durand', photo_url: null }, role: 'invited' });
  assert.equal((await ok('olga', 'POST', S(club.id, '/members'), { person: ids.bob }, 200)).role, 'invited');
  assert.equal((await ok('olga', 'POST', S(club.id, '/members'), { person: ids.eve }, 200)).role, 'member', 'a member stays a member');
  assert.ok((await ok('bob', 'GET', '/api/v1/notifications')).items.some((n) => n.kind === 'space_invite' && n.space_id === club.id));
  const asInvitee = await ok('bob', 'GET', S(club.id));
  assert.equal(asInvitee.my_role, 'invited');
  assert.equal(asInvitee.can.join, true);
  assert.deepEqual((await ok('olga', 'GET', S(club.id, '/members?role=invited'))).items.map((m) => m.person.id), [ids.bob]);
  // Declining is leaving; the invitation is gone.
  assert.deepEqual(await ok('bob', 'POST', S(club.id, '/leave')), { space: club.id, role: 'none' });
  assert.deepEqual((await ok('olga', 'GET', S(club.id, '/members?role=invited'))).items, []);
  assert.equal((await ok('bob', 'GET', S(club.id))).my_role, 'none');
  assert.ok(!(await ok('bob', 'GET', '/api/v1/notifications')).items.some((n) => n.space_id === club.id),
    'a declined invitation leaves no notification');
  // Invited again, he accepts by joining.
  await ok('olga', 'POST', S(club.id, '/members'), { person: ids.bob }, 201);
  assert.equal((await ok('bob', 'GET', '/api/v1/notifications')).items.filter((n) => n.kind === 'space_invite' && n.space_id === club.id).length, 1);
  assert.deepEqual(await ok('bob', 'POST', S(club.id, '/join')), { space: club.id, role: 'member' });
  // Inviting someone who asked lets them in at once.
  assert.deepEqual(await ok('cleo', 'POST', S(club.id, '/join')), { space: club.id, role: 'requested' });
  assert.equal((await ok('olga', 'POST', S(club.id, '/members'), { person: ids.cleo }, 201)).role, 'member');
  assert.deepEqual(new Set(await memberIds('olga', club.id)), new Set([ids.bob, ids.cleo, ids.eve, ids.olga]));
  assert.equal((await ok('olga', 'GET', S(club.id))).members_count, 4);

  // Removing a member; then they are no member any more.
  await ok('olga', 'DELETE', S(club.id, `/members/${ids.cleo}`), undefined, 204);
  assert.equal((await ok('cleo', 'GET', S(club.id))).my_role, 'none');
  await problem('cleo', 'GET', S(club.id, '/stream'), undefined, 404);
  await problem('olga', 'DELETE', S(club.id, `/members/${ids.cleo}`), undefined, 404, 'person');
  // Refusing a request is removing it.
  await ok('cleo', 'POST', S(club.id, '/join'));
  await ok('olga', 'DELETE', S(club.id, `/members/${ids.cleo}`), undefined, 204);
  assert.deepEqual((await ok('olga', 'GET', S(club.id, '/members?role=requested'))).items, []);

  // Only owners manage members.
  await problem('eve', 'POST', S(club.id, '/members'), { person: ids.cleo }, 403);
  await problem('eve', 'DELETE', S(club.id, `/members/${ids.bob}`), undefined, 403);
  await problem('eve', 'PATCH', S(club.id, `/members/${ids.bob}`), { role: 'moderator' }, 403);
  assert.ok((await memberIds('olga', club.id)).includes(ids.bob), 'refused removals remove nobody');
});

test('roles: moderators, owners, and the last owner who may not go', async () => {
  const team = await space('olga', { visibility: 'internal' });
  await ok('mo', 'POST', S(team.id, '/join'));
  await ok('eve', 'POST', S(team.id, '/join'));

  // The last owner cannot leave, step down or be removed.
  const last = await problem('olga', 'POST', S(team.id, '/leave'), undefined, 409);
  assert.equal(last.detail, 'You are the last owner: name another owner first.');
  await problem('olga', 'PATCH', S(team.id, `/members/${ids.olga}`), { role: 'member' }, 409, 'role');
  await problem('olga', 'DELETE', S(team.id, `/members/${ids.olga}`), undefined, 409, 'person');
  assert.equal((await ok('olga', 'GET', S(team.id))).my_role, 'owner');

  // Role changes show in the member list and in what each may do.
  assert.equal((await ok('olga', 'PATCH', S(team.id, `/members/${ids.mo}`), { role: 'moderator' })).role, 'moderator');
  assert.equal((await ok('olga', 'PATCH', S(team.id, `/members/${ids.mo}`), { role: 'moderator' })).role, 'moderator', 'idempotent');
  const list = await ok('eve', 'GET', S(team.id, '/members'));
  const roles = Object.fromEntries(list.items.map((m) => [m.person.handle, m.role]));
  assert.deepEqual(roles, { eve: 'member', mo: 'moderator', olga: 'owner' });
  assert.equal((await ok('mo', 'GET', S(team.id))).can.manage_members, false, 'moderators do not manage members');
  await problem('mo', 'POST', S(team.id, '/members'), { person: ids.bob }, 403);

  // A second owner: now the first may step down and leave.
  assert.equal((await ok('olga', 'PATCH', S(team.id, `/members/${ids.eve}`), { role: 'owner' })).role, 'owner');
  assert.equal((await ok('eve', 'GET', S(team.id))).can.manage_members, true);
  assert.equal((await ok('olga', 'PATCH', S(team.id, `/members/${ids.olga}`), { role: 'member' })).role, 'member');
  assert.equal((await ok('olga', 'GET', S(team.id))).can.settings, false);
  await problem('olga', 'PATCH', S(team.id), { name: 'Mine again' }, 403);
  assert.deepEqual(await ok('olga', 'POST', S(team.id, '/leave')), { space: team.id, role: 'none' });
  await problem('eve', 'POST', S(team.id, '/leave'), undefined, 409);

  // An invitation must be accepted before a role is given; strangers have none.
  await ok('eve', 'POST', S(team.id, '/members'), { person: ids.bob }, 201);
  await problem('eve', 'PATCH', S(team.id, `/members/${ids.bob}`), { role: 'moderator' }, 409, 'person');
  await problem('eve', 'PATCH', S(team.id, `/members/${ids.cleo}`), { role: 'member' }, 404, 'person');
  await problem('eve', 'PATCH', S(team.id, '/members/999999'), { role: 'member' }, 404, 'person');
  await problem('eve', 'PATCH', S(team.id, '/members/abc'), { role: 'member' }, 404, 'person');
  // Bad roles and bodies.
  for (const body of [{ role: 'invited' }, { role: 'none' }, { role: 'boss' }, { role: 5 }, { role: null }, {}]) {
    await problem('eve', 'PATCH', S(team.id, `/members/${ids.mo}`), body, 400, 'role');
  }
  await problem('eve', 'PATCH', S(team.id, `/members/${ids.mo}`), { role: 'member', since: 'now' }, 400, 'since');
  await problem('eve', 'PATCH', S(team.id, `/members/${ids.mo}`), undefined, 400);
  assert.equal((await ok('eve', 'GET', S(team.id, '/members?q=mo'))).items[0].role, 'moderator', 'refused changes change nothing');
});

test('member lists: members for readers, invitations and requests for owners only, by name, in pages', async () => {
  const hall = await space('olga', { visibility: 'public' });
  for (const who of ['eve', 'bob', 'cleo', 'mo']) await ok(who, 'POST', S(hall.id, '/join'));
  await ok('olga', 'POST', S(hall.id, '/members'), { person: ids.ada }, 201);

  // Everyone who reads it (employees) sees the members, by name, never the invitees.
  const names = (await walk('bob', S(hall.id, '/members'), 2)).map((m) => m.person.name);
  assert.deepEqual(names, ['Bob Durand', 'Cléo Petit', 'Eve Martin', 'Mo Moderator', 'Olga Owner']);
  const page = await ok('bob', 'GET', S(hall.id, '/members?limit=2'));
  assert.equal(page.items.length, 2);
  assert.equal(typeof page.next_cursor, 'string');
  assert.deepEqual((await ok('bob', 'GET', S(hall.id, '/members?q=cleo'))).items.map((m) => m.person.handle), ['cleo'],
    'search by name, accent-insensitive');
  await problem('bob', 'GET', S(hall.id, '/members?cursor=x'), undefined, 400, 'cursor');
  await problem('bob', 'GET', S(hall.id, '/members?role=owner'), undefined, 400, 'role');
  await problem('bob', 'GET', S(hall.id, '/members?role=none'), undefined, 400, 'role');
  await problem('bob', 'GET', S(hall.id, '/members?limit=0'), undefined, 400);

  // Invitations and requests: owners and administrators only.
  assert.deepEqual((await ok('olga', 'GET', S(hall.id, '/members?role=invited'))).items.map((m) => m.person.handle), ['ada']);
  await problem('bob', 'GET', S(hall.id, '/members?role=invited'), undefined, 404);
  await problem('bob', 'GET', S(hall.id, '/members?role=requested'), undefined, 404);
  assert.equal((await ok('ada', 'GET', S(hall.id, '/members?role=invited'))).items.length, 1, 'administrators act as owners');

  // Nobody outside: anonymous visitors (401: the list needs a caller), external non-members (404).
  await problem(null, 'GET', S(hall.id, '/members'), undefined, 401);
  assert.equal((await ok(null, 'GET', S(hall.id))).members_count, 5, 'the count is on the about page');
  await problem('xavier', 'GET', S(hall.id, '/members'), undefined, 404);
  await problem('eve', 'GET', S(999999, '/members'), undefined, 404);
});

test('external accounts see only their extranet spaces, and public ones', async () => {
  const partners = await space('olga', { name: 'Partners', visibility: 'extranet' });
  const hidden = await space('olga', { name: 'Partners Secret', visibility: 'extranet', secret: true });
  const internal = await space('olga', { name: 'Staff Only', visibility: 'internal' });
  const priv = await space('olga', { name: 'Staff Private', visibility: 'private' });
  const pub = await space('olga', { name: 'Open House', visibility: 'public' });
  const internalPost = await postIn('olga', internal.id, 'Internal news');

  // Before any invitation: nothing but public spaces.
  for (const s of [partners, hidden, internal, priv]) {
    await problem('xena', 'GET', S(s.id), undefined, 404);
    await problem('xena', 'GET', S(s.id, '/stream'), undefined, 404);
    await problem('xena', 'POST', S(s.id, '/join'), undefined, 404);
  }
  assert.ok((await walk('xena', '/api/v1/spaces', 100)).every((s) => s.visibility === 'public'));
  const asExternal = await ok('xena', 'GET', S(pub.id));
  assert.equal(asExternal.can.read, true);
  assert.equal(asExternal.can.join, false, 'externals do not join public spaces');
  await problem('xena', 'POST', S(pub.id, '/join'), undefined, 403);
  await problem('xena', 'POST', '/api/v1/spaces', { name: 'Mine', visibility: 'extranet' }, 403);

  // Invitations: extranet spaces only.
  const wrong = await problem('olga', 'POST', S(internal.id, '/members'), { person: ids.xena }, 400, 'person');
  assert.equal(wrong.detail, 'External accounts can only be invited to extranet spaces.');
  await problem('olga', 'POST', S(priv.id, '/members'), { person: ids.xena }, 400, 'person');
  await ok('olga', 'POST', S(partners.id, '/members'), { person: ids.xena }, 201);
  await ok('olga', 'POST', S(hidden.id, '/members'), { person: ids.xena }, 201);
  const invitedView = await ok('xena', 'GET', S(partners.id));
  assert.equal(invitedView.my_role, 'invited');
  assert.equal(invitedView.can.read, false);
  await problem('xena', 'GET', S(partners.id, '/stream'), undefined, 404);

  // The directory: the extranet spaces she was invited to, and public ones; nothing else.
  const listed = await walk('xena', '/api/v1/spaces', 100);
  const ids_ = listed.map((s) => s.id);
  assert.ok(ids_.includes(partners.id) && ids_.includes(hidden.id) && ids_.includes(pub.id), JSON.stringify(ids_));
  for (const s of listed) {
    assert.ok(s.visibility === 'public' || [partners.id, hidden.id].includes(s.id), `xena lists ${s.name} (${s.visibility})`);
  }

  // A member: she reads, posts, sees the members; still nothing else.
  assert.deepEqual(await ok('xena', 'POST', S(partners.id, '/join')), { space: partners.id, role: 'member' });
  const theirs = await postIn('xena', partners.id, 'Hello from a partner');
  assert.equal(theirs.space, partners.id);
  assert.deepEqual((await ok('xena', 'GET', S(partners.id, '/stream'))).items.map((i) => i.id), [theirs.id]);
  assert.deepEqual(new Set(await memberIds('xena', partners.id)), new Set([ids.olga, ids.xena]));
  assert.equal((await ok('xena', 'GET', S(partners.id))).can.manage_members, false);
  await problem('xena', 'GET', S(partners.id, '/members?role=invited'), undefined, 404);
  await problem('xena', 'GET', `/api/v1/items/${internalPost.id}`, undefined, 404);
  await problem('xena', 'POST', '/api/v1/items', { type: 'status', body: 'x', space: internal.id }, 404, 'space');
  const owner = await problem('olga', 'PATCH', S(partners.id, `/members/${ids.xena}`), { role: 'owner' }, 400, 'role');
  assert.equal(owner.detail, 'External accounts cannot own a space.');
  assert.equal((await ok('olga', 'PATCH', S(partners.id, `/members/${ids.xena}`), { role: 'moderator' })).role, 'moderator');

  // Another external account sees none of it.
  for (const s of [partners, hidden]) {
    await problem('xavier', 'GET', S(s.id), undefined, 404);
    await problem('xavier', 'GET', S(s.id, '/members'), undefined, 404);
  }
  await problem('xavier', 'GET', `/api/v1/items/${theirs.id}`, undefined, 404);
  assert.ok(!(await walk('xavier', '/api/v1/spaces', 100)).some((s) => [partners.id, hidden.id].includes(s.id)));

  // Employees see a non-secret extranet space, not a secret one.
  assert.equal((await ok('eve', 'GET', S(partners.id))).can.request_join, true);
  await problem('eve', 'GET', S(hidden.id), undefined, 404);
});

test('anonymous visitors read public spaces, their streams, items and comments; nothing else', async () => {
  const pub = await space('olga', { name: 'Public Notes', visibility: 'public', description: 'Open to **all**.' });
  const sub = await space('olga', { name: 'Public Sub', visibility: 'public', parent: pub.id });
  const internal = await space('olga', { visibility: 'internal' });
  const priv = await space('olga', { visibility: 'private' });
  const extranet = await space('olga', { visibility: 'extranet' });
  const secret = await space('olga', { visibility: 'private', secret: true });
  const item = await postIn('olga', pub.id, 'Hello, world');
  const comment = await ok('eve', 'POST', `/api/v1/items/${item.id}/comments`, { body: 'Hi!' }, 201);
  const internalItem = await postIn('olga', internal.id, 'Staff only');
  const profileItem = await ok('olga', 'POST', '/api/v1/items', { type: 'status', body: 'On my profile' }, 201);

  const seen = await ok(null, 'GET', S(pub.id));
  assert.equal(seen.name, 'Public Notes');
  assert.match(seen.description_html, /<strong>all<\/strong>/);
  assert.ok(!('my_role' in seen) && !('can' in seen));
  assert.equal((await ok(null, 'GET', S(sub.id))).parent, pub.id);
  const stream = await ok(null, 'GET', S(pub.id, '/stream'));
  assert.deepEqual(stream.items.map((i) => i.id), [item.id]);
  assert.equal(stream.items[0].liked_by_me, false);
  assert.equal(stream.items[0].space, pub.id);
  assert.equal(stream.next_cursor, null);
  assert.equal((await ok(null, 'GET', `/api/v1/items/${item.id}`)).body, 'Hello, world');
  assert.deepEqual((await ok(null, 'GET', `/api/v1/items/${item.id}/comments`)).items.map((c) => c.id), [comment.id]);

  // Everything else is a 404, exactly as what does not exist.
  for (const s of [internal, priv, extranet, secret]) {
    await problem(null, 'GET', S(s.id), undefined, 404);
    await problem(null, 'GET', S(s.id, '/stream'), undefined, 404);
  }
  for (const id of [internalItem.id, profileItem.id, 999999]) {
    await problem(null, 'GET', `/api/v1/items/${id}`, undefined, 404);
    await problem(null, 'GET', `/api/v1/items/${id}/comments`, undefined, 404);
  }
  await problem(null, 'GET', S(999999), undefined, 404);
  await problem(null, 'GET', S('abc'), undefined, 404);
  // Reading is all: anything else needs a caller.
  await problem(null, 'POST', S(pub.id, '/join'), undefined, 401);
  await problem(null, 'GET', `/api/v1/items/${item.id}/likes`, undefined, 401);
  await problem(null, 'POST', `/api/v1/items/${item.id}/comments`, { body: 'x' }, 401);
  await problem(null, 'POST', '/api/v1/spaces', { name: 'x' }, 401);
  // A bad token is refused even where none is needed.
  const bad = await client.json('GET', S(pub.id), undefined, { token: 'not-a-token', cookies: false });
  fx.assertProblem(bad, 401, 'bad token');
  // With a token, the same space answers as the caller sees it.
  assert.equal((await ok('eve', 'GET', S(pub.id))).my_role, 'none');
});

test('posting in a space: members may, others get 403, invisible spaces 404, archived ones 403', async () => {
  const team = await space('olga', { visibility: 'internal' });
  const secret = await space('olga', { visibility: 'private', secret: true });
  const club = await space('olga', { visibility: 'private' });

  const notMember = await problem('eve', 'POST', '/api/v1/items', { type: 'status', body: 'Hi', space: team.id }, 403, 'space');
  assert.equal(notMember.detail, 'Join the space to post in it.');
  await ok('eve', 'POST', S(team.id, '/join'));
  const posted = await postIn('eve', team.id, 'Hi team');
  assert.equal(posted.space, team.id);
  assert.equal(posted.pinned, false);
  assert.deepEqual((await ok('bob', 'GET', S(team.id, '/stream'))).items.map((i) => i.id), [posted.id], 'employees read internal spaces');
  assert.ok((await ok('eve', 'GET', '/api/v1/stream/home')).items.some((i) => i.id === posted.id), 'in the members\' home stream');

  await problem('eve', 'POST', '/api/v1/items', { type: 'status', body: 'Hi', space: secret.id }, 404, 'space');
  await problem('eve', 'POST', '/api/v1/items', { type: 'status', body: 'Hi', space: club.id }, 404, 'space');
  await problem('eve', 'POST', '/api/v1/items', { type: 'status', body: 'Hi', space: 999999 }, 404, 'space');
  for (const bad of ['1', 0, -1, 1.5, true, [1]]) {
    await problem('eve', 'POST', '/api/v1/items', { type: 'status', body: 'Hi', space: bad }, 400, 'space');
  }
  // An item stays where it was posted.
  await problem('eve', 'PATCH', `/api/v1/items/${posted.id}`, { space: club.id }, 400, 'space');
  await problem('eve', 'PATCH', `/api/v1/items/${posted.id}`, { space: null }, 400, 'space');
  assert.equal((await ok('eve', 'GET', `/api/v1/items/${posted.id}`)).space, team.id);

  await ok('olga', 'PATCH', S(team.id), { archived: true });
  const archived = await problem('eve', 'POST', '/api/v1/items', { type: 'status', body: 'Late', space: team.id }, 403, 'space');
  assert.equal(archived.detail, 'This space is archived: it is read-only.');
  assert.equal((await ok('eve', 'GET', S(team.id, '/stream'))).items.length, 1, 'an archived space is still read');
  await ok('olga', 'PATCH', S(team.id), { archived: false });
  await postIn('eve', team.id, 'Back again');
  const rw = await api('olgaRead', 'POST', '/api/v1/items', { type: 'status', body: 'x', space: team.id });
  assert.match(fx.assertProblem(rw, 403, 'read token').detail, /write scope/);
});

test('pinning: moderators, owners and administrators only, not in archived spaces', async () => {
  const team = await space('olga', { visibility: 'internal' });
  for (const who of ['mo', 'eve']) await ok(who, 'POST', S(team.id, '/join'));
  await ok('olga', 'PATCH', S(team.id, `/members/${ids.mo}`), { role: 'moderator' });
  const item = await postIn('eve', team.id, 'Worth pinning');
  const pin = `/api/v1/items/${item.id}/pin`;

  const refused = await problem('eve', 'PUT', pin, undefined, 403);
  assert.equal(refused.detail, "Only the space's moderators may pin items.");
  await problem('bob', 'PUT', pin, undefined, 403);
  assert.equal((await ok('eve', 'GET', `/api/v1/items/${item.id}`)).pinned, false);
  assert.equal((await ok('mo', 'PUT', pin)).pinned, true);
  assert.equal((await ok('eve', 'GET', `/api/v1/items/${item.id}`)).pinned, true, 'the pin is saved');
  assert.equal((await ok('mo', 'PUT', pin, {})).pinned, true, 'pinning twice is harmless');
  assert.ok((await ok('eve', 'GET', S(team.id, '/stream'))).items.find((i) => i.id === item.id).pinned);
  await problem('eve', 'DELETE', pin, undefined, 403);
  assert.equal((await ok('eve', 'GET', `/api/v1/items/${item.id}`)).pinned, true, 'a refused unpin unpins nothing');
  assert.equal((await ok('mo', 'DELETE', pin)).pinned, false);
  assert.equal((await ok('olga', 'PUT', pin)).pinned, true, 'owners pin');
  assert.equal((await ok('ada', 'DELETE', pin)).pinned, false, 'administrators unpin');

  // Not on profiles, not what one cannot see, not with a read token, not anonymously.
  const profile = await ok('eve', 'POST', '/api/v1/items', { type: 'status', body: 'My own' }, 201);
  await problem('eve', 'PUT', `/api/v1/items/${profile.id}/pin`, undefined, 400);
  await problem('xavier', 'PUT', pin, undefined, 404);
  await problem('mo', 'PUT', '/api/v1/items/999999/pin', undefined, 404);
  await problem('olgaRead', 'PUT', pin, undefined, 403);
  await problem(null, 'PUT', pin, undefined, 401);

  // Archived: read-only.
  await ok('olga', 'PATCH', S(team.id), { archived: true });
  const frozen = await problem('mo', 'PUT', pin, undefined, 403);
  assert.equal(frozen.detail, 'This space is archived: it is read-only.');
  assert.equal((await ok('eve', 'GET', `/api/v1/items/${item.id}`)).pinned, false);
});

test('validation: types, values, visibility rules, conflicts and unknown fields', async () => {
  const create = (body, status, field) => problem('olga', 'POST', '/api/v1/spaces', body, status, field);
  await create({ name: '' }, 400, 'name');
  await create({ name: '   ' }, 400, 'name');
  await create({}, 400, 'name');
  await create({ name: 'x'.repeat(81) }, 400, 'name');
  await create({ name: 5 }, 400, 'name');
  await create({ name: null }, 400, 'name');
  await create({ name: 'Bad', visibility: 'secret' }, 400, 'visibility');
  await create({ name: 'Bad', visibility: 3 }, 400, 'visibility');
  const secretInternal = await create({ name: 'Bad', visibility: 'internal', secret: true }, 400, 'secret');
  assert.equal(secretInternal.detail, 'Only private and extranet spaces can be secret.');
  await create({ name: 'Bad', visibility: 'public', secret: true }, 400, 'secret');
  await create({ name: 'Bad', secret: 'yes' }, 400, 'secret');
  await create({ name: 'Bad', secret: 1 }, 400, 'secret');
  await create({ name: 'Bad', description: 7 }, 400, 'description');
  await create({ name: 'Bad', description: 'x'.repeat(5001) }, 400, 'description');
  for (const parent of ['3', 0, -2, 1.5, true]) await create({ name: 'Bad', parent }, 400, 'parent');
  await create({ name: 'Bad', parent: 999999 }, 404, 'parent');
  for (const slug of ['Bad Slug!', 'a', '-ab', 'ab-', 'new', 'x'.repeat(61)]) await create({ name: 'Bad', slug }, 400, 'slug');
  await create({ name: 'Bad', slug: 3 }, 400, 'slug');
  await create({ name: 'Bad', color: 'red' }, 400, 'color');
  await create({ name: 'Bad', id: 3 }, 400, 'id');
  await create({ name: 'Bad', archived: true }, 400, 'archived');
  await create('[1]', 400);
  await create(undefined, 400);

  // Addresses are unique.
  const taken = await space('olga', { name: 'Taken', slug: 'taken-address' });
  const conflict = await create({ name: 'Other', slug: 'taken-address' }, 409, 'slug');
  assert.equal(conflict.detail, 'Another space already has this address.');
  assert.equal((await space('olga', { name: 'Taken' })).slug, 'taken');
  assert.equal((await space('olga', { name: 'Taken' })).slug, 'taken-2', 'a free address is made from the name');
  const other = await space('olga', { name: 'Other Place', slug: null });
  assert.equal(other.slug, 'other-place');
  await problem('olga', 'PATCH', S(other.id), { slug: 'taken-address' }, 409, 'slug');
  assert.equal((await ok('olga', 'PATCH', S(taken.id), { slug: 'taken-address' })).slug, 'taken-address', 'its own address is free');

  // A sub-space is never more visible than its parent, and nesting stops.
  const internal = await space('olga', { visibility: 'internal' });
  const nested = await create({ name: 'Sub', parent: internal.id, visibility: 'public' }, 400, 'visibility');
  assert.equal(nested.detail, 'A sub-space cannot be more visible than its parent.');
  const priv = await space('olga', { visibility: 'private' });
  for (const visibility of ['internal', 'extranet', 'public']) await create({ name: 'Sub', parent: priv.id, visibility }, 400, 'visibility');
  const extranet = await space('olga', { visibility: 'extranet' });
  await create({ name: 'Sub', parent: extranet.id, visibility: 'internal' }, 400, 'visibility');
  assert.equal((await space('olga', { parent: extranet.id, visibility: 'private' })).parent, extranet.id);
  const child = await space('olga', { parent: internal.id, visibility: 'internal' });
  await problem('olga', 'PATCH', S(child.id), { visibility: 'public' }, 400, 'visibility');
  const narrower = await problem('olga', 'PATCH', S(internal.id), { visibility: 'private' }, 400, 'visibility');
  assert.equal(narrower.detail, 'A sub-space would be more visible than this space; change it first.');
  assert.equal((await ok('olga', 'GET', S(internal.id))).visibility, 'internal');
  await problem('eve', 'POST', '/api/v1/spaces', { name: 'Not yours', parent: internal.id }, 403);
  let parent = await space('olga', { name: 'Level 1' });
  for (let level = 2; level <= 9; level++) parent = await space('olga', { name: `Level ${level}`, parent: parent.id });
  const deep = await create({ name: 'Level 10', parent: parent.id }, 400, 'parent');
  assert.equal(deep.detail, 'Spaces nest at most 8 levels deep.');

  // Edits: the same rules, strict types, archived alone, no unknown fields.
  const target = await space('olga', { visibility: 'private' });
  const patch = (body, status, field) => problem('olga', 'PATCH', S(target.id), body, status, field);
  await patch({ secret: 'true' }, 400, 'secret');
  await patch({ archived: 'yes' }, 400, 'archived');
  await patch({ archived: 1 }, 400, 'archived');
  await patch({ archived: true, name: 'x' }, 400, 'archived');
  await patch({ slug: '' }, 400, 'slug');
  await patch({ slug: null }, 400, 'slug');
  await patch({ name: null }, 400, 'name');
  await patch({ visibility: 'everyone' }, 400, 'visibility');
  await patch({ members_count: 3 }, 400, 'members_count');
  await patch({ parent: internal.id }, 400, 'parent');
  await patch('"x"', 400);
  await patch(undefined, 400);
  assert.equal((await ok('olga', 'PATCH', S(target.id), { secret: true })).secret, true);
  await patch({ visibility: 'internal' }, 400, 'secret');
  const opened = await ok('olga', 'PATCH', S(target.id), { visibility: 'internal', secret: false });
  assert.deepEqual([opened.visibility, opened.secret], ['internal', false]);
  await problem('eve', 'PATCH', S(999999), { name: 'x' }, 404);
  await problem('eve', 'PATCH', S('x1'), { name: 'x' }, 404);

  // Invitations: a person's id.
  for (const body of [{ person: 'bob' }, { person: 0 }, { person: 1.5 }, { person: null }, {}]) {
    await problem('olga', 'POST', S(target.id, '/members'), body, 400, 'person');
  }
  await problem('olga', 'POST', S(target.id, '/members'), { person: ids.bob, role: 'owner' }, 400, 'role');
  await problem('olga', 'POST', S(target.id, '/members'), { person: 999999 }, 404, 'person');
  await problem('olga', 'POST', S(999999, '/members'), { person: ids.bob }, 404);
});

test('token scopes and the session cookie: reads need read, changes need write (or the CSRF token)', async () => {
  const team = await space('olga', { visibility: 'internal' });
  assert.equal((await ok('olgaRead', 'GET', S(team.id))).my_role, 'owner');
  assert.ok((await ok('olgaRead', 'GET', '/api/v1/spaces')).items.length > 0);
  for (const [method, path, body] of [['POST', '/api/v1/spaces', { name: 'x' }], ['PATCH', S(team.id), { name: 'x' }],
    ['DELETE', S(team.id)], ['POST', S(team.id, '/join')], ['POST', S(team.id, '/leave')],
    ['POST', S(team.id, '/members'), { person: ids.bob }], ['PATCH', S(team.id, `/members/${ids.olga}`), { role: 'owner' }],
    ['DELETE', S(team.id, `/members/${ids.olga}`)]]) {
    const p = await problem('olgaRead', method, path, body, 403);
    assert.match(p.detail, /write scope/, `${method} ${path}`);
  }
  for (const path of ['/api/v1/spaces', S(team.id), S(team.id, '/stream'), S(team.id, '/members')]) {
    assert.match((await problem('olgaWrite', 'GET', path, undefined, 403)).detail, /read scope/, path);
  }
  assert.equal((await ok('olga', 'GET', S(team.id))).name, team.name, 'nothing changed');

  const web = await fx.signedIn(srv.url, 'eve@example.test', PASSWORD);
  fx.assertProblem(await web.json('POST', S(team.id, '/join'), {}), 403, 'no X-CSRF-Token');
  assert.equal((await ok('eve', 'GET', S(team.id))).my_role, 'none');
  const joined = await web.json('POST', S(team.id, '/join'), {}, { headers: { 'x-csrf-token': web.csrf } });
  assert.equal(joined.status, 200, joined.text);
  assert.deepEqual(joined.json(), { space: team.id, role: 'member' });
  assert.equal((await web.json('GET', S(team.id))).json().my_role, 'member');
});
