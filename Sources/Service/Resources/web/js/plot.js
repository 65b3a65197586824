// Time-series plots as inline SVG: lines over time, vertical markers (manoeuvres, decay) and a shaded band.

import { esc, localDate, localDateTime } from "./format.js";

const W = 820, H = 270, L = 62, R = 16, T = 28, B = 38;

function extent(values) {
  let low = Infinity, high = -Infinity;
  for (const v of values) { if (v < low) low = v; if (v > high) high = v; }
  return [low, high];
}

function niceStep(span, target) {
  const raw = span / Math.max(1, target);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * Builds an SVG plot.
 * @param {object} spec {title, yLabel, series: [{name, color, points: [[ms, value]]}], xRange: [ms, ms] (optional),
 *   markers: [{ms, label, color}], band: {fromMs, toMs, color, label} | null, role}
 * @returns {string} SVG markup
 */
export function timePlot(spec) {
  const values = [], times = [];
  for (const s of spec.series) for (const [t, v] of s.points) if (Number.isFinite(t) && Number.isFinite(v)) { times.push(t); values.push(v); }
  for (const m of spec.markers ?? []) if (Number.isFinite(m.ms)) times.push(m.ms);
  if (spec.band) for (const t of [spec.band.fromMs, spec.band.toMs]) if (Number.isFinite(t)) times.push(t);
  if (values.length === 0) {
    return `<svg class="plot" viewBox="0 0 ${W} 60" role="img" data-role="${esc(spec.role)}"><text x="12" y="34" class="title">${esc(spec.title)}: no data</text></svg>`;
  }
  let [t0, t1] = extent(times);
  if (spec.xRange && Number.isFinite(spec.xRange[0]) && Number.isFinite(spec.xRange[1])) [t0, t1] = spec.xRange;
  if (t1 - t0 < 3600e3) { t0 -= 1800e3; t1 += 1800e3; }
  let [v0, v1] = extent(values);
  const pad = (v1 - v0) * 0.06 || Math.max(1, Math.abs(v0) * 0.01);
  v0 -= pad; v1 += pad;
  const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const y = (v) => T + (1 - (v - v0) / (v1 - v0)) * (H - T - B);
  const parts = [];
  parts.push(`<svg class="plot" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.title)}" data-role="${esc(spec.role)}">`);
  parts.push(`<text x="${L}" y="17" class="title">${esc(spec.title)}</text>`);
  // Y grid and labels.
  const ys = niceStep(v1 - v0, 5);
  for (let v = Math.ceil(v0 / ys) * ys; v <= v1; v += ys) {
    const digits = Math.max(0, Math.min(4, -Math.floor(Math.log10(ys)) + (ys / Math.pow(10, Math.floor(Math.log10(ys))) === 2.5 ? 1 : 0)));
    parts.push(`<line class="grid" x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`);
    parts.push(`<text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(digits)}</text>`);
  }
  parts.push(`<text x="14" y="${(T + (H - T - B) / 2).toFixed(0)}" transform="rotate(-90 14 ${(T + (H - T - B) / 2).toFixed(0)})" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  // X ticks: about 6 dates.
  const xs = (t1 - t0) / 6;
  for (let i = 0; i <= 6; i++) {
    const t = t0 + i * xs;
    parts.push(`<line class="grid" x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${T}" y2="${H - B}"/>`);
    const anchor = i === 0 ? "start" : i === 6 ? "end" : "middle";
    parts.push(`<text x="${x(t).toFixed(1)}" y="${H - B + 15}" text-anchor="${anchor}">${esc(localDate(t))}</text>`);
  }
  parts.push(`<line class="axis" x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}"/><line class="axis" x1="${L}" x2="${L}" y1="${T}" y2="${H - B}"/>`);
  if (spec.band && Number.isFinite(spec.band.fromMs) && Number.isFinite(spec.band.toMs)) {
    const bx0 = x(spec.band.fromMs), bx1 = x(spec.band.toMs);
    parts.push(`<rect data-role="band" x="${bx0.toFixed(1)}" y="${T}" width="${Math.max(2, bx1 - bx0).toFixed(1)}" height="${H - T - B}" fill="${spec.band.color}" opacity="0.25"><title>${esc(spec.band.label)}</title></rect>`);
  }
  for (const m of spec.markers ?? []) {
    if (!Number.isFinite(m.ms)) continue;
    const mx = x(m.ms).toFixed(1);
    parts.push(`<g data-role="marker"><title>${esc(m.label)}</title><line x1="${mx}" x2="${mx}" y1="${T}" y2="${H - B}" stroke="${m.color}" stroke-dasharray="3 3"/>`
      + `<path d="M${mx} ${T} l-4 -7 h8 z" fill="${m.color}"/></g>`);
  }
  for (const s of spec.series) {
    const pts = s.points.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
    if (pts.length === 0) continue;
    const d = pts.map(([t, v], i) => `${i ? "L" : "M"}${x(t).toFixed(1)} ${y(v).toFixed(1)}`).join("");
    parts.push(`<path data-role="series" data-points="${pts.length}" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.4"><title>${esc(s.name)}</title></path>`);
    if (pts.length < 60) for (const [t, v] of pts) parts.push(`<circle cx="${x(t).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2" fill="${s.color}"><title>${esc(s.name)} ${v.toFixed(2)} at ${esc(localDateTime(t))}</title></circle>`);
  }
  // Legend.
  let lx = W - R;
  for (const s of [...spec.series].reverse()) {
    const label = esc(s.name);
    lx -= 14 + label.length * 6.5;
    parts.push(`<rect x="${lx}" y="9" width="10" height="10" fill="${s.color}"/><text x="${lx + 13}" y="18">${label}</text>`);
    lx -= 8;
  }
  parts.push("</svg>");
  return parts.join("");
}
