//===- RegisterAccumulators.cpp - reductions accumulate in registers ------===//
//
// A reduction lowered to loops reads and writes its output element on every
// step (`acc = load out[i]; store acc + x, out[i]` with `i` fixed in the
// loop). A shader compiler cannot keep that element in a register: another
// binding may alias it. This pass does, where nothing else in the loop
// touches that buffer: the element is loaded once before the loop, carried
// as an iter_arg and stored once after it. Innermost loops first, so a
// convolution's three reduction loops become one register accumulator.
// Besides the memory traffic, this is what keeps the accumulation in f32
// when the buffers hold f16 (mnv4-gpu-f16-storage).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_REGISTERACCUMULATORS
#include "passes/Passes.h.inc"

namespace {

/// A load/store pair of one element at loop-invariant indices, directly in
/// the body of `loop`, where nothing else in the loop touches the buffer.
struct Accumulator {
  memref::LoadOp load;
  memref::StoreOp store;
};

std::optional<Accumulator> findAccumulator(scf::ForOp loop) {
  Block *body = loop.getBody();
  for (Operation &op : *body) {
    auto store = dyn_cast<memref::StoreOp>(&op);
    if (!store)
      continue;
    Value buffer = store.getMemRef();
    auto invariant = [&](Value v) { return loop.isDefinedOutsideOfLoop(v); };
    if (!invariant(buffer) || !llvm::all_of(store.getIndices(), invariant))
      continue;
    memref::LoadOp load;
    bool clean = true;
    for (Operation *user : buffer.getUsers()) {
      if (user == store || !loop->isAncestor(user))
        continue;
      auto l = dyn_cast<memref::LoadOp>(user);
      if (load || !l || l->getBlock() != body ||
          !llvm::equal(l.getIndices(), store.getIndices()) ||
          !l->isBeforeInBlock(store)) {
        clean = false;
        break;
      }
      load = l;
    }
    // Another view of the same bytes inside the loop would alias it.
    loop.walk([&](Operation *nested) {
      if (isa<ViewLikeOpInterface>(nested))
        clean = false;
    });
    if (clean && load)
      return Accumulator{load, store};
  }
  return std::nullopt;
}

/// `loop` with the accumulator as an iter_arg: loaded before, stored after.
scf::ForOp promote(IRRewriter &rewriter, scf::ForOp loop, Accumulator acc) {
  rewriter.setInsertionPoint(loop);
  Value buffer = acc.store.getMemRef();
  SmallVector<Value> indices(acc.store.getIndices());
  Value init =
      memref::LoadOp::create(rewriter, acc.load.getLoc(), buffer, indices);
  Value stored = acc.store.getValueToStore();
  FailureOr<LoopLikeOpInterface> grown = loop.replaceWithAdditionalYields(
      rewriter, ValueRange{init}, /*replaceInitOperandUsesInLoop=*/false,
      [&](OpBuilder &, Location, ArrayRef<BlockArgument>) {
        return SmallVector<Value>{stored};
      });
  auto newLoop = cast<scf::ForOp>(grown->getOperation());
  Value carried = newLoop.getRegionIterArgs().back();
  rewriter.replaceAllUsesWith(acc.load.getResult(), carried);
  rewriter.eraseOp(acc.load);
  rewriter.eraseOp(acc.store);
  rewriter.setInsertionPointAfter(newLoop);
  memref::StoreOp::create(rewriter, newLoop.getLoc(),
                          newLoop.getResults().back(), buffer, indices);
  return newLoop;
}

struct RegisterAccumulatorsPass
    : public impl::RegisterAccumulatorsBase<RegisterAccumulatorsPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<scf::ForOp> loops;
    // Post-order: inner loops first, so their hoisted load/store become the
    // outer loop's accumulator.
    getOperation()->walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops)
      while (std::optional<Accumulator> acc = findAccumulator(loop))
        loop = promote(rewriter, loop, *acc);
  }
};

} // namespace
} // namespace mnv4
