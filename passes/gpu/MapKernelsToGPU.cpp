//===- MapKernelsToGPU.cpp - each kernel of the entry point -> gpu.launch -===//
//
// The GPU half of the shared lowering starts where the CPU one plans its
// arena: every kernel is a linalg op on memrefs (views into the one arena,
// the caller's buffers, constant globals). Each becomes loops, and each loop
// nest one launch whose invocations cover its parallel iteration space.
//
//===----------------------------------------------------------------------===//

#include "FuseParallelNests.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_MAPKERNELSTOGPU
#include "passes/Passes.h.inc"

namespace {

constexpr int64_t kMaxGroupsPerDim = 65535; // Vulkan's guaranteed minimum

std::optional<int64_t> constantIndex(Value v) {
  if (auto c = v.getDefiningOp<arith::ConstantIndexOp>())
    return c.value();
  return std::nullopt;
}

/// Replaces every scf.parallel nested in `root` by a nest of scf.for (inside a
/// kernel, the invocation runs them sequentially).
void sequentializeNestedParallels(IRRewriter &rewriter, Operation *root) {
  SmallVector<scf::ParallelOp> nested;
  root->walk([&](scf::ParallelOp p) { nested.push_back(p); });
  for (scf::ParallelOp p : llvm::reverse(nested)) {
    rewriter.setInsertionPoint(p);
    IRMapping map;
    Block *body = p.getBody();
    for (auto [lb, ub, step, iv] :
         llvm::zip(p.getLowerBound(), p.getUpperBound(), p.getStep(),
                   body->getArguments())) {
      auto loop = scf::ForOp::create(rewriter, p.getLoc(), lb, ub, step);
      map.map(iv, loop.getInductionVar());
      rewriter.setInsertionPoint(loop.getBody()->getTerminator());
    }
    for (Operation &op : body->without_terminator())
      rewriter.clone(op, map);
    rewriter.eraseOp(p);
  }
}

/// Reorders the loops of `op` (generalizing a named op if needed) so that
/// every parallel dimension comes before every reduction: the parallel space
/// becomes one scf.parallel, the invocations, around the reductions.
LogicalResult parallelDimensionsFirst(IRRewriter &rewriter,
                                      linalg::LinalgOp &op) {
  SmallVector<unsigned> order;
  for (bool parallel : {true, false})
    for (auto [i, type] : llvm::enumerate(op.getIteratorTypesArray()))
      if ((type == utils::IteratorType::parallel) == parallel)
        order.push_back(i);
  if (llvm::equal(order, llvm::seq<unsigned>(0, order.size())))
    return success();
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic) {
    FailureOr<linalg::GenericOp> g = linalg::generalizeNamedOp(rewriter, op);
    if (failed(g))
      return failure();
    generic = *g;
  }
  FailureOr<linalg::GenericOp> reordered =
      linalg::interchangeGenericOp(rewriter, generic, order);
  if (failed(reordered))
    return failure();
  op = *reordered;
  return success();
}

struct MapKernelsToGPUPass
    : public impl::MapKernelsToGPUBase<MapKernelsToGPUPass> {
  using MapKernelsToGPUBase::MapKernelsToGPUBase;

  /// The loop nest `root` (an scf.parallel, or a loop without parallel
  /// dimensions) -> one gpu.launch.
  LogicalResult launch(IRRewriter &rewriter, Operation *root,
                       StringRef kernelTag) {
    Location loc = root->getLoc();
    SmallVector<int64_t> lbs, counts, steps;
    auto parallel = dyn_cast<scf::ParallelOp>(root);
    if (parallel) {
      for (auto [lb, ub, step] :
           llvm::zip(parallel.getLowerBound(), parallel.getUpperBound(),
                     parallel.getStep())) {
        std::optional<int64_t> l = constantIndex(lb), u = constantIndex(ub),
                               s = constantIndex(step);
        if (!l || !u || !s || *s <= 0)
          return root->emitError("a kernel loop without static bounds cannot "
                                 "be mapped to a fixed dispatch");
        lbs.push_back(*l);
        steps.push_back(*s);
        counts.push_back(std::max<int64_t>(0, (*u - *l + *s - 1) / *s));
      }
    }
    int64_t points = 1;
    for (int64_t c : counts)
      points *= c;
    int64_t wg = workgroupSize;
    int64_t groups = std::max<int64_t>(1, (points + wg - 1) / wg);
    int64_t gy = (groups + kMaxGroupsPerDim - 1) / kMaxGroupsPerDim;
    int64_t gx = (groups + gy - 1) / gy;

    rewriter.setInsertionPoint(root);
    auto idx = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, v);
    };
    Value one = idx(1);
    auto launchOp = gpu::LaunchOp::create(rewriter, loc, idx(gx), idx(gy), one,
                                          idx(wg), one, one);
    Block &body = launchOp.getBody().front();
    rewriter.setInsertionPointToStart(&body);
    gpu::KernelDim3 block = launchOp.getBlockIds();
    gpu::KernelDim3 thread = launchOp.getThreadIds();
    // linear = (by * gx + bx) * wg + tx
    Value linear = arith::AddIOp::create(
        rewriter, loc,
        arith::MulIOp::create(
            rewriter, loc,
            arith::AddIOp::create(
                rewriter, loc,
                arith::MulIOp::create(rewriter, loc, block.y, idx(gx)),
                block.x),
            idx(wg)),
        thread.x);
    Value inRange = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::ult, linear, idx(points));
    auto guard = scf::IfOp::create(rewriter, loc, inRange,
                                   /*withElseRegion=*/false);
    // Outlining keeps the body, not the launch's attributes.
    guard->setAttr("mnv4.kernel", rewriter.getStringAttr(kernelTag));
    gpu::TerminatorOp::create(rewriter, loc);

    rewriter.setInsertionPoint(guard.thenBlock()->getTerminator());
    IRMapping map;
    if (parallel) {
      // Delinearize, innermost dimension fastest (consecutive invocations
      // touch consecutive channels of NHWC tensors).
      Value rest = linear;
      SmallVector<Value> ivs(counts.size());
      for (int64_t d = counts.size() - 1; d >= 0; --d) {
        Value count = idx(counts[d]);
        Value pos = d == 0 ? rest
                           : arith::RemUIOp::create(rewriter, loc, rest, count)
                                 .getResult();
        if (d > 0)
          rest = arith::DivUIOp::create(rewriter, loc, rest, count);
        ivs[d] = arith::AddIOp::create(
            rewriter, loc,
            arith::MulIOp::create(rewriter, loc, pos, idx(steps[d])),
            idx(lbs[d]));
      }
      for (auto [iv, value] :
           llvm::zip(parallel.getBody()->getArguments(), ivs))
        map.map(iv, value);
      for (Operation &op : parallel.getBody()->without_terminator())
        rewriter.clone(op, map);
    } else {
      rewriter.clone(*root, map);
    }
    rewriter.eraseOp(root);
    sequentializeNestedParallels(rewriter, launchOp);
    kernelfusion::sinkConstants(rewriter, launchOp);
    return success();
  }

  LogicalResult mapFunction(func::FuncOp func) {
    IRRewriter rewriter(func.getContext());
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp c) { copies.push_back(c); });
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                  copy.getTarget());
    }

    Block &entry = func.getBody().front();
    SmallVector<Operation *> topLevel;
    for (Operation &op : entry)
      topLevel.push_back(&op);
    DenseMap<Operation *, std::string> tags;
    for (Operation *op : topLevel) {
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (!linalgOp)
        continue;
      if (!linalgOp.hasPureBufferSemantics())
        return op->emitError("expected a bufferized linalg op");
      std::string tag = op->getName().stripDialect().str();
      if (auto attr = op->getAttrOfType<StringAttr>("mnv4.kernel"))
        tag = attr.str();
      // The loops go between the ops before and after the kernel.
      Operation *before = op->getPrevNode(), *after = op->getNextNode();
      rewriter.setInsertionPoint(op);
      if (failed(parallelDimensionsFirst(rewriter, linalgOp)))
        return op->emitError("cannot order this kernel's loops");
      if (failed(linalg::linalgOpToParallelLoops(rewriter, linalgOp)))
        return linalgOp->emitError("cannot lower this kernel to loops");
      rewriter.eraseOp(linalgOp);
      for (Operation *o = before ? before->getNextNode() : &entry.front();
           o != after; o = o->getNextNode())
        if (isa<scf::ParallelOp, scf::ForOp>(o))
          tags[o] = tag;
    }
    if (fuseElementwise)
      kernelfusion::fuseParallelNests(entry, tags);
    for (Operation &op : llvm::make_early_inc_range(entry))
      if (isa<scf::ParallelOp, scf::ForOp>(op) &&
          failed(launch(rewriter, &op, tags.lookup(&op))))
        return failure();
    for (Operation &op : entry)
      if (!kernelfusion::isBufferBookkeeping(&op))
        return op.emitError("this op would run on the host between "
                            "dispatches: only buffer views may stay there");
    return success();
  }

  void runOnOperation() override {
    if (workgroupSize <= 0) {
      getOperation().emitError("workgroup-size must be positive");
      return signalPassFailure();
    }
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && failed(mapFunction(func)))
        return signalPassFailure();
  }
};

} // namespace
} // namespace mnv4
