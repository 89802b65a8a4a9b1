//===- Profile.h - mnv4-run --profile: the per-block cost table -*- C++ -*-===//
//
// For every block of the model (the entries of --stats-json: every op of the
// body but mnv4.const and func.return, in network order), its time in each
// timed inference, printed as a table (name, kind, MACs, median us, GFLOP/s,
// share of the total) or as JSON (docs/benchmarks.md): the per-block cost
// table a hardware-aware architecture search consumes. Engines fill the
// times through a BlockProfiler: ReferenceProfiler.h for the reference
// interpreter, CompiledProfiler.h for the compiled engine.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_PROFILE_H
#define MNV4_TOOLS_MNV4_RUN_PROFILE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
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

/// Times the blocks of one engine's runs, and each whole run.
class BlockProfiler {
public:
  explicit BlockProfiler(mlir::func::FuncOp func) : blocks(blocksOf(func)) {}
  virtual ~BlockProfiler() = default;

  /// Whether runs are recorded; off during warm-up.
  bool recording = false;

  /// Call right before an inference.
  void startRun();
  /// Call after a successful inference: fails when the run did not time
  /// every block exactly once.
  llvm::Error finishRun();

  llvm::ArrayRef<BlockTimes> times() const { return blocks; }
  /// Each recorded run's wall time, from startRun to finishRun.
  llvm::ArrayRef<double> runMicros() const { return runs; }

protected:
  virtual void startBlocks() = 0;
  virtual llvm::Error finishBlocks() = 0;

  std::vector<BlockTimes> blocks;

private:
  llvm::SmallVector<double> runs;
  std::chrono::steady_clock::time_point start;
};

/// What the profile was measured on, besides the profiler's times.
struct ProfileContext {
  std::string engine;  ///< "reference" or "compiled"
  bool probes = false; ///< a separate build with timing probes
  bool int8 = false;   ///< int8 arithmetic: the rate is GOP/s (2 per MAC)
  unsigned threads = 1;
};

/// The table: one row per block, a total row, then (given each run's wall
/// time, `runMicros`) the whole inference and the share of it the blocks
/// cover.
void printProfileTable(llvm::raw_ostream &os, llvm::ArrayRef<BlockTimes> blocks,
                       llvm::ArrayRef<double> runMicros,
                       const ProfileContext &context);

/// The same as JSON:
/// {"engine", "probes", "int8" ("gflops" then counts int8 operations),
///  "runs", "threads", "total_median_us",
///  "inference_median_us", "coverage" (both null without `runMicros`),
///  "blocks": [{"name", "kind", "macs", "median_us", "min_us", "gflops",
///  "share"}]}.
llvm::json::Value profileToJSON(llvm::ArrayRef<BlockTimes> blocks,
                                llvm::ArrayRef<double> runMicros,
                                const ProfileContext &context);

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_PROFILE_H
