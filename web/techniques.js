// web/techniques.js — the Inspect card of each variant: its technique in plain words with this
// run's numbers. Together the cards answer the lab's three questions: what quantization and
// pruning are, PTQ against QAT, and pruning against quantization.

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const times = (x) => `${x.toFixed(1)}×`;
const group = (n) => n.toLocaleString('en-US');

// Accuracy a against b's (of `name`) in words: "1.2 points better than float", "as accurate as float".
function compare(a, b, name) {
  const points = (a - b) * 100;
  if (Math.abs(points) < 0.05) return `as accurate as ${name}`;
  return `${Math.abs(points).toFixed(1)} points ${points > 0 ? 'better' : 'worse'} than ${name}`;
}

const QUESTIONS = {
  what: 'What are quantization and pruning?',
  qat: 'Post-training quantization (PTQ) or quantization-aware training (QAT)?',
  prune: 'Pruning or quantization?',
};

// id → { title, question (a key of QUESTIONS), text(n) }; n holds this run's numbers (see explain).
const TECHNIQUES = {
  baseline: {
    title: 'The trained model, as is',
    text: (n) => `The model trained here: every weight a 32-bit float, in the lab's own checkpoint file of ` +
      `${group(n.v.bytes)} bytes (${group(n.v.gzipBytes)} gzipped). Every “× smaller” is measured against it. ` +
      `It reads ${pct(n.v.accuracy)} of the test digits.`,
  },
  float: {
    title: 'The same weights as a TensorFlow Lite file',
    text: (n) => `Nothing is compressed: the baseline's float weights written as .tflite, ${group(n.v.bytes)} bytes. ` +
      `It is the reference the others are compared with: what each loses, it loses against this.`,
  },
  'ptq-dynamic': {
    title: 'Quantization of the weights only',
    question: 'what',
    text: (n) => `Quantization stores each weight as an 8-bit step number on a grid (a scale per channel) ` +
      `instead of a 32-bit float: 4× fewer bytes per weight. “Dynamic” quantizes only the weights, after training; ` +
      `the activations stay float. The file is ${times(n.smallerRaw)} smaller than float and it reads ` +
      `${compare(n.v.accuracy, n.ref.accuracy, n.refId)}${n.agreement}.${n.weightError}`,
  },
  'ptq-int8': {
    title: 'Post-training quantization, full integer',
    question: 'what',
    text: (n) => `After training, every weight and every activation becomes an 8-bit integer: activation ranges ` +
      `are measured on a few hundred training digits (calibration), no training again. ` +
      `${times(n.smallerRaw)} smaller than float, ${times(n.smallerGzip)} smaller gzipped than the baseline, ` +
      `${compare(n.v.accuracy, n.ref.accuracy, n.refId)}${n.agreement}. ` +
      `The rounding shows in the histograms as separate levels.${n.weightError}`,
  },
  'ptq-float16': {
    title: 'Half-precision weights',
    question: 'what',
    text: (n) => `Each weight is rounded to a 16-bit float: half the bytes (${times(n.smallerRaw)} smaller than float), ` +
      `with an error too small to change many answers: ${compare(n.v.accuracy, n.ref.accuracy, n.refId)}` +
      `${n.agreement}.${n.weightError}`,
  },
  'qat-int8': {
    title: 'Quantization-aware training (QAT)',
    question: 'qat',
    text: (n) => `The model trains one more epoch while seeing the int8 rounding (fake quantization), so it learns ` +
      `weights that survive it; then it is quantized like ptq-int8. Same size as ptq-int8 ` +
      `(${group(n.v.bytes)} bytes); it reads ${pct(n.v.accuracy)} against ptq-int8's ${pct(n.byId['ptq-int8'].accuracy)}. ` +
      `Part of that is the extra epoch: the float model trained as long reads ${pct(n.fineTuned)}. ` +
      `PTQ costs nothing but calibration; QAT costs a training run and wins back what rounding loses.`,
  },
  pruned: {
    title: 'Pruning',
    question: 'what',
    text: (n) => `Pruning sets the smallest weights to exactly zero while training goes on, here ${pct(n.v.sparsity)} ` +
      `of the weights. Zeros are still stored, so the file keeps its ${group(n.v.bytes)} bytes, but gzip squeezes ` +
      `them: ${times(n.smallerGzip)} smaller gzipped than the baseline, ` +
      `${compare(n.v.accuracy, n.fineTuned, 'the float model trained as long')} (${pct(n.fineTuned)}). ` +
      `The zeros are the spike in the histograms.`,
  },
  'pruned-int8': {
    title: 'Pruning and quantization together',
    question: 'prune',
    text: (n) => `The pruned model quantized to int8 after training. Quantization shrinks every weight 4×, so ` +
      `every download: this file is ${times(n.smallerRaw)} smaller than float. Pruning stores its zeros still: it ` +
      `helps only once compressed (ptq-int8 gzips to ${group(n.byId['ptq-int8'].gzipBytes)} bytes, this one to ` +
      `${group(n.v.gzipBytes)}). They add up: ${times(n.smallerGzip)} smaller gzipped than the baseline, ` +
      `${compare(n.v.accuracy, n.fineTuned, 'the float model trained as long')}.`,
  },
  'pruned-qat-int8': {
    title: 'Pruning, then quantization-aware training',
    question: 'prune',
    text: (n) => `The pruned model fine-tuned with int8 rounding in the loop, its zeros held. ` +
      `${times(n.smallerGzip)} smaller gzipped than the baseline; it reads ${pct(n.v.accuracy)}, against ` +
      `pruned-int8's ${pct(n.byId['pruned-int8'].accuracy)} without QAT and ${pct(n.fineTuned)} for the float ` +
      `model trained as long.`,
  },
};

// The card of variant `id` against `refId`: { title, question, text }. report: the lab report;
// inspection: the worker's inspect result.
export function explain(id, refId, report, inspection) {
  const byId = Object.fromEntries(report.variants.map((v) => [v.id, v]));
  const v = byId[id];
  if (!byId[refId]) refId = 'float';  // no reference chosen: the numbers are still against float
  const ref = byId[refId];
  const technique = TECHNIQUES[id] ?? { title: id, text: () => '' };
  const weights = inspection.tensors.filter((t) => t.role === 'weights' && t.error && t.bytes > 0);
  const dense = weights.at(-1)?.error;
  const numbers = {
    v, ref, refId, byId,
    fineTuned: report.fineTunedFloatAccuracy,
    smallerRaw: byId.float.bytes / v.bytes,
    smallerGzip: (byId.baseline ?? v).gzipBytes / v.gzipBytes,
    agreement: inspection.agreement == null ? '' : `; the two agree on ${pct(inspection.agreement)} of the test digits`,
    weightError: dense && Number.isFinite(dense.sqnrDb)
      ? ` The dense weights keep a signal-to-noise ratio of ${dense.sqnrDb.toFixed(1)} dB` +
        (dense.rmseInScale == null ? '.' : `, off by ${dense.rmseInScale.toFixed(2)} grid steps on average (RMS).`)
      : '',
  };
  return { title: technique.title, question: QUESTIONS[technique.question] ?? '', text: technique.text(numbers) };
}
