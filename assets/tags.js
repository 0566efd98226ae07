// Tag suggestions for the tag input of the writing form (input[data-tags]):
// an ARIA combobox like the @mention suggestions of live.js. The tags are
// those the reader may see (GET /api/v1/tags?q=), most used first. The form
// works without this script.
"use strict";
(() => {
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  const LIST_NAME = { en: "Suggested tags", fr: "Mots-clés suggérés" };
  document.querySelectorAll("input[data-tags]").forEach((input, n) => {
    const list = document.createElement("ul");
    list.id = "tag-list-" + n;
    list.className = "mention-list tag-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", LIST_NAME[lang] || LIST_NAME.en);
    list.hidden = true;
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    let active = -1, tags = [], timer = 0, seq = 0;

    // the word being typed: after the last comma or space before the caret
    const word = () => {
      const before = input.value.slice(0, input.selectionStart);
      const m = /(?:^|[\s,])#?([^\s,#]{1,50})$/.exec(before);
      return m ? m[1] : null;
    };
    const close = () => {
      seq++;
      clearTimeout(timer);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
      input.removeAttribute("aria-activedescendant");
    };
    const choose = (t) => {
      const start = input.selectionStart, before = input.value.slice(0, start);
      const m = /#?[^\s,#]*$/.exec(before);
      const head = before.slice(0, before.length - m[0].length);
      const rest = input.value.slice(start).replace(/^[^\s,]*/, "");
      input.value = head + t.tag + ", " + rest.replace(/^[\s,]+/, "");
      const caret = head.length + t.tag.length + 2;
      input.setSelectionRange(caret, caret);
      close();
      input.focus();
    };
    const highlight = (i) => {
      active = i;
      [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
      if (i >= 0) input.setAttribute("aria-activedescendant", list.children[i].id);
      else input.removeAttribute("aria-activedescendant");
    };
    const render = () => {
      list.replaceChildren(...tags.map((t, i) => {
        const li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        const name = document.createElement("span"), count = document.createElement("span");
        name.className = "name";
        name.textContent = "#" + t.tag;
        count.className = "handle";
        count.textContent = String(t.count);
        li.append(name, " ", count);
        li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(t); });
        return li;
      }));
      list.hidden = tags.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
      highlight(-1);
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = word();
      if (!q) return close();
      timer = setTimeout(async () => {
        const mine = ++seq;
        try {
          const res = await fetch(input.dataset.tags + "?limit=8&q=" + encodeURIComponent(q), { credentials: "same-origin" });
          if (mine !== seq || !res.ok) return close();
          const found = (await res.json()).items || [];
          if (mine !== seq) return;
          tags = found;
          render();
        } catch {
          if (mine === seq) close();
        }
      }, 150);
    });
    input.addEventListener("keydown", (e) => {
      if (list.hidden || !tags.length) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % tags.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active <= 0 ? tags.length - 1 : active - 1); }
      else if ((e.key === "Enter" || e.key === "Tab") && active >= 0) { e.preventDefault(); choose(tags[active]); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  });
})();
