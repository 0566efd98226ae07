'use strict';
// A Server-Sent Events reader for the HTTP suites (GET /api/v1/events).
//
//   const { openEvents } = require('../lib/sse');
//   const es = await openEvents(srv.url, { token });          // or { cookie: 'ruche_session=...' }
//   assert.equal(es.status, 200);
//   const ev = await es.waitFor((e) => e.event === 'item', 2000);  // first not yet taken
//   ev.json();                                                // parsed data
//   es.close();
//
// Events are parsed as the HTML standard says: blocks separated by a blank
// line; "event:", "data:" (joined with \n), "id:" and "retry:" fields;
// lines starting with ":" are comments (counted in `comments`).

const http = require('node:http');

class EventStream {
  constructor(req, res) {
    this.req = req;
    this.res = res;
    this.status = res.statusCode;
    this.headers = res.headers;
    /** Every event received so far: {event, data, id, retry, json()}. */
    this.events = [];
    /** Comment lines received (": ping"). */
    this.comments = [];
    /** Everything received, as text. */
    this.raw = '';
    this.ended = false;
    this._buffer = '';
    this._taken = new Set(); // indexes of events waitFor returned
    this._waiters = new Set();
    res.setEncoding('utf8');
    res.on('data', (d) => this._feed(d));
    const end = () => {
      this.ended = true;
      this._wake();
    };
    res.on('end', end);
    res.on('close', end);
    res.on('error', end);
  }

  _feed(chunk) {
    this.raw += chunk;
    this._buffer += chunk.replace(/\r\n?/g, '\n');
    let i;
    while ((i = this._buffer.indexOf('\n\n')) >= 0) {
      const block = this._buffer.slice(0, i);
      this._buffer = this._buffer.slice(i + 2);
      const ev = { event: 'message', data: null, id: null, retry: null };
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        fields++;
        if (name === 'event') ev.event = value;
        else if (name === 'data') ev.data = ev.data === null ? value : `${ev.data}\n${value}`;
        else if (name === 'id') ev.id = value;
        else if (name === 'retry') ev.retry = Number(value);
      }
      if (!fields || ev.data === null) {
        if (ev.retry !== null) this.retry = ev.retry;
        continue;
      }
      if (ev.retry !== null) this.retry = ev.retry;
      ev.json = () => JSON.parse(ev.data);
      this.events.push(ev);
    }
    this._wake();
  }

  _wake() {
    for (const w of [...this._waiters]) w();
  }

  /**
   * The first event matching `pred` that waitFor has not returned yet,
   * received or to come; rejects after `timeout` ms or when the stream ends
   * first. Events of other kinds stay available to later calls, so the
   * order in which two events arrive does not matter.
   */
  waitFor(pred = () => true, timeout = 2000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = 0; i < this.events.length; i++) {
          if (this._taken.has(i) || !pred(this.events[i])) continue;
          this._taken.add(i);
          done();
          resolve(this.events[i]);
          return true;
        }
        if (this.ended) {
          done();
          reject(new Error(`the event stream ended before the event came (received: ${JSON.stringify(this.events.map((e) => [e.event, e.data]))})`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no such event within ${timeout} ms (received: ${JSON.stringify(this.events.map((e) => [e.event, e.data]))})`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this._waiters.delete(check);
      };
      if (!check()) this._waiters.add(check);
    });
  }

  /** Events received so far matching pred (whether returned by waitFor or not). */
  received(pred = () => true) {
    return this.events.filter(pred);
  }

  /** The whole body, once the server has ended the response (error answers). */
  text(timeout = 2000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.ended) return false;
        this._waiters.delete(check);
        clearTimeout(timer);
        resolve(this.raw);
        return true;
      };
      const timer = setTimeout(() => {
        this._waiters.delete(check);
        reject(new Error(`the response did not end within ${timeout} ms`));
      }, timeout);
      if (!check()) this._waiters.add(check);
    });
  }

  /** Close the connection (the server notices and forgets the subscriber). */
  close() {
    this.req.destroy();
    this.res.destroy();
  }
}

/**
 * Open GET `path` (default /api/v1/events) as an event stream. Resolves once
 * the response headers arrive, whatever the status.
 * @param {string} baseUrl
 * @param {{path?: string, token?: string, cookie?: string, headers?: object}} [opts]
 * @returns {Promise<EventStream>}
 */
function openEvents(baseUrl, { path = '/api/v1/events', token, cookie, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const h = { accept: 'text/event-stream', ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (cookie) h.cookie = cookie;
    const req = http.get(new URL(path, baseUrl), { headers: h, agent: false }, (res) => {
      req.setTimeout(0); // an idle stream is normal from here on
      resolve(new EventStream(req, res));
    });
    req.setTimeout(10000, () => req.destroy(new Error(`GET ${path}: no answer within 10 s`)));
    req.on('error', reject);
  });
}

/** The Cookie header of a tests/lib/client.js Client (its live cookies). */
function cookieHeader(client) {
  return Object.entries(client.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
}

module.exports = { openEvents, cookieHeader, EventStream };
