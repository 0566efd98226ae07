'use strict';
// A small HTTP client for the HTTP suites: Node's fetch, no automatic
// redirects, a cookie jar, and the CSRF token of the last HTML page.
//
//   const c = new Client(srv.url);
//   await c.login('a@example.test', 'pw');        // GET /login, POST /login
//   const r = await c.get('/projects');            // r.status, r.text, r.headers
//   await c.postForm('/projects', { name: 'X' });  // csrf added from last page
//   await c.postForm('/projects', { name: 'X', csrf: null });  // no csrf field
//   const j = await c.json('POST', '/api/v1/tasks', { title: 'T' }, { token });

/** Parse one Set-Cookie header value. Returns null when unusable. */
function parseSetCookie(header, now = Date.now()) {
  const parts = header.split(';');
  const first = parts.shift();
  const eq = first.indexOf('=');
  if (eq < 0) return null;
  const name = first.slice(0, eq).trim();
  const value = first.slice(eq + 1).trim();
  if (!name) return null;
  const cookie = {
    name, value,
    path: null, domain: null, expires: null, maxAge: null,
    secure: false, httpOnly: false, sameSite: null, partitioned: false,
    raw: header,
  };
  for (const part of parts) {
    const i = part.indexOf('=');
    const key = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? '' : part.slice(i + 1).trim();
    switch (key) {
      case 'path': cookie.path = val.startsWith('/') ? val : null; break;
      case 'domain': cookie.domain = val.replace(/^\./, '').toLowerCase() || null; break;
      case 'expires': {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) cookie.expires = t;
        break;
      }
      case 'max-age':
        if (/^-?\d+$/.test(val)) cookie.maxAge = Number(val);
        break;
      case 'secure': cookie.secure = true; break;
      case 'httponly': cookie.httpOnly = true; break;
      case 'samesite': cookie.sameSite = val; break;
      case 'partitioned': cookie.partitioned = true; break;
      default: break;
    }
  }
  // Max-Age wins over Expires (RFC 6265 5.3 step 3).
  if (cookie.maxAge !== null) cookie.expiresAt = cookie.maxAge <= 0 ? 0 : now + cookie.maxAge * 1000;
  else if (cookie.expires !== null) cookie.expiresAt = cookie.expires;
  else cookie.expiresAt = null; // session cookie
  return cookie;
}

function defaultPath(pathname) {
  if (!pathname.startsWith('/')) return '/';
  const i = pathname.lastIndexOf('/');
  return i <= 0 ? '/' : pathname.slice(0, i);
}

function pathMatches(requestPath, cookiePath) {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function decodeEntities(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function attr(tag, name) {
  const re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
  const m = re.exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3]) : null;
}

/** The CSRF token of an HTML page: the meta tag, else a hidden csrf input. */
function extractCsrf(html) {
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    if ((attr(m[0], 'name') || '').toLowerCase() === 'csrf-token') {
      const v = attr(m[0], 'content');
      if (v) return v;
    }
  }
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    if (attr(m[0], 'name') === 'csrf') {
      const v = attr(m[0], 'value');
      if (v) return v;
    }
  }
  return null;
}

class Client {
  /** @param {string} baseUrl e.g. http://127.0.0.1:12345 */
  constructor(baseUrl) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    /** @type {Map<string, object>} key: name;path */
    this.jar = new Map();
    /** CSRF token of the last HTML page fetched (meta csrf-token). */
    this.csrf = null;
    /** The last response. */
    this.last = null;
  }

  // ---- cookies -----------------------------------------------------------

  _store(setCookie, url) {
    const c = parseSetCookie(setCookie);
    if (!c) return;
    if (c.path === null) c.path = defaultPath(url.pathname);
    const key = `${c.name};${c.path}`;
    if (c.expiresAt !== null && c.expiresAt <= Date.now()) {
      this.jar.delete(key);
      return;
    }
    this.jar.set(key, c);
  }

  _purge() {
    const now = Date.now();
    for (const [k, c] of this.jar) if (c.expiresAt !== null && c.expiresAt <= now) this.jar.delete(k);
  }

  _cookieHeader(url) {
    this._purge();
    const matching = [...this.jar.values()]
      .filter((c) => pathMatches(url.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length);
    return matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** The live cookie record (with its attributes) of that name, or undefined. */
  cookie(name) {
    this._purge();
    let best;
    for (const c of this.jar.values()) if (c.name === name && (!best || c.path.length > best.path.length)) best = c;
    return best;
  }

  /** name → value of every live cookie. */
  get cookies() {
    this._purge();
    const out = {};
    for (const c of this.jar.values()) out[c.name] = c.value;
    return out;
  }

  setCookie(name, value, path = '/') {
    this.jar.set(`${name};${path}`, parseSetCookie(`${name}=${value}; Path=${path}`));
  }

  clearCookies() { this.jar.clear(); }

  // ---- requests ----------------------------------------------------------

  url(path) {
    return /^https?:\/\//.test(path) ? new URL(path) : new URL(this.baseUrl + (path.startsWith('/') ? path : '/' + path));
  }

  /**
   * Low-level request. opts: {headers, body, cookies (default true)}.
   * @returns {Promise<{status: number, headers: Headers, text: string, json: () => any, url: string, location: string|null, csrf: string|null}>}
   */
  async request(method, path, { headers = {}, body, cookies = true } = {}) {
    const url = this.url(path);
    const h = new Headers(headers);
    if (cookies && !h.has('cookie')) {
      const ch = this._cookieHeader(url);
      if (ch) h.set('cookie', ch);
    }
    const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
    for (const sc of res.headers.getSetCookie()) this._store(sc, url);
    const text = await res.text();
    const type = res.headers.get('content-type') || '';
    let csrf = null;
    if (/^text\/html/i.test(type)) {
      csrf = extractCsrf(text);
      if (csrf) this.csrf = csrf;
    }
    const location = res.headers.get('location');
    const out = {
      status: res.status,
      headers: res.headers,
      text,
      url: url.href,
      location,
      csrf,
      json() {
        try {
          return JSON.parse(text);
        } catch (err) {
          throw new Error(`${method} ${url.pathname}: response is not JSON (${res.status} ${type}): ${text.slice(0, 300)}`);
        }
      },
    };
    this.last = out;
    return out;
  }

  get(path, opts = {}) {
    return this.request('GET', path, opts);
  }

  /** GET the Location of a redirect response. */
  follow(res) {
    if (!res.location) throw new Error(`response ${res.status} to ${res.url} has no Location`);
    return this.get(new URL(res.location, res.url).href);
  }

  /**
   * POST an application/x-www-form-urlencoded form. The csrf field is taken
   * from the last HTML page unless fields.csrf is given; csrf: null omits it.
   * Array values become repeated fields.
   */
  async postForm(path, fields = {}, opts = {}) {
    const form = new URLSearchParams();
    const hasCsrf = Object.prototype.hasOwnProperty.call(fields, 'csrf');
    if (!hasCsrf) {
      if (!this.csrf) throw new Error(`postForm ${path}: no CSRF token known yet (GET a page first, or pass csrf explicitly / csrf: null)`);
      form.append('csrf', this.csrf);
    }
    for (const [k, v] of Object.entries(fields)) {
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) form.append(k, String(x));
      else form.append(k, String(v));
    }
    return this.request('POST', path, {
      ...opts,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
      body: form.toString(),
    });
  }

  /**
   * A JSON request. body undefined sends none. opts: {token, headers, cookies}.
   * The token goes in "Authorization: Bearer".
   */
  async json(method, path, body, { token, headers = {}, cookies = true } = {}) {
    const h = { accept: 'application/json', ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload;
    if (body !== undefined) {
      h['content-type'] = h['content-type'] || 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    return this.request(method, path, { headers: h, body: payload, cookies });
  }

  /** GET /login (for the CSRF token), then POST it. Returns the POST response. */
  async login(email, password, { next } = {}) {
    const page = await this.get(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
    if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`);
    const fields = { email, password };
    if (next !== undefined) fields.next = next;
    return this.postForm('/login', fields);
  }
}

module.exports = { Client, parseSetCookie, extractCsrf };
