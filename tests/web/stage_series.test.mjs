// The stage curves kept with saved results (web/stage_series.js): only training stages (as the
// core's progress marks them) with a finite loss, steps counted across epochs, sparsity only where the lab reports it, and a long
// run thinned to at most MAX_POINTS points that still end at the stage's last step.
import test from 'node:test';
import assert from 'node:assert/strict';
import { StageSeries, MAX_POINTS } from '../../web/stage_series.js';

const progress = (stage, epoch, batch, extra = {}) =>
  ({ stage, trains: !stage.startsWith('measure '), epoch, epochs: 2, batch, batches: 100,
    loss: 1 / (epoch * batch), accuracy: 0.5, sparsity: null, ...extra });

test('points go to their stage, with steps across epochs and sparsity only when pruning', () => {
  const series = new StageSeries();
  assert.equal(series.add(progress('measure float', 0, 0)), false);
  assert.equal(series.add(progress('baseline', 1, 0)), false, 'a stage start has no point');
  assert.equal(series.add(progress('baseline', 1, 0, { loss: NaN })), false);
  assert.ok(series.add(progress('baseline', 2, 5)));
  assert.ok(series.add(progress('prune', 1, 10, { sparsity: 0.5 })));
  assert.deepEqual(series.stages(), ['baseline', 'prune']);
  assert.deepEqual(series.get('baseline').points, [[105, 1 / 10, 0.5, null]]);
  assert.equal(series.get('baseline').steps, 200);
  assert.deepEqual(series.get('prune').points, [[10, 1 / 10, 0.5, 0.5]]);
  assert.deepEqual(series.get('qat').points, []);
});

test('a long stage keeps at most MAX_POINTS points, spread over it, its last step included', () => {
  const series = new StageSeries();
  for (let epoch = 1; epoch <= 2; ++epoch) {
    for (let batch = 1; batch <= 100; ++batch) series.add({ ...progress('qat', epoch, batch), epochs: 2, batches: 100 });
  }
  for (let i = 1; i <= 5000; ++i) series.add({ ...progress('reference', 1, i), epochs: 1, batches: 5000 });
  const { points } = series.get('reference');
  assert.ok(points.length <= MAX_POINTS && points.length > MAX_POINTS / 4, `${points.length} points`);
  assert.equal(points.at(-1)[0], 5000);
  assert.ok(points[0][0] < 5000 / 10, 'the start is kept');
  assert.equal(series.get('qat').points.length, 200);
  assert.equal(JSON.parse(JSON.stringify(series.data)).reference.points.length, points.length, 'plain data');
});
