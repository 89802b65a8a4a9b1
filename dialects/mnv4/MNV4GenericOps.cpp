//===- MNV4GenericOps.cpp - verifiers of the generic tensor ops ----------===//

#include "dialects/mnv4/MNV4Ops.h"
#include "dialects/mnv4/OpShapes.h"
#include "dialects/mnv4/ShapeChecks.h"

#include "mlir/Dialect/Traits.h"

using namespace mlir;
using namespace mnv4;
using namespace mnv4::detail;

LogicalResult mnv4::detail::verifyBroadcastMulShapes(Operation *op,
                                                     Value lhsValue,
                                                     Value rhsValue,
                                                     Value output) {
  SmallVector<int64_t> lhs, rhs, result;
  if (failed(getStaticShape(op, lhsValue, "lhs", -1, lhs)) ||
      failed(getStaticShape(op, rhsValue, "rhs", -1, rhs)))
    return failure();
  if (!OpTrait::util::getBroadcastedShape(lhs, rhs, result) ||
      ArrayRef<int64_t>(result) != ArrayRef<int64_t>(lhs))
    return op->emitOpError()
           << "rhs " << formatShape(rhs) << " does not broadcast to lhs "
           << formatShape(lhs);
  return expectShape(op, output, "result", lhs);
}

LogicalResult MulOp::verify() {
  return verifyBroadcastMulShapes(*this, getLhs(), getRhs(), getOutput());
}

LogicalResult mnv4::detail::verifyMatMulShapes(Operation *op, Value lhsValue,
                                               Value rhsValue, Value output) {
  SmallVector<int64_t> lhs, rhs;
  if (failed(getStaticShape(op, lhsValue, "lhs", -1, lhs)) ||
      failed(getStaticShape(op, rhsValue, "rhs", -1, rhs)))
    return failure();
  if (lhs.size() < 2 || rhs.size() < 2)
    return op->emitOpError()
           << "operands must have rank >= 2, got lhs " << formatShape(lhs)
           << " and rhs " << formatShape(rhs);
  if (lhs.back() != rhs[rhs.size() - 2])
    return op->emitOpError()
           << "contraction sizes differ: lhs " << formatShape(lhs) << ", rhs "
           << formatShape(rhs);
  SmallVector<int64_t> batch;
  ArrayRef<int64_t> lb = ArrayRef<int64_t>(lhs).drop_back(2);
  ArrayRef<int64_t> rb = ArrayRef<int64_t>(rhs).drop_back(2);
  if (!OpTrait::util::getBroadcastedShape(lb, rb, batch))
    return op->emitOpError() << "batch dims of " << formatShape(lhs) << " and "
                             << formatShape(rhs) << " do not broadcast";
  batch.push_back(lhs[lhs.size() - 2]);
  batch.push_back(rhs.back());
  return expectShape(op, output, "result", batch);
}

LogicalResult MatMulOp::verify() {
  return verifyMatMulShapes(*this, getLhs(), getRhs(), getOutput());
}

LogicalResult SoftmaxOp::verify() {
  SmallVector<int64_t> shape;
  if (failed(getStaticShape(*this, getInput(), "input", /*rank=*/-1, shape)))
    return failure();
  if (shape.empty())
    return emitOpError("input must have at least one dimension");
  return success();
}

LogicalResult mnv4::detail::verifyTransposeShapes(Operation *op, Value input,
                                                  ArrayRef<int64_t> perm,
                                                  Value output) {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(op, input, "input", -1, in)))
    return failure();
  SmallVector<bool> seen(in.size(), false);
  if (perm.size() != in.size())
    return op->emitOpError() << "perm " << formatShape(perm)
                             << " is not a permutation of rank " << in.size();
  SmallVector<int64_t> out;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return op->emitOpError() << "perm " << formatShape(perm)
                               << " is not a permutation of rank " << in.size();
    seen[p] = true;
    out.push_back(in[p]);
  }
  return expectShape(op, output, "result", out);
}

LogicalResult TransposeOp::verify() {
  return verifyTransposeShapes(*this, getInput(), getPerm(), getOutput());
}

LogicalResult ReshapeOp::verify() {
  return verifyReshapeShapes(*this, getInput(), getOutput());
}

LogicalResult mnv4::detail::verifyReshapeShapes(Operation *op, Value input,
                                                Value output) {
  SmallVector<int64_t> in, out;
  if (failed(getStaticShape(op, input, "input", -1, in)) ||
      failed(getStaticShape(op, output, "result", -1, out)))
    return failure();
  auto count = [](ArrayRef<int64_t> s) {
    int64_t n = 1;
    for (int64_t d : s)
      n *= d;
    return n;
  };
  if (count(in) != count(out))
    return op->emitOpError()
           << "cannot reshape " << formatShape(in) << " (" << count(in)
           << " elements) to " << formatShape(out) << " (" << count(out)
           << " elements)";
  return success();
}

LogicalResult PadOp::verify() {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(*this, getInput(), "input", 4, in)))
    return failure();
  ArrayRef<int64_t> pad = getPad();
  if (failed(verifyPad4(*this, pad)))
    return failure();
  return expectShape(
      *this, getOutput(), "result",
      {in[0], in[1] + pad[0] + pad[2], in[2] + pad[1] + pad[3], in[3]});
}
