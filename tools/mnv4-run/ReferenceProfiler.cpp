//===- ReferenceProfiler.cpp - per-block times of the interpreter ---------===//

#include "ReferenceProfiler.h"

#include "mnv4/Support/SourceBlocks.h"

using namespace llvm;

mnv4::run::ReferenceProfiler::ReferenceProfiler(mlir::func::FuncOp func)
    : BlockProfiler(func) {
  for (auto [i, span] : llvm::enumerate(blockSpans(func)))
    for (mlir::Operation *op : span.ops)
      blockOf[op] = i;
}

void mnv4::run::ReferenceProfiler::startBlocks() {
  current.assign(blocks.size(), 0.0);
  timedOps = 0;
  last = std::chrono::steady_clock::now();
}

void mnv4::run::ReferenceProfiler::afterOp(mlir::Operation &op) {
  auto now = std::chrono::steady_clock::now();
  double micros = std::chrono::duration<double, std::micro>(now - last).count();
  last = now;
  auto it = blockOf.find(&op);
  if (it == blockOf.end())
    return;
  current[it->second] += micros;
  ++timedOps;
}

Error mnv4::run::ReferenceProfiler::finishBlocks() {
  if (timedOps != blockOf.size())
    return createStringError("--profile timed %zu ops but the model's blocks "
                             "have %zu",
                             timedOps, blockOf.size());
  if (recording)
    for (auto [block, micros] : llvm::zip(blocks, current))
      block.micros.push_back(micros);
  return Error::success();
}
