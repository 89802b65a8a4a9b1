//===- ChannelTiles.h - a block computed tile by tile of expanded channels ===//
//
// UIB/FusedIB fusion: an scf.for over tiles of the block's expanded
// channels. Each iteration expands its tile of channels over the whole
// image (bias and activation), runs the middle depthwise conv on it (per
// channel: no halo), and accumulates the projection into the block's
// output, `out[M, Co] += tile[M, ct] * W2[ct, Co]`; the projection bias is
// the accumulator's initial value. The expanded tensor only ever exists one
// tile at a time. The weights are packed at compile time so that each tile
// reads slices of constants. Contract: docs/lowering.md ("Block fusion").
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4TOLINALG_CHANNELTILES_H
#define MNV4_CONVERSION_MNV4TOLINALG_CHANNELTILES_H

#include "LinalgBuilders.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include <vector>

namespace mnv4::conversion {

/// Tags a block's tile loop with `mnv4.scratch_bytes` (PlanArena replaces
/// the estimate with the bytes allocated in the loop; the body's
/// LinalgBuilder allocates its tensors there: `allocateHere`).
void markScratch(mlir::scf::ForOp loop, int64_t scratchBytes);

/// The tile of expanded channels: the largest multiple of `align` that
/// divides `expanded`, is smaller than it, and whose per-tile buffers
/// (`bytesPerChannel` per channel) fit in `budgetBytes`, else the smallest
/// one; never one whose buffers exceed `capBytes`. When no multiple of
/// `align` is under the cap, the same with `align / 2`, ... down to 8; 0
/// when none is.
int64_t chooseChannelTile(int64_t expanded, int64_t align,
                          int64_t bytesPerChannel, int64_t budgetBytes,
                          int64_t capBytes);

/// A weight read one tile of `tile` channels at a time: `packed` holds the
/// tiles contiguously where it is a constant, `bias` is `[expanded]` or null.
struct TiledWeight {
  mlir::Value packed;
  mlir::Value bias;
  int64_t tile = 0;
  int64_t nr = 1; // 1x1 weights: the output-channel panel width
};

/// Packs a 1x1 expand (`[E, 1, 1, Ci]`), a depthwise filter (`[K, K, E]`,
/// as `[E/tile][K][K][tile]`) or a full kxk filter (`[E, K, K, Ci]`, as
/// `[E/tile][K][K][Ci][tile]`) at compile time, outside the tile loop.
TiledWeight tilePointwise(LinalgBuilder &b, mlir::Value filter,
                          mlir::Value bias, int64_t tile);
TiledWeight tileDepthwise(LinalgBuilder &b, mlir::Value filter,
                          mlir::Value bias, int64_t tile);
TiledWeight tileConv(LinalgBuilder &b, mlir::Value filter, mlir::Value bias,
                     int64_t tile);

/// Tile `t` (an index) of a layer: `act(x * W[:, tile t] + bias)` for each
/// kind of weight. `pointwiseTile` reads `[..., Ci]`; `depthwiseTile` pads
/// `[N, H, W, tile]` by (K-1)/2; `convTile` reads an already padded input.
mlir::Value pointwiseTile(LinalgBuilder &b, mlir::Value x, const TiledWeight &w,
                          mlir::Value t, Activation act);
mlir::Value depthwiseTile(LinalgBuilder &b, mlir::Value x, const TiledWeight &w,
                          mlir::Value t, int64_t stride, Activation act);
mlir::Value convTile(LinalgBuilder &b, mlir::Value xp, const TiledWeight &w,
                     mlir::Value t, int64_t stride, Activation act);

/// The loop of a channel-tiled block, whatever its element types: an
/// `scf.for` over `tiles` tiles carrying the projection's accumulator (and
/// whatever else the caller needs) from `inits`; `body(builder, loc, t,
/// carried)` returns tile t's new values. The loop is tagged with
/// `scratchBytes` (markScratch).
mlir::scf::ForOp buildTileLoop(
    mlir::OpBuilder &b, mlir::Location loc, int64_t tiles,
    mlir::ValueRange inits, int64_t scratchBytes,
    llvm::function_ref<llvm::SmallVector<mlir::Value>(
        mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::ValueRange)>
        body);

/// The compile-time layouts of tiled weights, for any element type:
/// a `[Co, E]` 1x1 projection as `[E/tile][Co/nr][tile][nr]` (each tile of
/// expanded channels one contiguous block of panels), and a `[K*K, E]`
/// depthwise filter as `[E/tile][K*K][tile]`.
template <typename T>
std::vector<T> packProjectionTiles(llvm::ArrayRef<T> w, int64_t co, int64_t e,
                                   int64_t tile, int64_t nr) {
  std::vector<T> p(w.size());
  int64_t panels = co / nr;
  for (int64_t c = 0; c < co; ++c)
    for (int64_t k = 0; k < e; ++k)
      p[(((k / tile) * panels + c / nr) * tile + k % tile) * nr + c % nr] =
          w[c * e + k];
  return p;
}
template <typename T>
std::vector<T> packDepthwiseTiles(llvm::ArrayRef<T> w, int64_t taps, int64_t e,
                                  int64_t tile) {
  std::vector<T> p(w.size());
  for (int64_t k = 0; k < taps; ++k)
    for (int64_t c = 0; c < e; ++c)
      p[((c / tile) * taps + k) * tile + c % tile] = w[k * e + c];
  return p;
}

/// `scf.for` over the `expanded / tile` tiles: `body(builder, t)` returns
/// tile t's `[N, Ho, Wo, tile]` input of the projection, which is
/// accumulated into `[N, Ho, Wo, Co]` (initialized with `projectBias`). The
/// loop is tagged with `scratchBytes`.
mlir::Value buildChannelTiles(
    LinalgBuilder &b, int64_t expanded, int64_t tile, mlir::Value projectFilter,
    mlir::Value projectBias, llvm::ArrayRef<int64_t> outShape,
    int64_t scratchBytes,
    llvm::function_ref<mlir::Value(LinalgBuilder &, mlir::Value)> body);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4TOLINALG_CHANNELTILES_H
