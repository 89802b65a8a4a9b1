#!/usr/bin/env python3
"""A chain of one quantized layer as mnv4 IR, for bench/int8-emulated.sh's
per-kernel figures: float32 NHWC in, quantize, N times the layer with relu6,
float32 out (N layers so that they, not the float32 edges, take the time).

  int8-layer.py depthwise C R [N=8]    3x3 depthwise conv, stride 1, C channels
  int8-layer.py pointwise C R [N=8]    1x1 conv, C -> C channels
on an R x R input; prints the IR, and its MACs on stderr. Weights, biases
and per-channel scales are fixed pseudo-random numbers."""
import sys

kind, c, r = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
layers = int(sys.argv[4]) if len(sys.argv) > 4 else 8
state = [12345]


def rnd(lo, hi):
    state[0] = (state[0] * 1103515245 + 12345) % (1 << 31)
    return lo + (state[0] >> 8) % (hi - lo + 1)


def nest(values, shape):
    """A dense literal of `values` (row-major) in `shape`."""
    if len(shape) == 1:
        return "[" + ", ".join(str(v) for v in values) + "]"
    step = len(values) // shape[0]
    return "[" + ", ".join(nest(values[i * step:(i + 1) * step], shape[1:])
                           for i in range(shape[0])) + "]"


def scales(values):
    return "{" + ",".join(repr(v) for v in values) + "}"


sx = 0.0625
sw = [rnd(100, 999) / 131072.0 for _ in range(c)]
if kind == "depthwise":
    wshape, waxis, taps = [3, 3, c], 2, 9
    op, pad = "mnv4.qdepthwise_conv2d", "1, 1, 1, 1"
elif kind == "pointwise":
    wshape, waxis, taps = [c, 1, 1, c], 0, c
    op, pad = "mnv4.qconv2d", "0, 0, 0, 0"
else:
    sys.exit("int8-layer.py: unknown layer '%s' (depthwise or pointwise)" % kind)
w = [rnd(-127, 127) for _ in range(c * taps)]
b = [rnd(-2000, 2000) for _ in range(c)]
t = "1x%dx%dx%d" % (r, r, c)
ws = "x".join(str(d) for d in wshape)
layer = (f"  %y{{i}} = {op} %y{{j}}, %w, %b {{{{act = #mnv4.qact<relu6>, "
         f"pad = array<i64: {pad}>, strides = array<i64: 1, 1>}}}} : "
         f"(tensor<{t}x!x>, tensor<{ws}x!w>, tensor<{c}x!b>) -> tensor<{t}x!x>")
body = "\n".join(layer.format(i=i + 1, j=i) for i in range(layers))
print(f"""!x = !quant.uniform<i8:f32, {sx}:3>
!w = !quant.uniform<i8<-127:127>:f32:{waxis}, {scales(sw)}>
!b = !quant.uniform<i32:f32:0, {scales([sx * s for s in sw])}>
func.func @main(%in: tensor<{t}xf32>) -> tensor<{t}xf32> {{
  %y0 = mnv4.quantize %in : tensor<{t}xf32> -> tensor<{t}x!x>
  %w = mnv4.qconst dense<{nest(w, wshape)}> : tensor<{ws}xi8> -> tensor<{ws}x!w>
  %b = mnv4.qconst dense<{nest(b, [c])}> : tensor<{c}xi32> -> tensor<{c}x!b>
{body}
  %out = mnv4.dequantize %y{layers} : tensor<{t}x!x> -> tensor<{t}xf32>
  return %out : tensor<{t}xf32>
}}""")
sys.stderr.write("%d\n" % (layers * r * r * c * taps))
