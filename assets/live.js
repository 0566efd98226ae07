"use strict";
// Ruche live updates: new posts and notification counts over Server-Sent
// Events, @mention suggestions, confirmations. Pages work without it.

(() => {
  // --- live events -------------------------------------------------------
  const stream = document.querySelector("section.stream[data-live]:not([data-live=''])");
  const banner = stream && stream.querySelector(".new-posts");
  const bannerLink = banner && banner.querySelector("a");
  const counter = document.querySelector(".notifications .count");
  let pending = 0;

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

  async function insertNew(event) {
    if (event) event.preventDefault();
    const key = stream.dataset.live, after = stream.dataset.after || "0";
    const url = "/fragments/stream?live=" + encodeURIComponent(key) + "&after=" + encodeURIComponent(after);
    const res = await fetch(url, { credentials: "same-origin" });
    if (!res.ok) return;
    const html = await res.text();
    const list = stream.querySelector(".items");
    list.insertAdjacentHTML("afterbegin", html);
    const first = list.querySelector("article.item");
    if (first) stream.dataset.after = first.dataset.id;
    const empty = stream.querySelector(".empty");
    if (empty) empty.hidden = true;
    pending = 0;
    banner.hidden = true;
  }

  function onItem(data) {
    if (!stream || !banner) return;
    if (!data.streams.includes(stream.dataset.live)) return;
    if (Number(data.id) <= Number(stream.dataset.after || 0)) return;
    pending += 1;
    bannerLink.textContent = plural(bannerLink, pending);
    banner.hidden = false;
  }

  if ((stream || counter) && window.EventSource) {
    const source = new EventSource("/api/v1/events");
    source.addEventListener("notifications", (e) => showUnread(JSON.parse(e.data).unread));
    source.addEventListener("item", (e) => onItem(JSON.parse(e.data)));
    window.addEventListener("pagehide", () => source.close());
  }
  if (bannerLink) bannerLink.addEventListener("click", insertNew);

  // --- @mention suggestions ----------------------------------------------
  let listCount = 0;
  function mentions(area) {
    const list = document.createElement("ul");
    list.id = "mention-list-" + (++listCount);
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
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
    const close = () => { list.hidden = true; active = -1; area.removeAttribute("aria-activedescendant"); };
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
      if (i >= 0) area.setAttribute("aria-activedescendant", list.children[i].id);
    };
    const render = () => {
      list.replaceChildren(...people.map((p, i) => {
        const li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = p.name + " (@" + p.handle + ")";
        li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(p); });
        return li;
      }));
      list.hidden = people.length === 0;
      highlight(people.length ? 0 : -1);
    };
    area.addEventListener("input", () => {
      clearTimeout(timer);
      const q = word();
      if (!q) return close();
      timer = setTimeout(async () => {
        const mine = ++seq;
        const res = await fetch("/api/v1/people?limit=6&q=" + encodeURIComponent(q), { credentials: "same-origin" });
        if (mine !== seq || !res.ok) return;
        people = (await res.json()).items || [];
        render();
      }, 150);
    });
    area.addEventListener("keydown", (e) => {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % people.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight((active - 1 + people.length) % people.length); }
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
