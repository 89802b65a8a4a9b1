//===- QuantPatterns.h - the int8 op conversion patterns --------*- C++ -*-===//

#ifndef MNV4_CONVERSION_MNV4QUANTTOLINALG_QUANTPATTERNS_H
#define MNV4_CONVERSION_MNV4QUANTTOLINALG_QUANTPATTERNS_H

#include "IntegerLinalg.h"

#include "mnv4/Conversion/MNV4QuantToLinalg.h"

#include <optional>
#include <vector>

namespace mnv4::conversion {

/// The stored integers of the mnv4.qconst defining `v`, row-major; nullopt
/// when `v` has no such constant or its data is missing.
std::optional<std::vector<int8_t>> storedI8(mlir::Value v);
std::optional<std::vector<int32_t>> storedI32(mlir::Value v);

/// The weights and bias of a conv-like op, and its multipliers.
struct QuantWeights {
  std::vector<int8_t> w;
  std::vector<int32_t> bias;
  std::vector<tflite::Multiplier> mults;
};
/// nullopt (after an error on the op) when one is missing.
std::optional<QuantWeights> weightsOf(mlir::Operation *op, mlir::Value weight,
                                      mlir::Value bias);

/// A convolution's input and output parameters and its fused activation's
/// clamp range.
struct ConvQuant {
  QuantParams in, out;
  tflite::ClampRange range;
};
template <typename ConvOp> ConvQuant convQuantOf(ConvOp op) {
  QuantParams in = paramsOf(op.getInput()), out = paramsOf(op.getOutput());
  return {in, out,
          tflite::activationRange(static_cast<int>(op.getAct()), out.scale,
                                  out.zeroPoint)};
}

/// The generic FixedPoint arithmetic the options ask for.
inline HighMultiply highMultiplyOf(const QuantLoweringOptions &options) {
  return options.srdhmDivision ? HighMultiply::genericDivision
                               : HighMultiply::generic;
}

/// One pattern per op, built from a function of the op, its converted
/// operands and an IntegerLinalg at the op; a null result fails the match.
template <typename OpTy>
struct QuantLowering : mlir::OpConversionPattern<OpTy> {
  using Adaptor = typename OpTy::Adaptor;
  using LowerFn = mlir::Value (*)(OpTy, Adaptor, IntegerLinalg &,
                                  const QuantLoweringOptions &);
  QuantLowering(const mlir::TypeConverter &converter, mlir::MLIRContext *ctx,
                const QuantLoweringOptions &options, LowerFn fn)
      : mlir::OpConversionPattern<OpTy>(converter, ctx), options(options),
        fn(fn) {}

  mlir::LogicalResult
  matchAndRewrite(OpTy op, Adaptor adaptor,
                  mlir::ConversionPatternRewriter &rewriter) const override {
    IntegerLinalg builder(rewriter, op.getLoc(), highMultiplyOf(options));
    mlir::Value result = fn(op, adaptor, builder, options);
    if (!result)
      return mlir::failure();
    rewriter.replaceOp(op, result);
    return mlir::success();
  }

  QuantLoweringOptions options;
  LowerFn fn;
};

template <typename OpTy>
void addQuantLowering(const mlir::TypeConverter &converter,
                      mlir::RewritePatternSet &patterns,
                      const QuantLoweringOptions &options,
                      typename QuantLowering<OpTy>::LowerFn fn) {
  patterns.add<QuantLowering<OpTy>>(converter, patterns.getContext(), options,
                                    fn);
}

/// Fused blocks: a 1x1 (or kxk) expand, an optional depthwise conv and a 1x1
/// projection computed tile by tile of the expanded channels.
void populateQuantBlockLowerings(const mlir::TypeConverter &converter,
                                 mlir::RewritePatternSet &patterns,
                                 const QuantLoweringOptions &options);
void populateQuantKernelLowerings(const mlir::TypeConverter &converter,
                                  mlir::RewritePatternSet &patterns,
                                  const QuantLoweringOptions &options);
void populateQuantElementwiseLowerings(const mlir::TypeConverter &converter,
                                       mlir::RewritePatternSet &patterns,
                                       const QuantLoweringOptions &options);
void populateQuantSoftmaxLowering(const mlir::TypeConverter &converter,
                                  mlir::RewritePatternSet &patterns,
                                  const QuantLoweringOptions &options);
/// Mobile MQA's attention (score matmul, softmax, value matmul, with their
/// head reshapes) on tiles of query rows against the shared K and V.
void populateQuantAttentionLowering(const mlir::TypeConverter &converter,
                                    mlir::RewritePatternSet &patterns,
                                    const QuantLoweringOptions &options);

/// TFLite's int8 SOFTMAX (beta 1, input multiplier `beta`) over the last
/// axis of the i8 tensor `x`: its i8 result (scale 1/256, zero point -128).
mlir::Value softmaxLastAxis(IntegerLinalg &b, mlir::Value x,
                            tflite::Multiplier beta);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4QUANTTOLINALG_QUANTPATTERNS_H
