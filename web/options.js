// web/options.js — reads the lab options from the form and checks them (numbers, whole numbers,
// ranges) before they reach the wasm, which checks them again; its message is shown if it objects.

// The bounds the core enforces are restated here (budget::kMaxBatchSize in core/base/budgets.h,
// kMin/kMaxLearningRate in core/nn/adam.h); tests/web/options.test.mjs checks they agree, and
// with index.html's min and max.
export const FIELDS = {
  epochs: { label: 'Epochs', min: 1, max: 100, whole: true },
  batchSize: { label: 'Batch size', min: 1, max: 1024, whole: true },
  learningRate: { label: 'Learning rate', min: 1e-30, max: 1e30, whole: false },
  finalSparsity: { label: 'Final sparsity', min: 0, max: 0.99, whole: false },
  calibrationDigits: { label: 'Calibration digits', min: 1, max: 100000, whole: true },
  seed: { label: 'Seed', min: 0, max: 2 ** 31 - 1, whole: true },
};

// Returns { epochs, batchSize, learningRate, finalSparsity, calibrationDigits, seed } or throws
// an Error that names the field and the value.
export function readOptions(form) {
  const options = {};
  for (const [name, { label, min, max, whole }] of Object.entries(FIELDS)) {
    const text = form.elements[name].value.trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) throw new Error(`${label} must be a number (got "${text}").`);
    if (whole && !Number.isInteger(value)) throw new Error(`${label} must be a whole number (got ${text}).`);
    if (value < min || value > max) throw new Error(`${label} must be from ${min} to ${max} (got ${text}).`);
    options[name] = value;
  }
  return options;
}

export function writeOptions(form, options) {
  for (const name of Object.keys(FIELDS)) {
    if (Number.isFinite(options?.[name])) form.elements[name].value = options[name];
  }
}
