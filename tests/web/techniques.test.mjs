// The Inspect cards (web/techniques.js): one for every variant, in words with this run's numbers
// (no undefined or NaN), and together they answer the lab's three questions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../web/techniques.js';

const IDS = ['baseline', 'float', 'ptq-dynamic', 'ptq-int8', 'ptq-float16', 'qat-int8', 'pruned', 'pruned-int8',
  'pruned-qat-int8'];
const report = {
  fineTunedFloatAccuracy: 0.9324,
  variants: IDS.map((id, i) => ({ id, bytes: 82000 - 6000 * i, gzipBytes: 76000 - 7000 * i, accuracy: 0.91 + 0.002 * i,
    sparsity: id.startsWith('pruned') ? 0.796 : 0 })),
};
const inspection = {
  agreement: 0.997,
  tensors: [{ role: 'weights', bytes: 108, error: { sqnrDb: 40.8, rmseInScale: 0.29 } }],
};

test('every variant has a card in words with its numbers, against float or none', () => {
  for (const id of IDS) {
    for (const reference of ['float', '']) {
      const card = explain(id, reference, report, inspection);
      assert.ok(card.title.length > 5, `${id}: title`);
      assert.ok(card.text.length > 100, `${id}: text`);
      assert.doesNotMatch(card.text, /undefined|NaN|null|Infinity/, `${id}: ${card.text}`);
      assert.match(card.text, /\d/, `${id}: a number`);
    }
  }
});

test('the cards answer the three questions: quantization and pruning, PTQ or QAT, pruning or quantization', () => {
  const questions = new Set(IDS.map((id) => explain(id, 'float', report, inspection).question).filter(Boolean));
  assert.equal(questions.size, 3, [...questions].join(' | '));
  assert.match(explain('qat-int8', 'float', report, inspection).text, /ptq-int8/);
  assert.match(explain('pruned-int8', 'float', report, inspection).text, /gzip/);
});
