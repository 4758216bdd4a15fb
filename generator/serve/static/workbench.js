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
