// The official TFLite interpreter agrees with qplab's runtime: every .tflite file the lab
// writes is loaded by tfjs-tflite (TFLite compiled to wasm) in headless Chromium and run on
// the 1,996 test digits; its argmax must match qplab's on >= 99.9% of digits for the float
// and float16 files and >= 99.5% for the int8 ones. Also checks that each file on disk has
// exactly the bytes the lab reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../../scripts/static_server.mjs';
import { launchBrowser, openPage } from './support/browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const QPLAB = join(ROOT, 'build', 'release', 'qplab');
const DATA = join(ROOT, 'data', 'mnist');
const MODULES = join(ROOT, 'node_modules', '@tensorflow');

// Agreement budgets: float arithmetic differs only in summation order; int8 files can differ
// by one rounding step in an intermediate, which flips a digit whose top two scores tie.
const MIN_AGREEMENT = {
  float: 0.999,
  'ptq-float16': 0.999,
  'ptq-dynamic': 0.995,
  'ptq-int8': 0.995,
  'qat-int8': 0.995,
  'pruned-int8': 0.995,
  'pruned-qat-int8': 0.995,
};

let outDir, report, server, browser;

function qplab(args) {
  return JSON.parse(execFileSync(QPLAB, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }));
}

before(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'qplab-interop-'));
  report = qplab(['lab', '--data', DATA, '--out', outDir, '--json']);
  server = await serveStatic({
    '/tfjs-core/': join(MODULES, 'tfjs-core'),
    '/tfjs-backend-cpu/': join(MODULES, 'tfjs-backend-cpu'),
    '/tfjs-tflite/': join(MODULES, 'tfjs-tflite'),
    '/interop/': join(ROOT, 'tests', 'e2e', 'interop'),
    '/data/': DATA,
    '/models/': outDir,
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('the lab writes all nine variants with the bytes it reports', () => {
  const ids = report.variants.map((v) => v.id);
  assert.deepEqual(ids, ['baseline', 'float', 'ptq-dynamic', 'ptq-int8', 'ptq-float16', 'qat-int8', 'pruned',
    'pruned-int8', 'pruned-qat-int8']);
  for (const v of report.variants) assert.equal(statSync(join(outDir, v.file)).size, v.bytes, v.file);
});

test('the official TFLite interpreter agrees with qplab on every .tflite file', async () => {
  const { page, errors } = await openPage(browser, `${server.url}/interop/index.html`);
  await page.waitForFunction(() => window.interopReady === true);
  for (const variant of report.variants.filter((v) => v.file.endsWith('.tflite'))) {
    const ours = qplab(['predict', join(outDir, variant.file), '--data', DATA, '--json']);
    assert.equal(ours.accuracy, variant.accuracy, `${variant.id}: predict and lab disagree on accuracy`);
    const official = await page.evaluate(
      ([model, images]) => window.officialPredictions(model, images),
      [`/models/${variant.file}`, '/data/t10k-images-idx3-ubyte.gz'],
    );
    assert.equal(official.length, ours.predictions.length, variant.id);
    const same = official.filter((p, i) => p === ours.predictions[i]).length;
    const agreement = same / official.length;
    console.log(`${variant.id}: official interpreter agrees on ${same}/${official.length} (${agreement.toFixed(4)})`);
    assert.ok(agreement >= MIN_AGREEMENT[variant.id],
      `${variant.id}: agreement ${agreement} below ${MIN_AGREEMENT[variant.id]}`);
  }
  assert.deepEqual(errors, []);
});
