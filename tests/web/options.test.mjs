// The page's option bounds (web/options.js, web/index.html) agree with the core's: the batch
// budget (core/base/budgets.h) and the learning-rate bounds (core/nn/adam.h), read from the
// headers, so a change there that the page misses fails here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIELDS } from '../../web/options.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path) => readFileSync(join(ROOT, path), 'utf8');

// The value of `constexpr <type> name = <number>;` in a header.
function constant(header, name) {
  const match = read(header).match(new RegExp(`constexpr\\s+\\w+\\s+${name}\\s*=\\s*([0-9.e+-]+)\\s*;`));
  assert.ok(match, `${name} not found in ${header}`);
  return Number(match[1]);
}

// The min and max attributes of the form's input `name`.
function inputBounds(name) {
  const tag = read('web/index.html').match(new RegExp(`<input name="${name}"[^>]*>`));
  assert.ok(tag, `input ${name} not found in web/index.html`);
  const attribute = (key) => Number(tag[0].match(new RegExp(`\\b${key}="([^"]+)"`))[1]);
  return { min: attribute('min'), max: attribute('max') };
}

test('the batch size field stops at the core batch budget', () => {
  const budget = constant('core/base/budgets.h', 'kMaxBatchSize');
  assert.equal(FIELDS.batchSize.max, budget);
  assert.equal(inputBounds('batchSize').max, budget);
});

test('the learning rate field has the core bounds', () => {
  const min = constant('core/nn/adam.h', 'kMinLearningRate');
  const max = constant('core/nn/adam.h', 'kMaxLearningRate');
  assert.deepEqual({ min: FIELDS.learningRate.min, max: FIELDS.learningRate.max }, { min, max });
  assert.deepEqual(inputBounds('learningRate'), { min, max });
  assert.equal(FIELDS.learningRate.whole, false);
});
