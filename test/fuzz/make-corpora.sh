#!/usr/bin/env bash
# Seed corpora of the fuzz targets, made by the suite's own tools:
# mnv4-onnx-gen graphs with every pattern (ONNX), their IR as text and
# bytecode, raised and generic, and int8 (mnv4-compile --quantize=int8), the
# dialect tests' IR, their Vulkan programs (--target=vulkan --emit=spirv),
# small tensor files, images and calibration directories.
#   test/fuzz/make-corpora.sh BIN_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$1
out=$2
mkdir -p "$out"/{onnx,onnx-structure,mlir,mlirbc,mlir-int8,tensor-file,image} \
  "$out"/{calibration,vulkan-program}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

specs=(
  "stem c=8 / head c=16 classes=4"
  "stem c=8 / cba k=3 s=2 c=8 / fib k=3 s=2 e=2 c=8 / head c=16 classes=4"
  "stem c=8 / fib k=3 s=2 e=2 c=8 aa=blur / uib a=3 k=3 s=2 e=2 c=8 ls aa=avg, uib a=3 k=3 s=1 e=2 c=8 ls, mqa h=2 d=8 kv=2 ls / head c=16 classes=4"
  "stem c=8 / uib a=0 k=5 s=2 m=16 c=8, uib a=3 k=0 s=1 e=2 c=8 / mqa h=2 d=8 kv=1 / head c=16 classes=4"
)
flags=("--res 16" "--res 16 --act gelu" "--res 16 --zero-bias-aliases"
  "--res 32 --opset 13")
for i in "${!specs[@]}"; do
  for j in "${!flags[@]}"; do
    name=seed$i$j
    # shellcheck disable=SC2086
    "$bin/mnv4-onnx-gen" -o "$out/onnx/$name.onnx" ${flags[$j]} "${specs[$i]}"
    cp "$out/onnx/$name.onnx" "$out/onnx-structure/"
    "$bin/mnv4-compile" "$out/onnx/$name.onnx" --emit=mlir -o "$out/mlir/$name.mlir"
    "$bin/mnv4-compile" "$out/onnx/$name.onnx" --emit=mlirbc \
      -o "$out/mlirbc/$name.mlirbc"
    "$bin/mnv4-import" "$out/onnx/$name.onnx" --raise=false \
      -o "$out/mlir/$name.generic.mlir"
    "$bin/mnv4-compile" "$out/mlir/$name.generic.mlir" --emit=mlirbc \
      -o "$out/mlirbc/$name.generic.mlirbc"
  done
  # int8, per-tensor and per-channel FC, and its bytecode; the Vulkan program.
  "$bin/mnv4-compile" "$out/onnx/seed${i}0.onnx" --quantize=int8 --quiet \
    --emit=mlir -o "$out/mlir-int8/seed$i.mlir"
  "$bin/mnv4-compile" "$out/onnx/seed${i}1.onnx" --quantize=int8 --quiet \
    --per-channel-fc --pad-zero-point-0 --calibration-method=mse \
    --emit=mlir -o "$out/mlir-int8/seed$i.pc.mlir"
  "$bin/mnv4-compile" "$out/mlir-int8/seed$i.mlir" --emit=mlirbc \
    -o "$out/mlirbc/seed$i.int8.mlirbc"
  "$bin/mnv4-compile" "$out/onnx/seed${i}0.onnx" --target=vulkan \
    --emit=spirv -o "$scratch/vulkan$i"
done
cp "$root"/test/dialect/*.mlir "$out/mlir/"
cp "$root"/test/dialect/quant*.mlir "$root"/test/tools/Inputs/int8-chain.mlir \
  "$out/mlir-int8/"

# Vulkan programs in FuzzVulkanProgram.cpp's layout: the manifest, a NUL,
# each module it names (length-prefixed), the weights.
python3 - "$scratch" "$out/vulkan-program" <<'PY'
import glob, os, struct, sys
for d in sorted(glob.glob(sys.argv[1] + "/vulkan*")):
    manifest = open(d + "/manifest.txt", "rb").read()
    data, seen = manifest + b"\0", set()
    for line in manifest.decode().splitlines():
        w = line.split()
        if w and w[0] == "dispatch" and w[1] not in seen:
            seen.add(w[1])
            module = open(os.path.join(d, w[1]), "rb").read()
            data += struct.pack("<I", len(module)) + module
        if w and w[0] == "weights":
            weights = open(os.path.join(d, w[1]), "rb").read()
    open(os.path.join(sys.argv[2], os.path.basename(d)), "wb").write(
        data + weights)
PY

# Tensor files: rank byte, dims, then float32 data (FuzzTensorFile.cpp).
python3 - "$out/tensor-file" <<'PY'
import struct, sys
seeds = {"r1": (0, [3], [1.0, -2.5, 0.0, 3.5]),
         "r2": (1, [1, 2], [0.5] * 6),
         "r4": (3, [0, 1, 1, 2], [float(i) for i in range(12)]),
         "nan": (0, [1], [float("nan"), float("inf")])}
for name, (rank, dims, values) in seeds.items():
    with open("%s/%s" % (sys.argv[1], name), "wb") as f:
        f.write(bytes([rank] + dims) + struct.pack("<%df" % len(values), *values))
PY

# Calibration images: small JPEGs and PNGs of every mode the reader converts
# (Debian's python3-pil).
/usr/bin/python3 - "$out/image" <<'PY'
import sys
from PIL import Image
d = sys.argv[1]
rgb = Image.new("RGB", (12, 8))
rgb.putdata([(x * 20, y * 30, (x * y) % 256) for y in range(8) for x in range(12)])
rgb.save(d + "/rgb.jpg", quality=80)
rgb.save(d + "/rgb-progressive.jpg", quality=60, progressive=True)
rgb.convert("L").save(d + "/gray.jpg")
rgb.save(d + "/rgb.png")
rgb.convert("L").save(d + "/gray.png")
rgb.convert("P", palette=Image.ADAPTIVE, colors=8).save(d + "/palette.png")
rgb.convert("1").save(d + "/bilevel.png")
rgb.convert("RGBA").save(d + "/rgba.png")
Image.frombytes("I;16", (12, 8), bytes(range(192))).save(d + "/gray16.png")
PY

# Calibration directories (FuzzCalibration.cpp): byte 0 the file's kind and
# the transform, byte 1 batch and resolution, then the file.
python3 - "$out/image" "$out/calibration" <<'PY'
import os, struct, sys
images, out = sys.argv[1:]
def seed(name, kind, variant, batch, res, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([kind | variant << 2, (batch - 1) << 4 | (res - 1)]) + data)
seed("bin-r4", 0, 3, 1, 4, struct.pack("<48f", *[i / 8 for i in range(48)]))
seed("bin-b2", 0, 3, 2, 2, struct.pack("<24f", *range(24)))
seed("bin-short", 0, 3, 1, 4, bytes(12))
for i, name in enumerate(sorted(os.listdir(images))):
    data = open(os.path.join(images, name), "rb").read()
    seed("image-" + name, 1 if name.endswith(".png") else 2, i % 3, 1,
         4 + i, data)
seed("no-transform", 2, 3, 1, 8, open(os.path.join(images, "rgb.jpg"), "rb").read())
seed("not-an-image", 3, 0, 1, 4, b"notes")
PY
