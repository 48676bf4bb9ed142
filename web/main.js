// web/main.js — wires the page: starts the LabClient (wasm in a Worker), runs the lab with the
// form's options and shows its progress, keeps results in IndexedDB, inspects a variant against
// another (a digit it gets wrong goes to the pad), and lets every variant read what is drawn.
// Every failure ends in the error area in plain words (errors.js).
import { LabClient } from './lab_client.js';
import { preprocess } from './preprocess.js';
import { DrawPad, paintDigit } from './draw_pad.js';
import { ProgressView } from './progress_view.js';
import { ResultsView } from './results_view.js';
import { StageCurvesView } from './stage_curves_view.js';
import { StageSeries } from './stage_series.js';
import { PredictionsView } from './predictions_view.js';
import { InspectView } from './inspect_view.js';
import { readOptions, writeOptions, setBounds, fieldOfRefusal, markRefused } from './options.js';
import { showError, clearErrors, plainMessage } from './errors.js';
import * as store from './store.js';

const $ = (id) => document.getElementById(id);
addEventListener('error', (e) => showError(e.error ?? e.message, 'Unexpected error: '));
addEventListener('unhandledrejection', (e) => showError(e.reason, 'Unexpected error: '));

const form = $('options');
const progress = new ProgressView($('progress'));
const curves = new StageCurvesView($('stage-curves'));
const results = new ResultsView({ body: $('results-body'), table: $('results-table'), summary: $('results-summary'),
  chart: $('scatter'), columnSets: document.querySelector('[data-role="column-sets"]') }, (message) => showError(message));
const predictions = new PredictionsView($('predictions'), $('draw-hint'));
const inspectView = new InspectView($('inspect'), document.querySelector('[data-role="inspect-link"]'), {
  inspect: (id, reference) => {
    if (!client) throw new Error('the computation is not running: press Train & compress to start it again');
    return client.inspect(id, reference);
  },
  onMistake: (digit) => { showTestDigit(digit); $('draw').scrollIntoView(); },
  onError: (error) => showError(error, 'Inspect failed: '),
});
const pad = new DrawPad($('pad'), () => { testDigit = null; requestPredict(); });

let client = null;   // the LabClient, null while loading or after its worker crashed
let bounds = null;   // the core's option bounds, from the first client that started
let saved = null;    // { report, files, options, curves } of the last run, as in IndexedDB
let running = 0;     // id of the lab run in progress, 0 when none, -1 while starting
let runs = 0;
let testDigit = null; // { pixels, label } while a random test digit is shown unchanged
let cancelling = null; // settles when the client is ready again after cancel()

// ---- client --------------------------------------------------------------------------------

const simd = { 0: false, 1: true }[new URLSearchParams(location.search).get('simd')] ?? 'auto';

async function startClient() {
  setStatus('Loading…');
  try {
    client = await LabClient.create({ simd, onCrash });
  } catch (error) {
    setStatus('Not running.');
    throw new Error(`qplab could not start: ${error?.message ?? error}. Reload the page to try again.`);
  }
  curves.setStages(client.stages);
  bounds = client.optionBounds;
  setBounds(form, bounds);
  const { train, test } = client.digits;
  setStatus(`Running WebAssembly ${client.build === 'simd' ? 'SIMD' : '(no SIMD)'} · ` +
    `${train.toLocaleString('en-US')} training and ${test.toLocaleString('en-US')} test digits`);
  if (saved) await client.loadVariants(copy(saved.files));
}

// The client may transfer buffers to its worker; keep ours intact for downloads and storage.
const copy = (files) => Object.fromEntries(Object.entries(files).map(([id, b]) => [id, b.slice(0)]));

function onCrash(error) {
  client = null;
  const text = plainMessage(error).replace(/\.?$/, '.');
  showError(/unexpectedly|out of memory/i.test(text) ? text : `The computation stopped unexpectedly: ${text}`,
    '', ' Press Train & compress to start it again.');
  setStatus('Not running.');
  if (running > 0) progress.finish('Stopped.');
  setRunning(0);
}

function setStatus(text) { $('status').textContent = text; }

function setRunning(id) {
  running = id;
  $('option-fields').disabled = $('train-button').disabled = id !== 0;
  $('cancel').disabled = id <= 0;
  $('start-over').disabled = id !== 0;
  $('random').disabled = id !== 0 || !client;
}

// ---- train ---------------------------------------------------------------------------------

async function train() {
  clearErrors();
  let options;
  try {
    if (!bounds) await startClient();
    options = readOptions(form, bounds);
  } catch (error) {
    if (error.field) markRefused(form, error.field);
    return showError(error);
  }
  const id = ++runs;
  setRunning(id);
  progress.start();
  const series = new StageSeries();
  curves.show(series, options);
  try {
    if (!client) await startClient();
    const { report, files } = await client.runLab(options, (p) => {
      if (running !== id) return;
      progress.update(p);
      if (series.add(p)) curves.changed(p.stage);
    });
    if (running !== id) return;
    progress.finish(`Done in ${report.seconds.toFixed(1)} s.`, true);
    showResults({ report, files, options, curves: series.data });
    await store.save(saved).catch((error) =>
      showError(error, 'The results are shown but could not be kept for your next visit: '));
  } catch (error) {
    if (running !== id) return;
    if (error?.name === 'Cancelled') {
      await cancelling; // the client restarts its worker, with the previous variants
      progress.finish('Cancelled.');
    } else if (error?.name === 'TrainingDiverged') {
      progress.finish('Stopped: training diverged.');
      showError(error);
    } else {
      progress.finish('Stopped by an error.');
      showError(error, 'Train & compress failed: ');
      // The core refused an option: its field can take focus once the form is enabled again.
      const field = /^(lab|option|calibration)\b/.test(error?.message) && fieldOfRefusal(error.message);
      if (field) {
        setRunning(0);
        markRefused(form, field);
      }
    }
  } finally {
    if (running === id) setRunning(0);
  }
  requestPredict();
}

function showResults(record) {
  saved = record;
  results.show(record.report, record.files);
  if (record.curves) {
    curves.show(new StageSeries(record.curves),
      { ...record.options, pruningSchedule: record.report.pruningSchedule });
  }
  predictions.setVariants(record.report.variants.map((v) => v.id));
  inspectView.setReport(record.report);
}

async function startOver() {
  clearErrors();
  saved = null;
  results.clear();
  curves.clear();
  predictions.setVariants([]);
  inspectView.setReport(null);
  $('progress').hidden = true;
  await store.clear().catch((error) => showError(error, 'The saved results could not be removed: '));
}

// ---- draw and predict ----------------------------------------------------------------------

let wanted = false; // the input changed since the last prediction
let busy = false;   // a prediction loop is running

function requestPredict() {
  wanted = true;
  if (!busy) {
    busy = true;
    requestAnimationFrame(predictLoop);
  }
}

// Predicts what is on the canvas, again whenever it changed meanwhile: at most one predict in
// flight and at most one per animation frame, so drawing stays smooth.
async function predictLoop() {
  while (wanted) {
    wanted = false;
    const pixels = testDigit?.pixels ?? inputPixels();
    paintDigit($('input28'), pixels);
    $('label').textContent = testDigit ? `A test digit labelled ${testDigit.label}` : '';
    if (!client || !saved || running || !pixels.some((v) => v > 0)) {
      predictions.blank();
      continue;
    }
    try {
      predictions.show(await client.predict(pixels.slice()), testDigit?.label ?? null);
    } catch (error) {
      showError(error, 'Prediction failed: ');
      wanted = false;
    }
    if (wanted) await new Promise(requestAnimationFrame);
  }
  busy = false;
}

function inputPixels() {
  const { data, width, height } = pad.intensities();
  return preprocess(data, width, height);
}

async function randomDigit() {
  clearErrors();
  try {
    showTestDigit(await client.testDigit());
  } catch (error) {
    showError(error, 'No test digit: ');
  }
}

// A test digit on the pad, unchanged until drawn over: every variant reads it, its label shown.
function showTestDigit(digit) {
  pad.clear();
  pad.showDigit(digit.pixels);
  testDigit = digit;
  requestPredict();
}

// ---- start ---------------------------------------------------------------------------------

form.addEventListener('submit', (e) => { e.preventDefault(); if (!running) train(); });
$('cancel').addEventListener('click', () => {
  cancelling = Promise.resolve(client?.cancel()).catch((error) => showError(error, 'Cancelling failed: '));
});
$('start-over').addEventListener('click', startOver);
$('dismiss').addEventListener('click', clearErrors);
$('clear').addEventListener('click', () => { pad.clear(); testDigit = null; requestPredict(); });
$('random').addEventListener('click', randomDigit);
$('results-table').addEventListener('click', (e) => {
  const id = e.target.closest('[data-inspect]')?.dataset.inspect;
  if (!id) return;
  inspectView.show(id);
  $('inspect').scrollIntoView();
});

async function restore() {
  const record = await store.load().catch((error) => {
    showError(error, 'Saved results could not be read: ');
    return null;
  });
  if (!record) return;
  try {
    if (client) await client.loadVariants(copy(record.files));
    showResults(record);
    writeOptions(form, record.options);
  } catch (error) {
    saved = null;
    showError(error, 'Saved results could not be restored (', '), so they were removed: train again.');
    await store.clear().catch(() => {});
  }
}

setRunning(-1); // nothing to press until the client is up
await startClient().catch((error) => showError(error));
await restore();
setRunning(0);
requestPredict();
