// The add page: files dropped or chosen are sent one at a time to the API, and each row
// shows its outcome as it comes. Without this script the form posts them all at once.
"use strict";
(function () {
  const form = document.getElementById("upload");
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  const table = document.getElementById("progress-table");
  const progress = document.getElementById("progress");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const words = table.dataset;

  function row(name) {
    const tr = table.tBodies[0].insertRow();
    for (const text of [name, words.waiting, ""]) tr.insertCell().textContent = text;
    return tr;
  }

  function show(tr, result) {
    tr.className = result.status;
    tr.cells[1].textContent = words[result.status] || result.status;
    tr.cells[2].textContent = result.error || "";
    if (result.id) {
      const link = document.createElement("a");
      link.href = "/documents/" + encodeURIComponent(result.id);
      link.textContent = tr.cells[0].textContent;
      tr.cells[0].replaceChildren(link);
    }
  }

  async function send(files) {
    table.hidden = false;
    progress.hidden = false;
    progress.max = files.length;
    progress.value = 0;
    const rows = files.map((file) => row(file.name));
    for (const [number, file] of files.entries()) {
      rows[number].cells[1].textContent = words.sending;
      const body = new FormData();
      body.append("file", file, file.name);
      try {
        const answer = await fetch("/api/documents", {
          method: "POST", body: body, headers: { "X-CSRF-Token": token },
          credentials: "same-origin",
        });
        const data = await answer.json();
        show(rows[number], answer.ok ? data[0] : { status: "failed", error: data.error });
      } catch (error) {
        show(rows[number], { status: "failed", error: String(error) });
      }
      progress.value = number + 1;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(Array.from(input.files));
    form.reset();
  });
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => { event.preventDefault(); drop.classList.add("over"); });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    send(Array.from(event.dataTransfer.files));
  });
})();
