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
import struct
import subprocess
import sys

SMALL_NET = "stem c=8 / head c=16 classes=4"


def copy_as(suffix):
    """The input as a model file named *suffix."""
    def prepare(path, work, name):
        model = os.path.join(work, name + suffix)
        shutil.copyfile(path, model)
        return {"m": model}
    return prepare


def small_model(work, batch, resolution):
    """An mnv4-onnx-gen model of that input shape and an input for it."""
    model = os.path.join(work, "net-%dx%d.onnx" % (batch, resolution))
    data = os.path.join(work, "net-%dx%d.in" % (batch, resolution))
    if not os.path.exists(model):
        subprocess.run(["mnv4-onnx-gen", "-o", model, "--write-input", data,
                        "--batch", str(batch), "--res", str(resolution),
                        SMALL_NET], check=True, capture_output=True)
    return model, data


def calibration_dir(path, work, name):
    """FuzzCalibration.cpp's layout: the file alone in a directory, and a
    model of the input shape the fuzzer gave it."""
    data = open(path, "rb").read()
    if len(data) < 2:
        return None
    files = ["sample.bin", "image.png", "image.jpg", "notes.txt"]
    variants = ["conv_small_035", "conv_small", "hybrid_medium", None]
    directory = os.path.join(work, name + ".calibration")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    with open(os.path.join(directory, files[data[0] & 3]), "wb") as f:
        f.write(data[2:])
    model, _ = small_model(work, (data[1] >> 4 & 1) + 1, (data[1] & 15) + 1)
    variant = variants[data[0] >> 2 & 3]
    return {"m": model, "d": directory,
            "p": "--preprocess=" + variant if variant else "--quiet"}


def vulkan_program(path, work, name):
    """FuzzVulkanProgram.cpp's layout unpacked into a program directory."""
    data = open(path, "rb").read()
    manifest, _, rest = data.partition(b"\0")
    directory = os.path.join(work, name + ".vulkan")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    with open(os.path.join(directory, "manifest.txt"), "wb") as f:
        f.write(manifest)
    weights, written = "weights.bin", set()
    for line in manifest.decode("utf-8", "replace").splitlines():
        w = line.split()
        if len(w) == 3 and w[0] == "weights":
            weights = w[1]
        if len(w) < 2 or w[0] != "dispatch" or w[1] in written:
            continue
        if len(rest) < 4 or "/" in w[1] or w[1] in (".", "..", "manifest.txt"):
            continue
        written.add(w[1])
        (length,) = struct.unpack("<I", rest[:4])
        with open(os.path.join(directory, w[1]), "wb") as f:
            f.write(rest[4:4 + length])
        rest = rest[4 + length:]
    if "/" not in weights and weights not in written | {".", ".."}:
        with open(os.path.join(directory, weights), "wb") as f:
            f.write(rest)
    model, data_in = small_model(work, 1, 16)
    return {"m": model, "d": directory, "i": data_in}


# Fuzz target -> (how its input becomes files, commands; {m} is the model,
# {o} an output path, {d} a directory, {i} an input tensor).
TOOLS = {
    "onnx": (copy_as(".onnx"),
             [["mnv4-import", "{m}", "-o", "{o}"],
              ["mnv4-compile", "{m}", "--stats-json", "-o", "{o}"]]),
    "mlir": (copy_as(".mlir"),
             [["mnv4-compile", "{m}", "--stats-json", "-o", "{o}"]]),
    "mlirbc": (copy_as(".mlirbc"),
               [["mnv4-compile", "{m}", "--stats-json", "--emit=mlirbc",
                 "-o", "{o}"]]),
    # int8 IR: the TFLite writer and the EdgeTPU report read it.
    "mlir-int8": (copy_as(".mlir"),
                  [["mnv4-compile", "{m}", "--emit=tflite", "-o", "{o}"],
                   ["mnv4-compile", "{m}", "--edgetpu-report=json", "-o",
                    "{o}"]]),
    # The calibration image reader (mnv4-compile --calibration=DIR).
    "image": (copy_as(".png"),
              [["mnv4-preprocess-image", "{m}", "conv_small", "64", "{o}"]]),
    "calibration": (calibration_dir,
                    [["mnv4-compile", "{m}", "--quantize=int8",
                      "--calibration={d}", "--calibration-samples=4", "{p}",
                      "-o", "{o}"]]),
    # mnv4-run --vulkan-program=DIR reads the program before any device.
    "vulkan-program": (vulkan_program,
                       [["mnv4-run", "{m}", "--engine=vulkan",
                         "--vulkan-program={d}", "--input", "{i}",
                         "--output", "{o}"]]),
}
TOOLS["onnx-structure"] = TOOLS["onnx"]


def main():
    args = sys.argv[1:]
    require_error = "--require-error" in args
    inputs, work = [a for a in args if a != "--require-error"][:2]
    os.makedirs(work, exist_ok=True)
    count, failures = 0, []
    for target, (prepare, commands) in sorted(TOOLS.items()):
        directory = os.path.join(inputs, target)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            files = prepare(os.path.join(directory, name), work, name)
            count += 1
            if files is None:
                continue
            out = os.path.join(work, "out")
            for command in commands:
                if os.path.exists(out):
                    os.remove(out)
                argv = [a.format(o=out, **files) for a in command]
                run = subprocess.run(argv, capture_output=True, text=True,
                                     errors="replace", timeout=300)
                ok = (run.returncode == 0 and not require_error) or (
                    run.returncode == 1 and "error:" in run.stderr and
                    not os.path.exists(out))
                if not ok:
                    failures.append("%s/%s: %s: exit %d\n%s" % (
                        target, name, command[0], run.returncode,
                        run.stderr[-1500:]))
    for failure in failures:
        print(failure)
    print("%d inputs replayed, %d failed" % (count, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
