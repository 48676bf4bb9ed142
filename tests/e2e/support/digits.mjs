// Real test digits for browser tests, read from the same IDX files the page loads.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

// { images: Uint8Array[] (28×28, 0..255), labels: number[] } of the test set in `dataDir`.
export function readTestDigits(dataDir) {
  const images = gunzipSync(readFileSync(join(dataDir, 't10k-images-idx3-ubyte.gz')));
  const labels = gunzipSync(readFileSync(join(dataDir, 't10k-labels-idx1-ubyte.gz')));
  const count = images.readUInt32BE(4), rows = images.readUInt32BE(8), cols = images.readUInt32BE(12);
  const size = rows * cols;
  return {
    images: Array.from({ length: count }, (_, i) => images.subarray(16 + i * size, 16 + (i + 1) * size)),
    labels: Array.from(labels.subarray(8, 8 + count)),
  };
}

// The horizontal runs of ink (value >= threshold) of a 28×28 digit, row by row: what a pen
// tracing the digit line by line would draw. [{ row, from, to }] in pixel columns.
export function inkRuns(image, threshold = 128) {
  const runs = [];
  for (let row = 0; row < 28; ++row) {
    let from = -1;
    for (let col = 0; col <= 28; ++col) {
      const ink = col < 28 && image[row * 28 + col] >= threshold;
      if (ink && from < 0) from = col;
      if (!ink && from >= 0) {
        runs.push({ row, from, to: col - 1 });
        from = -1;
      }
    }
  }
  return runs;
}
