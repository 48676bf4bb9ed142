// web/charts.js — two tiny SVG charts written by hand: a line chart (a training stage's loss,
// accuracy or sparsity per step) and a labelled scatter chart (download size against accuracy). No chart library on purpose:
// the whole page, wasm included, must stay under 150 KB gzip.

const NS = 'http://www.w3.org/2000/svg';

export function node(name, attrs = {}, text = '') {
  const el = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  if (text) el.textContent = text;
  return el;
}

// Sets up an empty chart of w×h with a plot area inside margins; returns helpers to draw in it.
function frame(svg, w, h, m = { left: 44, right: 12, top: 10, bottom: 24 }) {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const plot = { x0: m.left, x1: w - m.right, y0: h - m.bottom, y1: m.top };
  svg.append(node('rect', { x: plot.x0, y: plot.y1, width: plot.x1 - plot.x0,
    height: plot.y0 - plot.y1, class: 'plot' }));
  return plot;
}

function yTicks(svg, plot, lo, hi, format) {
  for (const v of [lo, (lo + hi) / 2, hi]) {
    const y = plot.y0 - ((v - lo) / (hi - lo)) * (plot.y0 - plot.y1);
    svg.append(node('line', { x1: plot.x0, x2: plot.x1, y1: y, y2: y, class: 'grid' }));
    svg.append(node('text', { x: plot.x0 - 4, y: y + 4, 'text-anchor': 'end' }, format(v)));
  }
}

// A line chart over a stage's steps whose frame (axes, ticks) is rebuilt only when its scale
// changes: a live update rewrites one path. draw(points, { steps, hi, target, schedule }) takes
// points [[step, value]]; y runs from 0 to hi (the largest value rounded up when not given), x
// from 0 to steps; target draws a dashed horizontal line at that value, schedule ([[step, value]]
// from 0 until its first step) a dashed staircase.
export class LineChart {
  constructor(svg, { format = (v) => v.toFixed(2), xLabel = 'step' } = {}) {
    this.svg = svg;
    this.format = format;
    this.xLabel = xLabel;
    this.scale = '';
  }

  draw(points, { steps = 0, hi, target, schedule } = {}) {
    const values = points.map((p) => p[1]).filter(Number.isFinite);
    const top = hi ?? niceCeil(Math.max(1e-9, ...values));
    const right = Math.max(steps, points.at(-1)?.[0] ?? 0, 1);
    const scale = `${top} ${right} ${target} ${schedule}`;
    if (scale !== this.scale) this.frame(scale, top, right, schedule ? undefined : target);
    const { plot } = this;
    const x = (step) => (plot.x0 + (step / right) * (plot.x1 - plot.x0)).toFixed(1);
    const y = (v) => (plot.y0 - Math.min(1, Math.max(0, v / top)) * (plot.y0 - plot.y1)).toFixed(1);
    const d = points.filter((p) => Number.isFinite(p[1]))
      .map((p, i) => `${i ? 'L' : 'M'}${x(p[0])} ${y(p[1])}`).join('');
    this.line.setAttribute('d', d);
    if (schedule) {
      this.stairs.setAttribute('d', `M${x(0)} ${y(0)}${schedule.map(([step, v]) => `H${x(step)}V${y(v)}`).join('')}H${x(right)}`);
    }
  }

  frame(scale, top, right, target) {
    this.scale = scale;
    const plot = (this.plot = frame(this.svg, 320, 150));
    yTicks(this.svg, plot, 0, top, this.format);
    this.svg.append(node('text', { x: plot.x0, y: plot.y0 + 16 }, '0'),
      node('text', { x: plot.x1, y: plot.y0 + 16, 'text-anchor': 'end' }, `${this.xLabel} ${right}`));
    if (Number.isFinite(target)) {
      const ty = plot.y0 - (target / top) * (plot.y0 - plot.y1);
      this.svg.append(node('line', { x1: plot.x0, x2: plot.x1, y1: ty, y2: ty, class: 'target' }),
        node('text', { x: plot.x0 + 4, y: ty - 4, class: 'point-label' }, `target ${this.format(target)}`));
    }
    this.stairs = node('path', { class: 'target', d: '' });
    this.line = node('path', { class: 'line', d: '' });
    this.svg.append(this.stairs, this.line);
  }
}

// The smallest of 1, 2, 2.5, 5 × 10^k at or above v: a y-axis top that rarely changes.
function niceCeil(v) {
  const power = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((t) => t >= v * 0.999999);
}

// Ticks for a log axis from lo to hi (log10 values): 1, 2, 5 × 10^k, or more when few fall inside.
function logTicks(lo, hi) {
  for (const mantissas of [[1, 2, 5], [1, 1.5, 2, 3, 5, 7], [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9]]) {
    const ticks = [];
    for (let k = Math.floor(lo); k <= Math.ceil(hi); ++k) {
      for (const m of mantissas) {
        const t = Math.log10(m) + k;
        if (t >= lo && t <= hi) ticks.push(t);
      }
    }
    if (ticks.length >= 3) return ticks.length > 7 ? ticks.filter((_, i) => i % 2 === 0) : ticks;
  }
  return [lo, hi];
}

// points: [{ label, x, y }]; x on a log scale (bytes), y linear (accuracy); reference: an
// accuracy { label, y } drawn as a dashed line across; x ticks fall on round multiples of unit
// (1024: round KB), labelled by formatTick.
export function scatterChart(svg, points,
  { formatX = String, formatY = (v) => v.toFixed(2), reference, unit = 1, formatTick = formatX } = {}) {
  const plot = frame(svg, 360, 250, { left: 44, right: 16, top: 12, bottom: 36 });
  if (!points.length) return;
  const lx = points.map((p) => Math.log10(p.x));
  const xLo = Math.min(...lx) - 0.1, xHi = Math.max(...lx) + 0.1;
  const ys = points.map((p) => p.y);
  if (reference) ys.push(reference.y);
  const yLo = Math.max(0, Math.min(...ys) - 0.02), yHi = Math.min(1, Math.max(...ys) + 0.01);
  yTicks(svg, plot, yLo, yHi, formatY);
  const shift = Math.log10(unit);
  for (const v of logTicks(xLo - shift, xHi - shift).map((t) => t + shift)) {
    svg.append(node('line', { x1: sx(v), x2: sx(v), y1: plot.y0, y2: plot.y1, class: 'grid' }),
      node('text', { x: sx(v), y: plot.y0 + 14, 'text-anchor': 'middle' }, formatTick(10 ** v)));
  }
  const boxes = [];
  if (reference) {
    const y = sy(reference.y);
    const text = `${reference.label} ${formatY(reference.y)}`;
    svg.append(node('line', { x1: plot.x0, x2: plot.x1, y1: y, y2: y, class: 'target' }),
      node('text', { x: plot.x1 - 4, y: y - 4, 'text-anchor': 'end', class: 'point-label' }, text));
    boxes.push({ x0: plot.x1 - 4 - 6 * text.length, x1: plot.x1, y0: y - 14, y1: y });
  }
  svg.append(node('text', { x: (plot.x0 + plot.x1) / 2, y: plot.y0 + 28, 'text-anchor': 'middle' },
    'gzip size (log scale)'));
  const dots = points.map((p, i) => ({ ...p, px: sx(lx[i]), py: sy(p.y) }));
  for (const p of dots) {
    const dot = node('circle', { cx: p.px, cy: p.py, r: 4, class: 'dot' });
    dot.append(node('title', {}, `${p.label}: ${formatX(p.x)}, accuracy ${formatY(p.y)}`));
    svg.append(dot);
  }
  // One label per group of points that (nearly) coincide, put where it hits no other label
  // or point: right or left of the point, moved up or down a line if need be.
  const groups = [];
  for (const p of dots) {
    const g = groups.find((q) => Math.hypot(q.px - p.px, q.py - p.py) < 6);
    if (g) g.label += ` · ${p.label}`;
    else groups.push({ ...p });
  }
  boxes.push(...dots.map((p) => ({ x0: p.px - 4, x1: p.px + 4, y0: p.py - 4, y1: p.py + 4 })));
  const hits = (b) => boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
  for (const g of groups) {
    const width = 6 * g.label.length; // about 6 px a character at 11 px
    const sides = g.px < (plot.x0 + plot.x1) / 2 ? [true, false] : [false, true];
    const candidates = [0, -10, 10, -20, 20].flatMap((dy) => sides.map((right) => {
      const x0 = right ? g.px + 7 : g.px - 7 - width;
      return { x0, x1: x0 + width, y0: g.py + dy - 4, y1: g.py + dy + 4, right, dy };
    }));
    const best = candidates.find((b) => !hits(b) && b.x0 >= 0 && b.x1 <= 360) ?? candidates[0];
    boxes.push(best);
    svg.append(node('text', { x: best.right ? best.x0 : best.x1, y: g.py + best.dy + 4,
      'text-anchor': best.right ? 'start' : 'end', class: 'point-label' }, g.label));
  }

  function sx(v) { return plot.x0 + ((v - xLo) / (xHi - xLo)) * (plot.x1 - plot.x0); }
  function sy(v) { return plot.y0 - ((v - yLo) / (yHi - yLo)) * (plot.y0 - plot.y1); }
}
