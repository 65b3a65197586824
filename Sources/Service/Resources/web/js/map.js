// The world map: an equirectangular <canvas>. Coastlines and graticule are drawn once per size into an
// offscreen layer; each frame copies that layer and draws every object in one pass per height class.

const COLORS = {
  ocean: "#0b1628", graticule: "#17253b", coast: "#5d7394",
  leo: "#4fd1c5", meo: "#ffd166", geo: "#f78fb3", sel: "#ff5b5b", site: "#9dff6a",
  track: "rgba(255, 91, 91, 0.9)", trackPast: "rgba(255, 91, 91, 0.45)", footprint: "rgba(255, 200, 80, 0.9)",
};

/** Splits a lon/lat polyline where it crosses the antimeridian, interpolating the crossing point. */
function splitAtAntimeridian(points) {
  const pieces = [];
  let current = [];
  for (let i = 0; i < points.length; i++) {
    const [lon, lat] = points[i];
    if (current.length > 0) {
      const [plon, plat] = current[current.length - 1];
      const d = lon - plon;
      if (Math.abs(d) > 180) {
        // Crossing: the edge longitude is +180 on the side of the previous point.
        const edge = plon > 0 ? 180 : -180;
        const unwrapped = lon + (plon > 0 ? 360 : -360);
        const f = (edge - plon) / (unwrapped - plon);
        const latX = plat + f * (lat - plat);
        current.push([edge, latX]);
        pieces.push(current);
        current = [[-edge, latX]];
      }
    }
    current.push([lon, lat]);
  }
  if (current.length > 1) pieces.push(current);
  return pieces;
}

export class WorldMap {
  /** @param {HTMLCanvasElement} canvas @param {HTMLElement} tooltip */
  constructor(canvas, tooltip) {
    this.canvas = canvas;
    this.tooltip = tooltip;
    this.ctx = canvas.getContext("2d");
    this.base = document.createElement("canvas");
    this.coastlines = [];
    this.positions = null; // {numbers: Int32Array-like, names, lat: Float64Array, lon, height}
    this.selected = null;
    this.selectedPoint = null; // [lon, lat] from a detailed position answer
    this.track = []; // [{t, lon, lat}]
    this.footprint = [];
    this.site = null;
    this.nowMs = Date.now();
    this.onPick = () => {};
    this.width = 0;
    this.height = 0;
    this.lastRenderMs = NaN;
    this.frameRequested = false;
    new ResizeObserver(() => this.resize()).observe(canvas.parentElement);
    canvas.addEventListener("click", (event) => this.click(event));
    canvas.addEventListener("mousemove", (event) => this.hover(event));
    canvas.addEventListener("mouseleave", () => { this.tooltip.hidden = true; });
    this.resize();
  }

  x(lon) { return ((lon + 180) / 360) * this.width; }
  y(lat) { return ((90 - lat) / 180) * this.height; }

  resize() {
    const rect = this.canvas.parentElement.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.width = Math.max(1, rect.width);
    this.height = Math.max(1, rect.height);
    for (const c of [this.canvas, this.base]) {
      c.width = Math.round(this.width * dpr);
      c.height = Math.round(this.height * dpr);
    }
    this.dpr = dpr;
    this.drawBase();
    this.requestRender();
  }

  setCoastlines(lines) {
    this.coastlines = lines;
    this.drawBase();
    this.requestRender();
  }

  drawBase() {
    const ctx = this.base.getContext("2d");
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = COLORS.ocean;
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.strokeStyle = COLORS.graticule;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let lon = -180; lon <= 180; lon += 30) { ctx.moveTo(this.x(lon), 0); ctx.lineTo(this.x(lon), this.height); }
    for (let lat = -90; lat <= 90; lat += 30) { ctx.moveTo(0, this.y(lat)); ctx.lineTo(this.width, this.y(lat)); }
    ctx.stroke();
    ctx.strokeStyle = COLORS.coast;
    ctx.beginPath();
    for (const line of this.coastlines) {
      ctx.moveTo(this.x(line[0]), this.y(line[1]));
      for (let i = 2; i < line.length; i += 2) ctx.lineTo(this.x(line[i]), this.y(line[i + 1]));
    }
    ctx.stroke();
  }

  /** Replaces all positions (compact columns from /api/v1/positions). */
  setPositions(columns) {
    const n = columns.catalog_numbers.length;
    this.positions = {
      count: n,
      numbers: columns.catalog_numbers,
      names: columns.names,
      lat: Float64Array.from(columns.latitudes_deg),
      lon: Float64Array.from(columns.longitudes_deg),
      height: Float64Array.from(columns.heights_km),
    };
    this.requestRender();
  }

  setSelected(number) { this.selected = number; this.selectedPoint = null; this.track = []; this.footprint = []; this.requestRender(); }
  setSelectedPoint(lon, lat) { this.selectedPoint = [lon, lat]; this.requestRender(); }
  setTrack(points) { this.track = points; this.requestRender(); }
  setFootprint(points) { this.footprint = points; this.requestRender(); }
  setSite(site) { this.site = site; this.requestRender(); }
  setNow(ms) { this.nowMs = ms; }

  requestRender() {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => { this.frameRequested = false; this.render(); });
  }

  /** Draws the map; returns the time taken in milliseconds (also kept in lastRenderMs). */
  render() {
    const started = performance.now();
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.base, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const p = this.positions;
    let drawn = 0;
    let selectedIndex = -1;
    if (p) {
      const sx = this.width / 360, sy = this.height / 180;
      const classes = [[COLORS.leo, 0, 2000], [COLORS.meo, 2000, 30000], [COLORS.geo, 30000, Infinity]];
      for (const [color, low, high] of classes) {
        ctx.fillStyle = color;
        ctx.beginPath();
        for (let i = 0; i < p.count; i++) {
          const h = p.height[i];
          if (!(h >= low && h < high) && !(low === 0 && h < 0)) continue;
          const lon = p.lon[i], lat = p.lat[i];
          if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
          ctx.rect((lon + 180) * sx - 1, (90 - lat) * sy - 1, 2, 2);
          drawn++;
        }
        ctx.fill();
      }
      if (this.selected !== null) selectedIndex = p.numbers.indexOf(this.selected);
    }
    // Footprint and ground track of the selected object.
    if (this.footprint.length > 2) {
      ctx.strokeStyle = COLORS.footprint;
      ctx.lineWidth = 1.2;
      const ring = this.footprint.concat([this.footprint[0]]);
      this.strokePieces(splitAtAntimeridian(ring.map((q) => [q.longitude_deg, q.latitude_deg])));
    }
    if (this.track.length > 1) {
      const past = [], future = [];
      for (const q of this.track) (q.t <= this.nowMs ? past : future).push([q.longitude_deg, q.latitude_deg]);
      if (past.length && future.length) future.unshift(past[past.length - 1]);
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = COLORS.trackPast;
      this.strokePieces(splitAtAntimeridian(past));
      ctx.setLineDash([]);
      ctx.strokeStyle = COLORS.track;
      this.strokePieces(splitAtAntimeridian(future));
    }
    const mark = this.selectedPoint ?? (selectedIndex >= 0 ? [p.lon[selectedIndex], p.lat[selectedIndex]] : null);
    if (mark) {
      ctx.strokeStyle = COLORS.sel;
      ctx.fillStyle = COLORS.sel;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.x(mark[0]), this.y(mark[1]), 6, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.fillRect(this.x(mark[0]) - 2, this.y(mark[1]) - 2, 4, 4);
    }
    if (this.site) {
      const sx = this.x(this.site.lon), sy = this.y(this.site.lat);
      ctx.fillStyle = COLORS.site;
      ctx.beginPath();
      ctx.moveTo(sx, sy - 6); ctx.lineTo(sx + 5, sy + 4); ctx.lineTo(sx - 5, sy + 4); ctx.closePath();
      ctx.fill();
    }
    this.lastRenderMs = performance.now() - started;
    this.canvas.dataset.drawnObjects = String(drawn);
    this.canvas.dataset.renderMs = this.lastRenderMs.toFixed(2);
    this.canvas.dataset.trackPoints = String(this.track.length);
    this.canvas.dataset.footprintPoints = String(this.footprint.length);
    return this.lastRenderMs;
  }

  strokePieces(pieces) {
    const ctx = this.ctx;
    ctx.beginPath();
    for (const piece of pieces) {
      ctx.moveTo(this.x(piece[0][0]), this.y(piece[0][1]));
      for (let i = 1; i < piece.length; i++) ctx.lineTo(this.x(piece[i][0]), this.y(piece[i][1]));
    }
    ctx.stroke();
  }

  /** Index of the object nearest to a canvas point within `radius` CSS pixels, or -1. */
  nearest(px, py, radius) {
    const p = this.positions;
    if (!p) return -1;
    const sx = this.width / 360, sy = this.height / 180;
    let best = -1, bestD = radius * radius;
    for (let i = 0; i < p.count; i++) {
      let dx = Math.abs((p.lon[i] + 180) * sx - px);
      dx = Math.min(dx, this.width - dx); // the map wraps at the antimeridian
      const dy = (90 - p.lat[i]) * sy - py;
      const d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  eventPoint(event) {
    const rect = this.canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  click(event) {
    const [px, py] = this.eventPoint(event);
    const i = this.nearest(px, py, 10);
    if (i >= 0) this.onPick(this.positions.numbers[i]);
  }

  hover(event) {
    const [px, py] = this.eventPoint(event);
    const i = this.nearest(px, py, 8);
    if (i < 0) { this.tooltip.hidden = true; return; }
    const p = this.positions;
    this.tooltip.textContent = `${p.names[i] ?? "?"} #${p.numbers[i]} · ${Math.round(p.height[i]).toLocaleString()} km`;
    this.tooltip.style.left = `${Math.min(px + 12, this.width - 180)}px`;
    this.tooltip.style.top = `${py + 12}px`;
    this.tooltip.hidden = false;
  }
}
