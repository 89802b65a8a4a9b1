//===- MemoryStats.cpp - arena and scratch figures of a compile -----------===//

#include "mnv4/Targets/MemoryStats.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace mnv4::targets {

namespace {

int64_t floatBytes(int64_t n, int64_t h, int64_t w, int64_t c) {
  return 4 * n * h * w * c;
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// The strided conv's stride: 1 when an anti-alias pool downsamples.
int64_t convStride(int64_t stride, Antialias aa) {
  return aa == Antialias::none ? stride : 1;
}

std::optional<int64_t> expandedBytes(Operation *op) {
  if (auto fib = dyn_cast<FusedIBOp>(op)) {
    // The kxk expand conv runs at the block's stride, or at stride 1 when
    // the anti-alias pool takes it.
    ArrayRef<int64_t> in = shapeOf(fib.getInput());
    int64_t s = convStride(fib.getStride(), fib.getAntialias());
    return floatBytes(in[0], (in[1] - 1) / s + 1, (in[2] - 1) / s + 1,
                      fib.getExpandedChannels());
  }
  if (auto uib = dyn_cast<UIBOp>(op)) {
    // The expand conv reads the start depthwise conv's output, which is
    // strided only when there is no mid depthwise conv.
    ArrayRef<int64_t> in = shapeOf(uib.getInput());
    int64_t s = uib.getStartFilter() && !uib.getMidFilter()
                    ? convStride(uib.getStride(), uib.getAntialias())
                    : 1;
    return floatBytes(in[0], (in[1] - 1) / s + 1, (in[2] - 1) / s + 1,
                      uib.getExpandedChannels());
  }
  return std::nullopt;
}

} // namespace

std::vector<std::optional<int64_t>> expandedTensorBytes(func::FuncOp func) {
  // The blocks as computeStats lists them.
  std::vector<std::optional<int64_t>> bytes;
  for (Operation &op : func.getBody().front())
    if (!isa<ConstOp, func::ReturnOp>(op))
      bytes.push_back(expandedBytes(&op));
  return bytes;
}

void addMemoryStats(llvm::json::Object &stats,
                    ArrayRef<std::optional<int64_t>> expandedBytes,
                    const CompiledModel &model) {
  stats["arena_bytes"] = model.arenaBytes;
  llvm::json::Array *blocks = stats.getArray("blocks");
  if (!blocks)
    return;
  for (auto [i, block] : llvm::enumerate(*blocks)) {
    llvm::json::Object *entry = block.getAsObject();
    int64_t scratch = i < model.blockScratchBytes.size()
                          ? model.blockScratchBytes[i]
                          : int64_t(-1);
    (*entry)["scratch_bytes"] = std::max<int64_t>(scratch, 0);
    if (i < expandedBytes.size() && expandedBytes[i]) {
      (*entry)["expanded_bytes"] = *expandedBytes[i];
      (*entry)["fused"] = scratch >= 0;
    }
  }
}

} // namespace mnv4::targets
