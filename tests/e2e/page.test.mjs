// The page end to end in headless Chromium, served from build/site like any static host: the
// default lab runs in the page and fills every row; downloads have exactly the bytes shown;
// ten real test digits drawn as pointer strokes are read by the float variant; results survive
// a reload, the curves of every training stage too; the non-SIMD build predicts; cancel leaves
// the page usable; a bad option is shown and its field focused and marked; a diverging lab is
// reported and the next one completes; on a 360×640 phone nothing is wider than the screen, the
// Draw link brings the pad and all nine predictions into view, and a touch stroke draws.
// Inspect draws every view for every variant (the confusion matrix counts every test digit),
// opens from the results table, and puts a digit a variant gets wrong on the pad.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../../scripts/static_server.mjs';
import { launchBrowser, openPage } from './support/browser.mjs';
import { inkRuns, readTestDigits } from './support/digits.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SITE = join(ROOT, 'build', 'site');
const SCREENSHOTS = join(ROOT, 'build', 'screenshots');
const IDS = ['baseline', 'float', 'ptq-dynamic', 'ptq-int8', 'ptq-float16', 'qat-int8', 'pruned', 'pruned-int8',
  'pruned-qat-int8'];
// What the native lab meets on these digits (README, the lab's table): every variant within a
// point of float or above; pruning leaves ~80% of the kernel weights at zero.
const MIN_ACCURACY = 0.9;
const MIN_PRUNED_SPARSITY = 0.79;
const LAB_TIMEOUT = 180_000;
const STAGES = ['baseline', 'qat', 'pruned-qat', 'reference', 'prune']; // pruning last: its schedule is checked
const PHONE = { width: 360, height: 640 };

let server, browser;

before(async () => {
  server = await serveStatic({ '/': SITE });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function waitReady(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="train"]').disabled, null, { timeout: 60_000 });
}

async function resultsTable(page) {
  return page.$$eval('[data-testid="results"] tr[data-variant]', (rows) => rows.map((row) => {
    const cell = (col) => Number(row.querySelector(`[data-col="${col}"]`).dataset.value);
    return { id: row.dataset.variant, bytes: cell('bytes'), gzipBytes: cell('gzip_bytes'), accuracy: cell('accuracy'),
      sparsity: cell('sparsity'), usPerDigit: cell('us_per_digit') };
  }));
}

// Each training stage's button shows its loss and accuracy curves (and pruning's sparsity).
async function checkStageCurves(page) {
  const curves = page.locator('[data-testid="stage-curves"]');
  assert.equal(await curves.isVisible(), true, 'stage curves shown');
  for (const stage of STAGES) {
    await curves.locator(`button[data-stage="${stage}"]`).click();
    await page.waitForFunction((s) => document.querySelector(`[data-testid="stage-curves"] button[data-stage="${s}"]`)
      .getAttribute('aria-pressed') === 'true', stage);
    await page.waitForTimeout(50); // one frame
    const paths = await curves.locator('figure:not([hidden]) path.line').evaluateAll((els) =>
      els.map((el) => (el.getAttribute('d').match(/L/g) ?? []).length));
    assert.equal(paths.length, stage === 'prune' ? 3 : 2, `${stage}: charts shown`);
    assert.ok(paths.every((segments) => segments >= 3), `${stage}: curves of ${paths} segments`);
  }
  // Pruning's chart also draws the schedule the core followed: 11 steps at the default options.
  const stairs = await curves.locator('svg[data-role="sparsity"] path.target').getAttribute('d');
  assert.equal((stairs.match(/V/g) ?? []).length, 11, `the pruning schedule: ${stairs}`);
}

// How far the page or any element reaches past the screen's right edge (0: nowhere). Measured
// against the width set, not innerWidth: a mobile viewport widens to fit what overflows.
async function overflowPast(page, width) {
  return page.evaluate((w) => {
    const wide = [...document.querySelectorAll('body *')].map((el) => [el, el.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.right > w + 0.5)
      .map(([el, r]) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className} to ${r.right.toFixed(0)}`);
    return { page: document.documentElement.scrollWidth - w, elements: wide.slice(0, 5) };
  }, width);
}

async function assertFits(page, width, when) {
  const { page: overflow, elements } = await overflowPast(page, width);
  assert.ok(overflow <= 0 && elements.length === 0, `${when}: ${overflow} px past the screen; ${elements.join(', ')}`);
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

// Inspect shows `id` (chosen in the selector) against float: waits for it to be drawn, checks
// that every view is, and returns the time the page took (request and drawing, in ms).
async function inspectVariant(page, id) {
  await page.selectOption('[data-testid="inspect-variant"]', id);
  await page.waitForFunction((v) => {
    const section = document.querySelector('[data-testid="inspect"]');
    return section.dataset.shown === v && !section.hasAttribute('aria-busy');
  }, id, { timeout: 30_000 });
  const views = await page.evaluate(() => {
    const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
    // Some opaque pixel not white: weights drawn (the gaps between filters are transparent).
    const inked = (canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      return data.some((v, i) => i % 4 === 3 && v === 255 && Math.min(data[i - 3], data[i - 2], data[i - 1]) < 250);
    };
    return {
      ms: Number($('inspect').dataset.ms),
      explain: $('explain').textContent.trim().length,
      histograms: [...$('histogram').querySelectorAll('svg')].map((svg) => svg.querySelector('path.bar').getAttribute('d').length),
      filters: [...$('filters').querySelectorAll('canvas')].map(inked),
      layerRows: [...$('layer-error').querySelectorAll('tbody tr')].length,
      confusionCells: $('confusion').querySelectorAll('rect[data-count]').length,
      confusionSum: [...$('confusion').querySelectorAll('rect[data-count]')].reduce((sum, r) => sum + Number(r.dataset.count), 0),
      mistakes: $('mistakes').querySelectorAll('button canvas').length,
      mistakesCaption: $('mistakes').previousElementSibling.textContent.trim().length,
      byteParts: $('bytes-breakdown').querySelectorAll('rect.part').length,
    };
  });
  const testDigits = Number((await page.textContent('#status')).match(/([\d,]+) test digits/)[1].replace(/,/g, ''));
  assert.ok(views.explain > 80, `${id}: the technique's card`);
  assert.ok(views.histograms.length === 2 && views.histograms.every((d) => d > 0), `${id}: histograms ${views.histograms}`);
  assert.deepEqual(views.filters, [true, true], `${id}: filters and class maps drawn`);
  assert.ok(views.layerRows >= 4, `${id}: ${views.layerRows} rows of error per layer`);
  assert.equal(views.confusionCells, 100, `${id}: confusion cells`);
  assert.equal(views.confusionSum, testDigits, `${id}: the confusion matrix counts every test digit`);
  assert.ok(views.mistakesCaption > 0, `${id}: the mistakes' caption`);
  assert.ok(views.byteParts >= 6, `${id}: ${views.byteParts} parts in the bytes breakdown`);
  return views;
}

// Every variant in Inspect; a variant's name in the results table opens it; a digit it gets
// wrong goes to the pad, where every variant reads it. Returns the Inspect times per variant.
async function checkInspect(page) {
  assert.equal(await page.locator('[data-testid="inspect"]').isVisible(), true, 'Inspect shown with results');
  const ms = {};
  let withMistakes = null;
  for (const id of IDS) {
    const views = await inspectVariant(page, id);
    ms[id] = views.ms;
    if (!withMistakes && views.mistakes > 0) withMistakes = id;
  }
  await page.click('tr[data-variant="pruned-int8"] [data-inspect]');
  await page.waitForFunction(() => document.querySelector('[data-testid="inspect"]').dataset.shown === 'pruned-int8'
    && document.querySelector('[data-testid="inspect-variant"]').value === 'pruned-int8');
  if (withMistakes) {
    await inspectVariant(page, withMistakes);
    const mistake = page.locator('[data-testid="mistakes"] button').first();
    const label = (await mistake.getAttribute('aria-label')).match(/a (\d):/)[1];
    await mistake.click();
    await page.waitForFunction((l) => document.querySelector('#label').textContent.endsWith(l), label);
    const read = await settledPrediction(page, withMistakes);
    assert.match(read, /^\d$/, `${withMistakes} reads the mistake`);
    assert.notEqual(read, label, `${withMistakes} gets its mistake wrong on the pad too`);
    assert.equal(await settledPrediction(page, 'float'), label, 'float reads it right');
  } else {
    console.log('Inspect: no variant gets a digit wrong that float reads right');
  }
  const times = Object.values(ms);
  console.log(`Inspect times (ms, request and drawing): ${IDS.map((id) => `${id} ${ms[id].toFixed(0)}`).join(', ')}; ` +
    `median ${median(times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}`);
  return ms;
}

// The Inspect section as it stands in the page (the sticky links stay at the page's top).
async function inspectScreenshot(page, name, options = {}) {
  await page.evaluate(() => scrollTo(0, 0));
  const clip = await page.locator('[data-testid="inspect"]').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, clip, ...options });
}

async function runLab(page) {
  await page.click('[data-testid="train"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="results"] tr[data-variant]').length === n
    && !document.querySelector('[data-testid="train"]').disabled, IDS.length, { timeout: LAB_TIMEOUT });
  return resultsTable(page);
}

// The float variant's answer once predictions have settled (same text three polls running).
async function settledPrediction(page, id) {
  let last = null, same = 0;
  for (let i = 0; i < 100 && same < 3; ++i) {
    await page.waitForTimeout(150);
    const text = (await page.textContent(`[data-testid="prediction-${id}"]`))?.trim();
    same = text && text === last ? same + 1 : 0;
    last = text;
  }
  return last;
}

async function drawDigit(page, image) {
  await page.click('[data-testid="clear"]');
  const box = await page.locator('[data-testid="draw"]').boundingBox();
  const scale = box.width / 28;
  const at = (col, row) => [box.x + (col + 0.5) * scale, box.y + (row + 0.5) * scale];
  for (const { row, from, to } of inkRuns(image)) {
    await page.mouse.move(...at(from, row));
    await page.mouse.down();
    await page.mouse.move(...at(to + 0.01, row), { steps: Math.max(1, to - from) });
    await page.mouse.up();
  }
}

test('the page trains, compresses, compares, downloads, reads drawn digits and restores after a reload', { timeout: 600_000 }, async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}/`, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await waitReady(page);
  assert.match(await page.textContent('#status'), /SIMD/);

  const rows = await runLab(page);
  assert.deepEqual(rows.map((r) => r.id), IDS);
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  for (const row of rows) {
    assert.ok(row.accuracy >= MIN_ACCURACY, `${row.id}: accuracy ${row.accuracy}`);
    assert.ok(row.accuracy >= byId.float.accuracy - 0.01 || row.id === 'baseline', `${row.id} more than a point below float`);
    assert.ok(row.bytes > 0 && row.gzipBytes > 0 && row.gzipBytes < row.bytes, `${row.id}: sizes`);
    assert.ok(row.usPerDigit > 0, `${row.id}: µs per digit`);
  }
  for (const id of ['pruned', 'pruned-int8', 'pruned-qat-int8'])
    assert.ok(byId[id].sparsity >= MIN_PRUNED_SPARSITY, `${id}: sparsity ${byId[id].sparsity}`);
  assert.ok(byId['ptq-int8'].bytes < byId.float.bytes / 3.5, 'int8 is about 4× smaller than float');
  assert.match(await page.textContent('tr[data-variant="float"] [data-col="bytes"]'), /^\d{1,3}(,\d{3})+$/, 'grouped digits');
  const reference = Number(await page.getAttribute('tr[data-reference] [data-col="accuracy"]', 'data-value'));
  assert.ok(reference >= MIN_ACCURACY, `fine-tuned float reference row: ${reference}`);
  assert.ok(await page.locator('#scatter line.target').count() === 1, 'the reference across the chart');
  const xTicks = await page.$$eval('#scatter text', (texts) => texts.filter((t) => /KB$/.test(t.textContent)).length);
  assert.ok(xTicks >= 3, `${xTicks} size ticks`);
  await checkStageCurves(page);
  await checkInspect(page);
  await inspectVariant(page, 'pruned-int8');
  await inspectScreenshot(page, 'inspect-desktop.png');

  for (const id of IDS) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`tr[data-variant="${id}"] button[aria-label^="Download"]`),
    ]);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.length, byId[id].bytes, `${id}: downloaded bytes`);
    // Node's zlib is Chromium's fork (other match finding): same level, sizes within 1%.
    const nodeGzip = gzipSync(bytes, { level: 9 }).length;
    assert.ok(Math.abs(nodeGzip - byId[id].gzipBytes) <= 0.01 * nodeGzip, `${id}: gzip ${byId[id].gzipBytes} vs ${nodeGzip}`);
    assert.equal(bytes.subarray(4, 8).toString() === 'TFL3', !['baseline', 'pruned'].includes(id), `${id}: format`);
  }

  const digits = readTestDigits(join(SITE, 'data'));
  const picks = [...Array(10).keys()].map((d) => digits.labels.indexOf(d) + 2);  // the third of each class
  let correct = 0;
  const answers = [];
  for (const index of picks) {
    await drawDigit(page, digits.images[index]);
    const answer = await settledPrediction(page, 'float');
    answers.push(`${digits.labels[index]}→${answer}`);
    correct += Number(answer) === digits.labels[index];
  }
  console.log(`drawn digits, float variant: ${answers.join(' ')} (${correct}/10)`);
  assert.ok(correct >= 8, `float read ${correct}/10 drawn digits: ${answers.join(' ')}`);
  await page.evaluate(() => scrollTo(0, 0)); // the sticky section links at their place
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop.png'), fullPage: true });

  await page.reload();
  await waitReady(page);
  await page.waitForSelector('[data-testid="results"] tr[data-variant]');
  assert.deepEqual(await resultsTable(page), rows, 'results restored after a reload');
  await checkStageCurves(page);

  // The same saved variants through the nosimd module.
  const wasmRequests = [];
  page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasmRequests.push(request.url()); });
  await page.goto(`${server.url}/?simd=0`);
  await waitReady(page);
  assert.match(await page.textContent('#status'), /no SIMD/i);
  assert.ok(wasmRequests.length > 0 && wasmRequests.every((url) => url.includes('/wasm/nosimd/')), wasmRequests.join());
  await page.click('#random');
  await page.waitForFunction(() => /\d/.test(document.querySelector('#label').textContent));
  const label = Number((await page.textContent('#label')).match(/\d/)[0]);
  const prediction = await settledPrediction(page, 'float');
  assert.match(prediction, /^\d$/, 'the non-SIMD build predicts');
  console.log(`non-SIMD build: random test digit ${label}, float reads ${prediction}`);

  assert.deepEqual(errors.map(String), []);
  await context.close();
});

test('cancel stops the lab at once and leaves the page usable', { timeout: 300_000 }, async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}/`);
  await waitReady(page);
  await page.click('[data-testid="train"]');
  await page.waitForFunction(() => document.querySelector('#progress [data-role="stage-bar"]')?.value > 0.1, null, { timeout: 60_000 });
  await page.click('[data-testid="cancel"]');
  await waitReady(page);
  assert.match(await page.textContent('body'), /cancel/i);
  assert.equal(await page.locator('[data-testid="results"] tr[data-variant]').count(), 0);
  assert.equal(await page.isDisabled('[data-testid="cancel"]'), true);
  // Usable: a new lab starts and reports progress again.
  await page.click('[data-testid="train"]');
  await page.waitForFunction(() => document.querySelector('#progress [data-role="stage-bar"]')?.value > 0, null, { timeout: 60_000 });
  await page.click('[data-testid="cancel"]');
  await waitReady(page);
  assert.deepEqual(errors.map(String), []);
  await context.close();
});

test('a bad option is shown in the page in plain words, with the core\'s bound', { timeout: 120_000 }, async () => {
  const { page, context } = await openPage(browser, `${server.url}/`);
  await waitReady(page);
  // The form's bounds are the core's (wasm/qplab_web.cc hands them over), on the inputs too.
  assert.equal(await page.getAttribute('input[name="batchSize"]', 'max'), '1024');
  assert.equal(await page.getAttribute('input[name="finalSparsity"]', 'min'), '0.5');
  const words = { epochs: /^Epochs must be (from 1 to 100|a number)/, batchSize: /^Batch size must be from 1 to 1024/,
    learningRate: /^Learning rate must be from 1e-30 to 1e\+30/, finalSparsity: /^Final sparsity must be from 0\.5 to 0\.99/ };
  for (const [name, value] of [['epochs', '0'], ['epochs', '2000'], ['batchSize', '-3'], ['batchSize', '1025'],
    ['learningRate', '0'], ['finalSparsity', '1.5'], ['finalSparsity', '0.3']]) {
    await page.fill(`input[name="${name}"]`, value);
    await page.click('[data-testid="train"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="error"]').textContent.trim() !== '');
    const message = await page.textContent('[data-testid="error"]');
    assert.match(message, words[name], message);
    assert.equal(await page.isDisabled('[data-testid="train"]'), false);
    await page.waitForFunction((n) => document.activeElement?.name === n, name, { timeout: 5_000 });
    assert.equal(await page.getAttribute(`input[name="${name}"]`, 'aria-invalid'), 'true', `${name} marked`);
    await page.reload();
    await waitReady(page);
  }
  // Past the page, the module checks types and leaves the ranges to the core's validate().
  const refusals = await page.evaluate(async () => {
    const { LabClient } = await import('/lab_client.js');
    const client = await LabClient.create();
    const refusal = (options) => client.runLab(options).then(() => 'ran', (error) => error.message);
    return [await refusal({ epochs: 2000 }), await refusal({ epochs: 2.5 }), await refusal({ batchSize: 1e12 })];
  });
  assert.deepEqual(refusals, ['lab: epochs must be at most 100, got 2000', 'option epochs must be a whole number',
    'option batchSize must be from 1 to 1024, got 1000000000000']);
  await context.close();
});

test('a diverging lab is stopped and said so, and the next lab completes', { timeout: 300_000 }, async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}/`);
  await waitReady(page);
  await page.fill('input[name="learningRate"]', '1e20');  // one Adam step overflows the floats
  await page.click('[data-testid="train"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="error"]').textContent.trim() !== '',
    null, { timeout: 60_000 });
  const message = await page.textContent('[data-testid="error"]');
  assert.match(message, /^Training diverged at epoch 1, batch \d+ of the baseline stage with learning rate 1e\+20: .*Try a smaller learning rate/, message);
  await waitReady(page);
  assert.match(await page.textContent('#progress'), /diverged/i);
  assert.equal(await page.locator('[data-testid="results"] tr[data-variant]').count(), 0);
  // Usable: the same worker runs a whole lab at the usual rate.
  await page.fill('input[name="learningRate"]', '0.001');
  const rows = await runLab(page);
  assert.deepEqual(rows.map((r) => r.id), IDS);
  assert.equal((await page.textContent('[data-testid="error"]')).trim(), '');
  assert.deepEqual(errors.map(String), []);
  await context.close();
});

test('on a 360×640 phone the page fits the screen, trains, and draws with touch, all predictions in view', { timeout: 600_000 }, async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}/`,
    { viewport: PHONE, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  await waitReady(page);
  await assertFits(page, PHONE.width, 'before training');
  await runLab(page);
  await assertFits(page, PHONE.width, 'with results');
  await page.tap('[data-columns="more"]');
  await assertFits(page, PHONE.width, 'with the second set of columns');
  await page.tap('[data-testid="stage-curves"] button[data-stage="prune"]');
  await assertFits(page, PHONE.width, 'with the pruning curves');
  // A smaller phone, and the widths where the table turns from one column set to all columns.
  for (const width of [320, 720, 800, 901]) {
    await page.setViewportSize({ width, height: PHONE.height });
    for (const set of ['key', 'more']) {
      await page.locator(`[data-columns="${set}"]`).evaluate((button) => button.click());
      await assertFits(page, width, `${width} px wide, ${set} columns`);
    }
  }
  await page.setViewportSize(PHONE);
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: true, scale: 'css' });

  await page.tap('nav a[href="#inspect"]');
  await inspectVariant(page, 'pruned-int8');
  await assertFits(page, PHONE.width, 'with Inspect');
  await inspectScreenshot(page, 'inspect-phone.png', { scale: 'css' });

  await page.tap('nav a[href="#draw"]');
  await page.waitForTimeout(300);
  const canvas = page.locator('[data-testid="draw"]');
  const box = await canvas.boundingBox();
  const inView = (b) => b && b.y >= 0 && b.y + b.height <= PHONE.height && b.x >= 0 && b.x + b.width <= PHONE.width;
  assert.ok(inView(box), `the Draw link shows the whole pad: ${JSON.stringify(box)}`);
  const chips = await page.locator('#predictions li').evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect().toJSON()));
  assert.equal(chips.length, IDS.length);
  assert.ok(chips.every(inView), `every prediction in view while drawing: ${JSON.stringify(chips.map((c) => [c.y, c.height]))}`);

  const scrollBefore = await page.evaluate(() => window.scrollY);
  const inputInk = () => page.$eval('#input28', (c) => c.getContext('2d').getImageData(0, 0, 28, 28).data
    .reduce((sum, v, i) => sum + (i % 4 === 0 ? v : 0), 0));
  const inkBefore = await inputInk();
  const cdp = await context.newCDPSession(page);
  const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent',
    { type, touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + x * box.width, y: box.y + y * box.height }] });
  await touch('touchStart', 0.5, 0.2);
  for (let i = 1; i <= 12; ++i) await touch('touchMove', 0.5, 0.2 + i * 0.05);
  await touch('touchEnd');
  await page.waitForTimeout(300);
  assert.notEqual(await inputInk(), inkBefore, 'the touch stroke reached the 28×28 input');
  assert.equal(await page.evaluate(() => window.scrollY), scrollBefore, 'drawing did not scroll the page');
  assert.match((await settledPrediction(page, 'float')) ?? '', /^\d$/);
  await assertFits(page, PHONE.width, 'after drawing');
  await page.screenshot({ path: join(SCREENSHOTS, 'phone-draw.png'), scale: 'css' });
  assert.deepEqual(errors.map(String), []);
  await context.close();
});
