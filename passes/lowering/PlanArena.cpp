//===- PlanArena.cpp - all buffers of the entry point in one arena --------===//
//
// The C ABI promises a function that allocates nothing: the caller passes one
// arena whose size the header states. Buffers that are never live at the same
// time share bytes, so the arena is close to the largest pair of live
// activations rather than their sum.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_PLANARENA
#include "passes/Passes.h.inc"

namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  unsigned begin = 0, end = 0; // top-level op indices, inclusive
  int64_t offset = 0;
};

/// Index of the top-level op of `body` that contains `op`.
unsigned topLevelIndex(Block &body, Operation *op,
                       const DenseMap<Operation *, unsigned> &index) {
  Operation *top = body.findAncestorOpInBlock(*op);
  return index.lookup(top);
}

/// Last top-level position at which `value` or a view of it is used.
unsigned lastUse(Block &body, Value value,
                 const DenseMap<Operation *, unsigned> &index) {
  unsigned last = 0;
  SmallVector<Value> work = {value};
  while (!work.empty()) {
    Value v = work.pop_back_val();
    for (Operation *user : v.getUsers()) {
      last = std::max(last, topLevelIndex(body, user, index));
      if (isa<ViewLikeOpInterface>(user) ||
          isa<memref::CollapseShapeOp>(user) ||
          isa<memref::ExpandShapeOp>(user))
        for (Value r : user->getResults())
          work.push_back(r);
    }
  }
  return last;
}

int64_t alignTo(int64_t x, int64_t a) { return (x + a - 1) / a * a; }

struct PlanArenaPass : impl::PlanArenaBase<PlanArenaPass> {
  using PlanArenaBase::PlanArenaBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (failed(plan(module, func)))
        return signalPassFailure();
    }
  }

  LogicalResult plan(ModuleOp module, func::FuncOp func) {
    Block &body = func.getBody().front();
    DenseMap<Operation *, unsigned> index;
    for (auto [i, op] : llvm::enumerate(body))
      index[&op] = i;

    SmallVector<Buffer> buffers;
    WalkResult walk = func.walk([&](memref::AllocOp alloc) {
      MemRefType type = alloc.getType();
      // Another memory (a GPU workgroup's) is not the arena's.
      if (type.getMemorySpace())
        return WalkResult::advance();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity()) {
        alloc.emitError() << "arena planning needs a static, identity-layout "
                             "buffer, not "
                          << type;
        return WalkResult::interrupt();
      }
      Buffer buf;
      buf.alloc = alloc;
      buf.bytes = type.getNumElements() *
                  llvm::divideCeil(type.getElementTypeBitWidth(), 8);
      buf.begin = topLevelIndex(body, alloc, index);
      buf.end = std::max(buf.begin, lastUse(body, alloc, index));
      buffers.push_back(buf);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();

    // Greedy: largest first, lowest offset that overlaps no placed buffer
    // with an intersecting lifetime.
    SmallVector<Buffer *> order;
    for (Buffer &b : buffers)
      order.push_back(&b);
    // Ties keep program order, so the plan is deterministic.
    llvm::sort(order, [](Buffer *a, Buffer *b) {
      return std::make_pair(-a->bytes, a) < std::make_pair(-b->bytes, b);
    });
    SmallVector<Buffer *> placed;
    int64_t arenaBytes = 0;
    for (Buffer *buf : order) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (Buffer *p : placed)
        if (!(p->end < buf->begin || buf->end < p->begin))
          busy.push_back({p->offset, p->offset + p->bytes});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + buf->bytes <= lo)
          break;
        offset = std::max(offset, alignTo(hi, alignment));
      }
      buf->offset = offset;
      arenaBytes = std::max(arenaBytes, offset + buf->bytes);
      placed.push_back(buf);
    }
    arenaBytes = alignTo(std::max<int64_t>(arenaBytes, alignment), alignment);

    // A fused block's scratch: the buffers allocated inside its band loop.
    // Per block (the loop's mnv4.block_index), each buffer counts once.
    DenseMap<Operation *, int64_t> scratch;
    SmallVector<int64_t> blockScratch;
    for (Buffer &buf : buffers) {
      bool counted = false;
      for (Operation *p = buf.alloc->getParentOp(); p && p != func;
           p = p->getParentOp()) {
        if (!p->hasAttr("mnv4.scratch_bytes"))
          continue;
        scratch[p] += buf.bytes;
        auto index = p->getAttrOfType<IntegerAttr>("mnv4.block_index");
        if (!index || counted)
          continue;
        counted = true;
        size_t i = index.getInt();
        if (blockScratch.size() <= i)
          blockScratch.resize(i + 1, -1);
        blockScratch[i] = std::max<int64_t>(blockScratch[i], 0) + buf.bytes;
      }
    }
    func.walk([&](Operation *op) {
      if (!op->hasAttr("mnv4.scratch_bytes"))
        return;
      op->setAttr(
          "mnv4.scratch_bytes",
          Builder(func.getContext()).getI64IntegerAttr(scratch.lookup(op)));
      // A tile loop without buffers of its own still marks its block fused.
      if (auto index = op->getAttrOfType<IntegerAttr>("mnv4.block_index")) {
        size_t i = index.getInt();
        if (blockScratch.size() <= i)
          blockScratch.resize(i + 1, -1);
        blockScratch[i] = std::max<int64_t>(blockScratch[i], 0);
      }
    });
    OpBuilder b(func);
    auto arenaType = MemRefType::get({arenaBytes}, b.getI8Type());
    unsigned argIndex = func.getNumArguments();
    if (failed(func.insertArgument(argIndex, arenaType, {}, func.getLoc())))
      return failure();
    Value arena = func.getArgument(argIndex);
    for (Buffer &buf : buffers) {
      b.setInsertionPoint(buf.alloc);
      Value offset =
          arith::ConstantIndexOp::create(b, buf.alloc.getLoc(), buf.offset);
      Value view =
          memref::ViewOp::create(b, buf.alloc.getLoc(), buf.alloc.getType(),
                                 arena, offset, ValueRange{});
      buf.alloc.getResult().replaceAllUsesWith(view);
      buf.alloc.erase();
    }
    SmallVector<memref::DeallocOp> deallocs;
    func.walk([&](memref::DeallocOp d) { deallocs.push_back(d); });
    for (memref::DeallocOp d : deallocs)
      d.erase();
    module->setAttr("mnv4.arena_bytes", b.getI64IntegerAttr(arenaBytes));
    if (!blockScratch.empty())
      module->setAttr("mnv4.block_scratch_bytes",
                      b.getDenseI64ArrayAttr(blockScratch));
    return success();
  }
};

} // namespace
} // namespace mnv4
