//===- PadIntoProducer.cpp - padded buffers written in place --------------===//
//
// tensor.pad bufferizes as a fill of the whole padded buffer plus a copy of
// the source into it. Rewritten as a bordered tensor.empty and an
// insert_slice, the producer of the source writes the interior directly once
// eliminate-empty-tensors has run: only the border is written twice.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_PADINTOPRODUCER
#include "passes/Passes.h.inc"

namespace {

/// The tensor.empty that `value`'s producer chain writes into (following
/// destination-style inits, scf.forall shared outputs and scf.for iter_args),
/// if it is in `block`.
tensor::EmptyOp rootEmpty(Value value, Block *block) {
  while (auto result = dyn_cast<OpResult>(value)) {
    Operation *op = result.getOwner();
    if (op->getBlock() != block)
      return nullptr;
    if (auto empty = dyn_cast<tensor::EmptyOp>(op))
      return empty;
    if (auto forall = dyn_cast<scf::ForallOp>(op))
      value = forall.getTiedOpOperand(result)->get();
    else if (auto loop = dyn_cast<scf::ForOp>(op))
      value = loop.getTiedLoopInit(result)->get();
    else if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
      value = dps.getTiedOpOperand(result)->get();
    else
      return nullptr;
  }
  return nullptr;
}

/// The padding value when it is defined outside the pad's region.
Value constantPaddingValue(tensor::PadOp pad) {
  Value v = pad.getConstantPaddingValue();
  if (!v || pad.getRegion().isAncestor(v.getParentRegion()))
    return nullptr;
  return v;
}

LogicalResult rewritePad(tensor::PadOp pad) {
  auto srcType = cast<RankedTensorType>(pad.getSourceType());
  RankedTensorType type = pad.getResultType();
  Value padValue = constantPaddingValue(pad);
  if (!padValue || !type.hasStaticShape() || !srcType.hasStaticShape() ||
      pad.getNofold())
    return failure();
  SmallVector<int64_t> low(pad.getStaticLow()), high(pad.getStaticHigh());
  if (ShapedType::isDynamicShape(low) || ShapedType::isDynamicShape(high))
    return failure();

  OpBuilder b(pad);
  tensor::EmptyOp root = rootEmpty(pad.getSource(), pad->getBlock());
  // The padding value must exist where the bordered buffer is made.
  Operation *padDef = padValue.getDefiningOp();
  if (root && padDef && padDef->getBlock() == root->getBlock() &&
      !padDef->isBeforeInBlock(root))
    root = nullptr;
  if (root)
    b.setInsertionPoint(root);
  Location loc = pad.getLoc();
  int64_t rank = type.getRank();
  Value padded =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  SmallVector<int64_t> ones(rank, 1);
  auto fillStrip = [&](int64_t dim, int64_t offset, int64_t size) {
    SmallVector<int64_t> offsets(rank, 0), sizes(type.getShape());
    offsets[dim] = offset;
    sizes[dim] = size;
    // A slice of the padded buffer, not an empty tensor of its own: two
    // identical strips (top and bottom) would be CSE'd into one buffer.
    MLIRContext *ctx = b.getContext();
    Value strip = tensor::ExtractSliceOp::create(
        b, loc, padded, getAsIndexOpFoldResult(ctx, offsets),
        getAsIndexOpFoldResult(ctx, sizes), getAsIndexOpFoldResult(ctx, ones));
    Value filled = linalg::FillOp::create(b, loc, padValue, strip).getResult(0);
    padded = tensor::InsertSliceOp::create(b, loc, filled, padded, ValueRange{},
                                           ValueRange{}, ValueRange{}, offsets,
                                           sizes, ones);
  };
  for (int64_t d = 0; d < rank; ++d) {
    if (low[d] > 0)
      fillStrip(d, 0, low[d]);
    if (high[d] > 0)
      fillStrip(d, low[d] + srcType.getDimSize(d), high[d]);
  }
  b.setInsertionPoint(pad);
  Value result = tensor::InsertSliceOp::create(
      b, loc, pad.getSource(), padded, ValueRange{}, ValueRange{}, ValueRange{},
      low, srcType.getShape(), ones);
  pad.replaceAllUsesWith(result);
  pad.erase();
  return success();
}

struct PadIntoProducerPass : impl::PadIntoProducerBase<PadIntoProducerPass> {
  void runOnOperation() override {
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    for (tensor::PadOp pad : pads)
      (void)rewritePad(pad);
  }
};

} // namespace
} // namespace mnv4
