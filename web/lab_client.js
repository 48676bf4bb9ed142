// The page's handle on the lab worker: starts it with the SIMD or the nosimd wasm build
// (feature detection, or forced), turns requests into promises, and cancels a running lab by
// ending the worker (a worker busy in wasm reads no messages) and starting a fresh one with the
// variants it had.
const SIMD_PROBE = new Uint8Array([  // (func (result v128) i32.const 0 i8x16.splat)
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b,
]);

export function simdSupported() {
  return WebAssembly.validate(SIMD_PROBE);
}

// The worker's { name, message, details } as an Error again (the page words it: errors.js).
function errorFrom({ name, message, details }) {
  const error = new Error(message);
  error.name = name;
  if (details) error.details = details;
  return error;
}

export class LabClient {
  // simd: 'auto' | true | false. Resolves once the wasm module and the digits are loaded.
  static async create({ simd = 'auto', onCrash = () => {} } = {}) {
    const build = (simd === 'auto' ? simdSupported() : simd) ? 'simd' : 'nosimd';
    const client = new LabClient(build, onCrash);
    await client.#start();
    return client;
  }

  #worker = null;
  #pending = new Map();
  #nextId = 1;
  #onProgress = null;
  #onCrash;
  #files = null;  // the variants the worker holds, to give a restarted worker

  constructor(build, onCrash) {
    this.build = build;
    this.digits = null;
    this.stages = null;  // the core's stage list: [{ id, label, shortLabel, trains }]
    this.optionBounds = null;  // the core's { name: { min, max, whole } } of the form's options
    this.#onCrash = onCrash;
  }

  async #start() {
    this.#worker = new Worker(new URL('./lab_worker.js', import.meta.url), { type: 'module' });
    this.#worker.onmessage = ({ data }) => this.#receive(data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#crash(new Error(`The computation stopped unexpectedly: ${event.message || 'the worker failed to start'}`));
    };
    const { digits, stages, optionBounds } = await this.#request({ type: 'init', build: this.build });
    this.digits = digits;
    this.stages = stages;
    this.optionBounds = optionBounds;
    if (this.#files) await this.#request({ type: 'loadVariants', files: this.#files });
  }

  #crash(error) {
    this.#rejectAll(error);
    this.#onCrash(error);
  }

  #rejectAll(error) {
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }

  #receive(message) {
    if (message.type === 'progress') {
      this.#onProgress?.(message.progress);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(errorFrom(message.error));
  }

  #request(message, transfer = []) {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id }, transfer);
    });
  }

  // options: { epochs, batchSize, learningRate, finalSparsity, calibrationDigits, seed }. Resolves
  // to { report, files: { id: ArrayBuffer } }; rejects with an Error named 'Cancelled' after
  // cancel(), 'TrainingDiverged' (with details: errors.js) when a stage's loss became NaN.
  async runLab(options, onProgress = () => {}) {
    this.#onProgress = onProgress;
    try {
      const result = await this.#request({ type: 'runLab', options });
      this.#files = result.files;
      return result;
    } finally {
      this.#onProgress = null;
    }
  }

  // Stops a running lab at once and leaves a fresh worker holding the previous variants.
  async cancel() {
    this.#worker.terminate();
    const cancelled = new Error('Cancelled');
    cancelled.name = 'Cancelled';
    this.#rejectAll(cancelled);
    await this.#start();
  }

  async loadVariants(files) {
    await this.#request({ type: 'loadVariants', files });
    this.#files = files;
  }

  predict(pixels) {
    return this.#request({ type: 'predict', pixels });
  }

  // A test digit { index, pixels (0..1), label }: test digit `index`, or a random one.
  testDigit(index) {
    return this.#request({ type: 'testDigit', index });
  }

  // Variant `id` against variant `reference` ('' for none): wasm/inspection_object.cc's object
  // and `mistakes`, the digits it gets wrong where the reference is right, with their pixels.
  inspect(id, reference = '') {
    return this.#request({ type: 'inspect', variant: id, reference });
  }
}
