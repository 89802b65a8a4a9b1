#!/usr/bin/env python3
"""Per block: mnv4's compiled engine against ONNX Runtime 1.30, on the same
.onnx and input, one table row per MobileNetV4 block (docs/benchmarks.md,
section 4). Shows where mnv4 gains or loses time, which the end-to-end ratio
of bench/compiled-vs-ort.py cannot.

  bench/blocks-vs-ort.py MODEL [--threads=N] [--runs=N] [--warmup=W]
      [--build=DIR] [--out=DIR]

MODEL is an export name in ../shared/models (conv_small_035, conv_small,
hybrid_medium) or a path to an .onnx file with NAME.input.bin beside it.
mnv4: `mnv4-run --engine=compiled --profile-json` (a build with a timestamp
probe between blocks). ONNX Runtime: its own profiler (enableProfiling), each
kernel's median over the runs, summed per block by the timm node names
(`/blocks/blocks.2/blocks.2.1/...`; `bn1`/`conv_stem` is the stem,
`norm_head`/`conv_head` the head); ORT's layout reorders of its NCHWc kernels
are a row of their own. Both profilers add a little per timed unit (ORT per
kernel, mnv4 per block), so small blocks read slightly high on both sides.
Writes OUT/blocks-vs-ort-MODEL.md (also printed). Needs scripts/setup-bench.sh.
"""
import argparse
import collections
import json
import os
import re
import statistics
import sys
import tempfile

from benchutil import ROOT, SHARED, BenchError, progress, run
BLOCK = re.compile(r"blocks\.(\d+)\.(\d+)")


def model_paths(model):
    if model.endswith(".onnx"):
        onnx = model
    else:
        onnx = os.path.join(SHARED, "models", model + ".onnx")
    data = onnx[:-len(".onnx")] + ".input.bin"
    for path in (onnx, data):
        if not os.path.isfile(path):
            raise BenchError("no such file: %s" % path)
    return onnx, data


def mnv4_blocks(args, onnx, data):
    tool = os.path.join(args.build, "bin", "mnv4-run")
    out = run([tool, onnx, "--engine=compiled", "--profile-json",
               "--threads=%d" % args.threads, "--bench=%d" % args.runs,
               "--bench-warmup=%d" % args.warmup, "--input=" + data],
              "mnv4-run --profile-json")
    text = out[out.index("{"):]
    return json.loads(text)["blocks"]


def ort_block(node):
    m = BLOCK.search(node)
    if m:
        return "blocks.%s.%s" % m.groups()
    for prefix, block in (("/bn1", "conv_stem"), ("/conv_stem", "conv_stem"),
                          ("/norm_head", "conv_head"),
                          ("/conv_head", "conv_head"),
                          ("/classifier", "classifier"),
                          ("/global_pool", "global_pool"),
                          ("/flatten", "global_pool")):
        if node.startswith(prefix):
            return block
    return "(ORT layout reorders)" if node.startswith("Reorder") else node


def ort_blocks(args, onnx, data, tmp):
    trace = run(["node", os.path.join(ROOT, "bench", "ort", "ort-profile.mjs"),
                 onnx, data, os.path.join(tmp, "ort"),
                 "--threads=%d" % args.threads, "--runs=%d" % args.runs,
                 "--warmup=%d" % args.warmup], "ort-profile.mjs").strip()
    with open(trace) as f:
        events = json.load(f)
    per_node = collections.defaultdict(list)
    for e in events:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            per_node[e["name"][:-len("_kernel_time")]].append(e["dur"])
    blocks = collections.defaultdict(float)
    for node, durations in per_node.items():
        blocks[ort_block(node)] += statistics.median(durations)
    return blocks


def report(args, model, mnv4, ort):
    lines = ["# %s: per block, mnv4 (compiled) vs ONNX Runtime 1.30, %d "
             "thread(s)" % (model, args.threads), "",
             "Medians over %d profiled runs each (after %d warm-up), "
             "microseconds." % (args.runs, args.warmup), "",
             "| block | kind | MMAC | mnv4 us | ORT us | mnv4/ORT | "
             "mnv4 GFLOP/s | ORT GFLOP/s |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    total_m = total_o = 0.0
    seen = set()
    for b in mnv4:
        name, us = b["name"], b["median_us"]
        o = ort.get(name)
        seen.add(name)
        total_m += us
        total_o += o or 0.0
        gf = lambda t: "%.1f" % (2 * b["macs"] / t / 1e3) if t else "-"
        lines.append("| %s | %s | %.1f | %.1f | %s | %s | %s | %s |" % (
            name, b["kind"], b["macs"] / 1e6, us,
            "%.1f" % o if o else "-", "%.2f" % (us / o) if o else "-",
            gf(us), gf(o)))
    for name, o in sorted(ort.items()):
        if name not in seen:
            total_o += o
            lines.append("| %s | (ORT only) | | | %.1f | | | |" % (name, o))
    lines.append("| **total** | | | %.1f | %.1f | %.2f | | |" % (
        total_m, total_o, total_m / total_o if total_o else 0))
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("model")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = p.parse_args()
    for name in ("threads", "runs"):
        if getattr(args, name) < 1:
            p.error("--%s must be >= 1" % name)
    if args.warmup < 0:
        p.error("--warmup must be >= 0")
    try:
        onnx, data = model_paths(args.model)
        model = os.path.basename(onnx)[:-len(".onnx")]
        progress("%s: mnv4 profile..." % model)
        mnv4 = mnv4_blocks(args, onnx, data)
        progress("%s: ONNX Runtime profile..." % model)
        with tempfile.TemporaryDirectory() as tmp:
            ort = ort_blocks(args, onnx, data, tmp)
        progress("")
        text = report(args, model, mnv4, ort)
        os.makedirs(args.out, exist_ok=True)
        path = os.path.join(args.out, "blocks-vs-ort-%s.md" % model)
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
        sys.stdout.write(text + "\nwrote %s\n" % path)
    except (BenchError, OSError, ValueError, KeyError) as e:
        progress("")
        sys.stderr.write("blocks-vs-ort: error: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
