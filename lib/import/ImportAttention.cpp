//===- ImportAttention.cpp - MatMul and Softmax, in ONNX layout -----------===//
//
// The unraised Mobile MQA chain: both ops work on the ONNX shapes that the
// surrounding Reshape/Transpose nodes produce.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace llvm;

namespace mnv4::onnx_import {

LogicalResult GraphImporter::importMatMul(const NodeProto &n) {
  Entry *l = lookup(n.input(0)), *r = lookup(n.input(1));
  if (!l || !r || !l->value)
    return fail(n, "the left operand must be a computed tensor");
  SmallVector<int64_t> ls = onnxShape(*l), rs = onnxShape(*r);
  if (ls.size() < 2 || rs.size() < 2 || ls.back() != rs[rs.size() - 2])
    return fail(n, "only MatMul of rank >= 2 operands is supported");
  // The batch dims broadcast numpy-style, aligned from the right.
  SmallVector<int64_t> batch;
  ArrayRef<int64_t> lb = ArrayRef<int64_t>(ls).drop_back(2),
                    rb = ArrayRef<int64_t>(rs).drop_back(2);
  size_t rank = std::max(lb.size(), rb.size());
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i + lb.size() >= rank ? lb[i + lb.size() - rank] : 1;
    int64_t c = i + rb.size() >= rank ? rb[i + rb.size() - rank] : 1;
    if (a != c && a != 1 && c != 1)
      return fail(n, "batch dims do not broadcast");
    batch.push_back(std::max(a, c));
  }
  batch.push_back(ls[ls.size() - 2]);
  batch.push_back(rs.back());
  if (!r->value && r->constant->isInt())
    return fail(n, "an integer MatMul operand is not supported");
  Value rv = r->value ? asOnnx(*r) : weight(*r->constant, rs, n.input(1));
  Value out = MatMulOp::create(b, loc, f32(batch), asOnnx(*l), rv);
  setRuntime(n.output(0), out, false);
  return success();
}

LogicalResult GraphImporter::importSoftmax(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  int64_t rank = onnxShape(*x).size();
  int64_t axis = getIntAttr(n, "axis", -1);
  if (axis != -1 && axis != rank - 1)
    return fail(n, "only Softmax over the last axis is supported");
  Value in = asOnnx(*x);
  setRuntime(n.output(0), SoftmaxOp::create(b, loc, in), false);
  return success();
}

} // namespace mnv4::onnx_import
