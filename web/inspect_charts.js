// web/inspect_charts.js — the Inspect section's drawings, by hand (SVG and canvas, no library):
// a layer's weight histogram (reference against variant, zeros apart, int8 levels), conv
// filters and dense class maps as pixels, the confusion matrix as a heat map and the bytes
// breakdown as stacked bars.
import { node } from './charts.js';

const group = (n) => n.toLocaleString('en-US');
const PRUNED = [247, 220, 120];  // exact zeros in the weight pictures

// Weight w against the largest magnitude as [r, g, b]: blue below zero, white at zero, red above.
function diverging(w, max) {
  const t = Math.min(1, Math.abs(w) / max);
  return (w < 0 ? [36, 86, 211] : [179, 38, 30]).map((c) => 255 + (c - 255) * t);
}

const maxAbs = (values) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;

// h: the inspection's histogram of one layer. Bars: the variant; outline: the reference; the
// exact zeros stand apart as an amber spike at 0 (cut at the top when taller than the rest);
// an int8 kernel also shows how often each stored level is used.
export function histogramChart(svg, h) {
  const levels = h.levelCounts.length > 0;
  const W = 320, H = levels ? 190 : 130, top = 16, bottom = 112;
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const n = h.variantCounts.length;
  const x0 = 8, x1 = W - 8;
  const x = (v) => x0 + ((v - h.low) / (h.high - h.low || 1)) * (x1 - x0);
  const bin = (x1 - x0) / n;
  const peak = Math.max(1, ...h.variantCounts, ...h.referenceCounts);
  const y = (count) => bottom - Math.min(1, count / peak) * (bottom - top);
  svg.append(node('rect', { x: x0, y: top, width: x1 - x0, height: bottom - top, class: 'plot' }));
  const bars = [...h.variantCounts].map((c, i) => (c ? `M${(x0 + i * bin).toFixed(1)} ${bottom}V${y(c).toFixed(1)}h${bin.toFixed(2)}V${bottom}` : '')).join('');
  svg.append(node('path', { d: bars, class: 'bar' }));
  if (h.referenceCounts.length) {
    const outline = [...h.referenceCounts].map((c, i) => `${i ? 'H' : `M${x0} ${bottom}V`}${i ? `${(x0 + i * bin).toFixed(1)}V` : ''}${y(c).toFixed(1)}`).join('') + `H${x1}V${bottom}`;
    svg.append(node('path', { d: outline, class: 'ref-line' }));
  }
  const zeros = h.variantZeros;
  if (zeros > 0 && h.low <= 0 && h.high >= 0) {
    const zx = x(0);
    svg.append(node('rect', { x: zx - 2, y: y(zeros), width: 4, height: bottom - y(zeros), class: 'zeros' }),
      node('text', { x: zx + (zx > W / 2 ? -5 : 5), y: top + 11, 'text-anchor': zx > W / 2 ? 'end' : 'start', class: 'point-label' },
        `${group(zeros)} zero${zeros > 1 ? 's' : ''}${zeros > peak ? ' ↑' : ''}`));
  }
  svg.append(node('text', { x: x0, y: bottom + 13 }, h.low.toPrecision(2)),
    node('text', { x: x1, y: bottom + 13, 'text-anchor': 'end' }, h.high.toPrecision(2)),
    node('text', { x: W / 2, y: bottom + 13, 'text-anchor': 'middle' }, 'weight'));
  if (levels) {
    const count = h.levelCounts.length, ly0 = bottom + 66, ly1 = bottom + 24;
    const most = Math.max(1, ...h.levelCounts);
    const lx = (i) => x0 + ((i + 0.5) / count) * (x1 - x0);
    const sticks = [...h.levelCounts].map((c, i) => (c ? `M${lx(i).toFixed(1)} ${ly0}V${(ly0 - (c / most) * (ly0 - ly1)).toFixed(1)}` : '')).join('');
    svg.append(node('path', { d: sticks, class: 'sticks' }),
      node('text', { x: x0, y: ly0 + 12 }, String(h.levelMin)),
      node('text', { x: x1, y: ly0 + 12, 'text-anchor': 'end' }, String(h.levelMin + count - 1)),
      node('text', { x: W / 2, y: ly0 + 12, 'text-anchor': 'middle' }, 'int8 level'));
  }
}

// Draws weights one pixel each (CSS scales the canvas up, unsmoothed): cells [{ x, y, w }]
// where w is a weight; the labels of its rows go in the HTML beside it (style.css).
function paintWeights(canvas, width, height, cells, max) {
  canvas.width = width;
  canvas.height = height;
  const image = new ImageData(width, height);
  for (const { x, y, w } of cells) image.data.set([...(w === 0 ? PRUNED : diverging(w, max)), 255], 4 * (y * width + x));
  canvas.getContext('2d').putImageData(image, 0, 0);
}

// The conv kernel [12, 3, 3, 1] (OHWI): a row of twelve 3×3 filters for the reference, the
// variant and their difference magnified to the same colour range. Returns the rows' names and
// the magnification.
export function filterImages(canvas, kernel, { variantName, referenceName }) {
  const [filters, kh, kw] = kernel.shape;
  const rows = [[variantName, kernel.values]];
  const hasReference = kernel.reference.length === kernel.values.length;
  const max = maxAbs(hasReference ? kernel.reference : kernel.values);
  let magnify = 1;
  if (hasReference) {
    const difference = kernel.values.map((v, i) => v - kernel.reference[i]);
    const largest = difference.reduce((m, d) => Math.max(m, Math.abs(d)), 0);
    magnify = largest > 0 ? Math.max(1, 10 ** Math.floor(Math.log10(max / largest))) : 1;
    rows.unshift([referenceName, kernel.reference]);
    rows.push([`diff ×${group(magnify)}`, difference.map((d) => (d === 0 ? 1e-30 : d * magnify))]);
  }
  const cells = [];
  rows.forEach(([, values], row) => {
    for (let f = 0; f < filters; ++f) {
      for (let i = 0; i < kh * kw; ++i) {
        cells.push({ x: f * (kw + 1) + (i % kw), y: row * (kh + 1) + Math.floor(i / kw), w: values[f * kh * kw + i] });
      }
    }
  });
  paintWeights(canvas, filters * (kw + 1) - 1, rows.length * (kh + 1) - 1, cells, max);
  const names = rows.map(([text]) => text);
  canvas.setAttribute('aria-label', `The ${filters} conv filters, ${names.join(', ')}: red positive, blue negative`);
  return { names, magnify };
}

// The dense kernel [10, 2028], each row the 13×13×12 (HWC) pooled features of one class: a
// row of twelve 13×13 maps (one per conv channel) per digit, exact zeros in amber.
export function classMaps(canvas, kernel, side = 13) {
  const [classes, inputs] = kernel.shape;
  const channels = inputs / (side * side);
  const cells = [];
  for (let k = 0; k < classes; ++k) {
    for (let i = 0; i < inputs; ++i) {
      const c = i % channels, pixel = Math.floor(i / channels);
      cells.push({ x: c * (side + 1) + (pixel % side), y: k * (side + 1) + Math.floor(pixel / side), w: kernel.values[k * inputs + i] });
    }
  }
  paintWeights(canvas, channels * (side + 1) - 1, classes * (side + 1) - 1, cells, maxAbs(kernel.values));
  const zeros = kernel.values.reduce((n, v) => n + (v === 0), 0);
  canvas.setAttribute('aria-label', `The dense weights of each digit as ${channels} maps of ${side}×${side}; ` +
    `${group(zeros)} of ${group(kernel.values.length)} are exactly zero`);
}

// The confusion matrix (rows: true digit, columns: predicted) with each row's accuracy.
export function confusionChart(svg, confusion) {
  const { classes: n, counts, classAccuracy } = confusion;
  const cell = 26, left = 28, top = 28, right = 52;
  const W = left + n * cell + right, H = top + n * cell + 6;
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.append(node('text', { x: left + (n * cell) / 2, y: 10, 'text-anchor': 'middle' }, 'predicted'),
    node('text', { x: W - 2, y: top - 4, 'text-anchor': 'end' }, 'right'));
  for (let t = 0; t < n; ++t) {
    const total = counts.slice(t * n, t * n + n).reduce((a, b) => a + b, 0) || 1;
    svg.append(node('text', { x: left - 6, y: top + t * cell + cell / 2 + 4, 'text-anchor': 'end' }, String(t)),
      node('text', { x: left + t * cell + cell / 2, y: top - 4, 'text-anchor': 'middle' }, String(t)),
      node('text', { x: W - 2, y: top + t * cell + cell / 2 + 4, 'text-anchor': 'end' },
        classAccuracy[t] == null ? '–' : `${(classAccuracy[t] * 100).toFixed(1)}%`));
    for (let p = 0; p < n; ++p) {
      const count = counts[t * n + p];
      const share = count / total;
      const rect = node('rect', { x: left + p * cell, y: top + t * cell, width: cell - 1, height: cell - 1,
        class: t === p ? 'hit' : 'miss', 'fill-opacity': count ? (0.08 + 0.92 * Math.sqrt(share)).toFixed(3) : 0.03,
        'data-count': count });
      rect.append(node('title', {}, `true ${t}, read as ${p}: ${group(count)}`));
      svg.append(rect);
      if (count) {
        svg.append(node('text', { x: left + p * cell + cell / 2, y: top + t * cell + cell / 2 + 3, 'text-anchor': 'middle',
          class: share > 0.5 ? 'on-dark' : 'point-label', 'font-size': count > 999 ? 8 : 9 }, String(count)));
      }
    }
  }
}

// Where the bytes go: one bar of the raw bytes and one of each part gzipped alone, stacked by
// part on a scale of `scaleBytes` (the largest variant), so variants compare by length.
export function bytesChart(svg, bytes, scaleBytes) {
  const W = 420, x0 = 40, x1 = W - 8, barH = 22;
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} 80`);
  const scale = (x1 - x0) / Math.max(scaleBytes, bytes.fileBytes);
  const bars = [['raw', 'bytes', bytes.fileBytes], ['gzip', 'gzipBytes', bytes.fileGzipBytes]];
  bars.forEach(([label, key, total], row) => {
    const y = 8 + row * (barH + 14);
    let x = x0;
    svg.append(node('text', { x: 0, y: y + barH / 2 + 4 }, label));
    bytes.parts.forEach((part, i) => {
      const width = part[key] * scale;
      const rect = node('rect', { x, y, width: Math.max(0, width), height: barH, class: `part part${i % 5}` });
      rect.append(node('title', {}, `${part.part}: ${group(part[key])} bytes ${label}`));
      svg.append(rect);
      x += width;
    });
    svg.append(node('text', { x: Math.min(x + 4, x1), y: y + barH + 11, 'text-anchor': x + 4 > x1 - 90 ? 'end' : 'start',
      class: 'point-label' }, `${group(total)} B${label === 'gzip' ? ' (whole file)' : ''}`));
  });
}
