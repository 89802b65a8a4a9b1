//===- MapKernelsToGPU.cpp - each kernel of the entry point -> gpu.launch -===//
//
// The GPU half of the shared lowering starts where the CPU one plans its
// arena: every kernel is a linalg op on memrefs (views into the one arena,
// the caller's buffers, constant globals). Each becomes loops, and each loop
// nest one launch whose invocations cover its parallel iteration space.
//
//===----------------------------------------------------------------------===//

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

/// Ops that may stay on the host: they only name bytes of a buffer.
bool isBufferBookkeeping(Operation *op) {
  return isa<memref::ViewOp, memref::SubViewOp, memref::ExpandShapeOp,
             memref::CollapseShapeOp, memref::GetGlobalOp, memref::CastOp,
             arith::ConstantOp, gpu::LaunchOp, func::ReturnOp>(op);
}

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

/// Clones the constants a launch uses into it, so that only buffers become
/// kernel arguments (descriptor bindings).
void sinkConstants(IRRewriter &rewriter, gpu::LaunchOp launchOp) {
  Region &body = launchOp.getBody();
  DenseMap<Operation *, Value> clones;
  rewriter.setInsertionPointToStart(&body.front());
  body.walk([&](Operation *op) {
    for (OpOperand &use : op->getOpOperands()) {
      auto constant = use.get().getDefiningOp<arith::ConstantOp>();
      if (!constant || body.isAncestor(constant->getParentRegion()))
        continue;
      Value &clone = clones[constant];
      if (!clone)
        clone = rewriter.clone(*constant)->getResult(0);
      use.set(clone);
    }
  });
}

struct MapKernelsToGPUPass
    : public impl::MapKernelsToGPUBase<MapKernelsToGPUPass> {
  using MapKernelsToGPUBase::MapKernelsToGPUBase;

  /// The loop nest `root` (an scf.parallel, or a loop without parallel
  /// dimensions) -> one gpu.launch.
  LogicalResult launch(IRRewriter &rewriter, Operation *root,
                       StringAttr kernelTag) {
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
    if (kernelTag)
      guard->setAttr("mnv4.kernel", kernelTag);
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
    sinkConstants(rewriter, launchOp);
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
    for (Operation *op : topLevel) {
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (!linalgOp)
        continue;
      if (!linalgOp.hasPureBufferSemantics())
        return op->emitError("expected a bufferized linalg op");
      auto tag = op->getAttrOfType<StringAttr>("mnv4.kernel");
      if (isa<linalg::CopyOp>(op))
        tag = rewriter.getStringAttr("copy");
      else if (isa<linalg::FillOp>(op) && !tag)
        tag = rewriter.getStringAttr("fill");
      else if (!tag)
        tag = rewriter.getStringAttr(op->getName().stripDialect());
      // The loops go between the ops before and after the kernel.
      Operation *before = op->getPrevNode(), *after = op->getNextNode();
      rewriter.setInsertionPoint(op);
      if (failed(linalg::linalgOpToParallelLoops(rewriter, linalgOp)))
        return op->emitError("cannot lower this kernel to loops");
      rewriter.eraseOp(op);
      SmallVector<Operation *> nests;
      for (Operation *o = before ? before->getNextNode() : &entry.front();
           o != after; o = o->getNextNode())
        if (isa<scf::ParallelOp, scf::ForOp>(o))
          nests.push_back(o);
      for (Operation *nest : nests)
        if (failed(launch(rewriter, nest, tag)))
          return failure();
    }
    for (Operation &op : entry)
      if (!isBufferBookkeeping(&op))
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
