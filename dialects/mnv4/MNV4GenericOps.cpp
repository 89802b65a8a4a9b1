//===- MNV4GenericOps.cpp - verifiers of the generic tensor ops ----------===//

#include "dialects/mnv4/MNV4Ops.h"
#include "dialects/mnv4/ShapeChecks.h"

#include "mlir/Dialect/Traits.h"

using namespace mlir;
using namespace mnv4;
using namespace mnv4::detail;

LogicalResult MulOp::verify() {
  SmallVector<int64_t> lhs, rhs, result;
  if (failed(getStaticShape(*this, getLhs(), "lhs", -1, lhs)) ||
      failed(getStaticShape(*this, getRhs(), "rhs", -1, rhs)))
    return failure();
  if (!OpTrait::util::getBroadcastedShape(lhs, rhs, result) ||
      ArrayRef<int64_t>(result) != ArrayRef<int64_t>(lhs))
    return emitOpError() << "rhs " << formatShape(rhs)
                         << " does not broadcast to lhs " << formatShape(lhs);
  return expectShape(*this, getOutput(), "result", lhs);
}

LogicalResult MatMulOp::verify() {
  SmallVector<int64_t> lhs, rhs;
  if (failed(getStaticShape(*this, getLhs(), "lhs", -1, lhs)) ||
      failed(getStaticShape(*this, getRhs(), "rhs", -1, rhs)))
    return failure();
  if (lhs.size() < 2 || rhs.size() < 2)
    return emitOpError() << "operands must have rank >= 2, got lhs "
                         << formatShape(lhs) << " and rhs " << formatShape(rhs);
  if (lhs.back() != rhs[rhs.size() - 2])
    return emitOpError() << "contraction sizes differ: lhs " << formatShape(lhs)
                         << ", rhs " << formatShape(rhs);
  SmallVector<int64_t> batch;
  ArrayRef<int64_t> lb = ArrayRef<int64_t>(lhs).drop_back(2);
  ArrayRef<int64_t> rb = ArrayRef<int64_t>(rhs).drop_back(2);
  if (!OpTrait::util::getBroadcastedShape(lb, rb, batch))
    return emitOpError() << "batch dims of " << formatShape(lhs) << " and "
                         << formatShape(rhs) << " do not broadcast";
  batch.push_back(lhs[lhs.size() - 2]);
  batch.push_back(rhs.back());
  return expectShape(*this, getOutput(), "result", batch);
}

LogicalResult SoftmaxOp::verify() {
  SmallVector<int64_t> shape;
  if (failed(getStaticShape(*this, getInput(), "input", /*rank=*/-1, shape)))
    return failure();
  if (shape.empty())
    return emitOpError("input must have at least one dimension");
  return success();
}

LogicalResult TransposeOp::verify() {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(*this, getInput(), "input", -1, in)))
    return failure();
  ArrayRef<int64_t> perm = getPerm();
  SmallVector<bool> seen(in.size(), false);
  if (perm.size() != in.size())
    return emitOpError() << "perm " << formatShape(perm)
                         << " is not a permutation of rank " << in.size();
  SmallVector<int64_t> out;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return emitOpError() << "perm " << formatShape(perm)
                           << " is not a permutation of rank " << in.size();
    seen[p] = true;
    out.push_back(in[p]);
  }
  return expectShape(*this, getOutput(), "result", out);
}

LogicalResult ReshapeOp::verify() {
  SmallVector<int64_t> in, out;
  if (failed(getStaticShape(*this, getInput(), "input", -1, in)) ||
      failed(getStaticShape(*this, getOutput(), "result", -1, out)))
    return failure();
  auto count = [](ArrayRef<int64_t> s) {
    int64_t n = 1;
    for (int64_t d : s)
      n *= d;
    return n;
  };
  if (count(in) != count(out))
    return emitOpError() << "cannot reshape " << formatShape(in) << " ("
                         << count(in) << " elements) to " << formatShape(out)
                         << " (" << count(out) << " elements)";
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
