// web/preprocess.js — MNIST-style preprocessing of a drawn digit, as LeCun et al. describe it:
// crop to the stroke's bounding box, fit it in a 20×20 box keeping the aspect ratio (area-average
// resampling, so anti-aliased), then place it in 28×28 with its centre of mass at pixel (14, 14).
// Pure function: grayscale intensities in (0..1, white stroke on black), Float32Array(784) out.

export const SIDE = 28;
const BOX = 20;
const INK = 1 / 255; // intensities at or below this count as background

export function preprocess(intensities, width, height) {
  if (intensities.length !== width * height) {
    throw new Error(`preprocess: expected ${width}×${height} = ${width * height} values, got ${intensities.length}`);
  }
  const out = new Float32Array(SIDE * SIDE);
  const box = inkBox(intensities, width, height);
  if (!box) return out;
  const scale = BOX / Math.max(box.w, box.h);
  const w = Math.max(1, Math.round(box.w * scale));
  const h = Math.max(1, Math.round(box.h * scale));
  const fitted = resample(intensities, width, box, w, h);
  const [cx, cy] = centreOfMass(fitted, w, h);
  // MNIST shifts by a whole number of pixels: round the offset that moves the mass to (14, 14).
  // A very lopsided stroke (an "L") would then stick out of the frame; keep it whole instead.
  const dx = clamp(Math.round(SIDE / 2 - cx), 0, SIDE - w);
  const dy = clamp(Math.round(SIDE / 2 - cy), 0, SIDE - h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out[(y + dy) * SIDE + x + dx] = Math.min(1, fitted[y * w + x]);
  }
  return out;
}

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

// Smallest rectangle holding every pixel brighter than INK, or null when there is none.
function inkBox(v, width, height) {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (v[y * width + x] <= INK) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

// For each of n outputs over m inputs: the inputs it overlaps and the overlap as a weight
// (weights of one output sum to 1), i.e. a box filter of width m / n.
function areaWeights(m, n) {
  const ratio = m / n;
  const rows = [];
  for (let i = 0; i < n; i++) {
    const start = i * ratio, end = (i + 1) * ratio;
    const taps = [];
    for (let j = Math.floor(start); j < Math.min(m, Math.ceil(end)); j++) {
      const overlap = Math.min(end, j + 1) - Math.max(start, j);
      if (overlap > 0) taps.push([j, overlap / ratio]);
    }
    rows.push(taps);
  }
  return rows;
}

// Area-average the box of v (row length `width`) down or up to w×h; separable: rows, then columns.
function resample(v, width, box, w, h) {
  const wx = areaWeights(box.w, w);
  const wy = areaWeights(box.h, h);
  const rows = new Float32Array(box.h * w);
  for (let y = 0; y < box.h; y++) {
    const base = (box.y + y) * width + box.x;
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (const [j, weight] of wx[x]) sum += weight * v[base + j];
      rows[y * w + x] = sum;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (const [j, weight] of wy[y]) sum += weight * rows[j * w + x];
      out[y * w + x] = sum;
    }
  }
  return out;
}

// Intensity-weighted mean pixel index (x, y), the convention under which MNIST's mean is (14, 14).
export function centreOfMass(v, w, h) {
  let mass = 0, sx = 0, sy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const m = v[y * w + x];
      mass += m;
      sx += m * x;
      sy += m * y;
    }
  }
  return mass > 0 ? [sx / mass, sy / mass] : [(w - 1) / 2, (h - 1) / 2];
}
