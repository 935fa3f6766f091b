// quarry's web page: search as you type over /api/search, passages in
// their source context, figures, and citations to copy. Plain DOM, no
// dependency; document text is only ever set as text, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// A token given once in the page's URL (?token=…) is kept for this tab and
// sent as a header, and dropped from the address bar.
if (params.has("token")) {
  sessionStorage.setItem("quarry-token", params.get("token"));
  params.delete("token");
}
const token = sessionStorage.getItem("quarry-token");

const FILTERS = ["doc", "since", "until", "kind"];
let view = params.get("view") === "figures" ? "figures" : "passages";
let latest = 0; // the newest request; older answers are ignored
let lastHits = [];

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role") node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c);
  }
  return node;
}

async function api(path) {
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const r = await fetch(path, { headers });
  let body;
  try {
    body = await r.json();
  } catch (e) {
    throw new Error("the server answered " + r.status);
  }
  if (!r.ok) throw new Error(body.error || "the server answered " + r.status);
  return body;
}

// The search the form describes, as query-string parameters.
function currentQuery() {
  const p = new URLSearchParams();
  const q = $("q").value.trim();
  if (q) p.set("q", q);
  for (const name of FILTERS) {
    const v = $(name).value.trim();
    if (v) p.set(name, v);
  }
  if ($("plain").checked) p.set("plain", "true");
  return p;
}

// Keeps the address bar in step, so every search has a URL to share.
function remember(p) {
  const shown = new URLSearchParams(p);
  if (view === "figures") shown.set("view", "figures");
  const url = shown.toString() ? "/?" + shown : "/";
  history.replaceState(null, "", url);
}

function setStatus(text, isError = false) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", isError);
}

// `text` with the code-point ranges `ranges` wrapped in <mark>.
function highlighted(text, ranges) {
  const chars = Array.from(text);
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [a, b] of ranges || []) {
    if (a < at || b > chars.length) continue;
    frag.append(chars.slice(at, a).join(""));
    frag.append(el("mark", {}, chars.slice(a, b).join("")));
    at = b;
  }
  frag.append(chars.slice(at).join(""));
  return frag;
}

// Why a hit matched: the distinct words its snippet highlights, else a
// match in the title or section heading (which snippets do not show).
function why(hit, query) {
  const chars = Array.from(hit.snippet || "");
  const words = [];
  for (const [a, b] of hit.highlight_chars || []) {
    const w = chars.slice(a, b).join("");
    if (!words.some((x) => x.toLowerCase() === w.toLowerCase())) words.push(w);
  }
  const parts = [];
  if (words.length) parts.push("matched " + words.map((w) => "“" + w + "”").join(", ") + " in the text");
  const lowerQuery = query.toLowerCase();
  const inTitle = lowerQuery.split(/\W+/).filter((w) => w.length > 2)
    .some((w) => hit.doc.title.toLowerCase().includes(w));
  if (inTitle) parts.push("words of the title");
  if (hit.section && lowerQuery.split(/\W+/).filter((w) => w.length > 2)
    .some((w) => hit.section.toLowerCase().includes(w))) parts.push("words of the section heading");
  if (/\d/.test(words.join(" "))) parts.push("states the figure");
  if (!parts.length) parts.push("matched by the title, section or an operator of the query");
  return "Why: " + parts.join("; ") + ".";
}

function meta(hit) {
  const d = hit.doc;
  const bits = [d.author, d.publisher, d.date].filter(Boolean);
  if (hit.section) bits.push("§ " + hit.section);
  const lines = hit.lines[0] === hit.lines[1] ? "line " + hit.lines[0] : "lines " + hit.lines[0] + "–" + hit.lines[1];
  bits.push(d.path + ", " + lines);
  if (hit.kind && hit.kind !== "body") bits.push(hit.kind);
  return bits.join(" · ");
}

function renderHits(reply, query) {
  const list = $("results");
  list.replaceChildren();
  lastHits = reply.hits;
  reply.hits.forEach((hit, i) => {
    const titleId = "hit-title-" + i;
    const open = el("button", { type: "button", class: "link", "aria-describedby": titleId + "-meta" }, hit.doc.title);
    open.addEventListener("click", () => openPassage(hit.passage_id, open));
    const cite = el("button", { type: "button", class: "cite" }, "Cite");
    cite.setAttribute("aria-label", "Cite this passage from " + hit.doc.title);
    cite.addEventListener("click", () => openCite(hit, cite));
    const show = el("button", { type: "button" }, "Show in source");
    show.setAttribute("aria-label", "Show this passage of " + hit.doc.title + " in its source");
    show.addEventListener("click", () => openPassage(hit.passage_id, show));
    list.append(
      el("li", { class: "hit", "data-passage": hit.passage_id },
        el("h2", { id: titleId }, open),
        el("p", { class: "meta", id: titleId + "-meta" }, meta(hit)),
        el("p", { class: "snippet" }, highlighted(hit.snippet, hit.highlight_chars)),
        el("p", { class: "why" }, why(hit, query)),
        el("div", { class: "actions" }, show, cite)));
  });
  const n = reply.total;
  setStatus(n === 0 ? "No passage matches." :
    n + (n === 1 ? " passage matches" : " passages match") +
    (n > reply.hits.length ? "; showing the best " + reply.hits.length + "." : "."));
  for (const w of reply.warnings || []) setStatus($("status").textContent + " " + w);
}

function renderFigures(reply) {
  const rows = $("figure-rows");
  rows.replaceChildren();
  for (const f of reply.figures) {
    const src = el("button", { type: "button", class: "link" }, f.doc.title + ", line " + f.lines[0]);
    src.addEventListener("click", () => openPassage(f.passage_id, src));
    rows.append(el("tr", {},
      el("td", { class: "figure" }, f.text),
      el("td", { class: "num" }, formatValue(f.value)),
      el("td", {}, f.unit || ""),
      el("td", {}, f.sentence),
      el("td", {}, src)));
  }
  setStatus(reply.figures.length === 0 ? "No figure found." :
    reply.figures.length + (reply.figures.length === 1 ? " figure." : " figures."));
}

function formatValue(v) {
  return Math.abs(v) >= 1e4 ? v.toLocaleString("en") : String(v);
}

async function run() {
  const p = currentQuery();
  remember(p);
  const id = ++latest;
  const q = p.get("q") || "";
  if (view === "figures") {
    p.set("limit", "200");
    try {
      const reply = await api("/api/figures?" + p);
      if (id === latest) renderFigures(reply);
    } catch (e) {
      if (id === latest) setStatus(e.message, true);
    }
    return;
  }
  if (!q) {
    $("results").replaceChildren();
    setStatus("Type to search.");
    return;
  }
  p.set("limit", "20");
  try {
    const reply = await api("/api/search?" + p);
    if (id === latest) renderHits(reply, q);
  } catch (e) {
    if (id === latest) {
      $("results").replaceChildren();
      setStatus(e.message, true);
    }
  }
}

let timer = 0;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 150);
}

// --- the passage view -----------------------------------------------------

let returnFocus = null;
function show(dialog, from) {
  returnFocus = from || document.activeElement;
  if (!dialog.open) dialog.showModal();
}
for (const d of document.querySelectorAll("dialog")) {
  d.addEventListener("close", () => returnFocus && returnFocus.focus());
  d.querySelector("[data-close]").addEventListener("click", () => d.close());
}

async function openPassage(passageId, from) {
  const dialog = $("passage");
  $("passage-title").textContent = "Loading…";
  $("passage-context").replaceChildren();
  $("passage-source").replaceChildren();
  show(dialog, from);
  try {
    const reply = await api("/api/passages/" + encodeURIComponent(passageId));
    const p = reply.passage;
    $("passage-title").textContent = p.doc.title;
    $("passage-meta").textContent = meta(p);
    const ctx = $("passage-context");
    for (const h of reply.before) ctx.append(el("p", { class: "around" }, h.text));
    const hit = lastHits.find((h) => h.passage_id === p.passage_id);
    const main = el("p", { class: "this", "aria-current": "true" });
    if (hit && hit.text === p.text && hit.highlight_chars && hit.snippet === hit.text) {
      main.append(highlighted(p.text, hit.highlight_chars));
    } else {
      main.textContent = p.text;
    }
    ctx.append(main);
    for (const h of reply.after) ctx.append(el("p", { class: "around" }, h.text));
    const pre = $("passage-source");
    if (reply.source) {
      const lines = reply.source.text.split("\n");
      lines.forEach((line, i) => {
        const n = reply.source.first_line + i;
        const inside = n >= p.lines[0] && n <= p.lines[1];
        pre.append(el("span", { class: inside ? "line in" : "line" },
          el("span", { class: "ln", "aria-hidden": "true" }, String(n).padStart(5) + "  "), line + "\n"));
      });
      $("source-title").textContent = "In " + reply.source.path + ", lines " + reply.source.first_line + "–" + reply.source.last_line;
    } else {
      $("source-title").textContent = "The source file cannot be shown";
    }
  } catch (e) {
    $("passage-title").textContent = "Cannot show this passage";
    $("passage-context").replaceChildren(el("p", { class: "error" }, e.message));
  }
}

// --- citations --------------------------------------------------------------

let citing = null;
async function openCite(hit, from) {
  citing = hit;
  $("copy-status").textContent = "";
  show($("cite"), from);
  await loadCitation();
}

async function loadCitation() {
  if (!citing) return;
  const p = new URLSearchParams({ q: $("q").value.trim() || citing.doc.title, passage: citing.passage_id, style: $("cite-style").value });
  if ($("plain").checked) p.set("plain", "true");
  $("citation").textContent = "…";
  try {
    const reply = await api("/api/cite?" + p);
    $("citation").textContent = reply.citations.length ? reply.citations[0].reference : "No citation.";
  } catch (e) {
    $("citation").textContent = e.message;
  }
}

async function copyCitation() {
  const text = $("citation").textContent;
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch (e) {
    // No clipboard permission (or no secure context): copy from a selection.
    const area = el("textarea", { value: text, readOnly: true, class: "offscreen" });
    document.body.append(area);
    area.select();
    try { copied = document.execCommand("copy"); } catch (e2) { copied = false; }
    area.remove();
  }
  $("copy-status").textContent = copied ? "Copied to the clipboard." : "Select the text and copy it.";
  $("copy").dataset.copied = copied ? text : "";
}

// --- filters and tabs -------------------------------------------------------

async function loadDocuments() {
  try {
    const select = $("doc");
    const wanted = params.get("doc") || "";
    // Page by page, in order of path; beyond 20,000 a menu is no help.
    for (let offset = 0; offset < 20000; ) {
      const reply = await api("/api/documents?limit=2000&offset=" + offset);
      for (const d of reply.documents) {
        const label = d.title + (d.date ? " (" + d.date + ")" : "");
        select.append(el("option", { value: d.id }, label));
      }
      offset += reply.documents.length;
      if (reply.documents.length === 0 || offset >= reply.total) break;
    }
    select.value = wanted;
  } catch (e) {
    // The list is a convenience; searching works without it.
  }
}

function setView(next, focus) {
  view = next;
  const passages = view === "passages";
  $("tab-passages").setAttribute("aria-selected", String(passages));
  $("tab-figures").setAttribute("aria-selected", String(!passages));
  $("tab-passages").tabIndex = passages ? 0 : -1;
  $("tab-figures").tabIndex = passages ? -1 : 0;
  $("results").hidden = !passages;
  $("figures").hidden = passages;
  if (focus) $(passages ? "tab-passages" : "tab-figures").focus();
  run();
}

$("tab-passages").addEventListener("click", () => setView("passages"));
$("tab-figures").addEventListener("click", () => setView("figures"));
$("tabs").addEventListener("keydown", (e) => {
  if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
    setView(view === "passages" ? "figures" : "passages", true);
    e.preventDefault();
  }
});

$("search").addEventListener("submit", (e) => { e.preventDefault(); run(); });
$("q").addEventListener("input", soon);
for (const name of FILTERS) $(name).addEventListener("change", run);
for (const name of ["since", "until"]) $(name).addEventListener("input", soon);
$("plain").addEventListener("change", run);
$("cite-style").addEventListener("change", loadCitation);
$("copy").addEventListener("click", copyCitation);
document.addEventListener("keydown", (e) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (e.key === "/" && !typing && !document.querySelector("dialog[open]")) {
    e.preventDefault();
    $("q").focus();
    $("q").select();
  }
});

// Opens with the search the URL describes.
$("q").value = params.get("q") || "";
for (const name of ["since", "until", "kind"]) $(name).value = params.get(name) || "";
$("plain").checked = params.get("plain") === "true";
loadDocuments().then(() => setView(view));
