'use strict';
// Profiles: editing one's own, what others may and may not change, photos,
// and the account controls of administrators.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, runCli } = require('../lib/server');
const fx = require('../lib/fixtures');

const { Client } = fx; // validates every HTML page it receives

const ADMIN = { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: 'admin password 1' };
const BOB = { email: 'bob@example.test', name: 'Bob Martin', role: 'employee', password: 'bob password 12' };
const CAROL = { email: 'carol@example.test', name: 'Carol Chef', role: 'employee', password: 'carol password 1' };
const XAVIER = { email: 'xavier@partner.test', name: 'Xavier Partner', role: 'external', password: 'xavier password 1' };

let srv;
let admin;
let bob;
let carol;

before(async () => {
  srv = await startServer({ users: [ADMIN, BOB, CAROL, XAVIER] });
  admin = await fx.signedIn(srv.url, ADMIN.email, ADMIN.password);
  bob = await fx.signedIn(srv.url, BOB.email, BOB.password);
  carol = await fx.signedIn(srv.url, CAROL.email, CAROL.password);
});
after(async () => {
  if (!srv) return;
  await fx.assertNo5xx(srv);
  await srv.stop();
});

/** POST the edit form of `handle` as client, starting from the form's current values. */
async function edit(client, handle, changes) {
  const form = await client.get(`/people/${handle}/edit`);
  const fields = {};
  for (const m of form.text.matchAll(/<input type="text" id="(\w+)" name="\w+"[^>]* value="([^"]*)"/g)) fields[m[1]] = decode(m[2]);
  const bio = /<textarea id="bio" name="bio"[^>]*>([^<]*)<\/textarea>/.exec(form.text);
  if (bio) fields.bio = decode(bio[1]);
  return client.postForm(`/people/${handle}/edit`, { ...fields, ...changes });
}
function decode(s) {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

test('one edits every field of one\'s own profile and sees it on the profile page', async () => {
  const form = await fx.page(bob, '/people/bob/edit');
  assert.match(form.text, /name="handle"[^>]*value="bob"/);
  const r = await bob.postForm('/people/bob/edit', {
    name: '  Bob Martín  ',
    handle: 'Bob.Martin',
    title: 'Staff engineer',
    department: 'Engineering',
    location: 'Lyon',
    phone: '+33 4 00 00 00 00',
    manager: '@carol',
    expertise: 'SQLite, performance, sqlite , C',
    bio: 'I like **fast** code.\n\n- one\n- two',
    lang: 'en',
  });
  assert.equal(r.status, 303, fx.formError(r.text) || '');
  assert.equal(r.location, '/people/bob.martin?done=saved');
  const p = await fx.page(bob, r.location);
  assert.match(p.text, /Your changes are saved\./);
  assert.match(p.text, /<h1>Bob Martín<\/h1>/, 'the name, trimmed');
  assert.match(p.text, /@bob\.martin/);
  assert.match(p.text, /<p>Staff engineer<\/p>/);
  assert.match(p.text, /<dd>Engineering<\/dd>/);
  assert.match(p.text, /<dd>Lyon<\/dd>/);
  assert.ok(p.text.includes('<a href="tel:+33400000000">+33\u00a04\u00a000\u00a000\u00a000\u00a000</a>'),
    'the phone links to tel: and does not break across lines');
  assert.match(p.text, /href="mailto:bob@example\.test"/);
  assert.match(p.text, /<dd><a href="\/people\/carol">Carol Chef<\/a><\/dd>/, 'the manager');
  const tags = [...p.text.matchAll(/<li><a href="\/people\?q=([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => m[2]);
  assert.deepEqual(tags.sort(), ['C', 'SQLite', 'performance'], 'expertise, de-duplicated');
  assert.match(p.text, /<p>I like <strong>fast<\/strong> code\.<\/p>/, 'the bio is Markdown');
  assert.match(p.text, /<li>one<\/li>/);
  assert.equal((await bob.get('/people/bob')).status, 404, 'the old handle is gone');

  const me = (await bob.json('GET', '/api/v1/me')).json();
  assert.equal(me.handle, 'bob.martin');
  assert.equal(me.lang, 'en');
  assert.deepEqual(me.expertise.sort(), ['C', 'SQLite', 'performance']);

  const carolPage = await fx.page(carol, '/people/carol');
  assert.match(carolPage.text, /<h2>Reports<\/h2>[\s\S]*href="\/people\/bob\.martin">Bob Martín</, 'the manager lists the report');
  const form2 = await fx.page(bob, '/people/bob.martin/edit');
  assert.match(form2.text, /name="manager"[^>]*value="carol"/);
  const shown = /name="expertise"[^>]*value="([^"]*)"/.exec(form2.text)[1].split(', ').sort();
  assert.deepEqual(shown, ['C', 'SQLite', 'performance']);
});

test('clearing fields: an empty manager and expertise remove them', async () => {
  const r = await edit(bob, 'bob.martin', { manager: '', expertise: '' });
  assert.equal(r.status, 303);
  const p = await bob.get('/people/bob.martin');
  assert.doesNotMatch(p.text, /<dt>Manager<\/dt>/);
  assert.doesNotMatch(p.text, /<dt>Expertise<\/dt>/);
  await edit(bob, 'bob.martin', { manager: 'carol', expertise: 'SQLite' });
});

test('invalid values are refused with the form and a message, and change nothing', async () => {
  const cases = [
    [{ name: '   ' }, 400, 'Enter a name.'],
    [{ name: 'x'.repeat(121) }, 400, 'This field has at most 120 characters.'],
    [{ handle: '-bad' }, 400, /A handle has 2 to 40/],
    [{ handle: 'a' }, 400, /A handle has 2 to 40/],
    [{ title: 'tab\u0001ctrl' }, 400, 'This field contains invalid characters.'],
    [{ manager: 'nobody-here' }, 400, 'No such person for the manager.'],
    [{ manager: 'xavier' }, 400, 'A manager must be an employee.'],
    [{ expertise: Array.from({ length: 21 }, (_, i) => `tag${i}`).join(',') }, 400, 'At most 20 areas of expertise.'],
    [{ bio: 'b'.repeat(5001) }, 400, /at most 5,000 characters/],
    [{ lang: 'de' }, 400, 'Choose English or French.'],
  ];
  for (const [change, status, msg] of cases) {
    const r = await edit(bob, 'bob.martin', change);
    const label = `edit ${JSON.stringify(change).slice(0, 60)}`;
    assert.equal(r.status, status, label);
    fx.validHtml(r, label);
    if (msg instanceof RegExp) assert.match(fx.formError(r.text) || '', msg, label);
    else assert.equal(fx.formError(r.text), msg, label);
  }
  const me = (await bob.json('GET', '/api/v1/me')).json();
  assert.equal(me.name, 'Bob Martín');
  assert.equal(me.handle, 'bob.martin');
});

test('a handle already taken answers 409', async () => {
  const r = await edit(bob, 'bob.martin', { handle: 'carol' });
  assert.equal(r.status, 409);
  fx.validHtml(r, 'edit (handle taken)');
  assert.equal(fx.formError(r.text), 'This handle is taken.');
  assert.match(r.text, /name="handle"[^>]*value="carol"/, 'the form keeps what was typed');
  assert.equal((await bob.get('/people/bob.martin')).status, 200);
});

test('a manager loop is refused', async () => {
  // Bob reports to Carol: Carol cannot report to Bob, nor anyone to themselves.
  const loop = await edit(carol, 'carol', { manager: 'bob.martin' });
  assert.equal(loop.status, 400);
  assert.equal(fx.formError(loop.text), 'That manager would report to this person.');
  const self = await edit(carol, 'carol', { manager: 'carol' });
  assert.equal(self.status, 400);
  assert.equal(fx.formError(self.text), 'That manager would report to this person.');
  const ada = await edit(carol, 'carol', { manager: 'ada' });
  assert.equal(ada.status, 303, 'a manager outside the chain is fine');
  const loop2 = await edit(admin, 'ada', { manager: 'bob.martin' });
  assert.equal(loop2.status, 400, 'a longer loop too');
  await edit(carol, 'carol', { manager: '' });
});

test('an employee cannot edit someone else\'s profile; an admin can', async () => {
  const page = await bob.get('/people/carol/edit');
  assert.equal(page.status, 403);
  fx.validHtml(page, 'GET /people/carol/edit as Bob');
  assert.match(page.text, /You may only edit your own profile\./);
  const view = await fx.page(bob, '/people/carol');
  assert.doesNotMatch(view.text, /href="\/people\/carol\/edit"/, 'no edit button on someone else\'s profile');

  await bob.get('/people/bob.martin');
  const post = await bob.postForm('/people/carol/edit', { name: 'Hacked', title: 'Hacked' });
  assert.equal(post.status, 403);
  const carolNow = await carol.json('GET', '/api/v1/me');
  assert.equal(carolNow.json().name, 'Carol Chef');

  const photo = await fx.postMultipart(bob, '/people/carol/photo',
    [{ name: 'photo', filename: 'p.png', type: 'image/png', data: fx.PNG_1x1 }]);
  assert.equal(photo.status, 403);
  const del = await bob.postForm('/people/carol/photo/delete', {});
  assert.equal(del.status, 403);

  await fx.page(admin, '/people/carol/edit');
  const ok = await edit(admin, 'carol', { title: 'Head of engineering' });
  assert.equal(ok.status, 303);
  const seen = await fx.page(carol, '/people/carol');
  assert.match(seen.text, /<p>Head of engineering<\/p>/);
  assert.match((await admin.get('/people/carol')).text, /href="\/people\/carol\/edit"/);
});

test('a profile that does not exist is a 404 page', async () => {
  for (const p of ['/people/nobody', '/people/nobody/edit', '/people/nobody/photo']) {
    const r = await bob.get(p);
    assert.equal(r.status, 404, p);
    fx.validHtml(r, `GET ${p}`);
  }
  await bob.get('/people/bob.martin');
  const r = await bob.postForm('/people/nobody/edit', { name: 'X' });
  assert.equal(r.status, 404);
});

test('photo upload: PNG and JPEG come back as WebP; the placeholder before and after removal', async () => {
  const before0 = await bob.get('/people/bob.martin');
  assert.match(before0.text, /<img src="\/assets\/avatar\.svg\?v=[0-9a-f]+" alt="Photo"/);
  assert.equal((await bob.get('/people/bob.martin/photo')).status, 404, 'no photo yet');

  let version = 0;
  for (const [name, type, data] of [['me.png', 'image/png', fx.PNG_1x1], ['me.jpg', 'image/jpeg', fx.JPEG_8x8]]) {
    await bob.get('/people/bob.martin/edit');
    const r = await fx.postMultipart(bob, '/people/bob.martin/photo', [{ name: 'photo', filename: name, type, data }]);
    assert.equal(r.status, 303, `${name}: ${fx.formError(r.text)}`);
    assert.equal(r.location, '/people/bob.martin?done=photo');
    version++;
    const p = await fx.page(bob, r.location);
    assert.match(p.text, /Your photo is updated\./);
    const src = `/people/bob.martin/photo?v=${version}`;
    assert.ok(p.text.includes(`src="${src}"`), `the profile shows ${src}`);
    const img = await fetch(srv.url + src, { headers: { cookie: `ruche_session=${bob.cookies.ruche_session}` } });
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/webp');
    const bytes = Buffer.from(await img.arrayBuffer());
    assert.ok(fx.isWebp(bytes), `${name} is served as WebP`);
    // Colleagues see it too; anonymous visitors do not.
    assert.equal((await carol.get(src)).status, 200);
    assert.equal((await new Client(srv.url).get(src)).status, 303);
  }
  const card = await carol.get('/people?q=bob');
  assert.ok(card.text.includes('src="/people/bob.martin/photo?v=2"'), 'the directory shows the photo');

  const edit2 = await fx.page(bob, '/people/bob.martin/edit');
  assert.match(edit2.text, /action="\/people\/bob\.martin\/photo\/delete"/);
  const del = await bob.postForm('/people/bob.martin/photo/delete', {});
  assert.equal(del.status, 303);
  assert.match((await fx.page(bob, del.location)).text, /The photo is removed\./);
  assert.equal((await bob.get('/people/bob.martin/photo?v=2')).status, 404);
  assert.match((await bob.get('/people/bob.martin')).text, /src="\/assets\/avatar\.svg/);

  // A new photo after a removal gets an address never used before: photo
  // URLs are cached for a year, so reusing one would show the old photo.
  await bob.get('/people/bob.martin/edit');
  const again = await fx.postMultipart(bob, '/people/bob.martin/photo',
    [{ name: 'photo', filename: 'new.png', type: 'image/png', data: fx.PNG_1x1 }]);
  assert.equal(again.status, 303);
  const src = /src="(\/people\/bob\.martin\/photo\?v=\d+)"/.exec((await bob.get('/people/bob.martin')).text)[1];
  assert.ok(!['/people/bob.martin/photo?v=1', '/people/bob.martin/photo?v=2'].includes(src), `new photo URL ${src}`);
  const api = (await bob.json('GET', '/api/v1/me')).json();
  assert.equal(api.photo_url, src);
  await bob.postForm('/people/bob.martin/photo/delete', {});
  assert.equal((await bob.json('GET', '/api/v1/me')).json().photo_url, null);
});

test('photo upload refuses what is not a usable image, with a clear message', async () => {
  const cases = [
    ['notes.txt', 'text/plain', Buffer.from('just some text, not an image'), 'The photo must be a PNG, JPEG or WebP image.'],
    ['fake.png', 'image/png', Buffer.from('GIF89a\x01\x00\x01\x00'), 'The photo must be a PNG, JPEG or WebP image.'],
    ['empty.png', 'image/png', Buffer.alloc(0), 'Choose a photo to upload.'],
    ['broken.png', 'image/png', Buffer.concat([fx.PNG_1x1.subarray(0, 30), Buffer.alloc(40, 7)]), /could not be read/],
    ['cut.jpg', 'image/jpeg', fx.JPEG_8x8.subarray(0, 200), /could not be read/],
    ['big.png', 'image/png', Buffer.concat([fx.PNG_1x1, Buffer.alloc(5 * 1024 * 1024 + 10)]), 'The photo is larger than 5 MB.'],
  ];
  for (const [filename, type, data, msg] of cases) {
    await bob.get('/people/bob.martin/edit');
    const r = await fx.postMultipart(bob, '/people/bob.martin/photo', [{ name: 'photo', filename, type, data }]);
    assert.equal(r.status, 400, filename);
    fx.validHtml(r, `upload ${filename}`);
    if (msg instanceof RegExp) assert.match(fx.formError(r.text) || '', msg, filename);
    else assert.equal(fx.formError(r.text), msg, filename);
  }
  const none = await fx.postMultipart(bob, '/people/bob.martin/photo', [{ name: 'other', value: 'x' }]);
  assert.equal(none.status, 400);
  assert.equal(fx.formError(none.text), 'Choose a photo to upload.');

  const huge = await fx.postMultipart(bob, '/people/bob.martin/photo',
    [{ name: 'photo', filename: 'huge.png', type: 'image/png', data: Buffer.alloc(11 * 1024 * 1024, 1) }]);
  assert.equal(huge.status, 413, 'beyond the upload limit');
  fx.validHtml(huge, 'upload 11 MB');
  assert.equal((await bob.get('/people/bob.martin/photo')).status, 404, 'no photo was stored');
});

test('an admin manages accounts: disabling ends sessions and hides the person', async () => {
  const dave = { email: 'dave@example.test', password: 'dave password 1' };
  await runCli(['user', 'add', '--data', srv.dataDir, '--email', dave.email, '--name', 'Dave Gone', '--password-stdin'],
    { input: dave.password + '\n' });
  const d = await fx.signedIn(srv.url, dave.email, dave.password);

  const page = await fx.page(admin, '/people/dave');
  assert.match(page.text, /action="\/people\/dave\/account"/, 'admins see the account controls');
  assert.doesNotMatch((await bob.get('/people/dave')).text, /\/account"/, 'employees do not');
  assert.doesNotMatch((await admin.get('/people/ada')).text, /\/account"/, 'nor an admin on their own profile');

  const r = await admin.postForm('/people/dave/account', { role: 'employee', disabled: '1' });
  assert.equal(r.status, 303);
  const after1 = await fx.page(admin, r.location);
  assert.match(after1.text, /The account is updated\./);
  assert.match(after1.text, /class="badge">disabled</);
  assert.equal((await d.get('/')).status, 303, 'Dave is signed out');
  assert.equal((await new Client(srv.url).login(dave.email, dave.password)).status, 400);
  assert.equal((await bob.get('/people/dave')).status, 404, 'colleagues no longer see a disabled account');
  assert.doesNotMatch((await bob.get('/people?q=dave')).text, /Dave Gone/);
  assert.match((await admin.get('/people?q=dave')).text, /Dave Gone/, 'admins still do');

  const back = await admin.postForm('/people/dave/account', { role: 'external' });
  assert.equal(back.status, 303);
  const dd = await fx.signedIn(srv.url, dave.email, dave.password);
  assert.equal((await dd.json('GET', '/api/v1/me')).json().role, 'external');

  const bad = await admin.postForm('/people/dave/account', { role: 'emperor' });
  assert.equal(bad.status, 400);
  fx.validHtml(bad, 'account (bad role)');
  await admin.get('/people/ada');
  const self = await admin.postForm('/people/ada/account', { role: 'employee' });
  assert.equal(self.status, 403, 'an admin cannot demote themselves');
  assert.equal((await admin.json('GET', '/api/v1/me')).json().role, 'admin');
  const notAdmin = await bob.postForm('/people/dave/account', { role: 'admin' });
  assert.equal(notAdmin.status, 404);
});
