// Formatting helpers: times in the viewer's zone, numbers, HTML escaping, element-set age.

/** The viewer's IANA time zone, e.g. "Europe/Berlin". */
export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "short", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short",
});
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
});
const timeZoneFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short",
});
const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "2-digit", weekday: "short" });
const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "2-digit" });

/** Parses an API ISO 8601 UTC string to epoch milliseconds, or NaN. */
export function parseTime(iso) {
  if (typeof iso !== "string") return NaN;
  return Date.parse(iso);
}

/** Date and time with zone name in the viewer's zone ("—" for missing values). */
export function localDateTime(iso) {
  const ms = typeof iso === "number" ? iso : parseTime(iso);
  return Number.isFinite(ms) ? dateTimeFormat.format(ms) : "—";
}

/** Time of day in the viewer's zone. */
export function localTime(iso) {
  const ms = typeof iso === "number" ? iso : parseTime(iso);
  return Number.isFinite(ms) ? timeFormat.format(ms) : "—";
}

/** Time of day with the zone name, in the viewer's zone. */
export function localTimeWithZone(iso) {
  const ms = typeof iso === "number" ? iso : parseTime(iso);
  return Number.isFinite(ms) ? timeZoneFormat.format(ms) : "—";
}

/** Weekday and date in the viewer's zone. */
export function localDay(iso) {
  const ms = typeof iso === "number" ? iso : parseTime(iso);
  return Number.isFinite(ms) ? dayFormat.format(ms) : "—";
}

/** Calendar date in the viewer's zone. */
export function localDate(iso) {
  const ms = typeof iso === "number" ? iso : parseTime(iso);
  return Number.isFinite(ms) ? dateFormat.format(ms) : "—";
}

/** ISO 8601 UTC with milliseconds and Z, as the API expects. */
export function isoUTC(ms) {
  return new Date(ms).toISOString();
}

/** A number with fixed digits, "—" when missing or not finite. */
export function fixed(value, digits = 1) {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "—";
}

/** Escapes text for HTML. */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** "12.3 d" style age. */
export function days(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  if (Math.abs(value) < 1) return `${(value * 24).toFixed(1)} h`;
  return `${value.toFixed(1)} d`;
}

/**
 * Describes the element sets an answer used: `element_sets` (per object) or `data` (whole catalog).
 * Returns `{text, stale}`; stale when the newest set used is older than 7 days.
 */
export function elementSetAge(body) {
  if (body && Array.isArray(body.element_sets) && body.element_sets.length > 0) {
    const sets = body.element_sets;
    if (sets.length === 1) {
      const s = sets[0];
      return { text: `element set #${s.catalog_number}: epoch ${localDateTime(s.epoch)}, age ${days(s.age_days)}`, stale: s.age_days > 7 };
    }
    const ages = sets.map((s) => s.age_days).filter(Number.isFinite);
    const newest = ages.reduce((a, b) => Math.min(a, b), Infinity), oldest = ages.reduce((a, b) => Math.max(a, b), -Infinity);
    return { text: `${sets.length} element sets, age ${days(newest)} to ${days(oldest)}`, stale: newest > 7 };
  }
  if (body && body.data && typeof body.data === "object") {
    const d = body.data;
    const count = Number.isFinite(d.element_set_count) ? `${d.element_set_count.toLocaleString()} element sets, ` : "";
    return { text: `${count}newest epoch ${localDateTime(d.newest_epoch)}, age ${days(d.age_days)}`, stale: d.age_days > 7 };
  }
  return { text: "element-set age not reported", stale: true };
}

/** HTML for an element-set age line. */
export function ageLine(body) {
  const age = elementSetAge(body);
  return `<div class="age${age.stale ? " stale" : ""}" data-role="age">${esc(age.text)}</div>`;
}
