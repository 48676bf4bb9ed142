// web/errors.js words a diverged lab from the error's details, with the learning rate as typed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { plainMessage } from '../../web/errors.js';

function diverged(learningRate, stage = 'baseline') {
  const error = new Error('training diverged: ...');
  error.name = 'TrainingDiverged';
  error.details = { stage, epoch: 1, batch: 2, loss: NaN, learningRate };
  return error;
}

test('a diverged lab names where, the learning rate and what to change', () => {
  assert.equal(plainMessage(diverged(100000002004087730000)),
    'Training diverged at epoch 1, batch 2 of the baseline stage with learning rate 1e+20: the loss ' +
    'stopped being a number. Try a smaller learning rate (0.001 is the usual one).');
  assert.match(plainMessage(diverged(0.0010000000474974513, 'qat')), /of the qat stage with learning rate 0\.001:/);
});

test('an error without details keeps its message', () => {
  const error = new Error('training diverged: the loss became nan');
  error.name = 'TrainingDiverged';
  assert.equal(plainMessage(error), 'training diverged: the loss became nan');
});
