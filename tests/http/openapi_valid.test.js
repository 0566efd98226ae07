'use strict';
// docs/openapi.json checked by a real OpenAPI validator
// (@apidevtools/swagger-parser: the OpenAPI 3.1 schema, then every $ref
// resolved), without a server.
//
//   node --test tests/http/openapi_valid.test.js

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const SwaggerParser = require('@apidevtools/swagger-parser');

const DOC = path.join(__dirname, '..', '..', 'docs', 'openapi.json');

test('docs/openapi.json is a valid OpenAPI 3.1 document', async () => {
  let api;
  try {
    api = await SwaggerParser.validate(DOC);
  } catch (e) {
    assert.fail(`swagger-parser: ${e.message}\n${JSON.stringify(e.details || [], null, 1).slice(0, 4000)}`);
  }
  assert.equal(api.openapi, '3.1.0');
  assert.ok(Object.keys(api.paths).length > 40);
});

test('every operation has a unique operationId and every $ref resolves', async () => {
  const api = await SwaggerParser.dereference(DOC);
  const ids = [];
  for (const item of Object.values(api.paths))
    for (const [m, op] of Object.entries(item)) if (['get', 'post', 'put', 'patch', 'delete'].includes(m)) ids.push(op.operationId);
  assert.ok(ids.every((x) => typeof x === 'string' && x), 'an operation lacks an operationId');
  assert.equal(new Set(ids).size, ids.length, 'duplicate operationId');
});

test('every list answers the same page shape: {items, next_cursor}, with cursor/limit when it pages', async () => {
  const api = await SwaggerParser.dereference(DOC);
  const bad = [];
  for (const [p, item] of Object.entries(api.paths)) {
    const op = item.get;
    const schema = op && op.responses['200'] && op.responses['200'].content && op.responses['200'].content['application/json']
      && op.responses['200'].content['application/json'].schema;
    if (!schema || !schema.properties || !schema.properties.items) continue;
    if (!(schema.required || []).includes('next_cursor')) bad.push(`${p}: no next_cursor`);
    const names = [...(item.parameters || []), ...(op.parameters || [])].map((x) => x.name);
    const pages = schema.properties.next_cursor && schema.properties.next_cursor.type !== 'null';
    const bounded = ['/api/v1/questions/similar']; // the few closest questions: next_cursor always null
    if (pages && !bounded.includes(p) && !(names.includes('cursor') && names.includes('limit'))) bad.push(`${p}: pages without cursor and limit`);
  }
  assert.deepEqual(bad, []);
});
