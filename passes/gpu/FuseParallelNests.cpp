//===- FuseParallelNests.cpp - one kernel from elementwise-chained loops --===//
//
// A convolution lowers to three kernels writing the same buffer: the bias as
// the accumulator's init, the convolution, the activation. Each touches the
// output only at its own point, so one GPU invocation can run all three for
// that point: one dispatch and no barrier instead of three and two.
//
//===----------------------------------------------------------------------===//

#include "FuseParallelNests.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

#include <limits>

using namespace mlir;

namespace mnv4::kernelfusion {

bool isBufferBookkeeping(Operation *op) {
  return isa<memref::ViewOp, memref::SubViewOp, memref::ExpandShapeOp,
             memref::CollapseShapeOp, memref::GetGlobalOp, memref::CastOp,
             arith::ConstantOp, mlir::gpu::LaunchOp, func::ReturnOp>(op);
}

namespace {

struct Access {
  Value memref;
  bool write = false;
  SmallVector<Value> indices;
};

/// The buffer a memref views and the bytes of it the view may cover.
struct Root {
  Value base;
  int64_t begin = 0, end = std::numeric_limits<int64_t>::max();
};

Root rootOf(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto sv = dyn_cast<memref::SubViewOp>(def))
      v = sv.getSource();
    else if (auto ex = dyn_cast<memref::ExpandShapeOp>(def))
      v = ex.getSrc();
    else if (auto co = dyn_cast<memref::CollapseShapeOp>(def))
      v = co.getSrc();
    else if (auto cast = dyn_cast<memref::CastOp>(def))
      v = cast.getSource();
    else if (auto view = dyn_cast<memref::ViewOp>(def)) {
      Root root{view.getSource()};
      auto shift = view.getByteShift().getDefiningOp<arith::ConstantIndexOp>();
      MemRefType type = view.getType();
      if (shift && type.hasStaticShape()) {
        root.begin = shift.value();
        root.end = root.begin +
                   type.getNumElements() * (type.getElementTypeBitWidth() / 8);
      }
      return root;
    } else
      break;
  }
  return Root{v};
}

/// Distinct entry arguments are distinct buffers (the ABI's restrict);
/// views of one buffer alias when their byte ranges overlap.
bool mayAlias(Value a, Value b) {
  if (a == b)
    return true;
  Root ra = rootOf(a), rb = rootOf(b);
  return ra.base == rb.base && ra.begin < rb.end && rb.begin < ra.end;
}

Value stripIdentityApply(Value v) {
  if (auto apply = v.getDefiningOp<affine::AffineApplyOp>())
    if (apply.getAffineMap().isIdentity() && apply.getNumOperands() == 1)
      return apply.getOperand(0);
  return v;
}

bool atPoint(const Access &a, ValueRange ivs) {
  if (a.indices.size() != ivs.size())
    return false;
  for (auto [index, iv] : llvm::zip(a.indices, ivs))
    if (stripIdentityApply(index) != iv)
      return false;
  return true;
}

/// Every load and store in `nest`; false if another op touches memory.
bool collectAccesses(scf::ParallelOp nest, SmallVector<Access> &accesses) {
  WalkResult result = nest.getBody()->walk([&](Operation *op) {
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      accesses.push_back({load.getMemRef(), false, load.getIndices()});
      return WalkResult::advance();
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      accesses.push_back({store.getMemRef(), true, store.getIndices()});
      return WalkResult::advance();
    }
    if (llvm::any_of(op->getOperandTypes(), llvm::IsaPred<MemRefType>))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !result.wasInterrupted();
}

bool sameSpace(scf::ParallelOp a, scf::ParallelOp b) {
  auto constants = [](ValueRange values) {
    SmallVector<int64_t> out;
    for (Value v : values) {
      auto c = v.getDefiningOp<arith::ConstantIndexOp>();
      if (!c)
        return SmallVector<int64_t>();
      out.push_back(c.value());
    }
    return out;
  };
  SmallVector<int64_t> la = constants(a.getLowerBound()),
                       ua = constants(a.getUpperBound()),
                       sa = constants(a.getStep());
  return !ua.empty() && la == constants(b.getLowerBound()) &&
         ua == constants(b.getUpperBound()) && sa == constants(b.getStep());
}

bool canFuse(scf::ParallelOp first, scf::ParallelOp second) {
  if (!sameSpace(first, second))
    return false;
  SmallVector<Access> a, b;
  if (!collectAccesses(first, a) || !collectAccesses(second, b))
    return false;
  for (const Access &x : a)
    for (const Access &y : b) {
      if (!(x.write || y.write) || !mayAlias(x.memref, y.memref))
        continue;
      if (x.memref != y.memref || !atPoint(x, first.getInductionVars()) ||
          !atPoint(y, second.getInductionVars()))
        return false;
    }
  return true;
}

} // namespace

unsigned fuseParallelNests(Block &block,
                           llvm::DenseMap<Operation *, std::string> &tags) {
  unsigned merged = 0;
  scf::ParallelOp previous;
  for (Operation &op : llvm::make_early_inc_range(block)) {
    auto nest = dyn_cast<scf::ParallelOp>(&op);
    if (!nest) {
      // A launch already made (a fused block) runs between the two nests.
      if (!isBufferBookkeeping(&op) || isa<gpu::LaunchOp>(op))
        previous = nullptr;
      continue;
    }
    if (previous && canFuse(previous, nest)) {
      // The earlier body goes first in the later loop: the values it uses
      // are defined before it, so they dominate the later loop too.
      OpBuilder builder(nest.getBody(), nest.getBody()->begin());
      IRMapping map;
      map.map(previous.getInductionVars(), nest.getInductionVars());
      for (Operation &inner : previous.getBody()->without_terminator())
        builder.clone(inner, map);
      tags[nest] = tags[previous] + "+" + tags[nest];
      tags.erase(previous);
      previous.erase();
      ++merged;
    }
    previous = nest;
  }
  return merged;
}

Value viewedBuffer(Value v) { return rootOf(v).base; }

void sinkConstants(RewriterBase &rewriter, gpu::LaunchOp launchOp) {
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

} // namespace mnv4::kernelfusion
