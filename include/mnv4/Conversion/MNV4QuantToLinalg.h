//===- MNV4QuantToLinalg.h - int8 mnv4 ops to integer linalg ----*- C++ -*-===//
//
// Every mnv4.q* op (docs/int8.md) becomes linalg/tensor/arith ops on i8 and
// i32 tensors computing exactly what the int8 reference engine computes
// (lib/interp/int8): int32 accumulations with TFLite's requantization in the
// epilogue of the accumulating op, multipliers and folded zero-point terms
// computed at compile time. Contract: docs/int8-codegen.md.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4QUANTTOLINALG_H
#define MNV4_CONVERSION_MNV4QUANTTOLINALG_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mnv4::conversion {

/// The dot-product instructions the int8 1x1 kernels are built on.
enum class DotProduct {
  /// none: the generic vectorized kernel (i32 multiply-adds).
  none,
  /// AVX-512 VNNI vpdpbusd: 4 u8 x s8 products per i32 lane.
  avx512vnni,
  /// AVX2 vpmaddwd: 2 i16 x i16 products per i32 lane.
  avx2,
  /// AArch64 dotprod sdot: 4 s8 x s8 products per i32 lane.
  sdot,
  /// Hexagon HVX vrmpy (128-byte vectors): 4 s8 x s8 products per i32 lane.
  vrmpy,
};

/// Options of the integer lowering that depend on the target
/// (lib/targets table, int8 fields).
struct QuantLoweringOptions {
  /// Output-channel panel width of packed int8 1x1 weights
  /// (`[Co/nr][Ci][nr]`); the widest power of two <= this dividing Co.
  int64_t panelWidth = 16;
  /// Pixels per register tile of the dot-product kernel.
  int64_t rows = 4;
  DotProduct dotProduct = DotProduct::none;
  /// Compute expand -> depthwise -> projection chains (UIB / FusedIB
  /// blocks) tile by tile of their expanded channels, as the fp32
  /// lowering's channel tiles (docs/int8-codegen.md).
  bool fuseBlocks = true;
  /// Largest per-tile buffers of a fused block, in bytes (the fp32
  /// lowering's `channelTileBytes`).
  int64_t channelTileBytes = 256 * 1024;
  /// A chain is fused only when its int8 expanded tensor has more bytes
  /// than this (the target table's `int8FuseMinBytes`: below, the tensor
  /// stays in L2 unfused and fusion's per-tile kernels cost more than they
  /// save). A module attribute `mnv4.int8_fuse_min_bytes` overrides it.
  int64_t fuseMinBytes = 0;
  /// The generic SaturatingRoundingDoublingHighMul as TFLite writes it (the
  /// nudge's select and a truncating division) instead of one rounding add
  /// and shift, the same integer: LLVM 22's code for the shift form on the
  /// Hexagon scalar core (hexagonv67t) was not bit-exact on conv_small_035.
  bool srdhmDivision = false;
};

/// Quantized tensor types -> tensors of their storage type (i8, i32).
void populateQuantTypeConversion(mlir::TypeConverter &converter);

void populateMNV4QuantToLinalgPatterns(mlir::TypeConverter &converter,
                                       mlir::RewritePatternSet &patterns,
                                       const QuantLoweringOptions &options);

/// Checks that every requantization multiplier of the module's int8 ops is
/// one TFLite's 32-bit multiplier and shift represent; emits an error naming
/// the op for the first that is not.
mlir::LogicalResult checkRequantizationMultipliers(mlir::ModuleOp module);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4QUANTTOLINALG_H
