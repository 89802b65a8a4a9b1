"""Input and expected output of srdhm-corners.mlir (both NCHW float32).

  srdhm-corners.py input IN.bin      the 192 (a, m) pairs of the corner values
  srdhm-corners.py check OUT.bin     exit 1 naming the first wrong pair
"""
import struct
import sys

MIN, MAX = -(1 << 31), (1 << 31) - 1
A = [MIN, MIN + 1, MAX, MAX - 1, -1, 0, 1, 1 << 30, -(1 << 30), 0x12345678,
     -0x12345678, 0xFFFF, -0x10000, 0x7FFF8000, -0x7FFF8001, 46341]
M = [MIN, MAX, MAX - 1, 1 << 30, (1 << 30) + 1, 1431655765, 0x7FFF0001,
     1518500250, -1, 1, 0, -(1 << 30)]
PAIRS = [(a, m) for a in A for m in M]  # 192 = 8 x 24 pixels
H, W, C = 4, 8, 24


def srdhm(a, m, saturate):
    """TFLite's SaturatingRoundingDoublingHighMul (gemmlowp)."""
    if saturate and a == m == MIN:
        return MAX
    p = a * m
    nudge = (1 << 30) if p >= 0 else 1 - (1 << 30)
    q = abs(p + nudge) // (1 << 31) * (1 if p + nudge >= 0 else -1)
    return (q + (1 << 31)) % (1 << 32) - (1 << 31)  # i64 -> i32 truncation


def nchw(fields):
    """fields(h, a, m) for every (h, w, c) -> floats in NCHW order."""
    out = [0.0] * (H * W * C)
    for i, (a, m) in enumerate(PAIRS):
        w, c = divmod(i, C)
        for h in range(H):
            out[(c * H + h) * W + w] = float(fields(h, a, m))
    return out


def halves(v):
    return [v >> 16, v & 0xFFFF]


if sys.argv[1] == "input":
    data = nchw(lambda h, a, m: (halves(a) + halves(m))[h])
    open(sys.argv[2], "wb").write(struct.pack("<%df" % len(data), *data))
else:
    want = nchw(lambda h, a, m: halves(srdhm(a, m, h >= 2))[h % 2])
    got = struct.unpack("<%df" % len(want), open(sys.argv[2], "rb").read())
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            c, rest = divmod(i, H * W)
            h, w_ = divmod(rest, W)
            a, m = PAIRS[w_ * C + c]
            sys.exit("wrong at a=%d m=%d (h=%d): got %r, want %r" % (a, m, h, g, w))
    print("srdhm: %d pairs exact" % len(PAIRS))
