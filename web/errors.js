// web/errors.js — the page's error area (role="alert"): every failure is shown there in plain
// words, the known technical ones (out of memory, a crashed worker) turned into a sentence.

const area = () => document.getElementById('error');
const bar = () => document.getElementById('error-bar'); // the sticky box around it, with "×"

// A learning rate as typed: 1e+20, not 100000000000000000000. The core holds it as a float,
// so seven digits say all it has (0.0010000000475 is 0.001).
function rateText(rate) {
  const shown = Number(rate.toPrecision(7));
  return shown >= 1e6 || shown < 1e-4 ? shown.toExponential() : String(shown);
}

// A lab stopped because its loss became NaN ({ stage, epoch, batch, loss, learningRate }).
function divergenceMessage({ stage, epoch, batch, learningRate }) {
  const where = `epoch ${epoch}, batch ${batch}${stage ? ` of the ${stage} stage` : ''}`;
  return `Training diverged at ${where} with learning rate ${rateText(learningRate)}: the loss ` +
    'stopped being a number. Try a smaller learning rate (0.001 is the usual one).';
}

export function plainMessage(error) {
  if (error?.name === 'TrainingDiverged' && error.details) return divergenceMessage(error.details);
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
