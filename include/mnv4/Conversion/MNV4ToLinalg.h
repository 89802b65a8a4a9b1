//===- MNV4ToLinalg.h - mnv4 ops to linalg on tensors -----------*- C++ -*-===//
//
// Every mnv4 op becomes linalg/tensor/arith/math ops on tensors. Weights stay
// constants; 1x1 weights are packed at compile time into the panel layout the
// pointwise kernels read. Contract: docs/lowering.md.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4TOLINALG_H
#define MNV4_CONVERSION_MNV4TOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace mnv4::conversion {

/// How a fused UIB/FusedIB block is cut (docs/lowering.md, "Block fusion").
enum class FuseStrategy {
  /// Channel tiles where a tile smaller than the expanded channels exists,
  /// else row bands.
  automatic,
  /// Row bands only (with their halo).
  rows,
};

/// Options of the lowering that depend on the target (lib/targets table).
struct LoweringOptions {
  /// Output-channel panel width of packed 1x1 weights (`[Co/nr][Ci][nr]`);
  /// the widest power of two <= this that divides Co is used.
  int64_t panelWidth = 16;
  /// Compute UIB / FusedIB blocks band by band of output rows, so the
  /// expanded tensor exists one band (plus its halo) at a time.
  bool fuseBlocks = true;
  /// Blocks whose expanded tensor is smaller stay unfused: it stays in L2
  /// and banding would only add halo work (cpu-codegen-notes.md §5).
  int64_t fuseMinBytes = 2 << 20;
  FuseStrategy fuseStrategy = FuseStrategy::automatic;
  /// Largest per-tile buffers of a channel-tiled block, in bytes.
  int64_t channelTileBytes = 256 * 1024;
  /// Largest expanded band, in bytes (the band buffer should stay in L2).
  int64_t bandBytes = 256 * 1024;
  /// Batch-1 Mobile MQA on score tiles (an scf.for around its kernels);
  /// off: whole score and value contractions (a target whose kernels must
  /// form a static dispatch list, Vulkan).
  bool scoreTiles = true;
  /// Softmax's exp as a polynomial in plain arithmetic (the CPU vectorizer
  /// keeps it in vectors); off: math.exp (a GPU has one, and a shader
  /// compiler may reassociate the polynomial's rounding trick away).
  bool polynomialExp = true;
};

/// The attribute that carries a block's index (its position in
/// --stats-json's blocks) from the mnv4 op to the tile loops (ops tagged
/// `mnv4.scratch_bytes`) its lowering builds; mnv4-plan-arena sums their
/// buffers per block.
inline constexpr llvm::StringLiteral kBlockIndexAttr = "mnv4.block_index";

void populateMNV4ToLinalgPatterns(mlir::RewritePatternSet &patterns,
                                  const LoweringOptions &options);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4TOLINALG_H
