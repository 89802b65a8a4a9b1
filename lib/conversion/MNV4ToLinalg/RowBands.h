//===- RowBands.h - a block computed band by band of output rows -*- C++
//-*-===//
//
// UIB/FusedIB fusion: the block's output rows are produced by an scf.for over
// bands; each iteration computes its band from the input rows it needs, so
// the expanded tensor only ever exists one band (plus halo) at a time.
// Contract: docs/lowering.md ("Block fusion").
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4TOLINALG_ROWBANDS_H
#define MNV4_CONVERSION_MNV4TOLINALG_ROWBANDS_H

#include "LinalgBuilders.h"

namespace mnv4::conversion {

/// How a block's input rows map to its output bands.
struct BandGeometry {
  int64_t outRows = 0;      // Ho
  int64_t bandRows = 0;     // B, divides Ho
  int64_t inStride = 1;     // input rows advanced per output row
  int64_t inBandRows = 0;   // input rows one band reads (with halo)
  int64_t padTop = 0;       // zero rows above the input
  int64_t padLeftRight = 0; // zero columns on each side of the input
};

/// Picks the band height: the largest divisor of Ho whose per-band buffers
/// (`bytesPerBandRow(inRows)` for a band reading `inRows` input rows) stay
/// under the budget, preferring bands whose pixel count a 7- or 8-row
/// register tile divides.
BandGeometry chooseBands(int64_t outRows, int64_t inStride, int64_t kernel,
                         int64_t pad, int64_t budgetBytes,
                         llvm::function_ref<int64_t(int64_t)> bandBytes,
                         llvm::function_ref<int64_t(int64_t)> tilePixels);

/// `scf.for` over the bands of `geometry`: `body(builder, firstOutRow,
/// inputBand)` returns the band's output `[N, B, Wo, Co]`, where
/// `inputBand` is the `[N, inBandRows, W + 2 padLeftRight, C]` slice of the
/// zero-padded input. The loop is tagged with `scratchBytes`.
mlir::Value buildRowBands(
    LinalgBuilder &b, mlir::Value input, const BandGeometry &geometry,
    llvm::ArrayRef<int64_t> outShape, int64_t scratchBytes,
    llvm::function_ref<mlir::Value(LinalgBuilder &, mlir::Value, mlir::Value)>
        body);

/// Zeroes the elements of an `[N, R, Wp, C]` band that lie outside the
/// `H x W` image, where band row i is image row `rowOrigin + i - pad` and
/// band column j is image column `j - pad` (the depthwise conv's zero
/// padding, in the expanded domain).
mlir::Value maskOutsideImage(LinalgBuilder &b, mlir::Value band,
                             mlir::Value rowOrigin, int64_t pad, int64_t h,
                             int64_t w);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4TOLINALG_ROWBANDS_H
