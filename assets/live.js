"use strict";
// Ruche live updates: new posts and notification counts over Server-Sent
// Events, @mention suggestions, confirmations. Pages work without it.

(() => {
  // --- live events -------------------------------------------------------
  const stream = document.querySelector("section.stream[data-live]:not([data-live=''])");
  const banner = stream && stream.querySelector(".new-posts");
  const bannerLink = banner && banner.querySelector("a");
  const counter = document.querySelector(".notifications .count");
  const seen = new Set(); // ids announced by the banner, not inserted yet

  // The paragraph, always rendered, is the live region: a region that only
  // appears with its text is often not read out, and a link with role=status
  // would no longer be a link. The link itself shows and hides.
  function plural(el, n) {
    const text = n === 1 ? el.dataset.one : el.dataset.many;
    return (text || "%d").replace("%d", String(n));
  }

  function showUnread(n) {
    if (!counter) return;
    counter.textContent = n >= 100 ? "99+" : String(n);
    counter.dataset.unread = String(n);
    counter.hidden = n === 0;
  }

  // A post's table wider than a phone scrolls inside itself: such a box must
  // take keyboard focus so that it can be scrolled without a mouse.
  function scrollers(root) {
    for (const el of root.querySelectorAll(".body table, .body pre")) {
      if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
      else el.removeAttribute("tabindex");
    }
  }
  scrollers(document);
  let resized = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(() => scrollers(document), 200);
  });

  let inserting = false;
  async function insertNew(event) {
    event.preventDefault();
    if (inserting) return;
    inserting = true;
    const key = stream.dataset.live, after = stream.dataset.after || "0";
    const url = "/fragments/stream?live=" + encodeURIComponent(key) + "&after=" + encodeURIComponent(after);
    let html;
    try {
      const res = await fetch(url, { credentials: "same-origin" });
      if (!res.ok) throw new Error("HTTP " + res.status);
      html = await res.text();
    } catch {
      window.location.assign(bannerLink.href); // the page without the script's help
      return;
    } finally {
      inserting = false;
    }
    const list = stream.querySelector(".items");
    const before = list.querySelector("article.item");
    list.insertAdjacentHTML("afterbegin", html);
    const first = list.querySelector("article.item");
    if (first && first !== before) {
      stream.dataset.after = first.dataset.id;
      for (let el = first; el && el !== before; el = el.nextElementSibling) el.classList.add("arrived");
      // Keyboard and screen reader users land on the newest post.
      first.tabIndex = -1;
      first.focus();
    }
    scrollers(list);
    const empty = stream.querySelector(".empty");
    if (empty) empty.hidden = true;
    seen.clear();
    bannerLink.hidden = true;
  }

  function onItem(data) {
    if (!stream || !bannerLink) return;
    if (!Array.isArray(data.streams) || !data.streams.includes(stream.dataset.live)) return;
    if (Number(data.id) <= Number(stream.dataset.after || 0) || seen.has(data.id)) return;
    seen.add(data.id);
    bannerLink.textContent = plural(bannerLink, seen.size);
    bannerLink.hidden = false;
  }

  // One event stream per browser, not per tab: browsers allow about six
  // HTTP/1.1 connections to a server, so six open tabs each holding a stream
  // would stall every further page load. The tab holding the "leader" lock
  // keeps the stream and relays its events to the other tabs; when it
  // closes, the next tab in the lock's queue takes over.
  const handlers = {
    notifications: (d) => showUnread(Number(d.unread) || 0),
    item: onItem,
  };
  const dispatch = (type, data) => { try { handlers[type](JSON.parse(data)); } catch { /* malformed: ignored */ } };
  const shared = "locks" in navigator && "BroadcastChannel" in window;
  const channel = shared ? new BroadcastChannel("ruche-events") : null;
  if (channel) channel.onmessage = (e) => dispatch(e.data.type, e.data.data);
  let source = null;
  function open() {
    source = new EventSource("/api/v1/events");
    for (const type of Object.keys(handlers))
      source.addEventListener(type, (e) => {
        dispatch(type, e.data);
        if (channel) channel.postMessage({ type, data: e.data });
      });
  }
  let leading = false;
  function connect() {
    // the header counter is there only for a signed-in reader, whom the stream needs
    if (source || leading || !counter || !window.EventSource) return;
    if (!shared) return open();
    leading = true;
    // held until the tab goes away: the promise never settles
    navigator.locks.request("ruche-events-leader", () => new Promise(() => open()));
  }
  connect();
  // Without sharing, a page leaving for the back/forward cache closes its
  // stream and opens it again when it comes back.
  window.addEventListener("pagehide", () => { if (!shared && source) { source.close(); source = null; } });
  window.addEventListener("pageshow", (e) => { if (e.persisted) connect(); });
  if (bannerLink) bannerLink.addEventListener("click", insertNew);

  // --- @mention suggestions ----------------------------------------------
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  const LIST_NAME = { en: "People to mention", fr: "Personnes à mentionner" };
  let listCount = 0;
  function mentions(area) {
    const list = document.createElement("ul");
    list.id = "mention-list-" + (++listCount);
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", area.dataset.mentionsLabel || LIST_NAME[lang] || LIST_NAME.en);
    list.hidden = true;
    area.after(list);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", list.id);
    let active = -1, people = [], timer = 0, seq = 0;

    const word = () => {
      const before = area.value.slice(0, area.selectionStart);
      const m = /(^|[^\w@.])@([\w.-]{1,40})$/.exec(before);
      return m ? m[2] : null;
    };
    const close = () => {
      seq++; // an answer still on its way is dropped
      clearTimeout(timer);
      list.hidden = true;
      active = -1;
      area.removeAttribute("aria-activedescendant");
    };
    const choose = (p) => {
      const start = area.selectionStart, before = area.value.slice(0, start);
      const at = before.lastIndexOf("@");
      area.value = before.slice(0, at) + "@" + p.handle + " " + area.value.slice(start);
      const caret = at + p.handle.length + 2;
      area.setSelectionRange(caret, caret);
      close();
      area.focus();
    };
    const highlight = (i) => {
      active = i;
      [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
      if (i >= 0) {
        area.setAttribute("aria-activedescendant", list.children[i].id);
        list.children[i].scrollIntoView({ block: "nearest" });
      } else {
        area.removeAttribute("aria-activedescendant");
      }
    };
    const render = () => {
      list.replaceChildren(...people.map((p, i) => {
        const li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        const name = document.createElement("span"), handle = document.createElement("span");
        name.className = "name";
        name.textContent = p.name;
        handle.className = "handle";
        handle.textContent = "@" + p.handle;
        li.append(name, " ", handle);
        li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(p); });
        return li;
      }));
      list.hidden = people.length === 0;
      // Nothing chosen until an arrow key says so: Enter still starts a new
      // line, and ArrowDown picks the first suggestion (ARIA combobox pattern).
      highlight(-1);
    };
    area.addEventListener("input", () => {
      clearTimeout(timer);
      const q = word();
      if (!q) return close();
      timer = setTimeout(async () => {
        const mine = ++seq;
        try {
          // a members-only space suggests its members; elsewhere the directory
          const source = area.dataset.mentions.startsWith("/api/") ? area.dataset.mentions : "/api/v1/people";
          const res = await fetch(source + "?limit=6&q=" + encodeURIComponent(q), { credentials: "same-origin" });
          if (mine !== seq || !res.ok) return;
          const found = ((await res.json()).items || []).map((x) => x.person || x);
          if (mine !== seq) return;
          people = found;
          render();
        } catch {
          if (mine === seq) close();
        }
      }, 150);
    });
    area.addEventListener("keydown", (e) => {
      if (list.hidden || !people.length) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % people.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active <= 0 ? people.length - 1 : active - 1); }
      else if ((e.key === "Enter" || e.key === "Tab") && active >= 0) { e.preventDefault(); choose(people[active]); }
      else if (e.key === "Escape") close();
    });
    area.addEventListener("blur", () => setTimeout(close, 100));
  }
  document.querySelectorAll("textarea[data-mentions]").forEach(mentions);

  // --- confirmations -----------------------------------------------------
  document.querySelectorAll("button[data-confirm]").forEach((b) => {
    b.form.addEventListener("submit", (e) => {
      if (!window.confirm(b.dataset.confirm)) e.preventDefault();
    });
  });
})();
