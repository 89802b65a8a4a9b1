//===- ReferenceProfiler.h - per-block times of the interpreter -*- C++ -*-===//
//
// Times every block of a reference-interpreter run through runFunction's
// afterOp callback: a block's time is the time since the previous op ended.
// mnv4.const ops (the interpreter materialising weights, which compiled code
// has baked in) are timed but their time is dropped.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_REFERENCEPROFILER_H
#define MNV4_TOOLS_MNV4_RUN_REFERENCEPROFILER_H

#include "Profile.h"

#include "llvm/Support/Error.h"

#include <chrono>

namespace mnv4::run {

class ReferenceProfiler : public BlockProfiler {
public:
  using BlockProfiler::BlockProfiler;

  /// runFunction's afterOp.
  void afterOp(mlir::Operation &op);

private:
  void startBlocks() override;
  llvm::Error finishBlocks() override;

  size_t next = 0;
  std::chrono::steady_clock::time_point last;
};

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_REFERENCEPROFILER_H
