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
// an Error that names the field and the value in words, and in `field` by its input's name.
export function readOptions(form) {
  const options = {};
  for (const [name, { label, min, max, whole }] of Object.entries(FIELDS)) {
    const text = form.elements[name].value.trim();
    const value = Number(text);
    const refuse = (why, got = text) => Object.assign(new Error(`${label} ${why} (got ${got}).`), { field: name });
    if (text === '' || !Number.isFinite(value)) throw refuse('must be a number', `"${text}"`);
    if (whole && !Number.isInteger(value)) throw refuse('must be a whole number');
    if (value < min || value > max) throw refuse(`must be from ${min} to ${max}`);
    options[name] = value;
  }
  return options;
}

// The field a refusal of the core names ("lab: batch size must be ..."), or null.
export function fieldOfRefusal(message) {
  const words = { epochs: /\bepochs\b/i, batchSize: /batch size/i, learningRate: /learning rate/i,
    finalSparsity: /sparsity/i, calibrationDigits: /calibration/i, seed: /\bseed\b/i };
  return Object.keys(words).find((name) => words[name].test(message)) ?? null;
}

// Focuses and marks the refused field (aria-invalid; style.css shows it) until it is edited.
export function markRefused(form, name) {
  const input = form.elements[name];
  if (!input) return;
  input.setAttribute('aria-invalid', 'true');
  input.addEventListener('input', () => input.removeAttribute('aria-invalid'), { once: true });
  input.focus();
}

export function writeOptions(form, options) {
  for (const name of Object.keys(FIELDS)) {
    if (Number.isFinite(options?.[name])) form.elements[name].value = options[name];
  }
}
