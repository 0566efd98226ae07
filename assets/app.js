"use strict";
// Ruche: small enhancements only. Every page works without this file.
// No inline styles (CSP): visibility goes through classes and `hidden`.

(() => {
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  const WORDS = {
    en: { copy: "Copy", copied: "Copied to the clipboard", failed: "Copy failed: select the link and copy it" },
    fr: { copy: "Copier", copied: "Copié dans le presse-papiers", failed: "Échec de la copie : sélectionnez le lien et copiez-le" },
  };
  // Labels from the page (data-* attributes) win over the built-in ones.
  const word = (el, key) => (el && el.dataset[key + "Label"]) || (WORDS[lang] || WORDS.en)[key];

  // Footer language switch: choosing a language applies it. With a mouse or
  // touch, the change submits at once. Arrow keys on a closed <select> also
  // fire "change" at every step, so after a keyboard change the form waits
  // for Enter (or the button, shown again) instead of jumping away.
  function languageSwitch() {
    const select = document.getElementById("lang-select");
    const form = select && select.form;
    if (!form) return;
    const button = form.querySelector('button[type="submit"]');
    if (button) button.classList.add("js-hidden");
    let byKeyboard = false;
    const submit = () => (form.requestSubmit ? form.requestSubmit() : form.submit());
    select.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        submit();
      } else if (event.key !== "Tab") {
        byKeyboard = true;
      }
    });
    select.addEventListener("pointerdown", () => { byKeyboard = false; });
    select.addEventListener("change", () => {
      if (byKeyboard) {
        if (button) button.classList.remove("js-hidden");
        return;
      }
      submit();
    });
  }

  // Profile photo: show the chosen file in #photo-preview before upload.
  // FileReader gives a data: URL, which the CSP's img-src allows (blob: is not).
  function photoPreview() {
    const preview = document.getElementById("photo-preview");
    const input = preview && preview.closest("form") && preview.closest("form").querySelector('input[type="file"]');
    if (!input) return;
    const original = preview.getAttribute("src");
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file || !/^image\/(png|jpeg|webp)$/.test(file.type) || file.size > 5 * 1024 * 1024) {
        preview.src = original;
        preview.classList.remove("previewing");
        return;
      }
      const reader = new FileReader();
      reader.addEventListener("load", () => {
        if (typeof reader.result === "string" && reader.result.startsWith("data:image/")) {
          preview.src = reader.result;
          preview.classList.add("previewing");
        }
      });
      reader.readAsDataURL(file);
    });
  }

  // A "Copy" button next to every read-only input.copy (invitation links),
  // with a confirmation announced through a status region.
  function copyButtons() {
    for (const input of document.querySelectorAll("input.copy")) {
      const row = input.parentElement;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = word(input, "copy");
      const status = document.createElement("span");
      status.className = "copied";
      status.setAttribute("role", "status");
      row.classList.add("copy-row");
      input.after(button, status);
      input.addEventListener("focus", () => input.select());
      let timer = 0;
      button.addEventListener("click", async () => {
        let ok = false;
        try {
          if (navigator.clipboard && window.isSecureContext) {
            await navigator.clipboard.writeText(input.value);
            ok = true;
          } else {
            input.select();
            ok = document.execCommand("copy");
          }
        } catch {
          ok = false;
        }
        status.textContent = word(input, ok ? "copied" : "failed");
        status.classList.toggle("failed", !ok);
        if (!ok) input.select();
        clearTimeout(timer);
        timer = setTimeout(() => { status.textContent = ""; }, 6000);
      });
    }
  }

  languageSwitch();
  photoPreview();
  copyButtons();
})();
