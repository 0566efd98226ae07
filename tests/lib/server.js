'use strict';
// Start and stop a Ruche server for one test file (or one test).
//
//   const { startServer } = require('../lib/server');
//   const srv = await startServer({ users: [{ email, name, role, password }] });
//   ... fetch(srv.url + '/healthz') ...
//   await srv.stop();   // fails if the server did not exit 0 on SIGTERM
//
// The binary is taken from $RUCHE_BIN (the Makefile sets it); when unset,
// build/ruche at the top of the repository is used.

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { AssertionError } = require('node:assert');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
// RUCHE_TEST_TIMEOUT_SCALE stretches them for slow runs (valgrind: scripts/valgrind-serve).
const SCALE = Number(process.env.RUCHE_TEST_TIMEOUT_SCALE) || 1;
const LISTEN_TIMEOUT_MS = 15000 * SCALE;
const HEALTH_TIMEOUT_MS = 10000 * SCALE;
const STOP_TIMEOUT_MS = 10000 * SCALE;
const CLI_TIMEOUT_MS = 30000;
const TAIL_CHARS = 4000;

// Lines a sanitizer prints even when the process manages to exit 0.
const SANITIZER_RE = /ERROR: (?:Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|runtime error: |SUMMARY: \w+Sanitizer/;

function rucheBin() {
  const bin = process.env.RUCHE_BIN || path.join(REPO_ROOT, 'build', 'ruche');
  if (!fs.existsSync(bin)) {
    throw new Error(`Ruche binary not found at ${bin} (set RUCHE_BIN, or run make)`);
  }
  return bin;
}

function childEnv(extra) {
  // API rate limits off unless a test sets RUCHE_API_RATE (tests/http/api_limits.test.js)
  const env = { ...process.env, RUCHE_PWHASH: 'fast', RUCHE_API_RATE: '0' };
  for (const [k, v] of Object.entries(extra || {})) {
    if (v === undefined || v === null) delete env[k];
    else env[k] = String(v);
  }
  return env;
}

function tail(text, n = TAIL_CHARS) {
  if (!text) return '(no output)';
  return text.length > n ? '...' + text.slice(-n) : text;
}

// Servers still running when this process exits (a test that forgot stop(),
// or threw before it) are killed and their data dirs removed.
const live = new Set();
process.on('exit', () => {
  for (const s of live) {
    try { s.child.kill('SIGKILL'); } catch { /* already gone */ }
    try { fs.rmSync(s.root, { recursive: true, force: true }); } catch { /* ignore */ }
  }
});

/**
 * Run the Ruche CLI once.
 * @param {string[]} args
 * @param {{input?: string|Buffer, env?: object, timeout?: number}} [opts]
 *   env entries are added to the environment (RUCHE_PWHASH=fast is preset);
 *   an entry set to undefined/null removes that variable.
 * @returns {Promise<{code: number|null, signal: string|null, stdout: string, stderr: string}>}
 */
function runCli(args, { input, env, timeout = CLI_TIMEOUT_MS } = {}) {
  const bin = rucheBin();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ruche ${args.join(' ')}: timed out after ${timeout} ms\nstderr:\n${tail(stderr)}`));
    }, timeout);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => { /* the CLI may exit without reading stdin */ });
    child.stdin.end(input === undefined ? '' : input);
  });
}

async function waitHealthy(url, child, getLogs) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`ruche exited (code ${child.exitCode}, signal ${child.signalCode}) before /healthz answered\nstderr:\n${tail(getLogs())}`);
    }
    try {
      const res = await fetch(url + '/healthz', { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err.cause?.code || err.message);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ruche: /healthz not ready after ${HEALTH_TIMEOUT_MS} ms (${last})\nstderr:\n${tail(getLogs())}`);
}

/**
 * Start a fresh Ruche server on a free port with its own data directory.
 * @param {{users?: Array<{email: string, name: string, role: string, password: string}>, env?: object}} [opts]
 * @returns {Promise<{url: string, dataDir: string, port: number, pid: number, stop: () => Promise<void>, logs: () => string}>}
 */
let pgDatabases = 0;
/** Creates an empty database on the test PostgreSQL server; returns its URL. */
async function freshPgDatabase(base) {
  const name = `ruche_${process.pid}_${Date.now()}_${++pgDatabases}`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const r = spawnSync('psql', [admin.toString(), '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create the test database: ${r.stderr || r.error}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startServer({ users = [], env = {} } = {}) {
  const bin = rucheBin();
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'ruche-test-'));
  // init is given a path that does not exist yet, inside the fresh temp dir.
  const dataDir = path.join(root, 'data');
  const cleanup = () => fsp.rm(root, { recursive: true, force: true });

  try {
    // RUCHE_TEST_PG=postgres://user@host:port/ runs the server on a fresh
    // PostgreSQL database instead of SQLite; init records it in ruche.conf,
    // so every later command given --data uses it too.
    const initArgs = ['init', '--data', dataDir];
    if (process.env.RUCHE_TEST_PG) initArgs.push('--db', await freshPgDatabase(process.env.RUCHE_TEST_PG));
    const init = await runCli(initArgs, { env });
    if (init.code !== 0) {
      throw new Error(`ruche init failed (code ${init.code}, signal ${init.signal})\nstderr:\n${tail(init.stderr)}`);
    }
    for (const u of users) {
      const r = await runCli(
        ['user', 'add', '--data', dataDir, '--email', u.email, '--name', u.name,
          '--role', u.role, '--password-stdin'],
        { input: `${u.password}\n`, env });
      if (r.code !== 0) {
        throw new Error(`ruche user add ${u.email} failed (code ${r.code}, signal ${r.signal})\nstderr:\n${tail(r.stderr)}`);
      }
    }
  } catch (err) {
    await cleanup();
    throw err;
  }

  const child = spawn(bin, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { output += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { output += d; stderr += d; });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  // The server must not keep the test process alive by itself: every wait
  // below holds a timer of its own.
  child.unref();
  child.stdout.unref();
  child.stderr.unref();
  const rec = { child, root };
  live.add(rec);
  const logs = () => output;

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`ruche serve: no "listening on" line after ${LISTEN_TIMEOUT_MS} ms\nstderr:\n${tail(stderr)}`));
      }, LISTEN_TIMEOUT_MS);
      const onData = () => {
        const m = /ruche: listening on (http:\/\/[^\s/]+)/.exec(stderr);
        if (m) { clearTimeout(timer); child.stderr.off('data', onData); resolve(m[1]); }
      };
      child.stderr.on('data', onData);
      child.on('error', (err) => { clearTimeout(timer); reject(err); });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        // Let the last stderr chunk arrive before reporting.
        setImmediate(() => reject(new Error(`ruche serve exited (code ${code}, signal ${signal}) before listening\nstderr:\n${tail(stderr)}`)));
      });
    });
    await waitHealthy(url, child, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    live.delete(rec);
    await cleanup();
    throw err;
  }

  let stopping = null;
  let killed = false;
  /** SIGKILL now, as a crash would; stop() then only cleans up. The
   * promise it returns resolves once the process is gone. */
  function kill() {
    killed = true;
    child.kill('SIGKILL');
    return exited;
  }

  async function stop() {
    if (stopping) return stopping;
    stopping = (async () => {
      let result;
      try {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        let timer;
        const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS); });
        result = await Promise.race([exited, timeout]);
        clearTimeout(timer);
        if (result === null) {
          child.kill('SIGKILL');
          await exited;
          throw new AssertionError({
            message: `ruche serve did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\nstderr tail:\n${tail(stderr)}`,
          });
        }
        // Drain whatever is left on the pipes.
        await new Promise((r) => setImmediate(r));
      } finally {
        live.delete(rec);
        if (!process.env.RUCHE_KEEP_DATA) await cleanup();
      }
      const { code, signal } = result;
      if (killed && signal === 'SIGKILL') return;
      if (code !== 0 || signal !== null) {
        throw new AssertionError({
          message: `ruche serve exited with ${signal ? `signal ${signal}` : `code ${code}`} (expected 0 after SIGTERM)\nstderr tail:\n${tail(stderr)}`,
          actual: signal || code,
          expected: 0,
          operator: 'strictEqual',
        });
      }
      if (SANITIZER_RE.test(stderr)) {
        throw new AssertionError({ message: `ruche serve exited 0 but printed a sanitizer report\nstderr tail:\n${tail(stderr)}` });
      }
    })();
    return stopping;
  }

  return {
    url,
    dataDir,
    port: Number(new URL(url).port),
    pid: child.pid,
    stop,
    kill,
    logs,
  };
}

/**
 * Another `ruche serve` on an existing data directory (a second node, or an
 * instance a test built with the CLI). stop() sends SIGTERM and fails unless
 * it exits 0; kill() ends it with SIGKILL instead. The directory is left alone.
 */
async function serveDataDir(dataDir, env = {}) {
  const child = spawn(rucheBin(), ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], {
    env: childEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ruche serve did not start:\n${tail(stderr)}`)), LISTEN_TIMEOUT_MS);
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      const m = /ruche: listening on (http:\/\/[^\s/]+)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`ruche serve exited (${code ?? signal}):\n${tail(stderr)}`)); });
  });
  await waitHealthy(url, child, () => stderr);
  return {
    url,
    pid: child.pid,
    logs: () => stderr,
    /** SIGKILL, as a crash would; resolves once the process is gone. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      if (code !== 0 || signal !== null)
        throw new AssertionError({ message: `ruche serve exited with ${signal || code}\nstderr tail:\n${tail(stderr)}` });
    },
  };
}

module.exports = { startServer, serveDataDir, runCli, rucheBin };
