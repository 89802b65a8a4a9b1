// ONNX Runtime (onnxruntime-node 1.30, CPU execution provider), timed the way
// mnv4-run --bench times mnv4 (tools/mnv4-run/Benchmark.h):
//
//   node bench/ort/ort-bench.mjs MODEL.onnx INPUT.bin [--threads=N]
//        [--runs=N] [--warmup=W] [--output=OUT.bin] [--per-stdin-line]
//
// INPUT.bin is raw little-endian float32 of the model's (static) input shape.
// Prints `latency_ms: median=X min=Y max=Z runs=N threads=T` (wall clock per
// session.run) and a `cpu_ms:` line of the same form (process CPU time per
// run, all threads). --output writes the first output as raw float32.
// --per-stdin-line repeats the measurement (warm-up included) once for every
// line read from stdin until it ends, as mnv4-run --bench-per-stdin-line.
// Session: graphOptimizationLevel 'all', sequential, intra-op threads N,
// inter-op 1. Install with scripts/setup-bench.sh.
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import * as ort from 'onnxruntime-node';

function fail(message) {
  process.stderr.write(`ort-bench: error: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { threads: 1, runs: 20, warmup: 5, output: '', perLine: false };
  const positional = [];
  for (const arg of argv) {
    if (arg === '--per-stdin-line') { opts.perLine = true; continue; }
    const m = /^--(threads|runs|warmup|output)=(.*)$/.exec(arg);
    if (!m) {
      if (arg.startsWith('--')) fail(`unknown option '${arg}'`);
      positional.push(arg);
      continue;
    }
    if (m[1] === 'output') { opts.output = m[2]; continue; }
    const n = Number(m[2]);
    const min = m[1] === 'warmup' ? 0 : 1;
    if (!Number.isInteger(n) || n < min)
      fail(`invalid --${m[1]} '${m[2]}': expected an integer >= ${min}`);
    opts[m[1]] = n;
  }
  if (positional.length !== 2) fail('usage: ort-bench.mjs MODEL.onnx INPUT.bin [--threads=N] [--runs=N] [--warmup=W] [--output=OUT.bin] [--per-stdin-line]');
  [opts.model, opts.input] = positional;
  return opts;
}

function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1] };
}

function line(label, t, runs, threads) {
  return `${label}: median=${t.median.toFixed(3)} min=${t.min.toFixed(3)} ` +
         `max=${t.max.toFixed(3)} runs=${runs} threads=${threads}`;
}

const opts = parseArgs(process.argv.slice(2));
let session;
try {
  session = await ort.InferenceSession.create(opts.model, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
  });
} catch (e) {
  fail(`cannot load model '${opts.model}': ${e.message}`);
}
if (session.inputNames.length !== 1) fail(`'${opts.model}' has ${session.inputNames.length} inputs; expected 1`);
const shape = session.inputMetadata[0].shape;
if (!shape.every((d) => Number.isInteger(d) && d > 0)) fail(`'${opts.model}' input shape [${shape}] is not static`);
const count = shape.reduce((a, b) => a * b, 1);
let bytes;
try {
  bytes = fs.readFileSync(opts.input);
} catch (e) {
  fail(`cannot open input file '${opts.input}': ${e.message}`);
}
if (bytes.length !== count * 4)
  fail(`input file '${opts.input}' has ${bytes.length} bytes, expected ${count * 4} bytes (float32 [${shape}])`);
const data = new Float32Array(count);
Buffer.from(data.buffer).set(bytes);
const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, shape) };

let outputs;
async function measure() {
  for (let i = 0; i < opts.warmup; ++i) outputs = await session.run(feeds);
  const wall = [], cpu = [];
  for (let i = 0; i < opts.runs; ++i) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    outputs = await session.run(feeds);
    const t1 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    wall.push(Number(t1 - t0) / 1e6);
    cpu.push((c.user + c.system) / 1e3);
  }
  console.log(line('latency_ms', summary(wall), opts.runs, opts.threads));
  console.log(line('cpu_ms', summary(cpu), opts.runs, opts.threads));
}

if (opts.perLine) {
  for await (const _ of readline.createInterface({ input: process.stdin })) await measure();
  if (!outputs) fail('--per-stdin-line: stdin ended before the first round');
} else {
  await measure();
}
if (opts.output) {
  const out = outputs[session.outputNames[0]].data;
  fs.writeFileSync(opts.output, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
}
