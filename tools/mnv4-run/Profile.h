//===- Profile.h - mnv4-run --profile: the per-block cost table -*- C++ -*-===//
//
// For every block of the model (the entries of --stats-json: every op of the
// body but mnv4.const and func.return, in network order), its time in each
// timed inference, printed as a table (name, kind, MACs, median us, GFLOP/s,
// share of the total) or as JSON (docs/benchmarks.md): the per-block cost
// table a hardware-aware architecture search consumes. Engines fill the
// times; ReferenceProfiler.h does it for the reference interpreter.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_PROFILE_H
#define MNV4_TOOLS_MNV4_RUN_PROFILE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mnv4::run {

/// One block and its time in each timed inference.
struct BlockTimes {
  std::string name; ///< the block's name, or "#<index>" when it has none
  std::string kind; ///< as --stats-json's "kind"
  int64_t macs = 0;
  llvm::SmallVector<double> micros; ///< one entry per timed inference
};

/// The blocks of `func` with no times yet, in network order.
std::vector<BlockTimes> blocksOf(mlir::func::FuncOp func);

/// The table: one row per block, then a total row.
void printProfileTable(llvm::raw_ostream &os, llvm::ArrayRef<BlockTimes> blocks,
                       unsigned threads);

/// The same as JSON:
/// {"runs", "threads", "total_median_us", "blocks": [{"name", "kind", "macs",
///  "median_us", "min_us", "gflops", "share"}]}.
llvm::json::Value profileToJSON(llvm::ArrayRef<BlockTimes> blocks,
                                unsigned threads);

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_PROFILE_H
