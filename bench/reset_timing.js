'use strict';
// Timing of "Forgot your password?" for a known and an unknown address
// (docs/reliability.md, "Sessions and accounts"): 200 requests each,
// alternating, job workers off. Run: make && RUCHE_BIN=$PWD/build/ruche node bench/reset_timing.js
const { startServer } = require('../tests/lib/server');
const { Client } = require('../tests/lib/client');
(async () => {
  const srv = await startServer({ users: [{ email: 'bob@example.test', name: 'Bob', role: 'employee', password: 'bob password 12' }],
    env: { RUCHE_SMTP_URL: 'smtp://127.0.0.1:9', RUCHE_LOGIN_MAX_FAILURES: '1000', RUCHE_JOB_WORKERS: '0' } });
  const c = new Client(srv.url); await c.get('/password/forgot');
  const t = { known: [], unknown: [] };
  for (let i = 0; i < 200; i++) for (const [k, e] of [['known', 'bob@example.test'], ['unknown', 'nobody@example.test']]) {
    const s = process.hrtime.bigint(); const r = await c.postForm('/password/forgot', { email: e });
    if (r.status !== 200) throw new Error(r.status);
    t[k].push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  for (const k of Object.keys(t)) { const a = t[k].sort((x, y) => x - y); console.log(k, 'median', a[100].toFixed(2), 'ms p90', a[180].toFixed(2), 'ms'); }
  await srv.stop();
})();
