// Understudy's dashboard: everything it shows and does goes through the public admin API (docs/INTERFACE.md).
// The URL's hash holds the view and its state (#journal?api=fleetio&status=4xx&open=12), so a view can be linked to.
"use strict";

const $ = (id) => document.getElementById(id);
const PAGE = 100;               // journal entries a page
const POLL_MS = 1000;           // how often the journal looks for new entries
const FOLD_CHARS = 2000;        // bodies longer than this start folded
let token = localStorage.getItem("understudy-admin-token") || "";
let journal = { entries: [], newestPage: true, pollTimer: null, filtersKey: "" };

// ---- the admin API ----

async function api(method, path, body) {
  const headers = {};
  if (token) headers["X-Understudy-Admin-Token"] = token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    const message = (json && json.error) || text || r.statusText;
    if (r.status === 401) showError("The admin API needs its token: enter it at the top right. (" + message + ")");
    throw new Error(message);
  }
  hideError();
  return json;
}

function showError(message) { const e = $("error"); e.textContent = message; e.hidden = false; }
function hideError() { $("error").hidden = true; }

// ---- small DOM helpers (text only: nothing from the API is ever parsed as HTML) ----

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function pretty(text) {
  if (text === null || text === undefined) return "";
  if (typeof text !== "string") return JSON.stringify(text, null, 2);
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
}

function block(title, text) {
  const body = pretty(text);
  const pre = el("pre", {}, body || "(none)");
  if (body.length > FOLD_CHARS) {
    return el("details", { class: "folded" }, el("summary", {}, title + " (" + body.length + " characters)"), pre);
  }
  return el("div", {}, el("strong", {}, title), pre);
}

// ---- the hash: view and state ----

function route() {
  const [view, query] = (location.hash.slice(1) || "journal").split("?");
  return { view, params: new URLSearchParams(query || "") };
}

function setHash(view, params) {
  const q = params.toString();
  history.replaceState(null, "", "#" + view + (q ? "?" + q : ""));
}

async function show() {
  const { view, params } = route();
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== "view-" + view;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("current", a.dataset.view === view);
  stopPolling();
  try {
    if (view === "journal") await showJournal(params);
    else if (view === "tenants") await showTenants();
    else if (view === "scenarios") await showScenarios();
    else if (view === "clock") await showClock();
    else if (view === "coverage") await showCoverage();
  } catch (e) { showError(e.message); }
}

// ---- journal ----

function journalFilters(params) {
  const f = $("filters");
  for (const name of ["tenant", "api", "method", "status", "path"]) f.elements[name].value = params.get(name) || "";
  const q = new URLSearchParams();
  for (const name of ["tenant", "api", "method", "status", "path"]) if (params.get(name)) q.set(name, params.get(name));
  return q;
}

async function showJournal(params) {
  await fillTenantFilter(params.get("tenant") || "");
  const q = journalFilters(params);
  q.set("limit", PAGE);
  if (params.get("before")) q.set("before_id", params.get("before"));
  const page = await api("GET", "/__admin/requests?" + q.toString());
  journal.entries = page.requests.slice().reverse();       // newest first
  journal.newestPage = !params.get("before");
  renderJournal(params);
  if (journal.newestPage && $("filters").elements.live.checked) startPolling(params);
}

async function fillTenantFilter(selected) {
  const select = $("filters").elements.tenant;
  const list = await api("GET", "/__admin/tenants");
  select.replaceChildren(el("option", { value: "" }, "any"), ...list.tenants.map((t) => el("option", { value: t.id }, t.id)));
  select.value = selected;
}

function renderJournal(params) {
  const body = $("journal-table").tBodies[0];
  const open = params.get("open");
  body.replaceChildren(...journal.entries.map((e) => {
    const row = el("tr", { dataset: { id: e.id }, class: String(e.id) === open ? "open" : "",
                          onclick: () => { const p = route().params; p.set("open", e.id); setHash("journal", p); renderJournal(p); } },
      el("td", {}, e.at.slice(11, 23)), el("td", {}, e.tenant || "—"), el("td", {}, e.api), el("td", {}, e.method),
      el("td", { class: "path" }, e.path + (e.query ? "?" + e.query : "")),
      el("td", { class: "s" + String(e.status)[0] }, e.status), el("td", {}, e.duration_ms), el("td", {}, e.scenario || ""));
    return row;
  }));
  $("journal-count").textContent = journal.entries.length + " shown" + (journal.newestPage ? ", newest first" : ", older page");
  $("older").disabled = journal.entries.length < PAGE;
  const entry = journal.entries.find((e) => String(e.id) === open);
  const detail = $("detail");
  detail.hidden = !entry;
  if (entry) {
    detail.replaceChildren(
      el("div", { id: "detail-request" }, el("h2", {}, entry.method + " " + entry.path + (entry.query ? "?" + entry.query : "")),
         block("headers", entry.request_headers), block("body", entry.request_body)),
      el("div", { id: "detail-response" }, el("h2", {}, "→ " + entry.status + (entry.scenario ? " (scenario " + entry.scenario + ")" : "")),
         block("headers", entry.response_headers), block("body", entry.response_body)));
  }
}

function startPolling(params) {
  journal.pollTimer = setInterval(async () => {
    const q = journalFilters(params);
    q.set("limit", PAGE);
    const newest = journal.entries.length ? journal.entries[0].id : 0;
    q.set("since_id", newest);
    try {
      const page = await api("GET", "/__admin/requests?" + q.toString());
      if (page.requests.length) {
        journal.entries = page.requests.slice().reverse().concat(journal.entries).slice(0, PAGE);
        renderJournal(route().params);
      }
    } catch (e) { /* shown by api() */ }
  }, POLL_MS);
}

function stopPolling() { if (journal.pollTimer) clearInterval(journal.pollTimer); journal.pollTimer = null; }

// ---- tenants ----

async function showTenants() {
  const list = await api("GET", "/__admin/tenants");
  const cards = [];
  for (const t of list.tenants) {
    const [counts, snapshots] = await Promise.all([api("GET", "/__admin/tenants/" + t.id + "/records"),
                                                   api("GET", "/__admin/tenants/" + t.id + "/snapshots")]);
    cards.push(tenantCard(t, counts, snapshots.snapshots || []));
  }
  $("tenant-list").replaceChildren(...cards);
}

function tenantCard(t, counts, snapshots) {
  const id = t.id;
  const act = (label, action, fn, disabled) =>
    el("button", { type: "button", dataset: { action, tenant: id }, onclick: async () => { try { await fn(); await showTenants(); } catch (e) { showError(e.message); } },
                   ...(disabled ? { disabled: "" } : {}) }, label);
  const restore = el("select", { dataset: { restoreFor: id } }, ...snapshots.map((s) => el("option", { value: s.name || s }, s.name || s)));
  return el("div", { class: "card", dataset: { tenant: id } },
    el("h3", {}, id + (t.demo ? " (demo)" : "")),
    el("p", { class: "muted" }, "clock " + t.clock.now + (t.clock.frozen ? ", frozen" : "") + (t.clock.offset_s ? ", offset " + t.clock.offset_s + " s" : "")),
    el("div", { class: "actions" },
      act("Reset", "reset", () => api("POST", "/__admin/tenants/" + id + "/reset")),
      act("Snapshot", "snapshot", () => { const name = prompt("Snapshot name", "s1"); return name ? api("POST", "/__admin/tenants/" + id + "/snapshots", { name }) : null; }),
      restore,
      act("Restore", "restore", () => api("POST", "/__admin/tenants/" + id + "/restore", { name: restore.value }), snapshots.length === 0),
      act("Delete", "delete", () => confirm("Delete tenant " + id + "?") ? api("DELETE", "/__admin/tenants/" + id) : null, t.demo)),
    ...Object.entries(counts).map(([apiName, kinds]) =>
      el("div", {}, el("strong", {}, apiName), el("div", { class: "counts" },
        ...Object.entries(kinds).map(([kind, n]) => el("span", { dataset: { kind: apiName + "/" + kind } }, kind + " " + n))))));
}

async function createTenant() {
  try {
    const t = await api("POST", "/__admin/tenants");
    const shown = {};
    for (const [k, v] of Object.entries(t)) if (k !== "fixtures") shown[k] = v;
    $("created").replaceChildren(el("h2", {}, "Tenant " + t.id + " — its credentials and ready-made headers"), el("pre", {}, JSON.stringify(shown, null, 2)));
    $("created").hidden = false;
    await showTenants();
  } catch (e) { showError(e.message); }
}

// ---- scenarios ----

async function showScenarios() {
  const list = await api("GET", "/__admin/scenarios");
  $("scenario-list").replaceChildren(...(list.scenarios.length ? list.scenarios.map((s) =>
    el("div", { class: "card", dataset: { scenario: s.name } },
      el("h3", {}, s.name + (s.tenant ? " (tenant " + s.tenant + ")" : "")),
      s.description ? el("p", { class: "muted" }, s.description) : null,
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "rule"), el("th", {}, "match"), el("th", {}, "hits"))),
        el("tbody", {}, ...s.rules.map((r, i) => el("tr", {}, el("td", {}, i), el("td", { class: "path" }, JSON.stringify(r.match || {})), el("td", { dataset: { hits: s.name + "/" + i } }, r.hits))))),
      el("div", { class: "actions" }, el("button", { type: "button", dataset: { action: "remove", scenario: s.name },
        onclick: async () => { try { await api("DELETE", "/__admin/scenarios/" + encodeURIComponent(s.name)); await showScenarios(); } catch (e) { showError(e.message); } } }, "Remove"))))
    : [el("p", { class: "muted" }, "No scenarios loaded.")]));
}

async function loadScenario() {
  const out = $("scenario-result");
  let doc;
  try { doc = JSON.parse($("scenario-json").value); } catch (e) { out.className = "error"; out.textContent = "not JSON: " + e.message; return; }
  try {
    const r = await api("POST", "/__admin/scenarios", doc);
    out.className = ""; out.textContent = "loaded " + r.name + " (" + r.rules + " rules)";
    await showScenarios();
  } catch (e) { out.className = "error"; out.textContent = e.message; hideError(); }
}

// ---- clock ----

async function showClock() {
  const c = await api("GET", "/__admin/clock");
  $("clock-now").textContent = c.now;
  $("clock-state").textContent = (c.frozen ? "frozen" : "running") + (c.offset_s ? ", " + c.offset_s + " s from real time" : "");
}

async function clock(method, body) { try { await api(method, "/__admin/clock", body); await showClock(); } catch (e) { showError(e.message); } }

// ---- coverage ----

async function showCoverage() {
  const report = await api("GET", "/__admin/coverage");
  $("coverage-tables").replaceChildren(...Object.entries(report).map(([name, r]) => {
    const counts = (o) => Object.entries(o).map(([k, n]) => k + "×" + n).join(" ") || "—";
    return el("div", { class: "card", dataset: { api: name } },
      el("h3", {}, name + ": " + r.exercised + " of " + r.total + " operations exercised"),
      el("div", { class: "table-wrap" }, el("table", {},
        el("thead", {}, el("tr", {}, ...["method", "path", "requests", "statuses", "scripted", "second page"].map((h) => el("th", {}, h)))),
        el("tbody", {}, ...r.operations.filter((o) => o.requests > 0).map((o) => el("tr", {},
          el("td", {}, o.method), el("td", { class: "path" }, o.path), el("td", {}, o.requests), el("td", {}, counts(o.statuses)),
          el("td", {}, counts(o.scripted)), el("td", {}, o.second_page === null ? "" : o.second_page ? "yes" : "no")))))),
      r.never_seen.length ? el("p", { class: "muted" }, "Documented errors never seen: " +
        r.never_seen.map((d) => d.status + " " + d.what + (d.path ? " (" + d.method + " " + d.path + ")" : "")).join("; ")) : null);
  }));
}

// ---- wiring ----

$("token").value = token;
$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("token").value;
  localStorage.setItem("understudy-admin-token", token);
  show();
});
$("filters").addEventListener("change", () => {
  const f = $("filters").elements, p = new URLSearchParams();
  for (const name of ["tenant", "api", "method", "status", "path"]) if (f[name].value) p.set(name, f[name].value);
  setHash("journal", p);
  show();
});
$("filters").addEventListener("submit", (e) => e.preventDefault());
$("newest").addEventListener("click", () => { const p = route().params; p.delete("before"); p.delete("open"); setHash("journal", p); show(); });
$("older").addEventListener("click", () => {
  const p = route().params;
  if (journal.entries.length) p.set("before", journal.entries[journal.entries.length - 1].id);
  p.delete("open");
  setHash("journal", p);
  show();
});
$("create-tenant").addEventListener("click", createTenant);
$("load-scenario").addEventListener("click", loadScenario);
$("advance").addEventListener("click", () => clock("POST", { advance_s: Number($("advance-seconds").value) }));
$("freeze").addEventListener("click", () => clock("POST", { frozen: true }));
$("unfreeze").addEventListener("click", () => clock("POST", { frozen: false }));
$("real-time").addEventListener("click", () => clock("DELETE"));
window.addEventListener("hashchange", show);
show();
