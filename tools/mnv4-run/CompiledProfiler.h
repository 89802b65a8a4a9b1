//===- CompiledProfiler.h - per-block times of compiled code ----*- C++ -*-===//
//
// The compiled engine's --profile: the model is compiled with a probe
// between blocks (mnv4-insert-profile-probes), which calls the runtime's
// mnv4_profile_mark (runtime/Profile.h) on the calling thread; a block's
// time is the time between its two marks. The probes run between blocks, so
// a block's parallel tiles (on any thread) all lie between them.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_COMPILEDPROFILER_H
#define MNV4_TOOLS_MNV4_RUN_COMPILEDPROFILER_H

#include "Profile.h"

#include <cstdint>

namespace mnv4::run {

class CompiledProfiler : public BlockProfiler {
public:
  /// `func` is the model before it is compiled.
  explicit CompiledProfiler(mlir::func::FuncOp func)
      : BlockProfiler(func), stamps(blocks.size() + 1) {}

private:
  void startBlocks() override;
  llvm::Error finishBlocks() override;

  std::vector<uint64_t> stamps; ///< mark i's time, ns
};

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_COMPILEDPROFILER_H
