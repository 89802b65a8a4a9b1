#!/usr/bin/env python3
"""Structured fuzzing of the importer: decodes an ONNX file to protobuf text,
applies small random edits (attribute values, dims, element types, input and
output names, op types, deleted lines), re-encodes and imports each variant.
Every run must exit 0 or 1 (never crash) and leave no output file on error.

usage: mutate_onnx.py MODEL.onnx ONNX_PROTO MNV4_IMPORT WORKDIR ITERATIONS
"""
import os
import random
import re
import subprocess
import sys

OPS = ["Relu", "Conv", "Add", "Mul", "Reshape", "Transpose", "MatMul",
       "Identity", "Pad", "Softmax", "Gemm", "Flatten", "Unsqueeze",
       "Squeeze", "Slice", "Concat", "Cast", "ConstantOfShape", "Shape",
       "Gather", "AveragePool", "GlobalAveragePool", "BatchNormalization",
       "Div", "Erf"]


def protoc(mode, proto, data):
    inc = os.path.dirname(os.path.dirname(proto))
    return subprocess.run(["protoc", "--%s=onnx.ModelProto" % mode,
                           "-I" + inc, proto], input=data,
                          capture_output=True)


def mutate(lines, rng):
    lines = list(lines)
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(lines))
        line = lines[i]
        num = re.search(r"(ints|i|dim_value|int64_data|data_type|elem_type|"
                        r"dims|version): (-?\d+)", line)
        if num and rng.random() < 0.7:
            value = rng.choice([-1, 0, 1, 2, 3, 5, 7, -9, 100000])
            lines[i] = line[:num.start(2)] + str(value) + line[num.end(2):]
        elif re.match(r"\s*(input|output): ", line):
            lines[i] = re.sub(r'"[^"]*"', '"%s"' % rng.choice(
                ["", "x", "input"]), line)
        elif re.match(r"\s*op_type:", line):
            lines[i] = re.sub(r'"[^"]*"', '"%s"' % rng.choice(OPS), line)
        else:
            del lines[i]
    return lines


def main():
    model, proto, tool, work, iterations = sys.argv[1:6]
    text = protoc("decode", proto, open(model, "rb").read()).stdout
    lines = text.decode().split("\n")
    rng = random.Random(7)
    counts = {0: 0, 1: 0}
    mutated, out = os.path.join(work, "mutated.onnx"), os.path.join(
        work, "mutated.mlir")
    for it in range(int(iterations)):
        enc = protoc("encode", proto, "\n".join(mutate(lines, rng)).encode())
        if enc.returncode != 0:
            continue
        open(mutated, "wb").write(enc.stdout)
        if os.path.exists(out):
            os.remove(out)
        r = subprocess.run([tool, mutated, "-o", out], capture_output=True)
        if r.returncode not in (0, 1):
            sys.exit("iteration %d: exit code %d\n%s" % (
                it, r.returncode, r.stderr.decode()[-2000:]))
        if r.returncode == 1 and (os.path.exists(out) or
                                  b"error: " not in r.stderr):
            sys.exit("iteration %d: failed without an error or left %s" % (
                it, out))
        counts[r.returncode] += 1
    print("imported %d, rejected %d" % (counts[0], counts[1]))


if __name__ == "__main__":
    main()
