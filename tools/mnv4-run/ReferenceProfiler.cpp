//===- ReferenceProfiler.cpp - per-block times of the interpreter ---------===//

#include "ReferenceProfiler.h"

#include "dialects/mnv4/MNV4Ops.h"

using namespace llvm;

void mnv4::run::ReferenceProfiler::startBlocks() {
  next = 0;
  last = std::chrono::steady_clock::now();
}

void mnv4::run::ReferenceProfiler::afterOp(mlir::Operation &op) {
  auto now = std::chrono::steady_clock::now();
  double micros = std::chrono::duration<double, std::micro>(now - last).count();
  last = now;
  if (!recording || isa<ConstOp>(op))
    return;
  if (next < blocks.size())
    blocks[next].micros.push_back(micros);
  ++next;
}

Error mnv4::run::ReferenceProfiler::finishBlocks() {
  if (recording && next != blocks.size())
    return createStringError("--profile timed %zu ops but the model has %zu "
                             "blocks",
                             next, blocks.size());
  return Error::success();
}
