"use strict";
// The review editor: one row per unit; every edit goes to the server, which saves it before it answers.
(function () {
  const token = document.querySelector('meta[name="review-token"]').content;
  const body = document.querySelector("#units tbody");
  const message = document.getElementById("message");
  let units = [], revision = 0, selected = 0, cut = {zh: null, en: null};
  // Keys run one after another: an action waits until the edits before it are saved and shown.
  let queue = Promise.resolve();

  function api(path, payload) {
    const options = {headers: {"X-Review-Token": token, "Content-Type": "application/json"}};
    if (payload) { options.method = "POST"; options.body = JSON.stringify(payload); }
    return fetch(path, options).then(r => r.json().then(data => ({status: r.status, data})));
  }

  function cell(cls, items, side) {
    const td = document.createElement("td");
    td.className = cls;
    if (side) td.lang = side === "zh" ? "zh-CN" : "en";
    if (!items.length) { td.innerHTML = '<span class="empty">—</span>'; return td; }
    items.forEach(([id, text], pos) => {
      const div = document.createElement("div");
      div.className = "seg"; div.dataset.side = side; div.dataset.pos = pos; div.dataset.id = id;
      div.textContent = text;
      td.appendChild(div);
    });
    return td;
  }

  function row(unit) {
    const tr = document.createElement("tr");
    // a unit the reviewer changed by hand no longer carries the aligner's doubt; its score is shown greyed
    tr.className = unit.status !== "auto" ? unit.status : unit.edited ? "edited"
      : !unit.zh.length || !unit.en.length ? "one-sided" : unit.doubtful ? "doubtful" : "ok";
    if (unit.edited && unit.status !== "auto") tr.classList.add("edited");
    tr.append(cell("n", []), cell("label", []), cell("zh", unit.zh, "zh"), cell("en", unit.en, "en"), cell("score", []), cell("flags", []));
    tr.cells[0].textContent = ""; tr.cells[1].textContent = "";
    tr.cells[4].textContent = unit.score.toFixed(2);
    tr.cells[5].textContent = (unit.status === "confirmed" ? "✓" : unit.status === "rejected" ? "✗" : "") + (unit.edited ? "✎" : "");
    return tr;
  }

  function needsLook(unit) {
    return unit.status === "auto" && !unit.edited && (unit.doubtful || !unit.zh.length || !unit.en.length);
  }

  function refresh() {
    const only = document.getElementById("only-doubtful").checked;
    const query = document.getElementById("search").value.trim().toLowerCase();
    let previous = null;
    units.forEach((unit, k) => {
      const tr = body.rows[k];
      tr.dataset.k = k;
      const number = String(k + 1);
      if (tr.cells[0].textContent !== number) tr.cells[0].textContent = number;
      const label = unit.label && unit.label !== previous ? unit.label : "";
      if (tr.cells[1].textContent !== label) tr.cells[1].textContent = label;
      previous = unit.label;
      const text = query && unit.zh.concat(unit.en).map(s => s[1]).join(" ").toLowerCase();
      tr.hidden = (only && !needsLook(unit)) || (query !== "" && !text.includes(query));
      tr.classList.toggle("selected", k === selected);
    });
    const look = units.filter(needsLook).length;
    const count = s => units.filter(u => u.status === s).length;
    document.getElementById("summary").innerHTML =
      `<span>${units.length} units</span><span>${look} to look at</span>` +
      `<span>${count("confirmed")} confirmed</span><span>${count("rejected")} not a translation</span>`;
    showCut();
  }

  function showCut() {
    body.querySelectorAll(".seg.cut").forEach(s => s.classList.remove("cut"));
    const tr = body.rows[selected];
    if (!tr) return;
    for (const side of ["zh", "en"]) {
      if (cut[side] === null) continue;
      const seg = tr.querySelector(`.seg[data-side="${side}"][data-pos="${cut[side]}"]`);
      if (seg) seg.classList.add("cut");
    }
  }

  function select(k, scroll = true) {
    if (!units.length) return;
    k = Math.max(0, Math.min(units.length - 1, k));
    if (k !== selected) cut = {zh: null, en: null};
    if (body.rows[selected]) body.rows[selected].classList.remove("selected");
    selected = k;
    body.rows[k].classList.add("selected");
    showCut();
    if (scroll) body.rows[k].scrollIntoView({block: "nearest"});
  }

  function step(direction, test) {
    for (let k = selected + direction; k >= 0 && k < units.length; k += direction) {
      if (!body.rows[k].hidden && (!test || test(units[k]))) return select(k);
    }
    say(test ? "no more doubtful units" : "");
  }

  function showConflict(text) {
    const box = document.getElementById("conflict");
    box.querySelector("span").textContent = text; box.hidden = false;
  }

  function say(text, error = true) { message.textContent = text; message.classList.toggle("error", error); }

  function meta(data) {
    revision = data.revision;
    document.getElementById("undo").disabled = !data.can_undo;
    document.getElementById("redo").disabled = !data.can_redo;
    document.getElementById("saved").textContent = `saved · revision ${revision}`;
  }

  function load() {
    return api("/api/state").then(({status, data}) => {
      if (status !== 200) { showConflict(data.error || "error " + status); return; }
      units = data.units; meta(data);
      const fragment = document.createDocumentFragment();
      units.forEach(u => fragment.appendChild(row(u)));
      body.replaceChildren(fragment);
      document.getElementById("conflict").hidden = true;
      selected = Math.min(selected, units.length - 1);
      refresh();
      document.body.dataset.ready = "yes";
    });
  }

  function patch(data) {
    const fresh = data.units.map(row);
    for (let k = data.start; k < data.end; k++) body.rows[data.start].remove();
    const before = body.rows[data.start] || null;
    fresh.forEach(tr => body.insertBefore(tr, before));
    units.splice(data.start, data.end - data.start, ...data.units);
    meta(data);
  }

  function send(path, payload, after) {
    return api(path, Object.assign({revision}, payload)).then(({status, data}) => {
      if (status === 409) {
        showConflict(data.error);
      } else if (status !== 200) {
        say(data.error || "error " + status);
      } else {
        say(""); patch(data);
        if (after !== undefined) selected = Math.max(0, Math.min(units.length - 1, after(data)));
        cut = {zh: null, en: null};
        refresh(); select(selected);
      }
    }).catch(error => say("not saved: " + error)).finally(() => { document.body.dataset.revision = revision; });
  }

  const edit = (op, after) => send("/api/edit", op, after);
  const here = () => selected;

  function split() {
    const unit = units[selected];
    const op = {op: "split", unit: selected};
    if (cut.zh !== null || cut.en !== null) {
      op.zh_at = cut.zh === null ? unit.zh.length : cut.zh;
      op.en_at = cut.en === null ? unit.en.length : cut.en;
    }
    return edit(op, here);
  }

  function toggle(status) {
    return edit({op: "status", unit: selected, status: units[selected].status === status ? "auto" : status}, here);
  }

  function openEditor() {
    const unit = units[selected], fields = document.getElementById("fields");
    fields.replaceChildren();
    for (const side of ["zh", "en"]) {
      unit[side].forEach(([id, text]) => {
        const area = document.createElement("textarea");
        area.dataset.side = side; area.dataset.id = id; area.value = text; area.lang = side === "zh" ? "zh-CN" : "en";
        fields.appendChild(area);
      });
    }
    const dialog = document.getElementById("editor");
    dialog.showModal();
    const first = fields.querySelector("textarea");
    if (first) first.focus();
  }

  async function saveTexts() {
    const dialog = document.getElementById("editor");
    const changed = [...dialog.querySelectorAll("textarea")].filter(a => {
      const unit = units[selected];
      return unit[a.dataset.side].find(([id]) => String(id) === a.dataset.id)[1] !== a.value;
    }).map(a => ({op: "text", side: a.dataset.side, segment: Number(a.dataset.id), text: a.value}));
    dialog.close();
    for (const op of changed) await edit(op, here);
  }

  document.getElementById("editor").addEventListener("close", e => {
    if (e.target.returnValue === "save") queue = queue.then(saveTexts, saveTexts);
    e.target.returnValue = "";
  });
  document.getElementById("editor").addEventListener("keydown", e => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); document.getElementById("editor").close("save"); }
  });

  body.addEventListener("click", e => {
    const tr = e.target.closest("tr");
    if (!tr) return;
    const k = Number(tr.dataset.k);
    const seg = e.target.closest(".seg");
    if (k !== selected) select(k, false);
    if (seg) { const side = seg.dataset.side, pos = Number(seg.dataset.pos); cut[side] = cut[side] === pos ? null : pos; showCut(); }
  });

  const keys = {
    ArrowDown: () => step(1), j: () => step(1), ArrowUp: () => step(-1), k: () => step(-1),
    n: () => step(1, needsLook), p: () => step(-1, needsLook),
    m: () => edit({op: "merge", unit: selected}, here),
    M: () => edit({op: "merge", unit: selected, with: "previous"}, () => selected - 1),
    x: split,
    z: () => edit({op: "shift", unit: selected, side: "zh", direction: "down"}, here),
    Z: () => edit({op: "shift", unit: selected + 1, side: "zh", direction: "up"}, here),
    e: () => edit({op: "shift", unit: selected, side: "en", direction: "down"}, here),
    E: () => edit({op: "shift", unit: selected + 1, side: "en", direction: "up"}, here),
    c: () => toggle("confirmed"), r: () => toggle("rejected"), t: openEditor,
    u: () => send("/api/undo", {}, here), y: () => send("/api/redo", {}, here),
    d: () => { const box = document.getElementById("only-doubtful"); box.checked = !box.checked; refresh(); },
    "/": () => document.getElementById("search").focus(),
    Escape: () => { cut = {zh: null, en: null}; showCut(); },
  };

  document.addEventListener("keydown", e => {
    if (e.target.closest("input, textarea, dialog")) {
      if (e.key === "Escape" && e.target.id === "search") e.target.blur();
      return;
    }
    let action = keys[e.key];
    if (e.ctrlKey || e.metaKey) {
      const key = e.key.toLowerCase();
      action = key === "z" ? keys[e.shiftKey ? "y" : "u"] : key === "y" ? keys.y : null;
    } else if (e.altKey) action = null;
    if (!action || !units.length) return;
    e.preventDefault();
    const began = performance.now();  // key press to edit saved and shown, read by scripts/bench_review.py
    queue = queue.then(action, action).then(() => { document.body.dataset.keyMs = Math.round(performance.now() - began); });
  });

  document.getElementById("only-doubtful").addEventListener("change", refresh);
  document.getElementById("search").addEventListener("input", refresh);
  document.getElementById("search").addEventListener("keydown", e => {
    if (e.key === "Enter") { e.preventDefault(); e.target.blur(); step(1); }
  });
  document.getElementById("undo").addEventListener("click", () => { queue = queue.then(keys.u, keys.u); });
  document.getElementById("redo").addEventListener("click", () => { queue = queue.then(keys.y, keys.y); });
  document.getElementById("reload").addEventListener("click", load);
  document.getElementById("export").addEventListener("click", () =>
    api("/api/export", {}).then(({status, data}) =>
      say(status === 200 ? `written in ${data.folder}: ${data.written.join(", ")}` : data.error, status !== 200)));

  load();
})();
