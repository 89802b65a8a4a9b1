// ONNX Runtime's own per-node profile (SessionOptions.enableProfiling), for
// bench/blocks-vs-ort.py:
//
//   node bench/ort/ort-profile.mjs MODEL.onnx INPUT.bin OUT_PREFIX
//        [--threads=N] [--runs=N] [--warmup=W]
//
// Runs W untimed and N profiled inferences with the session options of
// ort-bench.mjs and prints the path of the JSON trace ORT wrote (Chrome trace
// format: one "Node" event per kernel run, "dur" in microseconds).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';

function fail(message) {
  process.stderr.write(`ort-profile: error: ${message}\n`);
  process.exit(1);
}

const opts = { threads: 1, runs: 20, warmup: 5 };
const positional = [];
for (const arg of process.argv.slice(2)) {
  const m = /^--(threads|runs|warmup)=(.*)$/.exec(arg);
  if (!m) {
    if (arg.startsWith('--')) fail(`unknown option '${arg}'`);
    positional.push(arg);
    continue;
  }
  const n = Number(m[2]);
  const min = m[1] === 'warmup' ? 0 : 1;
  if (!Number.isInteger(n) || n < min)
    fail(`invalid --${m[1]} '${m[2]}': expected an integer >= ${min}`);
  opts[m[1]] = n;
}
if (positional.length !== 3)
  fail('usage: ort-profile.mjs MODEL.onnx INPUT.bin OUT_PREFIX [--threads=N] [--runs=N] [--warmup=W]');
const [model, input, prefix] = positional;

const sessionOptions = {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  intraOpNumThreads: opts.threads,
  interOpNumThreads: 1,
};
let feeds;
async function session(profile) {
  let s;
  try {
    s = await ort.InferenceSession.create(model, profile
      ? { ...sessionOptions, enableProfiling: true, profileFilePrefix: prefix }
      : sessionOptions);
  } catch (e) {
    fail(`cannot load model '${model}': ${e.message}`);
  }
  if (!feeds) {
    const shape = s.inputMetadata[0].shape;
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) fail(`'${model}' input shape [${shape}] is not static`);
    const count = shape.reduce((a, b) => a * b, 1);
    let bytes;
    try {
      bytes = fs.readFileSync(input);
    } catch (e) {
      fail(`cannot open input file '${input}': ${e.message}`);
    }
    if (bytes.length !== count * 4)
      fail(`input file '${input}' has ${bytes.length} bytes, expected ${count * 4} bytes (float32 [${shape}])`);
    const data = new Float32Array(count);
    Buffer.from(data.buffer).set(bytes);
    feeds = { [s.inputNames[0]]: new ort.Tensor('float32', data, shape) };
  }
  return s;
}

// Warm-up outside the profile: ORT profiles every run of a profiled session.
const warm = await session(false);
for (let i = 0; i < opts.warmup; ++i) await warm.run(feeds);
await warm.release();
const profiled = await session(true);
for (let i = 0; i < opts.runs; ++i) await profiled.run(feeds);
await profiled.endProfiling();
// onnxruntime-node does not return the trace's name: PREFIX_<date>.json.
const dir = path.dirname(prefix), base = path.basename(prefix) + '_';
const traces = fs.readdirSync(dir).filter((f) => f.startsWith(base) && f.endsWith('.json'))
  .map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
if (!traces.length) fail(`ONNX Runtime wrote no profile '${prefix}_*.json'`);
console.log(traces[0]);
