//===- ReferenceProfiler.h - per-block times of the interpreter -*- C++ -*-===//
//
// Times every block of a reference-interpreter run through runFunction's
// afterOp callback: an op's time is the time since the previous op ended, a
// block's the sum over its ops (mnv4::blockSpans). mnv4.const ops (the
// interpreter materialising weights, which compiled code has baked in) are
// timed but their time is dropped.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_REFERENCEPROFILER_H
#define MNV4_TOOLS_MNV4_RUN_REFERENCEPROFILER_H

#include "Profile.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"

#include <chrono>

namespace mnv4::run {

class ReferenceProfiler : public BlockProfiler {
public:
  explicit ReferenceProfiler(mlir::func::FuncOp func);

  /// runFunction's afterOp.
  void afterOp(mlir::Operation &op);

private:
  void startBlocks() override;
  llvm::Error finishBlocks() override;

  llvm::DenseMap<mlir::Operation *, size_t> blockOf; ///< blocks' ops
  std::vector<double> current; ///< this run's time per block, us
  size_t timedOps = 0;
  std::chrono::steady_clock::time_point last;
};

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_REFERENCEPROFILER_H
