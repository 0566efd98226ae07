'use strict';
// The OpenAPI document (docs/openapi.json) against the server and the route
// table:
//   - it is valid OpenAPI 3.1 (swagger-parser) and served as is;
//   - its operations are exactly the JSON routes of src/http/routes.c, with
//     the authentication the route flags imply;
//   - real answers (successes and problems) match the documented schemas.
//
//   make && RUCHE_BIN=$PWD/build/ruche node --test tests/http/openapi.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const SwaggerParser = require('@apidevtools/swagger-parser');

const { startServer, runCli } = require('../lib/server');
const { Client } = require('../lib/client');
const { openEvents } = require('../lib/sse');

const ROOT = path.resolve(__dirname, '..', '..');
const DOC_FILE = path.join(ROOT, 'docs', 'openapi.json');
const ROUTES_FILE = path.join(ROOT, 'src', 'http', 'routes.c');
const DOC_TEXT = fs.readFileSync(DOC_FILE, 'utf8');
const DOC = JSON.parse(DOC_TEXT);
const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// ---- the route table ------------------------------------------------------

/** The routes of routes.c: [{method: 'get', pattern: '/x/{}', flags: ['JSON', ...]}]. */
function parseRoutes(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  const table = /\broutes\s*\[\s*\]\s*=\s*\{([\s\S]*?)\n\s*\}\s*;/.exec(code);
  if (!table) throw new Error('routes.c: the routes[] table was not found');
  const routes = [];
  const re = /\{\s*M_([A-Z]+)\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*([A-Za-z_]\w*)\s*,\s*([^{}]*?)\s*\}/g;
  for (const m of table[1].matchAll(re)) {
    const flags = m[4] === '0' ? [] : m[4].split('|').map((f) => f.trim());
    for (const f of flags) if (!/^[A-Z_]+$/.test(f)) throw new Error(`routes.c: cannot read the flags of ${m[2]}: ${m[4]}`);
    routes.push({ method: m[1].toLowerCase(), pattern: m[2], handler: m[3], flags });
  }
  // Every entry must have been read: a route the regexp missed would escape the check.
  const entries = (table[1].match(/\{\s*M_[A-Z]+\b/g) || []).length;
  if (entries !== routes.length) throw new Error(`routes.c: read ${routes.length} of ${entries} routes`);
  return routes;
}

const ROUTES = parseRoutes(fs.readFileSync(ROUTES_FILE, 'utf8'));
const API_ROUTES = ROUTES.filter((r) => r.flags.includes('JSON'));

/** "/people/{}" and "/people/{id}" both become "/people/{param}". */
const routeKey = (method, p) => `${method.toUpperCase()} ${p.replace(/\{[^}]*\}/g, '{param}')}`;

function documentedOperations() {
  const ops = [];
  for (const [p, item] of Object.entries(DOC.paths || {})) {
    for (const method of OPERATION_METHODS) {
      if (item[method]) ops.push({ method, path: p, op: item[method], item });
    }
  }
  return ops;
}

// ---- a JSON Schema checker for the subset the document uses ------------------

const CHECKED = new Set(['$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const',
  'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'format']);
const ANNOTATIONS = new Set(['description', 'title', 'summary', 'example', 'examples', 'default', 'readOnly', 'writeOnly',
  'deprecated', '$comment']);

function resolveRef(ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node = DOC;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === undefined || node === null || !(key in node)) throw new Error(`dangling $ref ${ref}`);
    node = node[key];
  }
  return node;
}

/** Follows a Reference Object (responses, parameters, ...). */
const deref = (o) => (o && o.$ref ? deref(resolveRef(o.$ref)) : o);

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v; // number, string, boolean, object
}

const isType = (t, v) => typeOf(v) === t || (t === 'number' && typeOf(v) === 'integer');

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

const FORMATS = {
  email: (s) => /^[^\s@]+@[^\s@]+$/.test(s),
  'uri-reference': (s) => !/[\s<>"{}|\\^`]/.test(s),
  int64: (n) => Number.isSafeInteger(n),
};

/**
 * The errors of `value` against `schema` ([] when it conforms). With strict
 * (the default), an object member the schema does not list is an error unless
 * the schema says additionalProperties: true: an answer must not carry
 * undocumented members.
 */
function validate(schema, value, where = '$', { strict = true } = {}, errors = []) {
  if (schema === true) return errors;
  if (schema === false) {
    errors.push(`${where}: no value is allowed here`);
    return errors;
  }
  for (const k of Object.keys(schema)) {
    if (!CHECKED.has(k) && !ANNOTATIONS.has(k)) {
      throw new Error(`${where}: schema keyword "${k}" is not supported by this test's checker; extend validate()`);
    }
  }
  if (schema.$ref) validate(resolveRef(schema.$ref), value, where, { strict }, errors);
  if (schema.type !== undefined) {
    const types = [].concat(schema.type);
    if (!types.some((t) => isType(t, value))) {
      errors.push(`${where}: ${JSON.stringify(value)} is ${typeOf(value)}, not ${types.join(' or ')}`);
      return errors;
    }
  }
  if (schema.enum && !schema.enum.some((e) => same(e, value))) {
    errors.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ('const' in schema && !same(schema.const, value)) {
    errors.push(`${where}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${where}: ${value} < ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${where}: ${value} > ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    const chars = [...value].length;
    if (schema.minLength !== undefined && chars < schema.minLength) errors.push(`${where}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && chars > schema.maxLength) errors.push(`${where}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${where}: ${JSON.stringify(value)} does not match /${schema.pattern}/`);
    }
  }
  if (schema.format && FORMATS[schema.format] && value !== null && !FORMATS[schema.format](value)) {
    errors.push(`${where}: ${JSON.stringify(value)} is not a valid ${schema.format}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${where}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${where}: more than ${schema.maxItems} items`);
    if (schema.items !== undefined) value.forEach((v, i) => validate(schema.items, v, `${where}[${i}]`, { strict }, errors));
  }
  if (typeOf(value) === 'object') {
    for (const k of schema.required || []) {
      if (!(k in value)) errors.push(`${where}: required member "${k}" is missing`);
    }
    const props = schema.properties || {};
    for (const [k, v] of Object.entries(value)) {
      if (k in props) validate(props[k], v, `${where}.${k}`, { strict }, errors);
      else if (schema.additionalProperties === false) errors.push(`${where}: member "${k}" is not allowed`);
      else if (typeof schema.additionalProperties === 'object') validate(schema.additionalProperties, v, `${where}.${k}`, { strict }, errors);
      else if (strict && schema.additionalProperties !== true && schema.properties) errors.push(`${where}: member "${k}" is not documented`);
    }
  }
  return errors;
}

/** The documented operation of `method` on the document path `docPath`. */
function operation(method, docPath) {
  const item = DOC.paths[docPath];
  assert.ok(item, `${docPath} is not in the document`);
  const op = item[method.toLowerCase()];
  assert.ok(op, `${method} ${docPath} is not in the document`);
  return op;
}

/**
 * Asserts that the answer `res` to `method docPath` is documented: its status
 * is listed, its media type is listed for that status, its body conforms to the
 * schema, and the documented headers with a schema are present and conform.
 * Returns the parsed body.
 */
function assertDocumented(method, docPath, res) {
  const op = operation(method, docPath);
  const what = `${method} ${docPath} → ${res.status}`;
  const response = deref(op.responses[String(res.status)] || op.responses.default);
  assert.ok(response, `${what}: status ${res.status} is not documented (body: ${res.text.slice(0, 300)})`);
  if (res.status === 304) { // no body: the documented headers only
    assert.equal(res.text, '', `${what}: a 304 has no body`);
    assert.ok(!response.content, `${what}: a 304 documents no content`);
    assertDocumentedHeaders(what, response, res);
    return null;
  }
  const type = (res.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  assert.ok(response.content, `${what}: no content is documented, but the answer is ${type}`);
  const media = response.content[type];
  assert.ok(media, `${what}: ${type} is not documented (documented: ${Object.keys(response.content).join(', ')})`);
  assert.ok(media.schema, `${what}: ${type} has no schema`);
  const body = res.json();
  assert.deepEqual(validate(media.schema, body), [], `${what}: the body does not match the documented schema:\n${res.text.slice(0, 2000)}`);
  assertDocumentedHeaders(what, response, res);
  return body;
}

/** The documented headers with a schema are present in `res` and conform. */
function assertDocumentedHeaders(what, response, res) {
  for (const [name, h] of Object.entries(response.headers || {})) {
    const header = deref(h);
    if (!header.schema) continue;
    const got = res.headers.get(name);
    assert.notEqual(got, null, `${what}: the documented header ${name} is missing`);
    assert.deepEqual(validate(header.schema, got), [], `${what}: header ${name}: ${got}`);
  }
}

/** "/api/v1/people/{id}" with {id: 3} → "/api/v1/people/3". */
const fill = (docPath, params) => docPath.replace(/\{([^}]+)\}/g, (_, k) => encodeURIComponent(params[k]));

// ---- static checks ------------------------------------------------------------

test('the route table parser reads routes.c', () => {
  assert.ok(ROUTES.length >= 10, `only ${ROUTES.length} routes read`);
  assert.ok(API_ROUTES.length >= 1, 'no JSON route read');
  for (const r of ROUTES) assert.match(r.pattern, /^\//, `odd pattern ${r.pattern}`);
});

test('docs/openapi.json is a valid OpenAPI 3.1 document (swagger-parser)', async () => {
  assert.equal(DOC.openapi, '3.1.0');
  assert.equal(DOC.info.title, 'Ruche API');
  assert.equal(DOC.info.version, '0.1.0');
  assert.deepEqual(DOC.servers, [{ url: '/', description: DOC.servers[0].description }]);
  await SwaggerParser.validate(structuredClone(DOC));
  // operationIds: present and unique; every operation has a summary and a success.
  const ids = documentedOperations().map(({ method, path: p, op }) => {
    assert.ok(op.operationId, `${method} ${p}: no operationId`);
    assert.ok(op.summary, `${method} ${p}: no summary`);
    assert.ok(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${method} ${p}: no 2xx response`);
    return op.operationId;
  });
  assert.equal(new Set(ids).size, ids.length, `duplicate operationIds: ${ids}`);
});

test('the examples in the document conform to their schemas', () => {
  let count = 0;
  const checkMedia = (where, media) => {
    if (!media.schema) return;
    if ('example' in media) {
      count++;
      assert.deepEqual(validate(media.schema, media.example), [], `${where}: example`);
    }
    for (const [name, ex] of Object.entries(media.examples || {})) {
      count++;
      assert.deepEqual(validate(media.schema, deref(ex).value), [], `${where}: example ${name}`);
    }
  };
  const checkParam = (where, p) => {
    const param = deref(p);
    if ('example' in param) {
      count++;
      assert.deepEqual(validate(param.schema, param.example), [], `${where}: parameter ${param.name}`);
    }
  };
  for (const { method, path: p, op, item } of documentedOperations()) {
    const where = `${method.toUpperCase()} ${p}`;
    for (const prm of [...(item.parameters || []), ...(op.parameters || [])]) checkParam(where, prm);
    for (const [type, media] of Object.entries(deref(op.requestBody)?.content || {})) checkMedia(`${where} request ${type}`, media);
    for (const [status, r] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(deref(r).content || {})) checkMedia(`${where} ${status} ${type}`, media);
    }
  }
  assert.ok(count >= 5, `only ${count} examples checked`);
});

test('the shared 304 and 429 responses document their headers', () => {
  const limited = DOC.components.responses.TooManyRequests;
  assert.deepEqual(Object.keys(limited.headers).sort(),
    ['RateLimit-Limit', 'RateLimit-Policy', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']);
  for (const h of Object.values(limited.headers)) assert.ok(deref(h).schema, 'a 429 header without a schema is not checked');
  assert.ok(limited.content['application/problem+json']);
  const notModified = DOC.components.responses.NotModified;
  assert.ok(deref(notModified.headers.ETag).schema);
  assert.ok(!notModified.content, 'a 304 has no body');
});

test('the documented operations are exactly the JSON routes of routes.c', () => {
  const fromRoutes = new Set(API_ROUTES.map((r) => routeKey(r.method, r.pattern)));
  const fromDoc = new Set(documentedOperations().map(({ method, path: p }) => routeKey(method, p)));
  const undocumented = [...fromRoutes].filter((k) => !fromDoc.has(k)).sort();
  const unknown = [...fromDoc].filter((k) => !fromRoutes.has(k)).sort();
  assert.deepEqual({ undocumented, unknown }, { undocumented: [], unknown: [] },
    'routes.c and docs/openapi.json disagree (undocumented: JSON routes missing from the document; unknown: documented operations with no JSON route)');
  assert.equal(fromDoc.size, documentedOperations().length, 'two documented paths map to the same route');
});

test('each operation documents the authentication and errors its route flags imply', () => {
  const docOps = new Map(documentedOperations().map((o) => [routeKey(o.method, o.path), o]));
  for (const route of API_ROUTES) {
    const entry = docOps.get(routeKey(route.method, route.pattern));
    if (!entry) continue; // reported by the test above
    const { op, method, path: p } = entry;
    const where = `${method.toUpperCase()} ${p}`;
    const security = op.security !== undefined ? op.security : DOC.security || [];
    const flag = (f) => route.flags.includes(f);
    const codes = Object.keys(op.responses);
    if (!flag('NEED_LOGIN')) {
      assert.deepEqual(security, [], `${where}: the route needs no login, so security must be []`);
    } else {
      assert.ok(security.length > 0, `${where}: the route needs a login but documents no security`);
      assert.ok(!security.some((req) => Object.keys(req).length === 0), `${where}: anonymous access is documented`);
      const scope = flag('ADMIN') ? 'admin' : flag('MUTATES') ? 'write' : 'read';
      const bearer = security.find((req) => req.bearerAuth);
      assert.ok(bearer, `${where}: bearer tokens are accepted on every API route`);
      // a handler may ask more than its flags (POST /api/v1/tokens: admin, which implies every scope)
      const needed = bearer.bearerAuth.length === 1 && bearer.bearerAuth[0] === 'admin' ? ['admin'] : [scope];
      assert.deepEqual(bearer.bearerAuth, needed, `${where}: tokens need the ${scope} scope`);
      const cookie = security.find((req) => req.sessionCookie);
      assert.ok(cookie, `${where}: the session cookie is accepted on every API route`);
      assert.equal('csrfToken' in cookie, flag('MUTATES'), `${where}: the CSRF header goes with the cookie exactly on state changes`);
    }
    // A token lacking the scope is refused on every API route, an invalid one too.
    assert.ok(codes.includes('401'), `${where}: 401 not documented`);
    assert.ok(codes.includes('403'), `${where}: 403 not documented`);
    if (flag('INTERNAL') || flag('ADMIN')) assert.ok(codes.includes('404'), `${where}: 404 (hidden from externals/non-admins) not documented`);
    if (route.pattern.includes('{}')) assert.ok(codes.includes('404'), `${where}: 404 not documented`);
    if (flag('MUTATES')) {
      assert.ok(op.requestBody, `${where}: no requestBody`);
      // uploads (UPLOAD) may take multipart/form-data only
      const content = deref(op.requestBody).content;
      assert.ok(content['application/json'] || (flag('UPLOAD') && content['multipart/form-data']), `${where}: the body is application/json`);
      for (const c of ['400', '413', '415']) assert.ok(codes.includes(c), `${where}: ${c} not documented`);
    }
    // Every API route is under the rate limit; every JSON read sends an ETag.
    assert.ok(codes.includes('429'), `${where}: 429 not documented`);
    if (!flag('URL_TOKEN')) { // incoming hooks document their own per-address limit
      assert.equal(op.responses['429'].$ref, '#/components/responses/TooManyRequests', `${where}: 429 is not the shared TooManyRequests`);
    }
    if (method === 'get' && deref(op.responses['200'])?.content?.['application/json']) {
      assert.equal(op.responses['304']?.$ref, '#/components/responses/NotModified', `${where}: 304 (the shared NotModified response) not documented`);
    }
    for (const [status, r] of Object.entries(op.responses)) {
      if (Number(status) >= 400) {
        assert.ok(deref(r).content?.['application/problem+json'], `${where} ${status}: not an application/problem+json Problem`);
      }
    }
  }
});

// ---- against the server ---------------------------------------------------------

const USERS = [
  { email: 'ada@example.test', name: 'Ada Admin', role: 'admin', password: 'ada password 1' },
  { email: 'eve@example.test', name: 'Eve Employee', role: 'employee', password: 'eve password 1' },
  { email: 'bob@example.test', name: 'Bob Builder', role: 'employee', password: 'bob password 1' },
  { email: 'carol@example.test', name: 'Carol Coder', role: 'employee', password: 'carol password 1' },
  { email: 'xavier@example.test', name: 'Xavier External', role: 'external', password: 'xavier password 1' },
];

test('against the running server', async (t) => {
  const srv = await startServer({ users: USERS });
  t.after(() => srv.stop());

  async function token(email, scope) {
    const args = ['token', 'create', '--data', srv.dataDir, '--email', email, '--name', 'openapi test'];
    if (scope) args.push('--scope', scope);
    const r = await runCli(args);
    assert.equal(r.code, 0, `token create ${email}: ${r.stderr}`);
    const tok = r.stdout.trim();
    assert.match(tok, /^\S{16,}$/);
    return tok;
  }
  const tokens = {
    ada: await token('ada@example.test'),
    adaAdmin: await token('ada@example.test', 'admin'),
    eve: await token('eve@example.test'),
    eveRead: await token('eve@example.test', 'read'),
    xavier: await token('xavier@example.test'),
  };
  const c = new Client(srv.url);
  const call = (method, docPath, { params = {}, query = '', body, token: tok, headers } = {}) =>
    c.json(method, fill(docPath, params) + query, body, { token: tok, headers, cookies: false });

  // ids by handle, from the admin's view of the directory.
  const ids = {};
  {
    const res = await call('GET', '/api/v1/people', { query: '?limit=100', token: tokens.ada });
    assert.equal(res.status, 200, res.text);
    for (const p of res.json().items) ids[p.handle] = p.id;
    for (const h of ['ada', 'eve', 'bob', 'carol', 'xavier']) assert.ok(ids[h], `no id for ${h}`);
  }

  await t.test('GET /api/v1/openapi.json serves docs/openapi.json as is, without credentials', async () => {
    const res = await call('GET', '/api/v1/openapi.json');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.text, DOC_TEXT, 'the served document differs from docs/openapi.json: rebuild (make) to embed it');
    const served = assertDocumented('GET', '/api/v1/openapi.json', res);
    await SwaggerParser.validate(served);
  });

  await t.test('every documented GET without path parameters answers as documented', async (tt) => {
    // The event stream never ends: it has a test of its own below.
    const gets = documentedOperations().filter(({ method, op, item }) => method === 'get' &&
      ![...(item.parameters || []), ...(op.parameters || [])].some((p) => deref(p).in === 'path' || deref(p).required) &&
      !deref(op.responses['200']).content?.['text/event-stream']);
    assert.ok(gets.length >= 3, `only ${gets.length} such operations`);
    const adminOnly = new Set(API_ROUTES.filter((r) => r.flags.includes('ADMIN')).map((r) => routeKey(r.method, r.pattern)));
    for (const { path: p, op } of gets) {
      await tt.test(`${op.operationId}: GET ${p}`, async () => {
        const token = adminOnly.has(routeKey('get', p)) ? tokens.adaAdmin : tokens.eve;
        const res = await call('GET', p, { token });
        assert.equal(res.status, 200, res.text);
        assertDocumented('GET', p, res);
        // Sent back, its ETag gets a 304, which the operation must list.
        const etag = res.headers.get('etag');
        if (etag) {
          const again = await call('GET', p, { token, headers: { 'if-none-match': etag } });
          assert.equal(again.status, 304, `GET ${p} with If-None-Match: ${again.status}`);
          assertDocumented('GET', p, again);
        }
      });
    }
  });

  await t.test('a rate-limited caller gets a documented 429 on reads and writes alike', async () => {
    const limited = await startServer({ users: USERS.slice(0, 2), env: { RUCHE_API_RATE: '6', RUCHE_API_BURST: '2' } });
    try {
      const lc = new Client(limited.url);
      const ops = [['GET', '/api/v1/me', undefined], ['GET', '/api/v1/openapi.json', undefined],
        ['GET', '/api/v1/me/feed-token', undefined], ['PUT', '/api/v1/me/password', { current_password: 'x', new_password: 'y' }],
        ['GET', '/api/v1/invitations', undefined]];
      let seen = 0;
      for (const [method, docPath, body] of ops) {
        const res = await lc.json(method, docPath, body, { cookies: false }); // anonymous: one bucket per address
        if (res.status !== 429) continue;
        seen++;
        const p = assertDocumented(method, docPath, res);
        assert.equal(p.status, 429);
      }
      assert.ok(seen >= 3, `only ${seen} answers were 429`);
    } finally {
      await limited.stop();
    }
  });

  await t.test('getMe: the caller, with their own lang', async () => {
    const me = assertDocumented('GET', '/api/v1/me', await call('GET', '/api/v1/me', { token: tokens.eve }));
    assert.equal(me.id, ids.eve);
    assert.equal(me.email, 'eve@example.test');
    assert.ok('lang' in me, 'lang is in one\'s own record');
  });

  await t.test('listPeople: pages end with next_cursor null; filters', async () => {
    const seen = [];
    let cursor = null;
    for (let page = 0; page < 10; page++) {
      const query = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const list = assertDocumented('GET', '/api/v1/people', await call('GET', '/api/v1/people', { query, token: tokens.eve }));
      assert.ok(list.items.length <= 2);
      seen.push(...list.items.map((p) => p.handle));
      cursor = list.next_cursor;
      if (cursor === null) break;
    }
    assert.equal(cursor, null, 'the last page has next_cursor null');
    assert.deepEqual([...seen].sort(), ['ada', 'bob', 'carol', 'eve', 'xavier']);
    // ordered by name
    assert.deepEqual(seen, ['ada', 'bob', 'carol', 'eve', 'xavier']);

    const found = assertDocumented('GET', '/api/v1/people', await call('GET', '/api/v1/people', { query: '?q=carol', token: tokens.eve }));
    assert.deepEqual(found.items.map((p) => p.handle), ['carol']);
    assert.equal(found.next_cursor, null);
    for (const p of found.items) assert.ok(!('lang' in p), 'lang appears only in one\'s own record');
  });

  await t.test('getPerson: someone else, without lang; oneself, with it', async () => {
    const ada = assertDocumented('GET', '/api/v1/people/{id}',
      await call('GET', '/api/v1/people/{id}', { params: { id: ids.ada }, token: tokens.eve }));
    assert.equal(ada.handle, 'ada');
    assert.equal(ada.role, 'admin');
    assert.equal(ada.profile_url, '/people/ada');
    assert.ok(!('lang' in ada));
    const self = assertDocumented('GET', '/api/v1/people/{id}',
      await call('GET', '/api/v1/people/{id}', { params: { id: ids.eve }, token: tokens.eve }));
    assert.ok('lang' in self);
  });

  await t.test('updatePerson: edit one\'s own profile', async () => {
    const body = { title: '  Platform engineer ', department: 'Engineering', expertise: ['SQL', 'C', 'sql'], lang: 'fr', manager: '@ada', bio: 'Line one\nLine two' };
    assert.deepEqual(validate(deref(operation('PATCH', '/api/v1/people/{id}').requestBody).content['application/json'].schema, body), []);
    const res = await call('PATCH', '/api/v1/people/{id}', { params: { id: ids.eve }, body, token: tokens.eve });
    assert.equal(res.status, 200, res.text);
    const eve = assertDocumented('PATCH', '/api/v1/people/{id}', res);
    assert.equal(eve.title, 'Platform engineer');
    assert.equal(eve.department, 'Engineering');
    assert.deepEqual(eve.expertise, ['C', 'SQL']);
    assert.equal(eve.lang, 'fr');
    assert.equal(eve.manager_id, ids.ada);
    assert.equal(eve.bio, 'Line one\nLine two');
    // Clearing with null and "".
    const cleared = assertDocumented('PATCH', '/api/v1/people/{id}', await call('PATCH', '/api/v1/people/{id}',
      { params: { id: ids.eve }, body: { lang: null, manager: '', title: null, expertise: [] }, token: tokens.eve }));
    assert.equal(cleared.lang, null);
    assert.equal(cleared.manager_id, null);
    assert.equal(cleared.title, '');
    assert.deepEqual(cleared.expertise, []);
    // An admin may edit someone else.
    const bob = assertDocumented('PATCH', '/api/v1/people/{id}', await call('PATCH', '/api/v1/people/{id}',
      { params: { id: ids.bob }, body: { location: 'Lyon' }, token: tokens.ada }));
    assert.equal(bob.location, 'Lyon');
    assert.ok(!('lang' in bob));
  });

  await t.test('errors are documented Problem documents', async () => {
    const problem = async (method, docPath, status, opts, expect = {}) => {
      const res = await call(method, docPath, opts);
      assert.equal(res.status, status, `${method} ${docPath}: ${res.text}`);
      const p = assertDocumented(method, docPath, res);
      assert.equal(p.status, status);
      assert.equal(p.type, 'about:blank');
      for (const [k, v] of Object.entries(expect)) assert.equal(p[k], v, `${method} ${docPath}: ${k}`);
      return p;
    };
    const P = '/api/v1/people/{id}';
    // 401: no credentials, a bad token, a non-Bearer Authorization.
    const unauth = await problem('GET', '/api/v1/me', 401, {}, { title: 'Unauthorized' });
    assert.ok(!('field' in unauth));
    await problem('GET', '/api/v1/people', 401, { token: 'not-a-token' });
    await problem('GET', P, 401, { params: { id: ids.eve }, headers: { authorization: 'Basic ZXZlOng=' } });
    await problem('PATCH', P, 401, { params: { id: ids.eve }, body: { title: 'x' } });
    await problem('GET', '/api/v1/openapi.json', 401, { token: 'not-a-token' });
    // 400: ?limit=, ?cursor=, body members.
    await problem('GET', '/api/v1/people', 400, { query: '?limit=0', token: tokens.eve });
    await problem('GET', '/api/v1/people', 400, { query: '?limit=101', token: tokens.eve });
    await problem('GET', '/api/v1/people', 400, { query: '?cursor=%21%21', token: tokens.eve }, { field: 'cursor' });
    await problem('PATCH', P, 400, { params: { id: ids.eve }, body: { email: 'x@example.test' }, token: tokens.eve }, { field: 'email' });
    await problem('PATCH', P, 400, { params: { id: ids.eve }, body: { name: '   ' }, token: tokens.eve }, { field: 'name' });
    await problem('PATCH', P, 400, { params: { id: ids.eve }, body: { title: 42 }, token: tokens.eve });
    await problem('PATCH', P, 400, { params: { id: ids.eve }, body: { manager: 'nobody-here' }, token: tokens.eve }, { field: 'manager' });
    await problem('PATCH', P, 400, { params: { id: ids.eve }, body: '[1]', token: tokens.eve });
    await problem('PATCH', P, 400, { params: { id: ids.eve }, token: tokens.eve });
    // 403: someone else's profile, one's own role, a read-only token, a token on...
    await problem('PATCH', P, 403, { params: { id: ids.ada }, body: { title: 'x' }, token: tokens.eve });
    await problem('PATCH', P, 403, { params: { id: ids.eve }, body: { role: 'admin' }, token: tokens.eve }, { field: 'role' });
    await problem('PATCH', P, 403, { params: { id: ids.eve }, body: { title: 'x' }, token: tokens.eveRead });
    // 404: unknown or invisible people, the directory for externals.
    await problem('GET', P, 404, { params: { id: 999999 }, token: tokens.eve });
    await problem('GET', P, 404, { params: { id: ids.eve }, token: tokens.xavier });
    await problem('PATCH', P, 404, { params: { id: ids.ada }, body: { title: 'x' }, token: tokens.xavier });
    await problem('GET', '/api/v1/people', 404, { token: tokens.xavier });
    // 409: a taken handle.
    await problem('PATCH', P, 409, { params: { id: ids.eve }, body: { handle: 'bob' }, token: tokens.eve }, { field: 'handle' });
    // 413 and 415: the body.
    await problem('PATCH', P, 413, { params: { id: ids.eve }, body: { bio: 'x'.repeat(2 << 20) }, token: tokens.eve });
    await problem('PATCH', P, 415, { params: { id: ids.eve }, body: '{"title":"x"}', token: tokens.eve, headers: { 'content-type': 'text/plain' } });
    // External people see themselves.
    const self = assertDocumented('GET', P, await call('GET', P, { params: { id: ids.xavier }, token: tokens.xavier }));
    assert.equal(self.role, 'external');
  });

  await t.test('the session cookie works, with X-CSRF-Token for changes', async () => {
    const web = new Client(srv.url);
    const login = await web.login('carol@example.test', 'carol password 1');
    assert.equal(login.status, 303, login.text.slice(0, 300));
    const me = assertDocumented('GET', '/api/v1/me', await web.json('GET', '/api/v1/me'));
    assert.equal(me.handle, 'carol');
    const page = await web.get('/');
    assert.equal(page.status, 200);
    assert.ok(page.csrf, 'the page has a csrf-token meta');
    const P = fill('/api/v1/people/{id}', { id: ids.carol });
    const refused = await web.json('PATCH', P, { title: 'Coder' });
    assert.equal(refused.status, 403, refused.text);
    assertDocumented('PATCH', '/api/v1/people/{id}', refused);
    const ok = await web.json('PATCH', P, { title: 'Coder' }, { headers: { 'x-csrf-token': page.csrf } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(assertDocumented('PATCH', '/api/v1/people/{id}', ok).title, 'Coder');
  });

  // ---- the social core ----------------------------------------------------------

  tokens.bob = await token('bob@example.test');
  tokens.carol = await token('carol@example.test');

  /** A 204 answer: documented without content, and empty. */
  function assertNoContent(method, docPath, res) {
    const response = deref(operation(method, docPath).responses[String(res.status)]);
    assert.ok(response, `${method} ${docPath} → ${res.status}: status not documented (body: ${res.text.slice(0, 300)})`);
    assert.equal(res.status, 204, res.text);
    assert.equal(response.content, undefined, `${method} ${docPath} → 204 documents content`);
    assert.equal(res.text, '');
  }

  /** call() and assertDocumented() in one; asserts the status too. */
  async function documented(method, docPath, status, opts) {
    const res = await call(method, docPath, opts);
    assert.equal(res.status, status, `${method} ${docPath}: ${res.text.slice(0, 500)}`);
    return assertDocumented(method, docPath, res);
  }

  await t.test('items, comments, likes, follows, streams and notifications answer as documented', async () => {
    const I = '/api/v1/items/{id}';
    const C = '/api/v1/comments/{id}';
    // Eve follows Ada; Ada is notified.
    const follow = await documented('PUT', '/api/v1/people/{id}/follow', 200, { params: { id: ids.ada }, token: tokens.eve });
    assert.deepEqual(follow, { id: ids.ada, following: true, followers_count: 1 });
    await documented('PUT', '/api/v1/people/{id}/follow', 200, { params: { id: ids.ada }, token: tokens.eve, body: {} });

    // createItem: 201, Location, the documented Item.
    const created = await call('POST', '/api/v1/items', { body: { type: 'status', body: 'Hello @eve, see **this** #Été' }, token: tokens.ada });
    assert.equal(created.status, 201, created.text);
    const item = assertDocumented('POST', '/api/v1/items', created);
    assert.equal(created.headers.get('location'), `/api/v1/items/${item.id}`);
    assert.equal(item.type, 'status');
    assert.equal(item.author.id, ids.ada);
    assert.deepEqual(item.tags, ['ete']);
    assert.equal(item.edited_at, null);
    assert.equal(item.space, null);
    assert.equal(item.url, `/items/${item.id}`);
    assert.match(item.body_html, /<strong>this<\/strong>/);

    // getItem, updateItem.
    const got = await documented('GET', I, 200, { params: { id: item.id }, token: tokens.eve });
    assert.equal(got.body, item.body);
    const edited = await documented('PATCH', I, 200, { params: { id: item.id }, body: { body: 'Hello @eve, see **that** #Été' }, token: tokens.ada });
    assert.notEqual(edited.edited_at, null);

    // Comments.
    const comment = await documented('POST', '/api/v1/items/{id}/comments', 201, { params: { id: item.id }, body: { body: 'Thanks @ada' }, token: tokens.eve });
    assert.equal(comment.item_id, item.id);
    assert.equal(comment.parent_id, null);
    const reply = await documented('POST', '/api/v1/items/{id}/comments', 201,
      { params: { id: item.id }, body: { body: 'Agreed', parent_id: comment.id }, token: tokens.bob });
    assert.equal(reply.parent_id, comment.id);
    const comments = await documented('GET', '/api/v1/items/{id}/comments', 200, { params: { id: item.id }, query: '?limit=1', token: tokens.eve });
    assert.deepEqual(comments.items.map((x) => x.id), [comment.id]);
    assert.equal(typeof comments.next_cursor, 'string');
    const rest = await documented('GET', '/api/v1/items/{id}/comments', 200,
      { params: { id: item.id }, query: `?limit=1&cursor=${encodeURIComponent(comments.next_cursor)}`, token: tokens.eve });
    assert.deepEqual(rest.items.map((x) => x.id), [reply.id]);
    const patchedComment = await documented('PATCH', C, 200, { params: { id: comment.id }, body: { body: 'Thanks a lot @ada' }, token: tokens.eve });
    assert.notEqual(patchedComment.edited_at, null);

    // Likes.
    const liked = await documented('PUT', '/api/v1/items/{id}/like', 200, { params: { id: item.id }, token: tokens.eve });
    assert.equal(liked.liked_by_me, true);
    assert.equal(liked.likes_count, 1);
    const likers = await documented('GET', '/api/v1/items/{id}/likes', 200, { params: { id: item.id }, token: tokens.ada });
    assert.deepEqual(likers.items.map((p) => p.handle), ['eve']);
    const unliked = await documented('DELETE', '/api/v1/items/{id}/like', 200, { params: { id: item.id }, token: tokens.eve });
    assert.equal(unliked.liked_by_me, false);
    assert.equal(unliked.likes_count, 0);
    const likedComment = await documented('PUT', '/api/v1/comments/{id}/like', 200, { params: { id: comment.id }, token: tokens.ada });
    assert.equal(likedComment.likes_count, 1);
    assert.equal(likedComment.liked_by_me, true);
    const unlikedComment = await documented('DELETE', '/api/v1/comments/{id}/like', 200, { params: { id: comment.id }, token: tokens.ada });
    assert.equal(unlikedComment.likes_count, 0);
    assert.equal(unlikedComment.liked_by_me, false);

    // Streams.
    const home = await documented('GET', '/api/v1/stream/home', 200, { token: tokens.eve });
    assert.deepEqual(home.items.map((x) => x.id), [item.id]);
    assert.equal(home.next_cursor, null);
    const company = await documented('GET', '/api/v1/stream/company', 200, { query: '?limit=5', token: tokens.bob });
    assert.ok(company.items.some((x) => x.id === item.id));
    const person = await documented('GET', '/api/v1/people/{id}/stream', 200, { params: { id: ids.ada }, token: tokens.bob });
    assert.deepEqual(person.items.map((x) => x.id), [item.id]);
    const tag = await documented('GET', '/api/v1/tags/{tag}/stream', 200, { params: { tag: 'Été' }, token: tokens.bob });
    assert.deepEqual(tag.items.map((x) => x.id), [item.id]);
    const followers = await documented('GET', '/api/v1/people/{id}/followers', 200, { params: { id: ids.ada }, token: tokens.bob });
    assert.deepEqual(followers.items.map((p) => p.handle), ['eve']);
    const following = await documented('GET', '/api/v1/people/{id}/following', 200, { params: { id: ids.eve }, token: tokens.bob });
    assert.deepEqual(following.items.map((p) => p.handle), ['ada']);

    // Notifications: Ada has a follow, a comment, a mention, a reply-less like...
    const notes = await documented('GET', '/api/v1/notifications', 200, { token: tokens.ada });
    assert.ok(notes.unread_count >= 3, JSON.stringify(notes));
    assert.deepEqual(new Set(notes.items.map((n) => n.kind)), new Set(['follow', 'comment', 'mention', 'like']));
    const one = await documented('POST', '/api/v1/notifications/read', 200, { body: { id: notes.items[0].id }, token: tokens.ada });
    assert.equal(one.unread_count, notes.unread_count - 1);
    const all = await documented('POST', '/api/v1/notifications/read', 200, { body: {}, token: tokens.ada });
    assert.equal(all.unread_count, 0);
    await documented('POST', '/api/v1/notifications/read', 200, { token: tokens.ada });

    // Unfollow, delete.
    const unfollow = await documented('DELETE', '/api/v1/people/{id}/follow', 200, { params: { id: ids.ada }, token: tokens.eve });
    assert.deepEqual(unfollow, { id: ids.ada, following: false, followers_count: 0 });
    assertNoContent('DELETE', C, await call('DELETE', C, { params: { id: reply.id }, token: tokens.bob }));
    assertNoContent('DELETE', I, await call('DELETE', I, { params: { id: item.id }, token: tokens.ada }));
    await documented('GET', I, 404, { params: { id: item.id }, token: tokens.ada });
  });

  await t.test('social errors are documented Problem documents', async () => {
    const post = await documented('POST', '/api/v1/items', 201, { body: { type: 'status', body: 'Errors ahead' }, token: tokens.eve });
    const comment = await documented('POST', '/api/v1/items/{id}/comments', 201, { params: { id: post.id }, body: { body: 'Mine' }, token: tokens.eve });
    const I = '/api/v1/items/{id}';
    const field = async (method, docPath, status, opts, name) => {
      const p = await documented(method, docPath, status, opts);
      assert.equal(p.status, status);
      if (name) assert.equal(p.field, name, JSON.stringify(p));
      return p;
    };
    await field('POST', '/api/v1/items', 400, { body: { type: 'status', body: 'x'.repeat(5001) }, token: tokens.eve }, 'body');
    await field('POST', '/api/v1/items', 400, { body: { type: 'status', body: '   ' }, token: tokens.eve }, 'body');
    await field('POST', '/api/v1/items', 400, { body: { body: 'no type' }, token: tokens.eve }, 'type');
    await field('POST', '/api/v1/items', 400, { body: { type: 'survey', body: 'x' }, token: tokens.eve }, 'type');
    await field('POST', '/api/v1/items', 400, { body: { type: 'status', body: 'x', author_id: 1 }, token: tokens.eve }, 'author_id');
    await field('POST', '/api/v1/items', 401, { body: { type: 'status', body: 'x' } });
    await field('POST', '/api/v1/items', 403, { body: { type: 'status', body: 'x' }, token: tokens.eveRead });
    await field('POST', '/api/v1/items', 403, { body: { type: 'status', body: 'x' }, token: tokens.xavier });
    await field('POST', '/api/v1/items', 415, { body: '{"type":"status","body":"x"}', token: tokens.eve, headers: { 'content-type': 'text/plain' } });
    await field('PATCH', I, 400, { params: { id: post.id }, body: { type: 'status' }, token: tokens.eve }, 'type');
    await field('PATCH', I, 403, { params: { id: post.id }, body: { body: 'not mine' }, token: tokens.ada });
    await field('PATCH', I, 404, { params: { id: post.id }, body: { body: 'invisible' }, token: tokens.xavier });
    await field('GET', I, 404, { params: { id: 999999 }, token: tokens.eve });
    await field('GET', I, 404, { params: { id: post.id }, token: tokens.xavier });
    await field('DELETE', I, 403, { params: { id: post.id }, token: tokens.eveRead });
    await field('DELETE', I, 403, { params: { id: post.id }, token: tokens.bob });
    await field('PATCH', '/api/v1/comments/{id}', 403, { params: { id: comment.id }, body: { body: 'not mine' }, token: tokens.ada });
    await field('DELETE', '/api/v1/comments/{id}', 404, { params: { id: 999999 }, token: tokens.eve });
    await field('GET', '/api/v1/items/{id}/comments', 400, { params: { id: post.id }, query: '?limit=101', token: tokens.eve });
    await field('GET', '/api/v1/items/{id}/likes', 404, { params: { id: post.id }, token: tokens.xavier });
    await field('PUT', '/api/v1/items/{id}/like', 404, { params: { id: 999999 }, token: tokens.eve });
    await field('PUT', '/api/v1/comments/{id}/like', 404, { params: { id: comment.id }, token: tokens.xavier });
    await field('GET', '/api/v1/stream/home', 400, { query: '?cursor=x', token: tokens.eve }, 'cursor');
    await field('GET', '/api/v1/stream/company', 404, { token: tokens.xavier });
    await field('GET', '/api/v1/people/{id}/stream', 404, { params: { id: ids.eve }, token: tokens.xavier });
    await field('GET', '/api/v1/tags/{tag}/stream', 404, { params: { tag: '--' }, token: tokens.eve });
    await field('PUT', '/api/v1/people/{id}/follow', 400, { params: { id: ids.eve }, token: tokens.eve });
    await field('PUT', '/api/v1/people/{id}/follow', 404, { params: { id: 999999 }, token: tokens.eve });
    await field('GET', '/api/v1/people/{id}/followers', 404, { params: { id: ids.ada }, token: tokens.xavier });
    await field('GET', '/api/v1/notifications', 400, { query: '?limit=0', token: tokens.eve });
    await field('POST', '/api/v1/notifications/read', 400, { body: { id: 'one' }, token: tokens.eve });
    await field('POST', '/api/v1/notifications/read', 404, { body: { id: 999999 }, token: tokens.eve });
    await field('GET', '/api/v1/events', 401, {});
    await field('GET', '/api/v1/events', 401, { token: 'not-a-token' });
  });

  await t.test('streamEvents: a documented text/event-stream with notifications and item events', async () => {
    const op = operation('GET', '/api/v1/events');
    const es = await openEvents(srv.url, { token: tokens.bob });
    try {
      assert.equal(es.status, 200);
      const response = deref(op.responses['200']);
      const type = String(es.headers['content-type']).split(';')[0].trim();
      assert.ok(response.content[type], `${type} is not documented for streamEvents`);
      for (const [name, h] of Object.entries(response.headers || {})) {
        assert.deepEqual(validate(deref(h).schema, es.headers[name.toLowerCase()]), [], `header ${name}`);
      }
      const hello = await es.waitFor((e) => e.event === 'notifications');
      assert.equal(typeof hello.json().unread, 'number');
      await documented('PUT', '/api/v1/people/{id}/follow', 200, { params: { id: ids.carol }, token: tokens.bob });
      const post = await documented('POST', '/api/v1/items', 201, { body: { type: 'status', body: 'Live #now' }, token: tokens.carol });
      const ev = await es.waitFor((e) => e.event === 'item');
      assert.deepEqual(ev.json(), { id: post.id, streams: [`person:${ids.carol}`, 'home', 'company', 'tag:now'] });
    } finally {
      es.close();
    }
  });

  await t.test('spaces, members, joining, pins and anonymous reads answer as documented', async () => {
    const SP = '/api/v1/spaces/{id}';
    const M = '/api/v1/spaces/{id}/members';
    const MP = '/api/v1/spaces/{id}/members/{person}';
    const PIN = '/api/v1/items/{id}/pin';
    const eveWrite = await token('eve@example.test', 'write');

    // createSpace: 201, Location, the documented Space.
    const created = await call('POST', '/api/v1/spaces', { body: { name: 'Documented Space', visibility: 'public', description: '*Open*' }, token: tokens.eve });
    assert.equal(created.status, 201, created.text);
    const space = assertDocumented('POST', '/api/v1/spaces', created);
    assert.equal(created.headers.get('location'), `/api/v1/spaces/${space.id}`);
    assert.equal(space.my_role, 'owner');
    const id = { id: space.id };

    // Reads, signed in and anonymous.
    const listed = await documented('GET', '/api/v1/spaces', 200, { query: '?q=documented', token: tokens.bob });
    assert.deepEqual(listed.items.map((s) => s.id), [space.id]);
    const anonymous = await documented('GET', '/api/v1/spaces', 200, { query: '?q=documented&limit=1' });
    assert.ok(!('my_role' in anonymous.items[0]));
    assert.equal((await documented('GET', SP, 200, { params: id })).id, space.id);
    assert.equal((await documented('GET', SP, 200, { params: id, token: tokens.bob })).can.join, true);
    await documented('GET', '/api/v1/spaces', 200, { query: '?mine=1', token: tokens.eve });
    await documented('GET', '/api/v1/spaces', 200, { query: `?parent=${space.id}&archived=0`, token: tokens.eve });
    assert.equal((await documented('PATCH', SP, 200, { params: id, body: { description: 'Open to all' }, token: tokens.eve })).description, 'Open to all');

    // Members.
    assert.deepEqual(await documented('POST', '/api/v1/spaces/{id}/join', 200, { params: id, token: tokens.bob }), { space: space.id, role: 'member' });
    assert.equal((await documented('POST', M, 201, { params: id, body: { person: ids.carol }, token: tokens.eve })).role, 'invited');
    assert.equal((await documented('POST', M, 200, { params: id, body: { person: ids.carol }, token: tokens.eve })).role, 'invited');
    assert.equal((await documented('GET', M, 200, { params: id, token: tokens.bob })).items.length, 2);
    assert.equal((await documented('GET', M, 200, { params: id, query: '?role=invited', token: tokens.eve })).items[0].person.id, ids.carol);
    assert.equal((await documented('PATCH', MP, 200, { params: { ...id, person: ids.bob }, body: { role: 'moderator' }, token: tokens.eve })).role, 'moderator');
    const notes = await documented('GET', '/api/v1/notifications', 200, { token: tokens.carol });
    assert.ok(notes.items.some((n) => n.kind === 'space_invite' && n.space_id === space.id), JSON.stringify(notes.items));

    // Posting, pinning, and anonymous reads of the stream, the item and its comments.
    const item = await documented('POST', '/api/v1/items', 201, { body: { type: 'status', body: 'In a space', space: space.id }, token: tokens.bob });
    assert.equal(item.space, space.id);
    await documented('POST', '/api/v1/items/{id}/comments', 201, { params: { id: item.id }, body: { body: 'Seen' }, token: tokens.eve });
    assert.equal((await documented('PUT', PIN, 200, { params: { id: item.id }, token: tokens.bob })).pinned, true);
    assert.deepEqual((await documented('GET', '/api/v1/spaces/{id}/stream', 200, { params: id })).items.map((x) => x.id), [item.id]);
    assert.equal((await documented('GET', '/api/v1/items/{id}', 200, { params: { id: item.id } })).pinned, true);
    assert.equal((await documented('GET', '/api/v1/items/{id}/comments', 200, { params: { id: item.id } })).items.length, 1);
    assert.equal((await documented('DELETE', PIN, 200, { params: { id: item.id }, token: tokens.bob })).pinned, false);

    // Leaving, removing, archiving, deleting.
    assert.deepEqual(await documented('POST', '/api/v1/spaces/{id}/leave', 200, { params: id, token: tokens.carol }), { space: space.id, role: 'none' });
    assertNoContent('DELETE', MP, await call('DELETE', MP, { params: { ...id, person: ids.bob }, token: tokens.eve }));
    assert.equal((await documented('PATCH', SP, 200, { params: id, body: { archived: true }, token: tokens.eve })).archived, true);

    // Errors, each a documented Problem.
    const field = async (method, docPath, status, opts, name) => {
      const p = await documented(method, docPath, status, opts);
      if (name) assert.equal(p.field, name, JSON.stringify(p));
    };
    const other = await documented('POST', '/api/v1/spaces', 201, { body: { name: 'Private Doc', slug: 'private-doc', visibility: 'private' }, token: tokens.eve });
    const oid = { id: other.id };
    await field('GET', '/api/v1/spaces', 400, { query: '?mine=2', token: tokens.eve }, 'mine');
    await field('GET', '/api/v1/spaces', 401, { query: '?mine=1' });
    await field('GET', '/api/v1/spaces', 403, { token: eveWrite });
    await field('GET', '/api/v1/spaces', 404, { query: '?parent=999999', token: tokens.eve }, 'parent');
    await field('POST', '/api/v1/spaces', 400, { body: { name: 'x', secret: true }, token: tokens.eve }, 'secret');
    await field('POST', '/api/v1/spaces', 401, { body: { name: 'x' } });
    await field('POST', '/api/v1/spaces', 403, { body: { name: 'x' }, token: tokens.xavier });
    await field('POST', '/api/v1/spaces', 403, { body: { name: 'x' }, token: tokens.eveRead });
    await field('POST', '/api/v1/spaces', 404, { body: { name: 'x', parent: 999999 }, token: tokens.eve }, 'parent');
    await field('POST', '/api/v1/spaces', 409, { body: { name: 'x', slug: 'private-doc' }, token: tokens.eve }, 'slug');
    await field('POST', '/api/v1/spaces', 415, { body: '{"name":"x"}', token: tokens.eve, headers: { 'content-type': 'text/plain' } });
    await field('GET', SP, 401, { params: oid, token: 'not-a-token' });
    await field('GET', SP, 403, { params: oid, token: eveWrite });
    await field('GET', SP, 404, { params: oid });
    await field('GET', SP, 404, { params: oid, token: tokens.xavier });
    await field('PATCH', SP, 400, { params: oid, body: { archived: 'no' }, token: tokens.eve }, 'archived');
    await field('PATCH', SP, 403, { params: oid, body: { name: 'x' }, token: tokens.bob });
    await field('PATCH', SP, 404, { params: { id: 999999 }, body: { name: 'x' }, token: tokens.eve });
    await field('PATCH', SP, 409, { params: oid, body: { slug: 'documented-space' }, token: tokens.eve }, 'slug');
    await field('DELETE', SP, 403, { params: oid, token: tokens.eve });
    await field('DELETE', SP, 404, { params: oid, token: tokens.xavier });
    await field('GET', '/api/v1/spaces/{id}/stream', 400, { params: id, query: '?cursor=x' }, 'cursor');
    await field('GET', '/api/v1/spaces/{id}/stream', 404, { params: oid });
    await field('GET', M, 400, { params: oid, query: '?role=owner', token: tokens.eve }, 'role');
    await field('GET', M, 401, { params: id });
    await field('GET', M, 404, { params: oid, query: '?role=invited', token: tokens.bob });
    await field('POST', M, 400, { params: oid, body: { person: 'carol' }, token: tokens.eve }, 'person');
    await field('POST', M, 400, { params: oid, body: { person: ids.xavier }, token: tokens.eve }, 'person');
    await field('POST', M, 403, { params: oid, body: { person: ids.carol }, token: tokens.bob });
    await field('POST', M, 404, { params: oid, body: { person: 999999 }, token: tokens.eve }, 'person');
    await field('PATCH', MP, 400, { params: { ...oid, person: ids.eve }, body: { role: 'boss' }, token: tokens.eve }, 'role');
    await field('PATCH', MP, 404, { params: { ...oid, person: ids.carol }, body: { role: 'member' }, token: tokens.eve }, 'person');
    await field('PATCH', MP, 409, { params: { ...oid, person: ids.eve }, body: { role: 'member' }, token: tokens.eve }, 'role');
    await field('DELETE', MP, 404, { params: { ...oid, person: ids.carol }, token: tokens.eve }, 'person');
    await field('DELETE', MP, 409, { params: { ...oid, person: ids.eve }, token: tokens.eve }, 'person');
    await field('POST', '/api/v1/spaces/{id}/join', 403, { params: id, token: tokens.carol });
    await field('POST', '/api/v1/spaces/{id}/join', 404, { params: oid, token: tokens.xavier });
    await field('POST', '/api/v1/spaces/{id}/leave', 409, { params: oid, token: tokens.eve });
    const profileItem = await documented('POST', '/api/v1/items', 201, { body: { type: 'status', body: 'Mine' }, token: tokens.eve });
    await field('PUT', PIN, 400, { params: { id: profileItem.id }, token: tokens.eve });
    await field('PUT', PIN, 403, { params: { id: item.id }, token: tokens.eve });
    await field('PUT', PIN, 404, { params: { id: profileItem.id }, token: tokens.xavier });
    await field('POST', '/api/v1/items', 403, { body: { type: 'status', body: 'Late', space: space.id }, token: tokens.eve }, 'space');
    await field('POST', '/api/v1/items', 404, { body: { type: 'status', body: 'x', space: other.id }, token: tokens.bob }, 'space');
    await field('GET', '/api/v1/items/{id}', 404, { params: { id: profileItem.id } });

    assertNoContent('DELETE', SP, await call('DELETE', SP, { params: id, token: tokens.ada }));
    await documented('GET', SP, 404, { params: id, token: tokens.ada });
  });

  // Known disagreements between the implementation and the document, kept as
  await t.test('listPeople items carry each person\'s expertise, as getPerson does', async () => {
    const res = await call('PATCH', '/api/v1/people/{id}', { params: { id: ids.bob }, body: { expertise: ['Rust'] }, token: tokens.ada });
    assert.equal(res.status, 200, res.text);
    const list = (await call('GET', '/api/v1/people', { query: '?q=bob', token: tokens.eve })).json();
    assert.deepEqual(list.items.map((p) => p.expertise), [['Rust']]);
  });

  await t.test('search: hits of every kind answer as documented', async () => {
    const s = (await call('POST', '/api/v1/spaces', { body: { name: 'Pangolin Club', description: 'pangolin fans' }, token: tokens.eve })).json();
    const made = await call('POST', '/api/v1/items', { body: { type: 'blog', title: 'Pangolin scales', body: 'About **pangolins**.', space: s.id }, token: tokens.eve });
    assert.equal(made.status, 201, made.text);
    const it = made.json();
    const c = await call('POST', '/api/v1/items/{id}/comments', { params: { id: it.id }, body: { body: 'Pangolin facts!' }, token: tokens.bob });
    assert.equal(c.status, 201, c.text);
    await call('PATCH', '/api/v1/people/{id}', { params: { id: ids.carol }, body: { bio: 'Pangolin expert' }, token: tokens.ada });
    const page = await documented('GET', '/api/v1/search', 200, { query: '?q=pangol&limit=10', token: tokens.eve });
    assert.deepEqual(page.items.map((h) => h.kind).sort(), ['comment', 'item', 'person', 'space']);
    await documented('GET', '/api/v1/search', 200, { query: '?q=pangolin&limit=1', token: tokens.eve });
    const bad = await call('GET', '/api/v1/search', { query: '?q=pangolin&from=never', token: tokens.eve });
    assertDocumented('GET', '/api/v1/search', bad);
    assert.equal(bad.status, 400);
  });

  await t.test('lang is stored as "en" or "fr" whatever the case sent', async () => {
    const res = await call('PATCH', '/api/v1/people/{id}', { params: { id: ids.carol }, body: { lang: 'FR' }, token: tokens.ada });
    assert.equal(res.status, 200, res.text);
    const me = (await call('GET', '/api/v1/me', { token: await token('carol@example.test') })).json();
    assert.equal(me.lang, 'fr');
  });
});
