//===- CopiesToLinalg.cpp - copies the object can do without a runtime ----===//
//
// Bufferization copies padded inputs into strided subviews with memref.copy,
// which the LLVM lowering turns into a call to MLIR's `memrefCopy` runtime
// function unless both sides are contiguous. Such a copy becomes a loop over
// its contiguous rows, each a memcpy; a copy without contiguous rows becomes
// a linalg.copy (loops). Either way the object needs nothing but libc.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_COPIESTOLINALG
#include "passes/Passes.h.inc"

namespace {

/// How many trailing dimensions of `type` are laid out contiguously.
int64_t contiguousTrailingDims(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!type.hasStaticShape() ||
      failed(type.getStridesAndOffset(strides, offset)))
    return 0;
  int64_t expected = 1, dims = 0;
  for (int64_t i = type.getRank() - 1; i >= 0; --i) {
    if (strides[i] != expected && type.getDimSize(i) != 1)
      break;
    expected *= type.getDimSize(i);
    ++dims;
  }
  return dims;
}

/// Copies `src` to `dst` one contiguous row (the trailing `rowDims`
/// dimensions) at a time.
void copyByRows(OpBuilder &b, Location loc, Value src, Value dst,
                int64_t rowDims) {
  auto type = cast<MemRefType>(src.getType());
  int64_t outer = type.getRank() - rowDims;
  SmallVector<Value> ivs;
  std::function<void(OpBuilder &, int64_t)> build = [&](OpBuilder &nb,
                                                        int64_t dim) {
    if (dim == outer) {
      SmallVector<OpFoldResult> offsets, sizes,
          strides(type.getRank(), nb.getIndexAttr(1));
      for (int64_t i = 0; i < type.getRank(); ++i) {
        offsets.push_back(i < outer ? OpFoldResult(ivs[i])
                                    : OpFoldResult(nb.getIndexAttr(0)));
        sizes.push_back(nb.getIndexAttr(i < outer ? 1 : type.getDimSize(i)));
      }
      Value s =
          memref::SubViewOp::create(nb, loc, src, offsets, sizes, strides);
      Value d =
          memref::SubViewOp::create(nb, loc, dst, offsets, sizes, strides);
      memref::CopyOp::create(nb, loc, s, d);
      return;
    }
    Value lb = arith::ConstantIndexOp::create(nb, loc, 0);
    Value ub = arith::ConstantIndexOp::create(nb, loc, type.getDimSize(dim));
    Value step = arith::ConstantIndexOp::create(nb, loc, 1);
    scf::ForOp::create(nb, loc, lb, ub, step, ValueRange{},
                       [&](OpBuilder &lb2, Location, Value iv, ValueRange) {
                         ivs.push_back(iv);
                         build(lb2, dim + 1);
                         ivs.pop_back();
                         scf::YieldOp::create(lb2, loc);
                       });
  };
  build(b, 0);
}

struct CopiesToLinalgPass : impl::CopiesToLinalgBase<CopiesToLinalgPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      // A buffer copied onto itself (left by bufferization) is a no-op.
      if (copy.getSource() == copy.getTarget()) {
        copy.erase();
        continue;
      }
      auto srcType = cast<MemRefType>(copy.getSource().getType());
      auto dstType = cast<MemRefType>(copy.getTarget().getType());
      OpBuilder b(copy);
      int64_t rows = std::min(contiguousTrailingDims(srcType),
                              contiguousTrailingDims(dstType));
      if (rows == srcType.getRank()) {
        continue; // contiguous: memref.copy lowers to memcpy
      } else if (rows > 0) {
        copyByRows(b, copy.getLoc(), copy.getSource(), copy.getTarget(), rows);
      } else {
        linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(),
                               copy.getTarget());
      }
      copy.erase();
    }
  }
};

} // namespace
} // namespace mnv4
