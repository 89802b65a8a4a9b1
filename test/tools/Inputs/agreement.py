#!/usr/bin/env python3
"""Agreement of two raw float32 logit files (int8 vs fp32).

  agreement.py A.bin B.bin [--min-cosine=C] [--same-top1]

Prints "cosine=... top1=a,b" and exits 1 when the cosine similarity is below
C or (with --same-top1) the top-1 classes differ.
"""
import math
import struct
import sys


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return [v for (v,) in struct.iter_unpack("<f", data)]


def main():
    a, b = read(sys.argv[1]), read(sys.argv[2])
    options = sys.argv[3:]
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    cosine = dot / norm if norm else 0.0
    top_a = max(range(len(a)), key=a.__getitem__)
    top_b = max(range(len(b)), key=b.__getitem__)
    print("cosine=%.4f top1=%d,%d" % (cosine, top_a, top_b))
    for option in options:
        if option.startswith("--min-cosine=") and cosine < float(option[13:]):
            sys.exit(1)
        if option == "--same-top1" and top_a != top_b:
            sys.exit(1)


if __name__ == "__main__":
    main()
