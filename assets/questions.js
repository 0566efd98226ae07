// The ask form: suggests similar questions as the title is typed, from
// GET /api/v1/questions/similar (the form's "Check for similar questions"
// button does the same without JavaScript).
(function () {
  'use strict';
  const button = document.querySelector('button[data-similar]');
  const title = document.getElementById('title');
  const box = document.getElementById('similar-questions');
  if (!button || !title || !box) return;
  const list = box.querySelector('ul');
  let timer = null;
  let last = '';
  async function refresh() {
    const q = title.value.trim();
    if (q === last) return;
    last = q;
    if (q.length < 3) {
      box.hidden = true;
      return;
    }
    try {
      const res = await fetch(`${button.dataset.similar}?limit=5&q=${encodeURIComponent(q)}`,
        { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok || q !== last) return;
      const page = await res.json();
      list.replaceChildren();
      for (const item of page.items) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = item.url;
        a.textContent = item.title;
        li.append(a);
        if (item.answered) li.append(document.createTextNode(box.dataset.answered || ''));
        list.append(li);
      }
      box.hidden = page.items.length === 0;
    } catch (err) {
      // the button still works
    }
  }
  title.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
