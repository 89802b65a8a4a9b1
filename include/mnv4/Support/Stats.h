//===- Stats.h - per-block params, weights and MACs of mnv4 IR --*- C++ -*-===//
//
// The one place that counts: the zoo, the importer and every tool report
// through it, so a zoo model and its ONNX export print the same numbers.
// What each count means is pinned in docs/stats.md.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_SUPPORT_STATS_H
#define MNV4_SUPPORT_STATS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace mnv4 {

struct BlockStats {
  std::string kind;         ///< "conv", "fused_ib", "uib", "mqa", ...
  llvm::json::Object attrs; ///< kind-specific attributes (docs/stats.md)
  int64_t params = 0;       ///< trainable parameters as timm counts them
  int64_t weights = 0;      ///< numbers stored in the IR (after BN folding)
  int64_t macs = 0;         ///< multiply-accumulates at the IR's batch N
};

struct ModelStats {
  std::vector<BlockStats> blocks; ///< network order
  int64_t params = 0, weights = 0, macs = 0;
};

/// The entry of one op (its "name" attribute from its location); nullopt
/// for the ops that are not counted (mnv4.const, func.return).
std::optional<BlockStats> opStats(mlir::Operation *op);
/// Counts every compute op of `func` (mnv4.const and func.return excluded).
ModelStats computeStats(mlir::func::FuncOp func);

llvm::json::Value toJSON(const ModelStats &stats);
/// The tools' --stats-json object: toJSON of `func`'s stats with "model"
/// (the MODEL argument) and "resolution" (docs/stats.md section 2).
llvm::json::Object modelStatsJSON(mlir::func::FuncOp func,
                                  llvm::StringRef model);
/// The R of an NHWC `[1, R, R, C]` entry argument, if it has that form.
std::optional<int64_t> inputResolution(mlir::func::FuncOp func);
/// The human-readable per-block table with totals.
void printStatsTable(const ModelStats &stats, llvm::raw_ostream &os);

} // namespace mnv4

#endif // MNV4_SUPPORT_STATS_H
