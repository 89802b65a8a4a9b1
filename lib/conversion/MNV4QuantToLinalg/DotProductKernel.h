//===- DotProductKernel.h - int8 convs on dot-product instructions -------===//
//
// The int8 convolutions (1x1, fully connected, kxk; not depthwise) as an
// explicit register tile of output pixels x channels around x86's dot
// product instructions, which the generic vectorizer does not form:
// AVX-512 VNNI `vpdpbusd` (4 u8 x s8 products per i32 lane; the activations
// offset by 128 to unsigned, the offset's 128 sum(w) folded into the bias)
// or AVX2 `vpmaddwd` (2 i16 x i16 products per lane, both sign-extended).
// Weights are packed at compile time in groups of 4 (2) input channels per
// output lane. The requantization runs on the accumulators in registers; a
// fused block's projection instead adds its tile of input channels to an
// i32 accumulator (LowerQuantBlocks.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4QUANTTOLINALG_DOTPRODUCTKERNEL_H
#define MNV4_CONVERSION_MNV4QUANTTOLINALG_DOTPRODUCTKERNEL_H

#include "IntegerLinalg.h"

#include "mnv4/Conversion/MNV4QuantToLinalg.h"

#include <optional>
#include <vector>

namespace mnv4::conversion {

/// A convolution's weights and requantization.
struct ConvWeights {
  llvm::ArrayRef<int8_t> ohwi; // [Co][KH][KW][Ci]
  int64_t kh = 1, kw = 1;
  llvm::ArrayRef<int32_t> bias;
  llvm::ArrayRef<tflite::Multiplier> mults;
};

/// One instruction family: `lanes` i32 accumulators per vector, each summing
/// `group` products per instruction.
struct DotIsa {
  int64_t lanes;
  int64_t group;
  bool unsignedActivations; // vpdpbusd: u8 x s8
  bool i16Operands;         // vpmaddwd: the int8 values sign-extended
  bool accumulates;         // the intrinsic takes the accumulator
  bool wordOperands;        // HVX: the byte vectors passed as i32 vectors
  const char *intrinsic;
  /// The instruction requantization's high multiply uses on its vectors.
  HighMultiply highMultiply = HighMultiply::generic;

  /// What the bias absorbs per unit of sum(w): z_in, plus 128 when the
  /// activations are read as unsigned.
  int32_t inputOffset(int32_t zIn) const {
    return zIn + (unsignedActivations ? 128 : 0);
  }
};

/// The target's dot product, or nullopt (`none`).
std::optional<DotIsa> dotIsaOf(DotProduct dot);

/// The panel width of `co` output channels (the widest power of two up to
/// `panelWidth` dividing it), or 0 when it is narrower than one vector.
int64_t dotPanelWidth(const DotIsa &isa, int64_t co, int64_t panelWidth);

/// Weights packed for the kernel, appended to `i8` (or, with i16 operands,
/// `i16`): `[Co/nr][KH*KW*ceil(Ci/g)][nr*g]` of a `[Co][KH*KW][Ci]` weight,
/// the input channels padded with zero weights to a multiple of the group.
struct DotPacking {
  std::vector<int8_t> i8;
  std::vector<int16_t> i16;
  void append(const DotIsa &isa, llvm::ArrayRef<int8_t> ohwi, int64_t co,
              int64_t taps, int64_t ci, int64_t nr);
  mlir::Value constant(IntegerLinalg &b, const DotIsa &isa,
                       llvm::ArrayRef<int64_t> shape) const;
};

/// One dot-product convolution: `xp` is the padded input (channels a
/// multiple of the group), `weights` `[Co/nr][KH*KW*steps][nr*g]`. The
/// accumulators start from `bias` (`[Co]` i32, folded) or from `acc`
/// (`[N, OH, OW, Co]` i32); with `requant` they become the i8 result
/// (written into `out` when given), else the i32 sums are returned (in
/// place of `acc`). With both `bias` and `acc`, the bias is the start
/// where the index `tile` is 0 (the first tile of a fused block, whose
/// `acc` holds nothing yet).
struct DotConv {
  mlir::Value xp, weights;
  int64_t kh = 1, kw = 1, stride = 1, nr = 0;
  mlir::Value bias, acc, tile;
  const RequantConstants *requant = nullptr;
  int32_t zOut = 0;
  tflite::ClampRange range;
  mlir::Value out;
};
mlir::Value emitDotConv(IntegerLinalg &b, const DotIsa &isa, const DotConv &c,
                        llvm::ArrayRef<int64_t> outShape, int64_t rows);

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
