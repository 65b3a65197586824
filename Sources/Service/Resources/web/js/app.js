// Perigee web page: hash routing (#/, #/track/N, #/object/N, #/launch/YYYY-NNN), the live map,
// search, site picker and pass table, conjunction list, object history page and launch page.

import { getJSON, describeError } from "./api.js";
import { WorldMap } from "./map.js";
import { timePlot } from "./plot.js";
import {
  ageLine, days, elementSetAge, esc, fixed, isoUTC, localDateTime, localDay, localTime, localTimeWithZone, parseTime, viewerZone,
} from "./format.js";

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 5000;

// ---------------------------------------------------------------- clock
/** Map time: live (the wall clock) or running from a chosen instant (`?at=` or the time box). */
const clock = {
  baseMs: null,
  wallStartMs: 0,
  now() { return this.baseMs === null ? Date.now() : this.baseMs + (Date.now() - this.wallStartMs); },
  set(ms) {
    this.baseMs = ms;
    this.wallStartMs = Date.now();
    const url = new URL(location.href);
    if (ms === null) url.searchParams.delete("at"); else url.searchParams.set("at", isoUTC(ms));
    history.replaceState(null, "", url);
    $("time-input").value = ms === null ? "now" : isoUTC(ms);
  },
};

/** Parses the time box: "now", empty, or ISO 8601 (UTC when no zone is given). */
function parseTimeInput(text) {
  const value = text.trim();
  if (value === "" || value.toLowerCase() === "now") return null;
  let iso = value.replace(" ", "T");
  if (/T\d\d:\d\d/.test(iso) && !/([zZ]|[+-]\d\d:?\d\d)$/.test(iso)) iso += "Z";
  const ms = Date.parse(iso); // date-only forms parse as UTC
  if (!Number.isFinite(ms)) throw new Error(`"${value}" is not a time; expected ISO 8601 such as 2023-10-09T12:00:00Z, or "now"`);
  return ms;
}

// ---------------------------------------------------------------- state
const state = {
  selected: null,
  selectionGeneration: 0,
  detail: null,
  periodMin: null,
  trackCenterMs: null,
  names: new Map(),
  positionsInFlight: false,
  health: null,
  sites: [],
};

const map = new WorldMap($("map"), $("tooltip"));
map.onPick = (number) => { location.hash = `#/track/${number}`; };
/** For the browser test's render measurement and for debugging from the console. */
window.perigeeDebug = { map, state, clock };

function showBanner(html) {
  const banner = $("banner");
  banner.innerHTML = html;
  banner.hidden = !html;
}

function errorBox(error, what) {
  return `<div class="error" data-role="error">${esc(what)}: ${esc(describeError(error))}</div>`;
}

/** Runs an async handler, showing any failure in `target` (an element) instead of throwing. */
function guarded(fn, target, what) {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (error) {
      if (target) target.innerHTML = errorBox(error, what);
    }
  };
}

// ---------------------------------------------------------------- health and data age
async function loadHealth() {
  try {
    const h = await getJSON("health");
    state.health = h;
    const count = Number.isFinite(h.element_set_count) ? h.element_set_count.toLocaleString() : "?";
    $("health").innerHTML = `${esc(h.database ?? "")} · ${count} element sets · newest epoch ${esc(localDateTime(h.newest_epoch))} `
      + `<span class="age${h.age_days > 7 ? " stale" : ""}">(${esc(days(h.age_days))} old)</span>`;
    updateStaleBanner();
  } catch (error) {
    $("health").innerHTML = `<span class="error">server health: ${esc(describeError(error))}</span>`;
  }
}

function updateStaleBanner() {
  const h = state.health;
  if (!h || clock.baseMs !== null || !(h.age_days > 14) || !h.newest_epoch) { showBanner(""); return; }
  showBanner(`The newest element set is ${esc(days(h.age_days))} old: positions for now are extrapolated far from their epochs `
    + `(objects whose propagation fails are left off the map). <button type="button" id="use-epoch">Show the map at the newest epoch</button>`);
  $("use-epoch").addEventListener("click", () => {
    clock.set(parseTime(h.newest_epoch));
    showBanner("");
    refreshNow();
  });
}

// ---------------------------------------------------------------- positions
async function refreshPositions() {
  if (state.positionsInFlight || $("map-view").hidden) return;
  state.positionsInFlight = true;
  const atMs = clock.now();
  try {
    const body = await getJSON("api/v1/positions", { at: isoUTC(atMs) });
    const ok = Array.isArray(body.catalog_numbers) && Array.isArray(body.latitudes_deg) && Array.isArray(body.longitudes_deg);
    if (!ok) throw new Error("the positions answer lacks the compact columns");
    for (let i = 0; i < body.catalog_numbers.length; i++) state.names.set(body.catalog_numbers[i], body.names?.[i] ?? null);
    map.setNow(atMs);
    map.setPositions({ ...body, heights_km: body.heights_km ?? [] });
    const ms = map.render();
    $("map-status").innerHTML = `<span data-role="object-count">${body.catalog_numbers.length.toLocaleString()}</span> objects at `
      + `${esc(localDateTime(body.at ?? atMs))} · drawn in ${ms.toFixed(1)} ms ${ageLine(body)}`;
  } catch (error) {
    $("map-status").innerHTML = errorBox(error, "positions");
  } finally {
    state.positionsInFlight = false;
  }
}

// ---------------------------------------------------------------- selection, track, footprint
function selectionFacts(d) {
  const o = d.object ?? {}, l = d.latest ?? {};
  const launchLink = launchOf(o.international_designator);
  return `<dl class="facts">
    <dt>Catalog number</dt><dd>${esc(o.catalog_number)}</dd>
    <dt>Designator</dt><dd>${launchLink ? `<a href="#/launch/${esc(launchLink)}">${esc(o.international_designator)}</a>` : esc(o.international_designator ?? "—")}</dd>
    <dt>Type / owner</dt><dd>${esc(o.object_type ?? "—")} / ${esc(o.owner ?? "—")}</dd>
    <dt>Perigee / apogee</dt><dd>${fixed(l.perigee_km, 1)} / ${fixed(l.apogee_km, 1)} km</dd>
    <dt>Inclination</dt><dd>${fixed(l.inclination_deg, 3)}°</dd>
    <dt>Period</dt><dd>${fixed(l.period_min, 2)} min</dd>
  </dl>`;
}

/** "2023-091" from "2023-091A" (or 98067A → 1998-067). */
function launchOf(designator) {
  if (!designator) return null;
  let m = /^(\d{4})-(\d{3})/.exec(designator);
  if (m) return `${m[1]}-${m[2]}`;
  m = /^(\d{2})(\d{3})[A-Z]/.exec(designator);
  if (m) return `${Number(m[1]) < 57 ? 20 : 19}${m[1]}-${m[2]}`;
  return null;
}

async function selectObject(number) {
  const generation = ++state.selectionGeneration;
  state.selected = number;
  state.detail = null;
  state.periodMin = null;
  map.setSelected(number);
  const panel = $("selection");
  panel.innerHTML = `<h2>Selected object</h2><p class="muted">Loading #${esc(number)}…</p>`;
  $("conjunctions").innerHTML = `<p class="muted">Press Screen to search the catalog for close approaches to #${esc(number)}.</p>`;
  $("passes").innerHTML = "";
  try {
    const d = await getJSON(`api/v1/objects/${encodeURIComponent(number)}`);
    if (generation !== state.selectionGeneration) return;
    state.detail = d;
    state.periodMin = d.latest?.period_min ?? null;
    const o = d.object ?? {};
    panel.innerHTML = `<h2 data-role="selected-name">${esc(o.name ?? `#${number}`)} <span class="muted">#${esc(number)}</span></h2>
      ${selectionFacts(d)}
      <div id="sel-position" class="small"></div>
      <div id="sel-track" class="small muted"></div>
      <p class="row"><a href="#/object/${esc(number)}">Object page: history, manoeuvres, decay</a>
        <a href="#passes" id="to-passes">Passes</a></p>
      ${ageLine(d)}`;
    $("to-passes").addEventListener("click", (event) => { event.preventDefault(); $("site-panel").scrollIntoView(); });
  } catch (error) {
    if (generation !== state.selectionGeneration) return;
    panel.innerHTML = `<h2>Selected object #${esc(number)}</h2>${errorBox(error, "object")}`;
  }
  await Promise.all([refreshSelectedPosition(generation), loadTrack(generation)]);
  if (generation === state.selectionGeneration && siteFromForm(false)) await predictPasses();
}

async function refreshSelectedPosition(generation = state.selectionGeneration) {
  const number = state.selected;
  if (number === null) return;
  const atMs = clock.now();
  const target = () => $("sel-position");
  try {
    const [pos, foot] = await Promise.all([
      getJSON("api/v1/positions", { at: isoUTC(atMs), catalog_number: number }),
      getJSON(`api/v1/objects/${encodeURIComponent(number)}/footprint`, { at: isoUTC(atMs), min_elevation: 0 }),
    ]);
    if (generation !== state.selectionGeneration) return;
    const p = (pos.positions ?? [])[0];
    if (p) {
      map.setSelectedPoint(p.longitude_deg, p.latitude_deg);
      const speed = Math.hypot(p.vx_km_s, p.vy_km_s, p.vz_km_s);
      if (target()) target().innerHTML = `<span data-role="selected-position" data-at="${esc(pos.at ?? isoUTC(atMs))}" data-lat="${p.latitude_deg}" data-lon="${p.longitude_deg}">`
        + `${fixed(p.latitude_deg, 3)}°, ${fixed(p.longitude_deg, 3)}°, ${fixed(p.height_km, 1)} km, ${fixed(speed, 3)} km/s</span> `
        + `at ${esc(localDateTime(pos.at ?? atMs))}${ageLine(pos)}`;
    } else if (target()) {
      target().innerHTML = `<span class="error">No position at ${esc(localDateTime(atMs))}: propagation failed (decayed, or too far from the epoch).</span>`;
    }
    map.setFootprint(Array.isArray(foot.points) ? foot.points : []);
  } catch (error) {
    if (generation === state.selectionGeneration && target()) target().innerHTML = errorBox(error, "position and footprint");
  }
}

async function loadTrack(generation = state.selectionGeneration) {
  const number = state.selected;
  if (number === null) return;
  const nowMs = clock.now();
  const periodMs = (Number.isFinite(state.periodMin) && state.periodMin > 0 ? state.periodMin : 95) * 60e3;
  const half = Math.min(periodMs, 5 * 86400e3); // ±1 orbit, within the 10-day span limit
  const stepS = Math.max(20, Math.ceil((2 * half) / 1000 / 2000));
  state.trackCenterMs = nowMs;
  try {
    const body = await getJSON(`api/v1/objects/${encodeURIComponent(number)}/track`, {
      start: isoUTC(nowMs - half), end: isoUTC(nowMs + half), step_s: stepS,
    });
    if (generation !== state.selectionGeneration) return;
    const points = (body.points ?? []).map((q) => ({ ...q, t: parseTime(q.time) }));
    map.setTrack(points);
    const info = $("sel-track");
    if (info) info.innerHTML = `Ground track: <span data-role="track-points">${points.length}</span> points, ±${fixed(half / 60e3, 1)} min, step ${stepS} s`;
  } catch (error) {
    const info = $("sel-track");
    if (generation === state.selectionGeneration && info) info.innerHTML = errorBox(error, "ground track");
  }
}

// ---------------------------------------------------------------- sites and passes
async function loadSites() {
  const select = $("site-select");
  try {
    const body = await getJSON("api/v1/sites");
    state.sites = Array.isArray(body.sites) ? body.sites : [];
    for (const [i, s] of state.sites.entries()) {
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = `${s.name} (${fixed(s.latitude_deg, 2)}°, ${fixed(s.longitude_deg, 2)}°)`;
      select.append(option);
    }
  } catch (error) {
    $("passes").innerHTML = errorBox(error, "site list (enter a position by hand)");
  }
  const saved = readSavedSite();
  if (saved) {
    $("site-lat").value = saved.lat; $("site-lon").value = saved.lon; $("site-height").value = saved.height;
    const index = state.sites.findIndex((s) => s.name === saved.name);
    select.value = index >= 0 ? String(index) : "";
    siteFromForm(false);
  }
}

function readSavedSite() {
  try { return JSON.parse(localStorage.getItem("perigee.site") ?? "null"); } catch { return null; }
}

function siteFromForm(report = true) {
  const lat = Number.parseFloat($("site-lat").value), lon = Number.parseFloat($("site-lon").value);
  const height = Number.parseFloat($("site-height").value || "0");
  if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180) || !Number.isFinite(height)) {
    if (report) $("passes").innerHTML = `<div class="error" data-role="error">Site: latitude must be −90…90°, longitude −180…180°, height a number of metres.</div>`;
    return null;
  }
  const index = $("site-select").value;
  const name = index !== "" && state.sites[Number(index)] ? state.sites[Number(index)].name : "manual position";
  const site = { name, lat, lon, height };
  map.setSite(site);
  try { localStorage.setItem("perigee.site", JSON.stringify(site)); } catch { /* storage may be disabled */ }
  return site;
}

async function predictPasses() {
  const out = $("passes");
  if (state.selected === null) { out.innerHTML = `<p class="muted">Select an object first (map or search).</p>`; return; }
  const site = siteFromForm(true);
  if (!site) return;
  const minEl = Number.parseFloat($("site-minel").value || "10");
  const spanDays = Number($("site-span").value || "1");
  const startMs = clock.now(), endMs = startMs + spanDays * 86400e3;
  const number = state.selected, generation = state.selectionGeneration;
  out.innerHTML = `<p class="muted">Predicting passes of #${esc(number)} over ${esc(site.name)}…</p>`;
  try {
    const body = await getJSON("api/v1/passes", {
      catalog_number: number, latitude: site.lat, longitude: site.lon, height_m: site.height,
      start: isoUTC(startMs), end: isoUTC(endMs), min_elevation: Number.isFinite(minEl) ? minEl : 10,
    });
    if (generation !== state.selectionGeneration) return;
    out.innerHTML = passTable(body, site, startMs, endMs, minEl);
  } catch (error) {
    if (generation === state.selectionGeneration) out.innerHTML = errorBox(error, "passes");
  }
}

function passTable(body, site, startMs, endMs, minEl) {
  const passes = Array.isArray(body.passes) ? body.passes : [];
  const visibleCount = passes.filter((p) => p.visible).length;
  const head = `<p class="small">${passes.length} pass${passes.length === 1 ? "" : "es"} above ${fixed(minEl, 0)}° over ${esc(site.name)} `
    + `(${fixed(site.lat, 3)}°, ${fixed(site.lon, 3)}°) from ${esc(localDateTime(startMs))} to ${esc(localDateTime(endMs))}; `
    + `${visibleCount} visible to the eye (★, highlighted). Times in ${esc(viewerZone)}.</p>`;
  if (passes.length === 0) return `${head}<p class="muted" data-role="no-passes">No passes in this window.</p>${ageLine(body)}`;
  const rows = passes.map((p) => {
    const c = p.culmination ?? {};
    const ev = (e) => (e ? `${esc(localTime(e.time))} <span class="muted">${fixed(e.azimuth_deg, 0)}°</span>` : `<span class="muted">before/after window</span>`);
    return `<tr class="${p.visible ? "visible" : ""}" data-role="pass" data-culmination="${esc(c.time)}" data-visible="${p.visible ? "true" : "false"}">
      <td>${esc(localDay((p.rise ?? c).time))}</td>
      <td>${ev(p.rise)}</td>
      <td data-role="culmination-time" title="${esc(localDateTime(c.time))}">${esc(localTimeWithZone(c.time))}</td>
      <td class="num">${fixed(c.elevation_deg, 1)}°</td>
      <td class="num">${fixed(c.azimuth_deg, 0)}°</td>
      <td>${ev(p.set)}</td>
      <td class="num">${fixed(c.range_km, 0)}</td>
      <td>${c.sunlit ? "sunlit" : "shadow"}</td>
      <td class="num">${p.magnitude === null || p.magnitude === undefined ? "—" : fixed(p.magnitude, 1)}</td>
      <td>${p.visible ? `<span class="badge visible">visible</span>` : ""}</td></tr>`;
  }).join("");
  return `${head}<table data-role="pass-table" data-start="${isoUTC(startMs)}" data-end="${isoUTC(endMs)}" data-site-lat="${site.lat}" data-site-lon="${site.lon}" data-site-height="${site.height}" data-min-elevation="${minEl}">
    <thead><tr><th>Day</th><th>Rise, az</th><th>Culmination</th><th class="num">Max el</th><th class="num">Az</th><th>Set, az</th><th class="num">Range km</th><th>Sun</th><th class="num">Mag</th><th></th></tr></thead>
    <tbody>${rows}</tbody></table>${ageLine(body)}`;
}

// ---------------------------------------------------------------- conjunctions
async function screenConjunctions() {
  const out = $("conjunctions");
  if (state.selected === null) { out.innerHTML = `<p class="muted">Select an object first.</p>`; return; }
  const threshold = Number.parseFloat($("conj-threshold").value || "5");
  if (!(threshold > 0)) { out.innerHTML = `<div class="error" data-role="error">Threshold: a positive number of km.</div>`; return; }
  const number = state.selected, generation = state.selectionGeneration;
  const duration = $("conj-span").value || "1d";
  const startMs = clock.now();
  out.innerHTML = `<p class="muted">Screening #${esc(number)} against the catalog for ${esc(duration)}…</p>`;
  try {
    const body = await getJSON("api/v1/conjunctions", { catalog_number: number, start: isoUTC(startMs), duration, threshold_km: threshold });
    if (generation !== state.selectionGeneration) return;
    const list = (Array.isArray(body.conjunctions) ? body.conjunctions : []).slice().sort((a, b) => parseTime(a.tca) - parseTime(b.tca));
    if (list.length === 0) {
      out.innerHTML = `<p data-role="no-conjunctions">No approaches closer than ${fixed(threshold, 2)} km from ${esc(localDateTime(startMs))} for ${esc(duration)}.</p>${ageLine(body)}`;
      return;
    }
    const rows = list.map((c) => {
      const other = c.catalog_number_1 === number ? c.catalog_number_2 : c.catalog_number_1;
      const name = state.names.get(other);
      const probability = Number.isFinite(c.max_probability) ? c.max_probability.toExponential(1) : "—";
      return `<tr data-role="conjunction"><td><a href="#/track/${esc(other)}">${esc(name ?? "")} #${esc(other)}</a></td>
        <td>${esc(localDateTime(c.tca))}</td><td class="num">${fixed(c.miss_km, 3)}</td><td class="num">${fixed(c.relative_speed_km_s, 2)}</td>
        <td class="num">${fixed(c.radial_km, 2)} / ${fixed(c.in_track_km, 2)} / ${fixed(c.cross_track_km, 2)}</td><td class="num">${probability}</td></tr>`;
    }).join("");
    out.innerHTML = `<table data-role="conjunction-table"><thead><tr><th>Other object</th><th>Closest approach</th><th class="num">Miss km</th>
      <th class="num">km/s</th><th class="num">R / I / C km</th><th class="num">Max Pc</th></tr></thead><tbody>${rows}</tbody></table>${ageLine(body)}`;
  } catch (error) {
    if (generation === state.selectionGeneration) out.innerHTML = errorBox(error, "conjunctions");
  }
}

// ---------------------------------------------------------------- search
let searchTimer = null;
let searchGeneration = 0;
let lastSearch = null;

async function search(text) {
  const q = text.trim();
  const box = $("search-results");
  if (q.length === 0) { box.hidden = true; return; }
  if (q === lastSearch && !box.hidden && box.querySelector("[data-role=result], [data-role=no-results]")) return;
  lastSearch = q;
  const generation = ++searchGeneration;
  box.hidden = false;
  box.innerHTML = `<p class="muted">Searching “${esc(q)}”…</p>`;
  try {
    const body = await getJSON("api/v1/objects", { q, limit: 50 });
    if (generation !== searchGeneration) return;
    const objects = Array.isArray(body.objects) ? body.objects : [];
    if (objects.length === 0) { box.innerHTML = `<p data-role="no-results">Nothing matches “${esc(q)}”.</p>`; return; }
    box.innerHTML = `<ul>${objects.map((o) => `<li data-role="result" data-catalog-number="${esc(o.catalog_number)}">
        <a class="grow" href="#/track/${esc(o.catalog_number)}">${esc(o.name ?? "(no name)")}</a>
        <span class="muted">#${esc(o.catalog_number)}</span><span class="muted">${esc(o.international_designator ?? "")}</span>
        <span class="muted">${esc(o.object_type ?? "")}</span>${o.decay_date ? `<span class="badge">decayed ${esc(o.decay_date)}</span>` : ""}
        <a href="#/object/${esc(o.catalog_number)}">details</a></li>`).join("")}</ul>`;
  } catch (error) {
    if (generation === searchGeneration) { box.innerHTML = errorBox(error, "search"); lastSearch = null; }
  }
}

// ---------------------------------------------------------------- object page
function genericFacts(object) {
  if (!object || typeof object !== "object") return "";
  return `<dl class="facts">${Object.entries(object).map(([k, v]) => `<dt>${esc(k.replaceAll("_", " "))}</dt><dd>${
    typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v) ? esc(localDateTime(v)) : esc(v === null ? "—" : typeof v === "object" ? JSON.stringify(v) : v)}</dd>`).join("")}</dl>`;
}

async function showObjectPage(number) {
  const view = $("object-view");
  view.innerHTML = `<p class="muted">Loading object #${esc(number)}…</p>`;
  const [detailResult, summaryResult] = await Promise.allSettled([
    getJSON(`api/v1/objects/${encodeURIComponent(number)}`),
    getJSON(`api/v1/objects/${encodeURIComponent(number)}/history/summary`),
  ]);
  if (location.hash !== `#/object/${number}`) return;
  const parts = [];
  if (detailResult.status === "fulfilled") {
    const d = detailResult.value, o = d.object ?? {}, l = d.latest ?? {};
    const launch = launchOf(o.international_designator);
    parts.push(`<h1 data-role="object-name">${esc(o.name ?? `#${number}`)} <span class="muted">#${esc(number)}</span></h1>
      <p class="row"><a href="#/track/${esc(number)}">Ground track and passes on the map</a>
      ${launch ? `<a href="#/launch/${esc(launch)}">Launch ${esc(launch)}</a>` : ""}
      <span class="small">Latest elements: ${["tle", "omm-json", "omm-xml", "omm-kvn", "omm-csv"].map((f) =>
        `<a href="api/v1/objects/${esc(number)}/elements?format=${f}" target="_blank" rel="noopener">${f}</a>`).join(" ")}</span></p>
      <div class="columns"><div class="panel"><h2>Object</h2>${genericFacts(o)}</div>
      <div class="panel"><h2>Latest element set</h2><dl class="facts">
        <dt>Epoch</dt><dd>${esc(localDateTime(l.epoch))} (${esc(days(l.age_days))} old)</dd>
        <dt>Perigee / apogee height</dt><dd>${fixed(l.perigee_km, 1)} / ${fixed(l.apogee_km, 1)} km</dd>
        <dt>Inclination</dt><dd>${fixed(l.inclination_deg, 4)}°</dd>
        <dt>Period</dt><dd>${fixed(l.period_min, 3)} min</dd>
        <dt>Mean motion</dt><dd>${fixed(l.mean_motion_rev_per_day, 8)} rev/day</dd>
        <dt>Eccentricity</dt><dd>${fixed(l.eccentricity, 7)}</dd>
        <dt>B*</dt><dd>${Number.isFinite(l.bstar) ? l.bstar.toExponential(4) : "—"} /earth radii</dd>
      </dl>${ageLine(d)}</div></div>`);
  } else {
    parts.push(`<h1>Object #${esc(number)}</h1>${errorBox(detailResult.reason, "object")}`);
  }
  if (summaryResult.status === "fulfilled") parts.push(historySection(summaryResult.value));
  else parts.push(`<div class="panel"><h2>History</h2>${errorBox(summaryResult.reason, "history summary")}</div>`);
  view.innerHTML = parts.join("");
}

function historySection(s) {
  const points = Array.isArray(s.points) ? s.points : [];
  const manoeuvres = Array.isArray(s.manoeuvres) ? s.manoeuvres : [];
  const decay = s.decay ?? null;
  const markers = manoeuvres.map((m) => ({
    ms: parseTime(m.time), color: "#ffd166",
    label: `manoeuvre ${m.kind ?? ""} ${localDateTime(m.time)}, Δv ${fixed(m.delta_v_m_s, 2)} m/s, confidence ${fixed(m.confidence, 2)}`,
  }));
  const decayMs = decay ? parseTime(decay.predicted_reentry ?? decay.time ?? decay.reentry) : NaN;
  const decayMarkers = Number.isFinite(decayMs) ? [{ ms: decayMs, color: "#ff5b5b", label: `predicted re-entry ${localDateTime(decayMs)}` }] : [];
  const band = decay && Number.isFinite(parseTime(decay.window_start)) && Number.isFinite(parseTime(decay.window_end))
    ? { fromMs: parseTime(decay.window_start), toMs: parseTime(decay.window_end), color: "#ff5b5b", label: "re-entry window" } : null;
  const t = (p) => parseTime(p.epoch);
  const allTimes = points.map(t).concat(markers.map((m) => m.ms), decayMarkers.map((m) => m.ms), band ? [band.fromMs, band.toMs] : [])
    .filter(Number.isFinite);
  const xRange = allTimes.length ? [allTimes.reduce((a, b) => Math.min(a, b)), allTimes.reduce((a, b) => Math.max(a, b))] : null;
  const heights = timePlot({
    role: "height-plot", title: "Height of perigee and apogee", yLabel: "km",
    series: [
      { name: "apogee", color: "#4fd1c5", points: points.map((p) => [t(p), p.apogee_km]) },
      { name: "perigee", color: "#3aa0ff", points: points.map((p) => [t(p), p.perigee_km]) },
    ],
    markers: markers.concat(decayMarkers), band, xRange,
  });
  const inclination = timePlot({
    role: "inclination-plot", title: "Inclination", yLabel: "degrees",
    series: [{ name: "inclination", color: "#f78fb3", points: points.map((p) => [t(p), p.inclination_deg]) }],
    markers, xRange,
  });
  const decayText = decay
    ? `<div data-role="decay"><strong>Decay forecast:</strong> re-entry ${esc(localDateTime(decayMs))}${band ? `, window ${esc(localDateTime(band.fromMs))} – ${esc(localDateTime(band.toMs))}` : ""}${decay.basis ? ` (${esc(decay.basis)})` : ""}${genericFacts(Object.fromEntries(Object.entries(decay).filter(([k]) => !["predicted_reentry", "window_start", "window_end", "basis"].includes(k))))}</div>`
    : `<p data-role="decay" class="muted">No decay forecast: ${esc(s.decay_note ?? "the history does not show a decaying orbit")}.</p>`;
  const manoeuvreTable = manoeuvres.length === 0 ? `<p class="muted" data-role="no-manoeuvres">No manoeuvres detected in this history.</p>`
    : `<table data-role="manoeuvre-table"><thead><tr><th>Time</th><th>Kind</th><th class="num">Δv m/s</th><th class="num">Confidence</th></tr></thead><tbody>${
      manoeuvres.map((m) => `<tr data-role="manoeuvre"><td>${esc(localDateTime(m.time))}</td><td>${esc(m.kind ?? "")}</td><td class="num">${fixed(m.delta_v_m_s, 2)}</td><td class="num">${fixed(m.confidence, 2)}</td></tr>`).join("")}</tbody></table>`;
  const first = points.length ? localDateTime(points[0].epoch) : "—", last = points.length ? localDateTime(points[points.length - 1].epoch) : "—";
  return `<div class="panel"><h2>History</h2>
    <p class="small"><span data-role="history-count">${points.length}</span> element sets from ${esc(first)} to ${esc(last)};
      <span data-role="manoeuvre-count">${manoeuvres.length}</span> manoeuvre${manoeuvres.length === 1 ? "" : "s"} marked (dashed, ▼).</p>
    ${decayText}
    <div class="plots">${heights}${inclination}</div>
    <h2>Manoeuvres</h2>${manoeuvreTable}${ageLine(s)}</div>`;
}

// ---------------------------------------------------------------- launch page
// A manoeuvre the sets show over days (a raise by electric propulsion) is given as its span.
function manoeuvreSpan(m) {
  const days = (Date.parse(m.following_epoch) - Date.parse(m.time)) / 86_400_000;
  const when = days > 2 ? `${localDateTime(m.time)} … ${localDateTime(m.following_epoch)}` : localDateTime(m.time);
  return `${esc(when)} (${fixed(m.delta_v_m_s, 3)} m/s)`;
}

async function showLaunchPage(designator) {
  const view = $("launch-view");
  view.innerHTML = `<p class="muted">Loading launch ${esc(designator)}…</p>`;
  try {
    const body = await getJSON(`api/v1/launches/${encodeURIComponent(designator)}`);
    if (location.hash !== `#/launch/${designator}`) return;
    const objects = Array.isArray(body.objects) ? body.objects : [];
    const launch = body.launch;
    const rows = objects.map((o) => `<tr data-role="launch-object"><td><a href="#/object/${esc(o.catalog_number)}">${esc(o.catalog_number)}</a></td>
      <td>${esc(o.name ?? "—")}</td><td>${esc(o.international_designator ?? "—")}</td><td>${esc(o.object_type ?? "—")}</td>
      <td>${esc(o.verdict ?? "—")}</td><td>${esc(localDateTime(o.first_epoch))}</td><td>${esc(localDateTime(o.latest_epoch))}</td>
      <td class="num">${fixed(o.perigee_km, 1)}</td><td class="num">${fixed(o.apogee_km, 1)}</td>
      <td>${o.decayed_at ?? o.decay_date ? esc(o.decayed_at ?? o.decay_date) : ""}</td>
      <td data-role="last-manoeuvre">${o.last_manoeuvre ? manoeuvreSpan(o.last_manoeuvre) : ""}</td>
      <td data-role="reentry-forecast">${o.predicted_reentry ? esc(localDateTime(o.predicted_reentry)) : ""}</td>
      <td><a href="#/track/${esc(o.catalog_number)}">map</a></td></tr>`).join("");
    view.innerHTML = `<h1>Launch <span data-role="launch-designator">${esc(designator)}</span></h1>
      ${launch && typeof launch === "object" ? `<div class="panel">${genericFacts(launch)}</div>` : launch ? `<p>${esc(launch)}</p>` : ""}
      <div class="panel"><h2>${objects.length} catalogued object${objects.length === 1 ? "" : "s"}</h2>
      ${objects.length ? `<table data-role="launch-table"><thead><tr><th>Catalog no.</th><th>Name</th><th>Designator</th><th>Type</th><th>Verdict</th>
        <th>First epoch</th><th>Latest epoch</th><th class="num">Perigee km</th><th class="num">Apogee km</th><th>Decayed</th><th>Last manoeuvre</th><th>Re-entry forecast</th><th></th></tr></thead>
        <tbody>${rows}</tbody></table>` : `<p class="muted">No objects recorded for this launch.</p>`}
      ${ageLine(body)}</div>`;
  } catch (error) {
    view.innerHTML = `<h1>Launch ${esc(designator)}</h1>${errorBox(error, "launch")}`;
  }
}

// ---------------------------------------------------------------- routing
function showView(id) {
  for (const v of ["map-view", "object-view", "launch-view"]) $(v).hidden = v !== id;
  if (id === "map-view") { map.resize(); refreshPositions(); }
}

async function route() {
  $("search-results").hidden = true;
  const parts = (location.hash || "#/").replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const [page, arg] = parts;
  if (page === "" || page === undefined) { showView("map-view"); return; }
  if (page === "track" && /^\d+$/.test(arg ?? "")) {
    showView("map-view");
    const number = Number(arg);
    if (number !== state.selected) await selectObject(number);
    return;
  }
  if (page === "object" && /^\d+$/.test(arg ?? "")) { showView("object-view"); await showObjectPage(Number(arg)); return; }
  if (page === "launch" && arg) { showView("launch-view"); await showLaunchPage(arg); return; }
  if (page === "passes") { showView("map-view"); $("site-panel").scrollIntoView(); return; }
  showView("object-view");
  $("object-view").innerHTML = `<div class="error" data-role="error">Unknown page “${esc(location.hash)}”. Pages: #/, #/track/NUMBER, #/object/NUMBER, #/launch/YYYY-NNN.</div>`;
}

function refreshNow() {
  refreshPositions();
  if (state.selected !== null) { refreshSelectedPosition(); loadTrack(); }
}

// ---------------------------------------------------------------- start
async function loadCoastlines() {
  try {
    const body = await getJSON("data/coastlines-110m.json");
    map.setCoastlines(Array.isArray(body.lines) ? body.lines : []);
  } catch (error) {
    $("map-status").innerHTML = errorBox(error, "coastlines");
  }
}

function start() {
  $("zone").textContent = viewerZone;
  const at = new URL(location.href).searchParams.get("at");
  try {
    clock.set(at ? parseTimeInput(at) : null);
  } catch (error) {
    clock.set(null);
    showBanner(`<span class="error">?at=: ${esc(error.message)}</span>`);
  }
  $("search-form").addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(searchTimer); search($("search").value); });
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { if ($("search").value.trim().length >= 2) search($("search").value); }, 300);
  });
  $("search").addEventListener("keydown", (event) => { if (event.key === "Escape") $("search-results").hidden = true; });
  document.addEventListener("click", (event) => {
    if (!$("search-results").contains(event.target) && !$("search-form").contains(event.target)) $("search-results").hidden = true;
  });
  $("launch-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("launch-input").value.trim().toUpperCase();
    if (value) location.hash = `#/launch/${value}`;
  });
  $("time-form").addEventListener("submit", (event) => {
    event.preventDefault();
    try {
      clock.set(parseTimeInput($("time-input").value));
      updateStaleBanner();
      refreshNow();
    } catch (error) {
      showBanner(`<span class="error">${esc(error.message)}</span>`);
    }
  });
  $("time-now").addEventListener("click", () => { clock.set(null); updateStaleBanner(); refreshNow(); });
  $("site-select").addEventListener("change", () => {
    const s = state.sites[Number($("site-select").value)];
    if ($("site-select").value !== "" && s) {
      $("site-lat").value = s.latitude_deg; $("site-lon").value = s.longitude_deg; $("site-height").value = s.height_m ?? 0;
    }
    siteFromForm(false);
  });
  for (const id of ["site-lat", "site-lon", "site-height"]) {
    $(id).addEventListener("input", () => { $("site-select").value = ""; siteFromForm(false); });
  }
  $("site-form").addEventListener("submit", (event) => { event.preventDefault(); predictPasses(); });
  $("conjunction-form").addEventListener("submit", (event) => { event.preventDefault(); screenConjunctions(); });
  window.addEventListener("hashchange", () => { route(); });

  loadCoastlines();
  loadHealth();
  loadSites();
  route();
  setInterval(() => {
    if (document.hidden) return;
    refreshPositions();
    if (state.selected !== null && !$("map-view").hidden) {
      refreshSelectedPosition();
      const periodMs = (state.periodMin ?? 95) * 60e3;
      if (state.trackCenterMs !== null && Math.abs(clock.now() - state.trackCenterMs) > periodMs / 2) loadTrack();
    }
  }, REFRESH_MS);
}

start();
