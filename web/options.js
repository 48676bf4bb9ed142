// web/options.js — reads the lab options from the form and checks them (numbers, whole numbers,
// ranges) before they reach the wasm, which checks their types again and leaves the ranges to
// the core; its message is shown if it objects.

// The form's fields by option name. Their bounds are the core's: the wasm module hands them over
// (optionBounds(): { name: { min, max, whole } }) and setBounds puts them on the inputs.
export const FIELDS = {
  epochs: { label: 'Epochs' },
  batchSize: { label: 'Batch size' },
  learningRate: { label: 'Learning rate' },
  finalSparsity: { label: 'Final sparsity' },
  calibrationDigits: { label: 'Calibration digits' },
  seed: { label: 'Seed' },
};

// The inputs' min and max attributes from the core's bounds.
export function setBounds(form, bounds) {
  for (const name of Object.keys(FIELDS)) {
    const input = form.elements[name];
    input.setAttribute('min', String(bounds[name].min));
    input.setAttribute('max', String(bounds[name].max));
  }
}

// Returns { epochs, batchSize, learningRate, finalSparsity, calibrationDigits, seed } or throws
// an Error that names the field and the value in words, and in `field` by its input's name.
export function readOptions(form, bounds) {
  const options = {};
  for (const [name, { label }] of Object.entries(FIELDS)) {
    const { min, max, whole } = bounds[name];
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
