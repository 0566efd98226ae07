'use strict';
// bench/load's idle live-event clients: opens N connections to
// GET /api/v1/events (tokens taken in turn from a file), keeps them open and
// counts what arrives. Writes a one-line JSON report to REPORT every second
// and a final one on SIGTERM:
//   {opened, open, failed, ended, events, items, withItem}
// (withItem: connections that received at least one "item" event).
//   node bench/sse-clients.js URL TOKENS_FILE N REPORT
const http = require('node:http');
const fs = require('node:fs');

const [url, tokensFile, countArg, report] = process.argv.slice(2);
const tokens = fs.readFileSync(tokensFile, 'utf8').split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
const target = new URL('/api/v1/events', url);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const n = Number(countArg);
const s = { opened: 0, open: 0, failed: 0, ended: 0, events: 0, items: 0, withItem: 0, statuses: {} };

function open(i) {
  return new Promise((resolve) => {
    let gotItem = false;
    let settled = false;
    const done = () => { if (!settled) { settled = true; resolve(); } };
    const req = http.get(target, { agent, headers: { Authorization: `Bearer ${tokens[i % tokens.length]}` } }, (res) => {
      s.statuses[res.statusCode] = (s.statuses[res.statusCode] || 0) + 1;
      if (res.statusCode !== 200) { s.failed++; res.resume(); done(); return; }
      s.opened++;
      s.open++;
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (d) => {
        if (!settled) done(); // the first bytes (the hello event) confirm the stream
        buffer += d;
        let k;
        while ((k = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, k);
          buffer = buffer.slice(k + 2);
          if (/^event: /m.test(block)) s.events++;
          if (/^event: item$/m.test(block)) {
            s.items++;
            if (!gotItem) { gotItem = true; s.withItem++; }
          }
        }
      });
      res.on('close', () => { s.open--; s.ended++; done(); });
    });
    req.on('error', () => { s.failed++; done(); });
  });
}

function write() { fs.writeFileSync(report + '.tmp', JSON.stringify(s) + '\n'); fs.renameSync(report + '.tmp', report); }
setInterval(write, 1000);
process.on('SIGTERM', () => { write(); process.exit(0); });

(async () => {
  // in batches, so the listen backlog is never the limit
  for (let i = 0; i < n; i += 250) {
    await Promise.all(Array.from({ length: Math.min(250, n - i) }, (_, j) => open(i + j)));
  }
  write();
})();
