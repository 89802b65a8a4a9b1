//===- DotProductKernel.h - int8 1x1 convs on dot-product instructions ----===//
//
// The int8 convolutions (1x1, fully connected, kxk; not depthwise) as an
// explicit register tile of output pixels x channels around x86's dot
// product instructions, which the generic vectorizer does not form:
// AVX-512 VNNI `vpdpbusd` (4 u8 x s8 products per i32 lane; the activations
// offset by 128 to unsigned, the offset's 128 sum(w) folded into the bias)
// or AVX2 `vpmaddwd` (2 i16 x i16 products per lane, both sign-extended).
// Weights are packed at compile time in groups of 4 (2) input channels per
// output lane. The requantization runs on the accumulators in registers.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4QUANTTOLINALG_DOTPRODUCTKERNEL_H
#define MNV4_CONVERSION_MNV4QUANTTOLINALG_DOTPRODUCTKERNEL_H

#include "IntegerLinalg.h"

#include "mnv4/Conversion/MNV4QuantToLinalg.h"

namespace mnv4::conversion {

/// A convolution's weights and requantization.
struct ConvWeights {
  llvm::ArrayRef<int8_t> ohwi; // [Co][KH][KW][Ci]
  int64_t kh = 1, kw = 1;
  llvm::ArrayRef<int32_t> bias;
  llvm::ArrayRef<tflite::Multiplier> mults;
};

/// `[N, OH, OW, Co]` i8 = requantize(conv(x, w) + bias - z_in sum(w)) of
/// `x` `[N, H, W, Ci]` padded by `pad` (reading z_in); null when the target
/// has no dot product or Co has no panel of at least one vector. Ci that is
/// not a multiple of the group is padded with z_in (and zero weights).
mlir::Value dotProductConv(IntegerLinalg &b, mlir::Value x,
                           llvm::ArrayRef<int64_t> pad, const ConvWeights &w,
                           int64_t stride, int32_t zIn, int32_t zOut,
                           tflite::ClampRange range,
                           llvm::ArrayRef<int64_t> outShape,
                           const QuantLoweringOptions &options);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4QUANTTOLINALG_DOTPRODUCTKERNEL_H
