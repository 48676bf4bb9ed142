// Unit tests of web/preprocess.js (MNIST-style preprocessing of a drawn digit): the stroke is
// fitted in 20×20 with its aspect ratio kept, centred by centre of mass at (14, 14) in 28×28,
// an empty canvas gives zeros, and where on the canvas the stroke was drawn does not matter.
import test from 'node:test';
import assert from 'node:assert/strict';
import { preprocess, centreOfMass, SIDE } from '../../web/preprocess.js';

// A filled ellipse (white on black) with soft, anti-aliased edges, on a width×height canvas.
function ellipse(width, height, cx, cy, rx, ry) {
  const v = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot((x + 0.5 - cx) / rx, (y + 0.5 - cy) / ry);
      v[y * width + x] = Math.min(1, Math.max(0, (1 - r) * Math.min(rx, ry)));
    }
  }
  return v;
}

// An L-shaped stroke: mass lopsided towards the bottom left, so the box centre is not the
// centre of mass.
function ell(width, height, x0, y0, size, thickness) {
  const v = new Float32Array(width * height);
  for (let y = y0; y < y0 + size; y++) {
    for (let x = x0; x < x0 + size; x++) {
      if (x < x0 + thickness || y >= y0 + size - thickness) v[y * width + x] = 1;
    }
  }
  return v;
}

function inkBox(v) {
  let x0 = SIDE, y0 = SIDE, x1 = -1, y1 = -1;
  for (let i = 0; i < v.length; i++) {
    if (v[i] <= 0) continue;
    const x = i % SIDE, y = Math.floor(i / SIDE);
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

function assertCentred(out) {
  const [cx, cy] = centreOfMass(out, SIDE, SIDE);
  assert.ok(Math.abs(cx - 14) <= 0.5, `centre of mass x = ${cx}`);
  assert.ok(Math.abs(cy - 14) <= 0.5, `centre of mass y = ${cy}`);
}

test('a blob lands in 28×28 with its centre of mass at (14, 14) and its long side 20', () => {
  const out = preprocess(ellipse(100, 100, 50, 50, 30, 30), 100, 100);
  assert.equal(out.length, 784);
  assertCentred(out);
  const { w, h } = inkBox(out);
  assert.ok(Math.abs(Math.max(w, h) - 20) <= 1, `box ${w}×${h}`);
  assert.ok(w <= 21 && h <= 21, `box ${w}×${h}`);
});

test('the aspect ratio is kept: a 2:1 blob becomes about 20×10', () => {
  const out = preprocess(ellipse(200, 120, 90, 60, 60, 30), 200, 120);
  const { w, h } = inkBox(out);
  assert.ok(Math.abs(w - 20) <= 1, `width ${w}`);
  assert.ok(Math.abs(h - 10) <= 1, `height ${h}`);
  assertCentred(out);
});

test('intensities stay within 0..1 and are anti-aliased, not just 0 and 1', () => {
  const v = ellipse(280, 280, 130, 150, 70, 70).map((x) => (x > 0 ? 1 : 0)); // a hard-edged disc
  const out = preprocess(v, 280, 280);
  assert.ok(out.every((v) => v >= 0 && v <= 1));
  assert.ok(out.some((v) => v > 0.05 && v < 0.95), 'expected grey edge pixels');
  assertCentred(out);
});

test('a lopsided stroke is shifted towards the centre but never cut by the frame', () => {
  const v = ell(280, 280, 40, 40, 150, 20);
  const ink = v.reduce((a, b) => a + b, 0) * (20 / 150) ** 2;
  const out = preprocess(v, 280, 280);
  const kept = out.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(kept - ink) / ink < 0.02, `ink ${ink}, kept ${kept}`);
  const [cx, cy] = centreOfMass(out, SIDE, SIDE);
  assert.ok(Math.abs(cx - 14) <= 1.5 && Math.abs(cy - 14) <= 1.5, `centre of mass ${cx}, ${cy}`);
});

test('an empty canvas gives all zeros', () => {
  const out = preprocess(new Float32Array(280 * 280), 280, 280);
  assert.equal(out.length, 784);
  assert.ok(out.every((v) => v === 0));
});

test('a stroke drawn off-centre in a big canvas ends up centred, wherever it was drawn', () => {
  const corner = preprocess(ell(560, 560, 5, 380, 120, 18), 560, 560);
  const middle = preprocess(ell(560, 560, 220, 200, 120, 18), 560, 560);
  assertCentred(corner);
  assert.deepEqual(corner, middle);
});

test('a thin vertical stroke (a "1") keeps its height 20 and stays narrow', () => {
  const v = new Float32Array(280 * 280);
  for (let y = 60; y < 220; y++) for (let x = 100; x < 116; x++) v[y * 280 + x] = 1;
  const out = preprocess(v, 280, 280);
  const { w, h } = inkBox(out);
  assert.equal(h, 20);
  assert.ok(w <= 3, `width ${w}`);
  assertCentred(out);
});

test('a size that does not match the canvas is an error that says so', () => {
  assert.throws(() => preprocess(new Float32Array(10), 4, 4), /expected 4×4 = 16 values, got 10/);
});
