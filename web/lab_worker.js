// The module Web Worker that hosts qplab's WebAssembly module, so the page never freezes: it
// loads the build the page chose and the digit files, runs the lab (progress streams back as
// messages), predicts with every variant and inspects one against another. Requests {id, type,
// ...}; replies {id, ok, result | error} and, during a lab, {type: 'progress', progress}.
const DATA_FILES = [
  'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz',
];

let lab = null;
let digits = null;
// Inspections by "variant|reference" (a variant does not change until the next lab or load):
// a first view runs both models layer by layer on 200 digits; showing one again takes no
// time (README, "Inspect time").
const inspections = new Map();

// A .gz digit file, inflated by the browser (DecompressionStream), as raw IDX bytes.
async function fetchInflated(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`could not download ${url.pathname}: ${error.message}`);
  }
  if (!response.ok) throw new Error(`could not download ${url.pathname}: HTTP ${response.status}`);
  try {
    return new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  } catch (error) {
    throw new Error(`${url.pathname} is not a valid gzip file: ${error.message}`);
  }
}

const handlers = {
  async init({ build }) {
    const { default: createQplab } = await import(`./wasm/${build}/qplab_web.js`);
    const module = await createQplab();
    lab = new module.WebLab();
    const files = await Promise.all(DATA_FILES.map((name) => fetchInflated(new URL(`data/${name}`, import.meta.url))));
    lab.loadData(...files);
    digits = lab.digits();
    return { digits, stages: lab.stages(), optionBounds: module.optionBounds() };
  },

  runLab({ options }) {
    inspections.clear();
    const { report, files } = lab.runLab(options, (progress) => {
      self.postMessage({ type: 'progress', progress });
      return false;  // cancelling is the page's: it ends this worker
    });
    return { report, files: Object.fromEntries(Object.entries(files).map(([id, bytes]) => [id, bytes.buffer])) };
  },

  loadVariants({ files }) {
    inspections.clear();
    for (const [id, buffer] of Object.entries(files)) lab.loadVariant(id, new Uint8Array(buffer));
    return null;
  },

  predict({ pixels }) {
    return lab.predict(pixels);
  },

  // A test digit, random unless index is given, with pixels 0..1.
  testDigit({ index = Math.floor(Math.random() * digits.test) } = {}) {
    return testDigitAt(index);
  },

  // `variant` against `reference` ('' for none): the core's inspection, plus the pixels of up
  // to MISTAKES test digits the variant gets wrong where the reference is right.
  inspect({ variant, reference }) {
    const key = `${variant}|${reference}`;
    if (inspections.has(key)) return inspections.get(key);
    const inspection = lab.inspect(variant, reference);
    inspection.mistakes = (inspection.disagreements ?? [])
      .filter((d) => d.variant !== d.label && d.reference === d.label)
      .slice(0, MISTAKES)
      .map((d) => ({ ...d, pixels: testDigitAt(d.index).pixels }));
    inspections.set(key, inspection);
    return inspection;
  },
};

const MISTAKES = 24;

function testDigitAt(index) {
  const digit = lab.testDigit(index);
  return { index, pixels: Float32Array.from(digit.pixels, (value) => value / 255), label: digit.label };
}

// One request at a time, in order: a request sent while `init` still loads waits for it.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  queue = queue.then(() => handle(data));
};

async function handle(data) {
  const { id, type } = data;
  try {
    const result = await handlers[type](data);
    const transfer = type === 'runLab' ? Object.values(result.files) : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (error) {
    self.postMessage({ id, ok: false, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error),
      details: error?.details } });
  }
}
