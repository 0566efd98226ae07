'use strict';
// HTML validation for pages the server renders.
//
//   const { assertValidHtml } = require('../lib/html');
//   assertValidHtml(res.text, 'GET /projects');   // throws AssertionError
//
// Preset: html-validate:recommended, strict. Only pure style preferences are
// turned off; rules that matter under a nonce-based CSP are tightened.

const { AssertionError } = require('node:assert');
const { HtmlValidate } = require('html-validate');

const config = {
  root: true,
  extends: ['html-validate:recommended'],
  rules: {
    // Pure style preferences: how markup is spelled, not what it means.
    'no-trailing-whitespace': 'off',
    'void-style': 'off', // <br> vs <br/>
    'attr-quotes': 'off', // " vs '
    'attribute-boolean-style': 'off', // disabled vs disabled=""
    'attribute-empty-style': 'off', // alt vs alt=""
    'doctype-style': 'off', // <!DOCTYPE html> vs <!doctype html>
    'long-title': 'off', // an SEO length hint ("Task — Project — Ruche" runs long)

    // The CSP (style-src with a nonce, no 'unsafe-inline') blocks every
    // style="" attribute, so no property is allowed, not even display/--vars.
    'no-inline-style': ['error', { allowedProperties: [], allowVariables: false }],
    // Inline <script>/<style> run only with the per-request nonce.
    'require-csp-nonce': ['error', { tags: ['script', 'style'] }],
  },
};

const validator = new HtmlValidate(config);

/**
 * Validate a document; return the messages (errors and warnings).
 * @returns {Array<{ruleId: string, severity: number, message: string, line: number, column: number}>}
 */
function validateHtml(html, label = 'inline') {
  const report = validator.validateStringSync(String(html), label);
  return report.results.flatMap((r) => r.messages);
}

function formatMessages(html, messages, label) {
  const lines = String(html).split(/\r\n|\r|\n/);
  return messages.map((m) => {
    const src = lines[m.line - 1] ?? '';
    // Keep very long source lines readable around the column.
    let shown = src;
    let caret = Math.max(0, m.column - 1);
    if (src.length > 160) {
      const start = Math.max(0, caret - 60);
      shown = (start > 0 ? '…' : '') + src.slice(start, start + 160) + (start + 160 < src.length ? '…' : '');
      caret = caret - start + (start > 0 ? 1 : 0);
    }
    const sev = m.severity === 2 ? 'error' : 'warning';
    return `  ${label}:${m.line}:${m.column} ${sev} [${m.ruleId}] ${m.message}\n`
      + `    ${m.line} | ${shown}\n`
      + `    ${' '.repeat(String(m.line).length)} | ${' '.repeat(caret)}^`;
  }).join('\n');
}

/**
 * Throw an AssertionError when html-validate reports anything (errors and
 * warnings alike) for the document.
 * @param {string} html
 * @param {string} [label] names the page in the message, e.g. "GET /login"
 */
function assertValidHtml(html, label = 'document') {
  if (typeof html !== 'string' || html.length === 0) {
    throw new AssertionError({ message: `${label}: expected an HTML document, got ${typeof html === 'string' ? 'an empty string' : typeof html}` });
  }
  const messages = validateHtml(html, label);
  if (messages.length === 0) return;
  throw new AssertionError({
    message: `${label}: ${messages.length} HTML validation problem(s):\n${formatMessages(html, messages, label)}`,
  });
}

module.exports = { assertValidHtml, validateHtml, htmlValidateConfig: config };
