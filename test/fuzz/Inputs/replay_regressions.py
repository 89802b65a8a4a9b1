#!/usr/bin/env python3
"""Replays the fuzzers' regression inputs (test/fuzz/Inputs/<target>/*)
through the tools that read that kind of file. Every run must exit 0, or 1
with an "error:" and no output file; a signal or any other exit fails.
Prints "N inputs replayed". With --require-error (how bench/fuzz.sh
sorts what its fuzzers found) exit 0 fails too: the input crashed a fuzzer,
so a tool must reject it.

usage: replay_regressions.py [--require-error] INPUTS_DIR WORK_DIR
"""
import os
import shutil
import subprocess
import sys

# Fuzz target -> (suffix the tools dispatch on, commands; {m} is the model,
# {o} an output path).
TOOLS = {
    "onnx": (".onnx", [["mnv4-import", "{m}", "-o", "{o}"],
                       ["mnv4-compile", "{m}", "--stats-json", "-o", "{o}"]]),
    "mlir": (".mlir", [["mnv4-compile", "{m}", "--stats-json", "-o", "{o}"]]),
    "mlirbc": (".mlirbc", [["mnv4-compile", "{m}", "--stats-json",
                            "--emit=mlirbc", "-o", "{o}"]]),
    # The calibration image reader (mnv4-compile --calibration=DIR).
    "image": (".png", [["mnv4-preprocess-image", "{m}", "conv_small", "64",
                        "{o}"]]),
}
TOOLS["onnx-structure"] = TOOLS["onnx"]


def main():
    args = sys.argv[1:]
    require_error = "--require-error" in args
    inputs, work = [a for a in args if a != "--require-error"][:2]
    os.makedirs(work, exist_ok=True)
    count, failures = 0, []
    for target, (suffix, commands) in sorted(TOOLS.items()):
        directory = os.path.join(inputs, target)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            model = os.path.join(work, name + suffix)
            out = os.path.join(work, "out")
            shutil.copyfile(os.path.join(directory, name), model)
            for command in commands:
                if os.path.exists(out):
                    os.remove(out)
                argv = [a.format(m=model, o=out) for a in command]
                run = subprocess.run(argv, capture_output=True, text=True,
                                     errors="replace", timeout=300)
                ok = (run.returncode == 0 and not require_error) or (
                    run.returncode == 1 and "error:" in run.stderr and
                    not os.path.exists(out))
                if not ok:
                    failures.append("%s/%s: %s: exit %d\n%s" % (
                        target, name, command[0], run.returncode,
                        run.stderr[-1500:]))
            count += 1
    for failure in failures:
        print(failure)
    print("%d inputs replayed, %d failed" % (count, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
