#!/usr/bin/env python3
"""int8 vs fp32 accuracy of mnv4's post-training quantization (docs/int8.md).

  bench/int8-accuracy.py [--build build] [--calibration N] [--evaluation N]
                         [--methods minmax,percentile,mse] [--resolution R]
                         [--inputs gaussian|images] [--images DIR]
                         [--flags='MORE MNV4-COMPILE FLAGS'] MODEL...

MODEL is a zoo name or a .onnx file. Calibration and evaluation inputs are
different: with --inputs=gaussian (default) seeded N(0,1) float32 NCHW
tensors (the shared models' inputs are N(0,1) too); with --inputs=images
seeded square crops of the photos in DIR (default: Debian's mate-backgrounds
nature photos, `apt-get install mate-backgrounds`), calibration and
evaluation crops drawn independently (different seeds) from all photos, put
through the variant's timm eval transform (mnv4-preprocess-image). For every
model and method: the int8 model's logits on the int8 reference engine
against the fp32 model's on the fp32 interpreter: mean and minimum cosine
similarity, the cosine of the logits centered on the fp32 mean over the
evaluation inputs (the part of the logits that depends on the input), top-1
agreement, and the time and peak memory of `mnv4-compile --quantize=int8`.
Prints a Markdown table.
"""
import argparse
import json
import math
import os
import random
import struct
import subprocess
import sys
import tempfile


def write_inputs(directory, count, resolution, seed):
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(seed)
    n = 3 * resolution * resolution
    paths = []
    for i in range(count):
        path = os.path.join(directory, "x%03d.bin" % i)
        with open(path, "wb") as f:
            f.write(struct.pack("<%df" % n, *(rng.gauss(0.0, 1.0) for _ in range(n))))
        paths.append(path)
    return paths


def write_crops(directory, photos, count, seed):
    """`count` seeded square crops (40-100% of the shorter side, some
    mirrored) of `photos`, as PNG files (python3-pil)."""
    from PIL import Image
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        with Image.open(photos[i % len(photos)]) as im:
            im = im.convert("RGB")
            w, h = im.size
            side = rng.randint(int(0.4 * min(w, h)), min(w, h))
            x, y = rng.randint(0, w - side), rng.randint(0, h - side)
            crop = im.crop((x, y, x + side, y + side))
            if rng.random() < 0.5:
                crop = crop.transpose(Image.FLIP_LEFT_RIGHT)
            path = os.path.join(directory, "c%03d.png" % i)
            crop.save(path)
            paths.append(path)
    return paths


def preprocess(tool, images, variant, resolution, directory):
    os.makedirs(directory, exist_ok=True)
    paths = []
    for i, image in enumerate(images):
        path = os.path.join(directory, "x%03d.bin" % i)
        subprocess.run([tool, image, variant, str(resolution), path], check=True)
        paths.append(path)
    return paths


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return [v for (v,) in struct.iter_unpack("<f", data)]


def cosine(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def top1(a):
    return max(range(len(a)), key=a.__getitem__)


def resolution_of(tool, model):
    out = subprocess.run([tool, model, "--stats-json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["resolution"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="+")
    parser.add_argument("--build", default="build")
    parser.add_argument("--calibration", type=int, default=32)
    parser.add_argument("--evaluation", type=int, default=32)
    parser.add_argument("--methods", default="minmax,percentile,mse")
    parser.add_argument("--inputs", choices=["gaussian", "images"],
                        default="gaussian")
    parser.add_argument("--images", default="/usr/share/backgrounds/mate/nature")
    parser.add_argument("--flags", default="",
                        help="more mnv4-compile flags, e.g. "
                        "--flags='--weight-rounding=gptq --bias-correction'")
    parser.add_argument("--resolution", type=int,
                        help="zoo models at this resolution (default: their own)")
    args = parser.parse_args()
    compile_tool = os.path.join(args.build, "bin", "mnv4-compile")
    run_tool = os.path.join(args.build, "bin", "mnv4-run")
    preprocess_tool = os.path.join(args.build, "bin", "mnv4-preprocess-image")
    photos = sorted(os.path.join(args.images, f) for f in os.listdir(args.images)
                    if f.lower().endswith((".jpg", ".jpeg", ".png"))) \
        if args.inputs == "images" else []
    print("| model | inputs | method | calib | eval | mean cosine | min cosine | centered cosine (mean, min) | top-1 agreement | quantize time (s) | quantize peak RSS (MiB) |")
    print("|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for model in args.models:
            name = os.path.basename(model).replace(".onnx", "")
            shape = ["--resolution=%d" % args.resolution] if args.resolution else []
            r = args.resolution or resolution_of(compile_tool, model)
            calib = os.path.join(tmp, name, "calib")
            if photos:
                write_crops(calib, photos, args.calibration, seed=1)
                evals = preprocess(preprocess_tool, write_crops(
                    os.path.join(tmp, name, "eval-images"), photos,
                    args.evaluation, seed=2), name, r,
                    os.path.join(tmp, name, "eval"))
            else:
                write_inputs(calib, args.calibration, r, seed=1)
                evals = write_inputs(os.path.join(tmp, name, "eval"), args.evaluation, r, seed=2)
            fp32 = []
            for i, x in enumerate(evals):
                out = os.path.join(tmp, name, "f%03d.out" % i)
                subprocess.run([run_tool, model, *shape, "--input", x, "--output", out], check=True)
                fp32.append(read(out))
            mean = [sum(col) / len(col) for col in zip(*fp32)]
            for method in args.methods.split(","):
                q = os.path.join(tmp, name, method + ".mlirbc")
                timed = subprocess.run(
                    ["/usr/bin/time", "-f", "%e %M", compile_tool, model, *shape,
                     "--quantize=int8", "--calibration=" + calib,
                     "--calibration-samples=%d" % args.calibration,
                     "--calibration-method=" + method, *args.flags.split(),
                     "--emit=mlirbc", "-o", q],
                    check=True, capture_output=True, text=True)
                seconds, kib = timed.stderr.strip().splitlines()[-1].split()
                cosines, centered, agree = [], [], 0
                for i, x in enumerate(evals):
                    out = os.path.join(tmp, name, "q%03d.out" % i)
                    subprocess.run([run_tool, q, "--input", x, "--output", out], check=True)
                    y = read(out)
                    cosines.append(cosine(y, fp32[i]))
                    centered.append(cosine([a - m for a, m in zip(y, mean)],
                                           [b - m for b, m in zip(fp32[i], mean)]))
                    agree += top1(y) == top1(fp32[i])
                print("| %s | %s | %s | %d | %d | %.4f | %.4f | %.4f, %.4f | %d/%d | %s | %.0f |" % (
                    name, args.inputs, " ".join([method, *args.flags.split()]),
                    args.calibration, args.evaluation,
                    sum(cosines) / len(cosines), min(cosines),
                    sum(centered) / len(centered), min(centered), agree, len(evals),
                    seconds, int(kib) / 1024.0), flush=True)


if __name__ == "__main__":
    sys.exit(main())
