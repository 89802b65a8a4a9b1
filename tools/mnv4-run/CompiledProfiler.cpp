//===- CompiledProfiler.cpp - per-block times of compiled code ------------===//

#include "CompiledProfiler.h"

#include "runtime/Profile.h"

using namespace llvm;

void mnv4::run::CompiledProfiler::startBlocks() {
  mnv4_profile_begin(stamps.data(), static_cast<int32_t>(stamps.size()));
}

Error mnv4::run::CompiledProfiler::finishBlocks() {
  int32_t marks = mnv4_profile_end();
  if (marks != static_cast<int32_t>(stamps.size()))
    return createStringError("--profile: the compiled code made %d probe "
                             "calls but the model has %zu blocks (%zu "
                             "expected)",
                             marks, blocks.size(), stamps.size());
  if (!recording)
    return Error::success();
  for (auto [i, block] : llvm::enumerate(blocks))
    block.micros.push_back((stamps[i + 1] - stamps[i]) / 1e3);
  return Error::success();
}
