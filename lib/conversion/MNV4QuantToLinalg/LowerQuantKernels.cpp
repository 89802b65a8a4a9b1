//===- LowerQuantKernels.cpp - CONV_2D, DEPTHWISE, FC, BATCH_MATMUL -------===//
//
// The accumulating int8 ops: an i32 accumulation of int8 products whose
// requantization (TFLite's MultiplyByQuantizedMultiplier, the output zero
// point, the fused activation's clamp) is the `activation` epilogue the
// tiling fuses into the kernel's register tile, so the i32 accumulator never
// reaches memory. The input zero point is folded at compile time:
//   sum_taps w * (x - z_in) + bias = sum_taps w * x + (bias - z_in sum_taps w)
// is the same integer (mod 2^32, as the reference's int32 arithmetic); the
// padding reads z_in, whose taps then cancel as TFLite's skipped ones.
//
//===----------------------------------------------------------------------===//

#include "DotProductKernel.h"
#include "QuantPatterns.h"

#include "lib/conversion/MNV4ToLinalg/LinalgBuilders.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"

using namespace mlir;

namespace mnv4::conversion {
namespace {

int64_t panelWidthFor(int64_t co, int64_t widest) {
  int64_t nr = 1;
  while (nr * 2 <= widest && co % (nr * 2) == 0)
    nr *= 2;
  return nr;
}

/// A 1x1 convolution or FC as a matmul on int8 weights packed in panels
/// `[Co/nr][Ci][nr]`: `x2` is `[M, Ci]`, `w` row-major `[Co][Ci]`.
Value pointwise(IntegerLinalg &b, Value x2, ArrayRef<int8_t> w,
                ArrayRef<int32_t> bias, int32_t zIn,
                ArrayRef<tflite::Multiplier> mults, QuantParams out,
                tflite::ClampRange range, ArrayRef<int64_t> outShape,
                const QuantLoweringOptions &options) {
  int64_t co = static_cast<int64_t>(bias.size());
  int64_t ci = static_cast<int64_t>(w.size()) / co;
  int64_t m = shapeOfValue(x2)[0];
  // On dot products: the pixels as one row of an image.
  if (Value y = dotProductConv(b, b.reshape(x2, {1, 1, m, ci}), {0, 0, 0, 0},
                               ConvWeights{w, 1, 1, bias, mults}, 1, zIn,
                               out.zeroPoint, range, {1, 1, m, co}, options))
    return b.reshape(y, outShape);
  int64_t nr = panelWidthFor(co, options.panelWidth);
  std::vector<int32_t> folded = foldInputOffset(bias, w, ci, ci, 1, zIn);
  Value biasPanel = b.constant({co / nr, nr}, folded, "qbias");
  Value init = b.broadcast({m, co / nr, nr}, biasPanel);
  Value acc = b.pointwiseProduct(x2,
                                 b.constant({co / nr, ci, nr},
                                            packPanels<int8_t>(w, co, ci, nr),
                                            "qpacked_1x1"),
                                 init);
  Value y = b.requantize(acc, mults, {co / nr, nr}, out.zeroPoint, range);
  y = tensor::CollapseShapeOp::create(
      b.builder(), b.location(), y,
      SmallVector<ReassociationIndices>{{0}, {1, 2}});
  return b.reshape(y, outShape);
}

Value lowerConv2D(QConv2DOp op, QConv2DOp::Adaptor a, IntegerLinalg &b,
                  const QuantLoweringOptions &options) {
  std::optional<QuantWeights> wt = weightsOf(op, op.getFilter(), op.getBias());
  if (!wt)
    return {};
  auto [in, out, range] = convQuantOf(op);
  ArrayRef<int64_t> fs = shapeOfValue(op.getFilter()); // OHWI
  int64_t co = fs[0], kh = fs[1], kw = fs[2], ci = fs[3];
  ArrayRef<int64_t> outShape = shapeOfValue(op.getOutput());
  bool unitStride =
      llvm::all_of(op.getStrides(), [](int64_t s) { return s == 1; });
  bool noPad = llvm::all_of(op.getPad(), [](int64_t p) { return p == 0; });
  if (kh == 1 && kw == 1 && unitStride && noPad) {
    ArrayRef<int64_t> xs = shapeOfValue(a.getInput());
    Value x2 = b.reshape(a.getInput(), {xs[0] * xs[1] * xs[2], ci});
    return pointwise(b, x2, wt->w, wt->bias, in.zeroPoint, wt->mults, out,
                     range, outShape, options);
  }
  if (op.getStrides()[0] == op.getStrides()[1])
    if (Value y = dotProductConv(
            b, a.getInput(), op.getPad(),
            ConvWeights{wt->w, kh, kw, wt->bias, wt->mults}, op.getStrides()[0],
            in.zeroPoint, out.zeroPoint, range, outShape, options))
      return y;
  Value xp = b.padHW(a.getInput(), op.getPad(), in.zeroPoint);
  int64_t taps = kh * kw * ci;
  std::vector<int32_t> folded =
      foldInputOffset(wt->bias, wt->w, taps, taps, 1, in.zeroPoint);
  // OHWI -> HWCF, the layout whose convolution decomposes into 1-D ones.
  std::vector<int8_t> hwcf(wt->w.size());
  for (int64_t o = 0; o < co; ++o)
    for (int64_t t = 0; t < taps; ++t)
      hwcf[t * co + o] = wt->w[o * taps + t];
  Value init = b.broadcast(outShape, b.constant({co}, folded, "qbias"));
  Value acc = b.conv(xp, b.constant({kh, kw, ci, co}, hwcf, "qconv_hwcf"), init,
                     op.getStrides());
  return b.requantize(acc, wt->mults, {co}, out.zeroPoint, range);
}

Value lowerDepthwise(QDepthwiseConv2DOp op, QDepthwiseConv2DOp::Adaptor a,
                     IntegerLinalg &b, const QuantLoweringOptions &) {
  std::optional<QuantWeights> wt = weightsOf(op, op.getFilter(), op.getBias());
  if (!wt)
    return {};
  auto [in, out, range] = convQuantOf(op);
  ArrayRef<int64_t> fs = shapeOfValue(op.getFilter()); // HWC
  int64_t c = fs[2];
  std::vector<int32_t> folded =
      foldInputOffset(wt->bias, wt->w, fs[0] * fs[1], 1, c, in.zeroPoint);
  Value xp = b.padHW(a.getInput(), op.getPad(), in.zeroPoint);
  Value init = b.broadcast(shapeOfValue(op.getOutput()),
                           b.constant({c}, folded, "qbias"));
  Value acc =
      b.depthwise(xp, b.constant(fs, ArrayRef<int8_t>(wt->w), "qdw_filter"),
                  init, op.getStrides());
  return b.requantize(acc, wt->mults, {c}, out.zeroPoint, range);
}

Value lowerFullyConnected(QFullyConnectedOp op, QFullyConnectedOp::Adaptor a,
                          IntegerLinalg &b,
                          const QuantLoweringOptions &options) {
  std::optional<QuantWeights> wt = weightsOf(op, op.getWeight(), op.getBias());
  if (!wt)
    return {};
  QuantParams in = paramsOf(op.getInput()), out = paramsOf(op.getOutput());
  int64_t depth = shapeOfValue(op.getWeight())[1];
  int64_t elements = 1;
  for (int64_t d : shapeOfValue(a.getInput()))
    elements *= d;
  Value x2 = b.reshape(a.getInput(), {elements / depth, depth});
  return pointwise(b, x2, wt->w, wt->bias, in.zeroPoint, wt->mults, out,
                   tflite::ClampRange{}, shapeOfValue(op.getOutput()), options);
}

/// `[.., n, k] x [.., k, m]` with numpy-broadcast batch dims, as
/// `sum (a - z_a)(b - z_b)` in i32, then requantized.
Value lowerBatchMatMul(QBatchMatMulOp op, QBatchMatMulOp::Adaptor a,
                       IntegerLinalg &b, const QuantLoweringOptions &) {
  FailureOr<std::vector<tflite::Multiplier>> mults =
      quantizedMultipliers(op.getOperation());
  if (failed(mults))
    return {};
  ArrayRef<int64_t> resultShape = shapeOfValue(op.getOutput());
  Value init = b.fill(resultShape, b.builder().getI32Type(), 0);
  int32_t za = paramsOf(op.getLhs()).zeroPoint;
  int32_t zb = paramsOf(op.getRhs()).zeroPoint;
  Value mm = buildBatchMatmul(
      b.builder(), b.location(), a.getLhs(), a.getRhs(), init,
      [&](OpBuilder &nb, Location nloc, Value x, Value y, Value acc) {
        FixedPoint fp(nb, nloc);
        return fp.add(acc, fp.mul(fp.sub(fp.toI32(x), fp.i32(za)),
                                  fp.sub(fp.toI32(y), fp.i32(zb))));
      });
  return b.requantize(mm, *mults, {}, paramsOf(op.getOutput()).zeroPoint,
                      tflite::ClampRange{});
}

} // namespace

void populateQuantKernelLowerings(const TypeConverter &converter,
                                  RewritePatternSet &patterns,
                                  const QuantLoweringOptions &options) {
  addQuantLowering<QConv2DOp>(converter, patterns, options, lowerConv2D);
  addQuantLowering<QDepthwiseConv2DOp>(converter, patterns, options,
                                       lowerDepthwise);
  addQuantLowering<QFullyConnectedOp>(converter, patterns, options,
                                      lowerFullyConnected);
  addQuantLowering<QBatchMatMulOp>(converter, patterns, options,
                                   lowerBatchMatMul);
}

} // namespace mnv4::conversion
