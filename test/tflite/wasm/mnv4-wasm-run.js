// mnv4-wasm-run MODEL.tflite IN.bin OUT.bin [DIR]
//
// The second independent validator of the TFLite writer (docs/tflite.md):
// TFLite's own WASM build (@tensorflow/tfjs-tflite, XNNPACK delegate, one
// thread, the non-threaded SIMD build) runs a model under Node. IN.bin is raw
// float32 or, for an int8 input (mnv4-compile --io=int8), raw int8, a rank-4
// input stored NCHW (as mnv4-run reads it) and fed NHWC; OUT.bin
// receives output 0 as raw float32 (a float output) or raw int8; with DIR,
// every output k is also written to DIR/<k>.bin (a model exported with
// mnv4-compile --tflite-every-op-output: each op's result). The
// packages come from npm (scripts/setup.sh); nothing is fetched at run time.
'use strict';
const fs = require('fs'), vm = require('vm'), path = require('path');

const WASM = path.join(__dirname, 'node_modules/@tensorflow/tfjs-tflite/wasm/');
function fail(message) {
  process.stderr.write('error: ' + message + '\n');
  process.exit(1);
}
if (process.argv.length !== 5 && process.argv.length !== 6)
  fail('usage: mnv4-wasm-run MODEL.tflite IN.bin OUT.bin [DIR]');
if (!fs.existsSync(WASM))
  fail('@tensorflow/tfjs-tflite is not installed in ' + __dirname +
       ' (run scripts/setup.sh)');

// The loader is written for browsers and web workers: take its worker path
// and serve the .wasm file from disk.
globalThis.self = globalThis;
globalThis.location = { origin: 'file://', href: 'file://' + WASM };
globalThis.importScripts = (u) => vm.runInThisContext(
    fs.readFileSync(WASM + String(u).split('/').pop(), 'utf8'));
globalThis.require = require;
globalThis.__dirname = WASM;
delete globalThis.SharedArrayBuffer; // the non-threaded build
globalThis.fetch = async (u) => {
  if (!String(u).endsWith('.wasm'))
    throw new Error('mnv4-wasm-run fetches nothing but the local .wasm: ' + u);
  return new Response(fs.readFileSync(WASM + String(u).split('/').pop()),
                      { headers: { 'Content-Type': 'application/wasm' } });
};
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tflite = require('@tensorflow/tfjs-tflite');

/// NCHW file order to the NHWC tensor `shape`.
function toNHWC(nchw, shape) {
  if (shape.length !== 4) return nchw;
  const [n, h, w, c] = shape, out = new nchw.constructor(nchw.length);
  for (let b = 0; b < n; ++b)
    for (let y = 0; y < h; ++y)
      for (let x = 0; x < w; ++x)
        for (let k = 0; k < c; ++k)
          out[((b * h + y) * w + x) * c + k] = nchw[((b * c + k) * h + y) * w + x];
  return out;
}

async function main() {
  const [modelPath, inPath, outPath, dir] = process.argv.slice(2);
  // Silence the runtime's banner ("Created TensorFlow Lite XNNPACK delegate").
  const log = console.log, warn = console.warn;
  console.log = console.warn = () => {};
  await tf.setBackend('cpu');
  tflite.setWasmPath('http://wasm.local/');
  const bytes = fs.readFileSync(modelPath);
  const model = await tflite.loadTFLiteModel(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      { numThreads: 1 });
  const input = model.inputs[0];
  const raw = fs.readFileSync(inPath);
  const count = input.shape.reduce((a, b) => a * b, 1);
  let x;
  if (input.dtype === 'float32') {
    if (raw.length !== 4 * count)
      fail(`input '${inPath}' has ${raw.length} bytes, expected ${4 * count}`);
    const nchw = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
    x = tf.tensor(toNHWC(nchw, input.shape), input.shape, 'float32');
  } else {
    if (raw.length !== count)
      fail(`input '${inPath}' has ${raw.length} bytes, expected ${count} int8 values`);
    const q = toNHWC(new Int8Array(raw.buffer, raw.byteOffset, raw.length), input.shape);
    x = tf.tensor(Int32Array.from(q), input.shape, 'int32');
  }
  const y = model.predict(x);
  console.log = log; console.warn = warn;
  const bytesOf = (output) => {
    const t = y instanceof tf.Tensor ? y : y[output.name];
    const data = t.dataSync();
    return output.dtype === 'float32' ? Buffer.from(Float32Array.from(data).buffer)
                                      : Buffer.from(Int8Array.from(data).buffer);
  };
  fs.writeFileSync(outPath, bytesOf(model.outputs[0]));
  if (dir !== undefined) {
    fs.mkdirSync(dir, { recursive: true });
    model.outputs.forEach((output, k) =>
        fs.writeFileSync(path.join(dir, k + '.bin'), bytesOf(output)));
  }
}
main().catch((e) => fail(String(e && e.message || e)));
