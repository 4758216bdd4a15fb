// The dashboard's live build progress: a build started from the page is followed by asking the
// server how far it got, without reloading; the page reloads once it is done to show every state.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const text = box.querySelector(".text");
  const forms = document.querySelectorAll("form[action$='/build']");

  async function follow() {
    for (;;) {
      const response = await fetch(box.dataset.status, { headers: { Accept: "application/json" } });
      const progress = await response.json();
      box.hidden = false;
      bar.max = progress.total || 1;
      bar.value = progress.done;
      text.textContent = `${progress.done}/${progress.total || "…"} ${progress.current}`;
      if (!progress.running) { window.location.reload(); return; }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  forms.forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    forms.forEach((f) => f.querySelectorAll("button").forEach((b) => { b.disabled = true; }));
    await fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } });
    follow();
  }));

  if (!box.hidden && document.querySelector("#build-all button[disabled]")) follow();
});

// The province editor: each change is judged by the server (the messages of `validate`, at their
// fields) and shown in the preview; what is typed is kept in the browser until it is saved.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("province");
  if (!form) return;
  const slug = form.dataset.slug;
  const draftKey = `chuongtrinh:draft:${slug}`;
  const status = document.getElementById("save-status");
  const image = document.getElementById("page-image");
  const pageInput = document.getElementById("page");
  let timer = null;
  let previewing = null;

  function fields() {
    const values = {};
    for (const [key, value] of new FormData(form)) {
      if (key !== "csrf_token") values[key] = value;
    }
    return values;
  }

  function show(judgement) {
    form.querySelectorAll(".messages").forEach((box) => { box.textContent = ""; });
    form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
    form.querySelectorAll(".legacy-fix").forEach((el) => el.remove());
    const general = document.getElementById("m-general");
    for (const [kind, messages] of [["error", judgement.errors], ["warning", judgement.warnings]]) {
      for (const [path, texts] of Object.entries(messages)) {
        const box = document.getElementById(`m-${path}`) || nearest(path);
        if (!box) { texts.forEach((t) => general.append(item(t, kind))); continue; }
        texts.forEach((t) => box.append(item(t, kind)));
        if (kind === "error") box.closest(".field, fieldset").classList.add("invalid");
      }
    }
    judgement.general.forEach((t) => general.append(item(t, "error")));
    for (const [path, fixed] of Object.entries(judgement.legacy)) {
      const input = form.elements[path];
      if (!input) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "small legacy-fix";
      button.textContent = `${form.dataset.fixLabel || "Chuyển thành"} “${fixed}”`;
      button.addEventListener("click", () => { input.value = fixed; changed(); });
      input.after(button);
    }
  }

  function nearest(path) {
    const parts = path.split(".");
    while (parts.length) {
      const box = document.getElementById(`m-${parts.join(".")}`);
      if (box) return box;
      parts.pop();
    }
    return null;
  }

  function item(text, kind) {
    const el = document.createElement("span");
    el.className = `message ${kind}`;
    el.textContent = text;
    return el;
  }

  async function post(url, extra = {}) {
    const body = new FormData(form);
    for (const [key, value] of Object.entries(extra)) body.set(key, value);
    return fetch(url, { method: "POST", body, headers: { Accept: "application/json" } });
  }

  async function reply(response) {
    // A refusal (a session gone stale after a restart) comes as JSON too; anything else is said.
    try {
      return await response.json();
    } catch {
      return { ok: false, saved: false, message: `${response.status} ${response.statusText}`, problems: [] };
    }
  }

  function trouble(message) {
    const general = document.getElementById("m-general");
    general.textContent = "";
    general.append(item(message, "error"));
  }

  async function check() {
    const result = await reply(await post(form.dataset.check));
    if ("errors" in result) show(result); else trouble(result.message);
  }

  async function preview() {
    const started = performance.now();
    const mine = (previewing = Symbol("preview"));
    const state = document.getElementById("preview-status");
    state.textContent = "…";
    const response = await post(form.dataset.preview, { page: pageInput.value || "1" });
    if (mine !== previewing) return;          // a later change has its own preview coming
    const result = await reply(response);
    const problems = document.getElementById("preview-problems");
    problems.textContent = "";
    if (result.ok) {
      image.src = result.image;
      holes(result.placeholders);
      document.getElementById("pages").textContent = `/ ${result.pages}`;
      pageInput.max = result.pages;
      state.textContent = "";
      state.title = `${((performance.now() - started) / 1000).toFixed(1)} s`;
      image.dataset.seconds = result.seconds;
    } else {
      result.problems.forEach((t) => { const li = document.createElement("li"); li.textContent = t; problems.append(li); });
      state.textContent = "";
    }
  }

  // Each placeholder on the page image gets a button over it that takes the editor to its field.
  function holes(placeholders) {
    const layer = document.getElementById("holes");
    layer.textContent = "";
    for (const hole of placeholders) {
      if (!hole.field) continue;
      hole.boxes.forEach(([left, top, width, height]) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "hole";
        button.dataset.field = hole.field;
        button.style.left = `${left * 100}%`;
        button.style.top = `${top * 100}%`;
        button.style.width = `${width * 100}%`;
        button.style.height = `${height * 100}%`;
        button.title = layer.dataset.label.replace("{label}", hole.label);
        button.setAttribute("aria-label", button.title);
        button.addEventListener("click", () => goTo(hole.field));
        layer.append(button);
      });
    }
  }

  function goTo(path) {
    const place = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
    if (!place) return;
    for (let open = place.closest("details"); open; open = open.parentElement.closest("details")) open.open = true;
    place.scrollIntoView({ block: "center" });
    const input = place.querySelector("input:not([type=hidden]), textarea") || place.querySelector("button.add");
    if (input) input.focus();
    place.classList.add("sought");
    setTimeout(() => place.classList.remove("sought"), 1500);
  }

  // The form as the file gave it when the page opened: what a draft's changes are measured from.
  const opened = { sha: form.elements.sha.value, fields: fields() };
  let base = opened;

  function changed() {
    localStorage.setItem(draftKey, JSON.stringify({ sha: base.sha, base: base.fields, fields: fields(), at: Date.now() }));
    status.textContent = form.dataset.unsavedLabel || "chưa lưu";
    clearTimeout(timer);
    // The page image first: it is what the editor watches; the messages follow it (on two
    // cores, judging the form beside the preview slows the preview by a tenth of a second).
    timer = setTimeout(() => { preview().finally(check); }, 200);
  }

  function renumber(root, index) {
    root.querySelectorAll("[name], [id], [for], [aria-describedby], [data-path]").forEach((el) => {
      for (const attribute of ["name", "id", "for", "aria-describedby", "data-path"]) {
        const value = el.getAttribute(attribute);
        if (value && value.includes("__new__")) el.setAttribute(attribute, value.replace("__new__", index));
      }
    });
  }

  form.addEventListener("input", changed);
  form.addEventListener("click", (event) => {
    const target = event.target;
    if (target.classList.contains("add")) {
      const list = target.closest("fieldset.list");
      const index = Number(target.dataset.next);
      target.dataset.next = index + 1;
      const copy = list.querySelector(":scope > template").content.firstElementChild.cloneNode(true);
      renumber(copy, index);
      list.querySelector(":scope > .items").append(copy);
      copy.querySelector("input, textarea")?.focus();
      changed();
    } else if (target.classList.contains("remove")) {
      target.closest(".item").remove();
      changed();
    }
  });
  pageInput.addEventListener("change", preview);
  document.getElementById("zoom").addEventListener("click", (event) => {
    const wide = document.querySelector(".editor").classList.toggle("wide");   // the page as wide as the form
    event.target.setAttribute("aria-pressed", String(wide));
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await reply(await post(form.action));
    if (result.saved) {
      form.elements.sha.value = result.sha;
      opened.sha = result.sha;
      opened.fields = fields();
      base = opened;
      form.querySelectorAll(".conflict-note").forEach((el) => el.remove());
      localStorage.removeItem(draftKey);
      status.textContent = form.dataset.savedLabel || "đã lưu";
      show(result.judgement);
    } else if (result.conflict) {
      const box = document.getElementById("conflict");
      box.querySelector(".text").textContent = result.message;
      box.hidden = false;
      status.textContent = "";
    } else {
      status.textContent = "";
      trouble(result.message);
    }
  });

  function put(values) {
    for (const [path, value] of Object.entries(values)) {
      let input = form.elements[path];
      if (!input) {          // an item added before the tab closed: add it again
        const match = path.match(/^(.*)\.(\d+)\./);
        const list = match && form.querySelector(`fieldset.list[data-path="${match[1]}"]`);
        if (list) {
          const add = list.querySelector(":scope > button.add");
          while (Number(add.dataset.next) <= Number(match[2])) add.click();
          input = form.elements[path];
        }
      }
      if (!input) continue;
      if (input.type === "checkbox") input.checked = Boolean(value); else input.value = value;
    }
    form.querySelectorAll("input[type=checkbox]").forEach((box) => {
      if (!values[box.name]) box.checked = false;
    });
  }

  // A draft typed over an older version of the file, applied field by field onto the file as it
  // is now (a three-way merge of form values): a field only the draft changed takes the draft's
  // value, one only the file changed keeps the file's, and one both changed differently keeps
  // what was typed, with a note naming the file's value and a button to take it instead.
  function merge(draft, now) {
    const before = draft.base || {};
    const result = { ...now };
    const conflicts = [];
    const paths = new Set([...Object.keys(before), ...Object.keys(draft.fields), ...Object.keys(now)]);
    for (const path of paths) {
      const mine = draft.fields[path] ?? "", old = before[path] ?? "", theirs = now[path] ?? "";
      if (mine === old || mine === theirs) continue;
      result[path] = mine;
      if (theirs !== old) conflicts.push([path, theirs]);
    }
    return { values: result, conflicts };
  }

  function note(path, theirs) {
    const input = form.elements[path];
    if (!input || !input.after) return;
    const box = document.createElement("span");
    box.className = "message warning conflict-note";
    box.textContent = form.dataset.conflictLabel.replace("{value}", theirs || "—");
    const take = document.createElement("button");
    take.type = "button";
    take.className = "small";
    take.textContent = form.dataset.takeFileLabel;
    take.addEventListener("click", () => {
      if (input.type === "checkbox") input.checked = Boolean(theirs); else input.value = theirs;
      box.remove();
      changed();
    });
    box.append(" ", take);
    input.after(box);
  }

  function restore(draft) {
    form.querySelectorAll(".conflict-note").forEach((el) => el.remove());
    if (draft.sha === opened.sha) {
      put(draft.fields);
    } else {
      const { values, conflicts } = merge(draft, opened.fields);
      put(values);
      conflicts.forEach(([path, theirs]) => note(path, theirs));
      base = opened;        // from now on the draft is measured from the file as it is
    }
    changed();
  }

  const saved = localStorage.getItem(draftKey);
  if (saved) {
    const notice = document.getElementById("draft");
    notice.hidden = false;
    if (JSON.parse(saved).sha !== form.elements.sha.value) {
      // Typed over an older version of the file: restoring it and saving would undo what was
      // saved since, so saving it then says "changed since it was opened".
      notice.querySelector(".text").textContent = notice.dataset.stale;
    }
    document.getElementById("draft-restore").addEventListener("click", () => {
      restore(JSON.parse(saved));
      notice.hidden = true;
    });
    document.getElementById("draft-drop").addEventListener("click", () => {
      localStorage.removeItem(draftKey);
      notice.hidden = true;
    });
  }
  show(JSON.parse(document.getElementById("initial-judgement").textContent));
  preview();
});
