// web/charts.js — two tiny SVG charts written by hand: a line chart (per-batch loss or accuracy)
// and a labelled scatter chart (download size against accuracy). No chart library on purpose:
// the whole page, wasm included, must stay under 150 KB gzip.

const NS = 'http://www.w3.org/2000/svg';

function node(name, attrs = {}, text = '') {
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

// values: numbers, one per step; y from lo to hi (hi = the largest value when not given).
export function lineChart(svg, values, { lo = 0, hi, xLabel = 'batch', format = (v) => v.toFixed(2) } = {}) {
  const plot = frame(svg, 320, 150);
  const top = hi ?? Math.max(1e-9, ...values.filter(Number.isFinite));
  yTicks(svg, plot, lo, top, format);
  svg.append(node('text', { x: plot.x1, y: plot.y0 + 18, 'text-anchor': 'end' },
    `${xLabel} ${values.length}`));
  if (values.length < 2) return;
  const dx = (plot.x1 - plot.x0) / (values.length - 1);
  const points = values.map((v, i) => {
    const t = Math.min(1, Math.max(0, ((Number.isFinite(v) ? v : lo) - lo) / (top - lo)));
    return `${(plot.x0 + i * dx).toFixed(1)},${(plot.y0 - t * (plot.y0 - plot.y1)).toFixed(1)}`;
  });
  svg.append(node('polyline', { points: points.join(' '), class: 'line' }));
}

// points: [{ label, x, y }]; x on a log scale (bytes), y linear (accuracy).
export function scatterChart(svg, points, { formatX = String, formatY = (v) => v.toFixed(2) } = {}) {
  const plot = frame(svg, 360, 250, { left: 44, right: 16, top: 12, bottom: 36 });
  if (!points.length) return;
  const lx = points.map((p) => Math.log10(p.x));
  const xLo = Math.min(...lx) - 0.1, xHi = Math.max(...lx) + 0.1;
  const ys = points.map((p) => p.y);
  const yLo = Math.max(0, Math.min(...ys) - 0.02), yHi = Math.min(1, Math.max(...ys) + 0.01);
  yTicks(svg, plot, yLo, yHi, formatY);
  for (const [v, anchor] of [[xLo + 0.1, 'start'], [xHi - 0.1, 'end']]) {
    svg.append(node('text', { x: sx(v), y: plot.y0 + 16, 'text-anchor': anchor }, formatX(10 ** v)));
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
  const boxes = dots.map((p) => ({ x0: p.px - 4, x1: p.px + 4, y0: p.py - 4, y1: p.py + 4 }));
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
