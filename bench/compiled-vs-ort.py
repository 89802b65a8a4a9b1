#!/usr/bin/env python3
"""mnv4 against ONNX Runtime 1.30 on the same .onnx files and inputs, with this
host's fp32 peak measured in the same run (docs/benchmarks.md).

  bench/compiled-vs-ort.py [--engine=compiled|reference] [--models=LIST]
      [--threads=1,2] [--rounds=3] [--runs=20] [--warmup=5] [--resolution=N]
      [--clock=wall|cpu] [--build=DIR] [--out=DIR] [--peak-iterations=N]

Models (LIST, comma-separated): `exports` (the timm exports in ../shared/models
with their own inputs), `zoo` (the 12 zoo variants, written as timm-style ONNX
by mnv4-onnx-gen from the per-block tables of mnv4-architectures.md, at each
variant's default resolution or --resolution), a zoo name, or a path to an
.onnx file (its input: NAME.input.bin beside it). Default: exports,zoo.

For every model and thread count the two engines run in --rounds rounds,
alternated (which goes first alternates too). Each engine keeps one process
per model and thread count (the model is compiled or loaded once); a round is
one line to its stdin, on which it makes --warmup untimed and --runs timed
inferences and prints a `latency_ms:` and a `cpu_ms:` line. A figure is the
median over rounds of the per-round medians. Writes OUT/compiled-vs-ort.md
(the tables, also printed), OUT/compiled-vs-ort.tsv and the plot
OUT/latency-vs-macs.png (gnuplot).
Needs scripts/setup-bench.sh. Progress goes to stderr when it is a terminal.
"""
import argparse
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import time

from benchutil import ROOT, SHARED, BenchError, progress, run
EXPORTS = ["conv_small_035", "conv_small", "hybrid_medium"]
LINE = re.compile(r"^(latency_ms|cpu_ms): median=([0-9.]+) min=([0-9.]+) "
                  r"max=([0-9.]+) runs=(\d+) threads=(\d+)$", re.M)
PEAK = re.compile(r"^fp32_peak_gflops: isa=(\w+) threads=(\d+) "
                  r"wall=([0-9.]+) cpu=([0-9.]+)$", re.M)


def idle_percent(seconds=3):
    """How idle the machine is while this script waits (docs: section 7 of
    backends-execution.md): wall-clock and 2-thread figures need ~100."""
    def counters():
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
        return sum(fields), fields[3] + fields[4]
    total0, idle0 = counters()
    time.sleep(seconds)
    total1, idle1 = counters()
    return 100 * (idle1 - idle0) // max(1, total1 - total0)


def cpu_model():
    with open("/proc/cpuinfo") as f:
        info = f.read()
    def field(name):
        m = re.search(r"^%s\s*:\s*(.*)$" % name, info, re.M)
        return m.group(1).strip() if m else "?"
    return "%s (family %s, model %s), %d CPUs" % (
        field("model name"), field("cpu family"), field("model"),
        os.cpu_count())


def measure_peak(out, iterations):
    """Builds and runs bench/fp32-peak.cpp; {(isa, threads): (wall, cpu)}."""
    exe = os.path.join(out, "fp32-peak")
    run(["clang++-22", "-O2", "-march=native", "-std=c++17", "-pthread",
         os.path.join(ROOT, "bench", "fp32-peak.cpp"), "-o", exe],
        "building fp32-peak")
    text = run([exe, str(iterations)], "fp32-peak")
    return {(m[0], int(m[1])): (float(m[2]), float(m[3]))
            for m in PEAK.findall(text)}


def zoo_resolution(tools, name):
    stats = json.loads(run([tools["compile"], name, "--stats-json"],
                           "mnv4-compile " + name))
    return stats["resolution"]


def generate_zoo_onnx(tools, out, name, resolution):
    """Writes NAME at RESOLUTION as timm-style ONNX plus a random input."""
    base = os.path.join(out, "models", "%s-%d" % (name, resolution))
    onnx, data = base + ".onnx", base + ".input.bin"
    if os.path.exists(onnx) and os.path.exists(data):
        return onnx, data
    os.makedirs(os.path.dirname(base), exist_ok=True)
    spec = run([sys.executable,
                os.path.join(ROOT, "test", "import", "Inputs", "doc_spec.py"),
                os.path.join(SHARED, "docs", "mnv4-architectures.md"), name],
               "doc_spec.py " + name)
    with open(base + ".spec", "w") as f:
        f.write(spec)
    run([tools["onnx-gen"], "--spec-file", base + ".spec", "--res",
         str(resolution), "-o", onnx, "--write-input", data],
        "mnv4-onnx-gen " + name)
    return onnx, data


def model_list(args, tools):
    """[(label, family, onnx, input)]: family is 'export' or 'zoo'."""
    models = []
    for item in args.models.split(","):
        if item == "exports":
            for name in EXPORTS:
                path = os.path.join(SHARED, "models", name + ".onnx")
                models.append((name + " (export)", "export", path,
                               path[:-len(".onnx")] + ".input.bin"))
        elif item == "zoo":
            names = run([tools["compile"], "--list-models"],
                        "mnv4-compile --list-models").split()
            models += [("zoo", "zoo", name, None) for name in names]
        elif item.endswith(".onnx"):
            models.append((os.path.basename(item), "file", item,
                           item[:-len(".onnx")] + ".input.bin"))
        else:
            models.append(("zoo", "zoo", item, None))
    resolved = []
    for label, family, model, data in models:
        if family == "zoo":
            res = args.resolution or zoo_resolution(tools, model)
            progress("generating %s at %d" % (model, res))
            onnx, data = generate_zoo_onnx(tools, args.out, model, res)
            resolved.append((model, family, onnx, data))
        else:
            for path in (model, data):
                if not os.path.exists(path):
                    raise BenchError("missing %s" % path)
            resolved.append((label, family, model, data))
    return resolved


class EngineProcess:
    """One engine's process for one model and thread count, kept across
    rounds: started at its first round (so compiling or loading the model
    overlaps no measurement), then it measures once per line written to its
    stdin (--bench-per-stdin-line / --per-stdin-line) and writes its output
    file when stdin closes."""

    def __init__(self, cmd, what, errfile):
        self.cmd, self.what, self.errfile = cmd, what, errfile
        self.proc = None

    def fail(self, message):
        with open(self.errfile) as f:
            err = f.read().strip()
        raise BenchError("%s %s (%s)\n%s" % (self.what, message,
                                              " ".join(self.cmd), err))

    def measure(self):
        """One round: {"latency_ms": median, "cpu_ms": median}."""
        if self.proc is None:
            self.proc = subprocess.Popen(
                self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=open(self.errfile, "w"), text=True)
        try:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.proc.wait()
            self.fail("failed (exit %d)" % self.proc.returncode)
        found = {}
        while len(found) < 2:
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait()
                self.fail("failed (exit %d)" % self.proc.returncode)
            m = LINE.match(line.strip())
            if m:
                found[m.group(1)] = float(m.group(2))
        return found

    def close(self):
        """Ends stdin and waits; the output file is then complete."""
        if self.proc is None:
            return
        self.proc.stdin.close()
        self.proc.stdout.read()
        if self.proc.wait() != 0:
            self.fail("failed at exit (exit %d)" % self.proc.returncode)


def mnv4_command(args, tools, onnx, data, threads, output):
    cmd = [tools["run"], onnx, "--engine=" + args.engine, "--input", data,
           "--output", output, "--bench=%d" % args.runs,
           "--bench-warmup=%d" % args.warmup, "--bench-per-stdin-line"]
    if args.engine != "reference":
        if tools["run-threads"]:
            cmd.append("--threads=%d" % threads)
        elif threads != 1:
            raise BenchError("error: this mnv4-run has no --threads option")
    return cmd


def ort_command(args, onnx, data, threads, output):
    return ["node", os.path.join(ROOT, "bench", "ort", "ort-bench.mjs"), onnx,
            data, "--threads=%d" % threads, "--runs=%d" % args.runs,
            "--warmup=%d" % args.warmup, "--output=" + output,
            "--per-stdin-line"]


def read_f32(path):
    with open(path, "rb") as f:
        data = f.read()
    return struct.unpack("<%df" % (len(data) // 4), data)


def max_rel_err(out, ref):
    a, b = read_f32(out), read_f32(ref)
    if len(a) != len(b):
        return float("nan")
    return max(abs(x - y) for x, y in zip(a, b)) / max(abs(y) for y in b)


def bench_model(args, tools, model, threads, step):
    """Both engines on one model and thread count, alternated in rounds. An
    engine that fails is dropped from the later rounds; the other goes on."""
    label, _, onnx, data = model
    key = "latency_ms" if args.clock == "wall" else "cpu_ms"
    times = {"mnv4": [], "ort": []}
    errors = {}
    outs = {e: os.path.join(args.out, "out.%s.bin" % e) for e in times}
    for path in outs.values():
        if os.path.exists(path):
            os.remove(path)
    engines = {}
    for engine in times:
        errfile = os.path.join(args.out, "stderr.%s.txt" % engine)
        try:
            cmd = (mnv4_command(args, tools, onnx, data, threads, outs[engine])
                   if engine == "mnv4" else
                   ort_command(args, onnx, data, threads, outs[engine]))
            engines[engine] = EngineProcess(
                cmd, "mnv4-run" if engine == "mnv4" else "ort-bench.mjs",
                errfile)
        except BenchError as e:
            errors[engine] = str(e)

    def attempt(engine, action):
        try:
            return action()
        except BenchError as e:
            errors[engine] = str(e)
            sys.stderr.write("\r\033[K" if sys.stderr.isatty() else "")
            sys.stderr.write("compiled-vs-ort: %s\n" % e)
            return None

    for r in range(args.rounds):
        order = ["mnv4", "ort"] if r % 2 == 0 else ["ort", "mnv4"]
        for engine in (e for e in order if e not in errors):
            progress("%s %s threads=%d round %d/%d: %s" % (
                step, label, threads, r + 1, args.rounds, engine))
            lines = attempt(engine, engines[engine].measure)
            if lines:
                times[engine].append(lines[key])
    for engine in [e for e in engines if e not in errors]:
        attempt(engine, engines[engine].close)
    for process in engines.values():
        if process.proc and process.proc.poll() is None:
            process.proc.kill()
            process.proc.wait()
    row = {e + "_ms": statistics.median(times[e]) if e not in errors else None
           for e in times}
    row["errors"] = errors
    row["max_rel_err"] = None if errors else max_rel_err(outs["mnv4"],
                                                         outs["ort"])
    return row


def macs_of(tools, onnx):
    stats = json.loads(run([tools["compile"], onnx, "--stats-json"],
                           "mnv4-compile --stats-json"))
    return stats["macs"], stats["resolution"]


def write_plot(args, rows, cpu, tsv, png):
    """Draws the zoo variants, or every row when there are none."""
    gp = os.path.join(ROOT, "bench", "latency-vs-macs.gp")
    family = "zoo" if any(r["family"] == "zoo" for r in rows) else ""
    title = "MobileNetV4 fp32 on %s: mnv4 (%s engine) vs ONNX Runtime 1.30, " \
        "%s clock" % (cpu.split(" (")[0], args.engine, args.clock)
    y_label = "latency per inference (ms)" if args.clock == "wall" else \
        "process CPU time per inference, all threads (ms)"
    run(["gnuplot", "-e", "data='%s'; out='%s'; plot_title='%s'; "
         "family='%s'; y_label='%s'" % (tsv, png, title, family, y_label), gp],
        "gnuplot")


def fmt(x, spec):
    """x formatted by spec ("-" for a missing figure); a trailing % in spec
    is printed as it is."""
    if x is None or x != x:
        return "-"
    return format(x, spec[:-1]) + "%" if spec.endswith("%") else format(x, spec)


def report(args, rows, peak, meta):
    """The markdown tables, as a list of lines."""
    # Wall: FLOP per second of all T threads. CPU: FLOP per CPU-second, as
    # cpu_ms counts every thread's time, so the T-thread sum over T.
    if args.clock == "wall":
        best = {t: max(v[0] for (_, th), v in peak.items() if th == t)
                for t in {th for _, th in peak}}
    else:
        best = {t: max(v[1] for (_, th), v in peak.items() if th == t) / t
                for t in {th for _, th in peak}}
    isas = "/".join(sorted({isa for isa, _ in peak}))
    lines = [
        "# mnv4 (%s engine) vs ONNX Runtime 1.30 (CPU EP)" % args.engine,
        "",
        "- CPU: %s" % meta["cpu"],
        "- fp32 peak (bench/fp32-peak.cpp, best of %s, %s): %s" % (
            isas, "wall clock" if args.clock == "wall" else
            "per CPU-second", ", ".join(
                "%d thread%s %.1f GFLOP/s" % (t, "s" if t > 1 else "", best[t])
                for t in sorted(best))),
        "- clock: %s (%s); %d rounds x %d timed runs (%d warm-up) per "
        "engine; figures are medians over rounds of per-round medians" % (
            args.clock, "latency per inference" if args.clock == "wall"
            else "process CPU time per inference, all threads",
            args.rounds, args.runs, args.warmup),
        "- machine idle (3 s, /proc/stat) before the run: %d%%, after: %d%% "
        "(wall-clock and 2-thread figures are only meaningful near 100%%)" %
        meta["idle"],
        "- GFLOP/s = 2 x MACs (mnv4-compile --stats-json) / latency; "
        "% peak = GFLOP/s / the peak at the same thread count",
        "",
        "| model | family | input | MMAC | threads | mnv4 ms | ORT ms | "
        "mnv4/ORT | mnv4 GFLOP/s | ORT GFLOP/s | mnv4 % peak | ORT % peak | "
        "max_rel_err mnv4 vs ORT |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    def ms(r, e):
        return r[e + "_ms"]

    def gflops(r, e):
        return 2 * r["macs"] / (ms(r, e) * 1e6) if ms(r, e) else None

    def share(r, e):
        g = gflops(r, e)
        return None if g is None else 100 * g / best[r["threads"]]

    def ratio(a, b):
        return None if a is None or b is None else a / b

    for r in rows:
        lines.append(
            "| %s | %s | %d | %.1f | %d | %s | %s | %s | %s | %s | %s | %s | "
            "%s |" % (
                r["model"], r["family"], r["res"], r["macs"] / 1e6,
                r["threads"], fmt(ms(r, "mnv4"), ".3f"), fmt(ms(r, "ort"), ".3f"),
                fmt(ratio(ms(r, "mnv4"), ms(r, "ort")), ".2f"),
                fmt(gflops(r, "mnv4"), ".1f"), fmt(gflops(r, "ort"), ".1f"),
                fmt(share(r, "mnv4"), ".0f%"), fmt(share(r, "ort"), ".0f%"),
                fmt(r["max_rel_err"], ".1e")))
    by_model = {}
    for r in rows:
        by_model.setdefault((r["model"], r["family"]), {})[r["threads"]] = r
    pairs = [(k, v) for k, v in by_model.items() if 1 in v and 2 in v]
    if pairs and args.clock == "cpu":
        lines += ["", "(2-thread speed-ups need --clock=wall: CPU time counts "
                  "both threads.)"]
    elif pairs:
        lines += ["", "2-thread speed-up (1-thread ms / 2-thread ms):", "",
                  "| model | family | mnv4 | ORT |", "|---|---|---:|---:|"]
        for (model, family), v in pairs:
            lines.append("| %s | %s | %s | %s |" % (
                model, family,
                fmt(ratio(ms(v[1], "mnv4"), ms(v[2], "mnv4")), ".2f"),
                fmt(ratio(ms(v[1], "ort"), ms(v[2], "ort")), ".2f")))
    failures = {}
    for r in rows:
        for engine, msg in r["errors"].items():
            key = ("mnv4" if engine == "mnv4" else "ORT",
                   msg.strip().splitlines()[-1])
            failures.setdefault(key, []).append(
                "%s/%d" % (r["model"], r["threads"]))
    if failures:
        lines += ["", "Failures (engine, the tool's last message, "
                  "model/threads):", ""]
        lines += ["- %s: %s: %s" % (
            engine, msg, "all %d" % len(where) if len(where) == len(rows)
            else ", ".join(where))
            for (engine, msg), where in failures.items()]
    return lines


def write_tsv(rows, path):
    with open(path, "w") as f:
        f.write("# model\tfamily\tres\tmacs\tthreads\tmnv4_ms\tort_ms\t"
                "max_rel_err\n")
        for r in rows:
            f.write("%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n" % (
                r["model"], r["family"], r["res"], r["macs"], r["threads"],
                fmt(r["mnv4_ms"], ".4f"), fmt(r["ort_ms"], ".4f"),
                fmt(r["max_rel_err"], ".3e")))


def parse_args():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--engine", default="compiled",
                   help="mnv4-run --engine (default compiled)")
    p.add_argument("--models", default="exports,zoo")
    p.add_argument("--threads", default="1,2",
                   help="comma-separated thread counts (default 1,2)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--resolution", type=int, default=0,
                   help="input size of the zoo models (default: each "
                   "variant's)")
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    p.add_argument("--peak-iterations", type=int, default=200000000)
    args = p.parse_args()
    args.threads = [int(t) for t in args.threads.split(",")]
    if min(args.threads) < 1 or args.rounds < 1 or args.runs < 1 or \
            args.warmup < 0 or args.resolution < 0 or args.peak_iterations < 1:
        p.error("--threads, --rounds, --runs and --peak-iterations must be "
                "positive, --warmup and --resolution not negative")
    if args.engine == "reference" and args.threads != [1]:
        p.error("the reference engine runs on one thread: pass --threads=1")
    return args


def main():
    args = parse_args()
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    bindir = os.path.join(args.build, "bin")
    tools = {"compile": os.path.join(bindir, "mnv4-compile"),
             "run": os.path.join(bindir, "mnv4-run"),
             "onnx-gen": os.path.join(bindir, "mnv4-onnx-gen")}
    ort = os.path.join(ROOT, "bench", "ort", "node_modules", "onnxruntime-node")
    try:
        for tool in tools.values():
            if not os.access(tool, os.X_OK):
                raise BenchError("missing %s: run scripts/build.sh" % tool)
        # Without --threads (a tree before it existed) mnv4-run runs on one.
        tools["run-threads"] = "--threads=" in run(
            [tools["run"], "--help"], "mnv4-run --help")
        if not os.path.isdir(ort):
            raise BenchError("missing %s: run scripts/setup-bench.sh" % ort)
        progress("checking that the machine is idle")
        idle_before = idle_percent()
        progress("measuring the fp32 peak")
        peak = measure_peak(args.out, args.peak_iterations)
        models = model_list(args, tools)
        rows = []
        steps = len(models) * len(args.threads)
        for i, model in enumerate(models):
            macs, res = macs_of(tools, model[2])
            for j, threads in enumerate(args.threads):
                step = "[%d/%d]" % (i * len(args.threads) + j + 1, steps)
                row = {"model": model[0], "family": model[1], "res": res,
                       "macs": macs, "threads": threads}
                row.update(bench_model(args, tools, model, threads, step))
                rows.append(row)
        progress("checking that the machine is idle")
        meta = {"cpu": cpu_model(), "idle": (idle_before, idle_percent())}
        progress("")
        if min(meta["idle"]) < 90 and args.clock == "wall":
            sys.stderr.write(
                "compiled-vs-ort: warning: the machine was %d%%/%d%% idle "
                "before/after the run: other jobs inflate wall-clock figures "
                "(1-thread figures with --clock=cpu are steadier)\n" %
                meta["idle"])
        lines = report(args, rows, peak, meta)
        md = os.path.join(args.out, "compiled-vs-ort.md")
        tsv = os.path.join(args.out, "compiled-vs-ort.tsv")
        png = os.path.join(args.out, "latency-vs-macs.png")
        with open(md, "w") as f:
            f.write("\n".join(lines) + "\n")
        write_tsv(rows, tsv)
        written = [md, tsv]
        if any(r["mnv4_ms"] or r["ort_ms"] for r in rows):
            write_plot(args, rows, meta["cpu"], tsv, png)
            written.append(png)
        print("\n".join(lines))
        print("\nwrote " + ", ".join(written))
        return 1 if any(r["errors"] for r in rows) else 0
    except BenchError as e:
        sys.stderr.write("compiled-vs-ort: error: %s\n" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
