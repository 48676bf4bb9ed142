// The page's option checks use the bounds they are given (the core's, which the wasm module
// hands over: wasm/qplab_web.cc) and hold none of their own: not in web/options.js, not in the
// form's min and max attributes. The e2e page test checks the core's table reaches the form.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIELDS, readOptions, setBounds } from '../../web/options.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// A table shaped as optionBounds() returns it, with bounds unlike the core's, so that a bound
// restated anywhere in the page would show.
const BOUNDS = {
  epochs: { min: 2, max: 7, whole: true },
  batchSize: { min: 3, max: 50, whole: true },
  learningRate: { min: 1e-6, max: 0.5, whole: false },
  finalSparsity: { min: 0.25, max: 0.75, whole: false },
  calibrationDigits: { min: 10, max: 20, whole: true },
  seed: { min: 0, max: 99, whole: true },
};
const GOOD = { epochs: '3', batchSize: '16', learningRate: '0.01', finalSparsity: '0.5', calibrationDigits: '12', seed: '5' };

function fakeForm(values) {
  const elements = {};
  for (const [name, value] of Object.entries(values)) {
    const attributes = {};
    elements[name] = { value, attributes, setAttribute: (key, v) => { attributes[key] = v; } };
  }
  return { elements };
}

test('the form reads every option within the bounds it is given', () => {
  assert.deepEqual(Object.keys(FIELDS).sort(), Object.keys(BOUNDS).sort());
  assert.deepEqual(readOptions(fakeForm(GOOD), BOUNDS),
    { epochs: 3, batchSize: 16, learningRate: 0.01, finalSparsity: 0.5, calibrationDigits: 12, seed: 5 });
});

test('a refusal names the field and the bound it was given', () => {
  for (const [name, value, words] of [
    ['epochs', '8', /^Epochs must be from 2 to 7 \(got 8\)\.$/],
    ['epochs', '2.5', /^Epochs must be a whole number \(got 2\.5\)\.$/],
    ['batchSize', '2', /^Batch size must be from 3 to 50 \(got 2\)\.$/],
    ['learningRate', '1', /^Learning rate must be from 0\.000001 to 0\.5 \(got 1\)\.$/],
    ['finalSparsity', '0.2', /^Final sparsity must be from 0\.25 to 0\.75 \(got 0\.2\)\.$/],
    ['calibrationDigits', '', /^Calibration digits must be a number \(got ""\)\.$/],
    ['seed', '100', /^Seed must be from 0 to 99 \(got 100\)\.$/],
  ]) {
    assert.throws(() => readOptions(fakeForm({ ...GOOD, [name]: value }), BOUNDS),
      (error) => words.test(error.message) && error.field === name, `${name} = ${value}`);
  }
});

test('the inputs take their min and max from the bounds', () => {
  const form = fakeForm(GOOD);
  setBounds(form, BOUNDS);
  for (const [name, { min, max }] of Object.entries(BOUNDS)) {
    assert.deepEqual(form.elements[name].attributes, { min: String(min), max: String(max) }, name);
  }
});

test('the form in index.html restates no bound', () => {
  const html = readFileSync(join(ROOT, 'web/index.html'), 'utf8');
  for (const name of Object.keys(FIELDS)) {
    const tag = html.match(new RegExp(`<input name="${name}"[^>]*>`));
    assert.ok(tag, `input ${name} not found in web/index.html`);
    assert.doesNotMatch(tag[0], /\b(min|max)=/, name);
  }
});
