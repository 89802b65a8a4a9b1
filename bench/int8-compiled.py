#!/usr/bin/env python3
"""int8 compiled against fp32 compiled, ONNX Runtime fp32 and ONNX Runtime
int8 on the timm exports in ../shared/models, one thread, the four engines
alternated in the same run (docs/int8-codegen.md section 3, docs/benchmarks.md).

  bench/int8-compiled.py [--models=conv_small,hybrid_medium] [--cpu=host]
      [--calibration-samples=8] [--rounds=3] [--runs=20] [--warmup=5]
      [--clock=cpu|wall] [--build=DIR] [--out=DIR]

Each model is quantized (mnv4-compile --quantize=int8, seeded N(0,1)
calibration inputs), then `mnv4-run --engine=compiled` runs the fp32 export
and the int8 model, and ONNX Runtime (bench/ort/ort-bench.mjs, as
bench/compiled-vs-ort.py runs it) the fp32 export and the same int8 model as
QDQ ONNX (mnv4-compile --emit=onnx-qdq, docs/onnx-qdq.md), each in one process per
model kept across --rounds rounds (the order rotates per round); a figure is
the median over rounds of each round's median of --runs timed inferences.
The int8 output is checked against the int8 reference engine's (every
element equal); ONNX Runtime's int8 output is compared with it too (cosine:
its kernels round once where TFLite's twice). Writes OUT/int8-compiled.md (also printed).
Needs scripts/setup-bench.sh for ONNX Runtime.
"""
import argparse
import filecmp
import importlib.util
import math
import os
import statistics
import sys

from benchutil import ROOT, SHARED, BenchError, progress, run

_spec = importlib.util.spec_from_file_location(
    "compiled_vs_ort", os.path.join(ROOT, "bench", "compiled-vs-ort.py"))
cvo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cvo)

ENGINES = ["fp32", "int8", "ort", "ort-int8"]


def bench_model(args, tools, name):
    onnx = os.path.join(SHARED, "models", name + ".onnx")
    data = os.path.join(SHARED, "models", name + ".input.bin")
    qmodel = os.path.join(args.out, name + ".int8.mlirbc")
    progress("%s: quantizing" % name)
    run([tools["compile"], onnx, "--quantize=int8",
         "--calibration-samples=%d" % args.calibration_samples, "--quiet",
         "--emit=mlirbc", "-o", qmodel], "mnv4-compile --quantize=int8")
    qdq = os.path.join(args.out, name + ".int8.qdq.onnx")
    run([tools["compile"], qmodel, "--emit=onnx-qdq", "-o", qdq],
        "mnv4-compile --emit=onnx-qdq")
    ref = os.path.join(args.out, name + ".int8.ref.bin")
    progress("%s: int8 reference" % name)
    run([tools["run"], qmodel, "--input", data, "--output", ref],
        "mnv4-run (int8 reference)")
    outs = {e: os.path.join(args.out, "%s.%s.bin" % (name, e))
            for e in ENGINES}
    bench = ["--engine=compiled", "--cpu=" + args.cpu, "--threads=1",
             "--bench=%d" % args.runs, "--bench-warmup=%d" % args.warmup,
             "--bench-per-stdin-line", "--input", data]
    cmds = {"fp32": [tools["run"], onnx] + bench + ["--output", outs["fp32"]],
            "int8": [tools["run"], qmodel] + bench + ["--output", outs["int8"]],
            "ort": cvo.ort_command(args, onnx, data, 1, outs["ort"]),
            "ort-int8": cvo.ort_command(args, qdq, data, 1, outs["ort-int8"])}
    engines = {e: cvo.EngineProcess(cmds[e], e, os.path.join(
        args.out, "stderr.%s.txt" % e)) for e in ENGINES}
    key = "latency_ms" if args.clock == "wall" else "cpu_ms"
    times = {e: [] for e in ENGINES}
    try:
        for r in range(args.rounds):
            order = ENGINES[r % len(ENGINES):] + ENGINES[:r % len(ENGINES)]
            for e in order:
                progress("%s round %d/%d: %s" % (name, r + 1, args.rounds, e))
                times[e].append(engines[e].measure()[key])
        for e in ENGINES:
            engines[e].close()
    finally:
        for p in engines.values():
            if p.proc and p.proc.poll() is None:
                p.proc.kill()
                p.proc.wait()
    row = {e: statistics.median(times[e]) for e in ENGINES}
    row["model"] = name
    row["exact"] = filecmp.cmp(ref, outs["int8"], shallow=False)
    row["fp32_vs_ort"] = cvo.max_rel_err(outs["fp32"], outs["ort"])
    a, b = cvo.read_f32(outs["ort-int8"]), cvo.read_f32(ref)
    row["ort_int8_cos"] = sum(x * y for x, y in zip(a, b)) / math.sqrt(
        sum(x * x for x in a) * sum(y * y for y in b))
    return row


def report(args, rows, cpu):
    lines = ["# int8 compiled vs fp32 compiled vs ONNX Runtime fp32", "",
             "%s, 1 thread, --cpu=%s, %s time per inference (median of %d "
             "rounds of %d runs)" % (cpu, args.cpu, args.clock, args.rounds,
                                     args.runs), "",
             "| model | fp32 ms | int8 ms | ORT fp32 ms | ORT int8 ms | "
             "int8 / fp32 | int8 / ORT fp32 | int8 / ORT int8 | "
             "int8 = int8 reference | ORT int8 vs int8 reference (cosine) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows:
        lines.append("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f "
                     "| %s | %.4f |" % (
                         r["model"], r["fp32"], r["int8"], r["ort"],
                         r["ort-int8"], r["int8"] / r["fp32"],
                         r["int8"] / r["ort"], r["int8"] / r["ort-int8"],
                         "yes" if r["exact"] else "NO", r["ort_int8_cos"]))
    return lines


def parse_args():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--models", default="conv_small,hybrid_medium")
    p.add_argument("--cpu", default="host")
    p.add_argument("--calibration-samples", type=int, default=8)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--clock", choices=["wall", "cpu"], default="cpu")
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = p.parse_args()
    if min(args.rounds, args.runs, args.calibration_samples) < 1 or \
            args.warmup < 0:
        p.error("--rounds, --runs and --calibration-samples must be "
                "positive, --warmup not negative")
    return args


def main():
    args = parse_args()
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    bindir = os.path.join(args.build, "bin")
    tools = {"compile": os.path.join(bindir, "mnv4-compile"),
             "run": os.path.join(bindir, "mnv4-run")}
    ort = os.path.join(ROOT, "bench", "ort", "node_modules", "onnxruntime-node")
    try:
        for tool in tools.values():
            if not os.access(tool, os.X_OK):
                raise BenchError("missing %s: run scripts/build.sh" % tool)
        if not os.path.isdir(ort):
            raise BenchError("missing %s: run scripts/setup-bench.sh" % ort)
        rows = [bench_model(args, tools, m) for m in args.models.split(",")]
        progress("")
        lines = report(args, rows, cvo.cpu_model())
        md = os.path.join(args.out, "int8-compiled.md")
        with open(md, "w") as f:
            f.write("\n".join(lines) + "\n")
        print("\n".join(lines))
        print("\nwrote " + md)
        return 0 if all(r["exact"] for r in rows) else 1
    except BenchError as e:
        sys.stderr.write("int8-compiled: error: %s\n" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
