// Runs a .tflite file through the official TFLite interpreter (tfjs-tflite) on every test
// digit and returns its argmax predictions. Exposed as window.officialPredictions for the test.
/* global tf, tflite */

tflite.setWasmPath('/tfjs-tflite/wasm/');

async function gunzip(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// IDX images (magic 0x00000803): count × rows × cols uint8 pixels, big-endian header.
async function readImages(url) {
  const bytes = await gunzip(url);
  const view = new DataView(bytes.buffer);
  if (view.getUint32(0) !== 0x803) throw new Error(`${url}: not an IDX image file`);
  const [count, rows, cols] = [view.getUint32(4), view.getUint32(8), view.getUint32(12)];
  return { count, pixels: rows * cols, data: bytes.subarray(16) };
}

window.officialPredictions = async (modelUrl, imagesUrl) => {
  const model = await tflite.loadTFLiteModel(modelUrl);
  const images = await readImages(imagesUrl);
  const shape = model.inputs[0].shape;
  const predictions = [];
  for (let i = 0; i < images.count; ++i) {
    const pixels = images.data.subarray(i * images.pixels, (i + 1) * images.pixels);
    const input = tf.tensor(Float32Array.from(pixels, (p) => p / 255), shape, 'float32');
    const output = model.predict(input);
    const scores = await output.data();
    predictions.push(scores.indexOf(Math.max(...scores)));
    input.dispose();
    output.dispose();
  }
  return predictions;
};
window.interopReady = true;
