// web/errors.js — the page's error area (role="alert"): every failure is shown there in plain
// words, the known technical ones (out of memory, a crashed worker) turned into a sentence.

const area = () => document.getElementById('error');
const bar = () => document.getElementById('error-bar'); // the sticky box around it, with "×"

export function plainMessage(error) {
  const text = String(error?.message ?? error ?? 'unknown error');
  if (/out of memory|OOM|Cannot enlarge memory|memory.*(exceeded|grow)|allocation failed|bad_alloc/i.test(text)) {
    return 'The computation ran out of memory. Close other tabs, or try a smaller batch size ' +
      'or fewer calibration digits, and try again.';
  }
  return text;
}

// Adds a message (once) to the error area. `error` is an Error or a string.
export function showError(error, prefix = '', suffix = '') {
  const text = prefix + plainMessage(error) + suffix;
  const el = area();
  if ([...el.children].some((p) => p.textContent === text)) return;
  const p = document.createElement('p');
  p.textContent = text;
  el.append(p);
  bar().hidden = false;
}

export function clearErrors() {
  area().replaceChildren();
  bar().hidden = true;
}
