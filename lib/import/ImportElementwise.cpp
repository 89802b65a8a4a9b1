//===- ImportElementwise.cpp - activations, Add, Mul, BatchNormalization --===//
//
// Elementwise ops keep the layout of their input: an NHWC feature map stays
// NHWC, and constant operands (layer scales, folded BN) are laid out to match.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <cmath>

using namespace mlir;
using namespace llvm;

namespace mnv4::onnx_import {

/// Relu, HardSwish, exact Gelu (opset 20) and Clip to [0, 6] (relu6) or
/// [0, inf) (relu).
LogicalResult GraphImporter::importActivation(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  Activation kind = Activation::relu;
  if (n.op_type() == "HardSwish") {
    kind = Activation::hardswish;
  } else if (n.op_type() == "Gelu") {
    if (model.opset < 20)
      return fail(n, "Gelu is an operator of opset 20 and later; the model "
                     "imports opset " +
                         Twine(model.opset));
    std::string approximate = getStringAttr(n, "approximate");
    if (!approximate.empty() && approximate != "none")
      return fail(n, "only the exact (erf) GELU is supported, not approximate "
                     "'" +
                         approximate + "'");
    kind = Activation::gelu;
  } else if (n.op_type() == "Clip") {
    // An absent bound is nullopt; a bound that is not one constant, NaN.
    auto bound = [&](int i) -> std::optional<double> {
      if (!hasInput(n, i))
        return std::nullopt;
      const HostTensor *t = constantOf(n.input(i));
      return t && t->numElements() == 1 ? std::optional<double>(t->at(0))
                                        : std::optional<double>(NAN);
    };
    std::optional<double> lo = bound(1), hi = bound(2);
    if (lo != 0.0 || (hi && *hi != 6.0))
      return fail(n, "only Clip to [0, 6] (relu6) or [0, inf) (relu) is "
                     "supported");
    kind = hi ? Activation::relu6 : Activation::relu;
  }
  Value out = ActivationOp::create(b, loc, x->value, kind);
  setRuntime(n.output(0), out, x->nhwc);
  return success();
}

LogicalResult GraphImporter::importGelu(size_t index) {
  const NodeProto &n = graph.node(index);
  // GELU's 1.0 and 0.5 are Constant nodes placed after the Div.
  auto m = matchGelu(graph, index, consumers,
                     [&](StringRef name) { return constantAhead(name); });
  if (!m)
    return fail(n, "Div is only supported as part of the exact GELU chain "
                   "Div(x, sqrt 2) -> Erf -> Add(1) -> Mul(x) -> Mul(0.5)");
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  Value out = ActivationOp::create(b, loc, x->value, Activation::gelu);
  for (size_t i : m->nodes)
    consumed[i] = true;
  setRuntime(m->output, out, x->nhwc);
  return success();
}

LogicalResult GraphImporter::importAdd(const NodeProto &n) {
  Entry *l = lookup(n.input(0)), *r = lookup(n.input(1));
  if (!l || !r || !l->value || !r->value)
    return fail(n, "Add of a constant is not supported (only residual adds "
                   "of two computed tensors)");
  if (onnxShape(*l) != onnxShape(*r))
    return fail(n, "broadcasting Add is not supported");
  bool nhwc = l->nhwc || r->nhwc;
  Value lv = nhwc ? asNHWC(*l) : l->value, rv = nhwc ? asNHWC(*r) : r->value;
  setRuntime(n.output(0), AddOp::create(b, loc, lv.getType(), lv, rv), nhwc);
  return success();
}

LogicalResult GraphImporter::importMul(const NodeProto &n) {
  Entry *l = lookup(n.input(0)), *r = lookup(n.input(1));
  if (!l || !r)
    return fail(n, "missing input");
  if (!l->value)
    std::swap(l, r); // multiplication commutes; keep the tensor on the left
  if (!l->value)
    return fail(n, "internal error: constant Mul was not folded");
  SmallVector<int64_t> ls = onnxShape(*l), rs = onnxShape(*r);
  if (r->value) {
    bool nhwc = l->nhwc && r->nhwc;
    Value lv = nhwc ? l->value : asOnnx(*l), rv = nhwc ? r->value : asOnnx(*r);
    if (ls.size() < rs.size() || (ls != rs && product(ls) < product(rs)))
      std::swap(lv, rv);
    setRuntime(n.output(0), MulOp::create(b, loc, lv.getType(), lv, rv), nhwc);
    return success();
  }
  const HostTensor &c = *r->constant;
  if (c.isInt())
    return fail(n, "integer Mul of a tensor is not supported");
  // Broadcast the constant against the ONNX shape, then drop leading 1s so
  // that a layer scale [1,C,1,1] becomes the canonical [C].
  if (c.shape.size() > ls.size())
    return fail(n, "the constant has a higher rank than the tensor");
  SmallVector<int64_t> cs(ls.size() - c.shape.size(), 1);
  cs.append(c.shape.begin(), c.shape.end());
  HostTensor cv = c;
  cv.shape = cs;
  if (l->nhwc)
    cv = transpose(cv, {0, 2, 3, 1});
  SmallVector<int64_t> trimmed(cv.shape);
  while (!trimmed.empty() && trimmed.front() == 1)
    trimmed.erase(trimmed.begin());
  Value lv = l->value;
  Value out =
      MulOp::create(b, loc, lv.getType(), lv, weight(cv, trimmed, n.input(1)));
  setRuntime(n.output(0), out, l->nhwc);
  return success();
}

/// Inference BatchNormalization becomes a per-channel scale and shift.
LogicalResult GraphImporter::importBatchNorm(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  const HostTensor *p[4];
  const char *names[4] = {"scale", "bias", "mean", "var"};
  for (int i = 0; i < 4; ++i)
    if (!(p[i] = constantInput(n, i + 1, names[i])))
      return failure();
  if (getIntAttr(n, "training_mode", 0) != 0 ||
      llvm::count_if(n.output(),
                     [](const std::string &o) { return !o.empty(); }) > 1)
    return fail(n, "only inference-mode BatchNormalization is supported");
  SmallVector<int64_t> s = onnxShape(*x);
  if (s.size() != 4 && s.size() != 2)
    return fail(n, "only [N,C] and [N,C,H,W] inputs are supported");
  int64_t c = s[1];
  for (int i = 0; i < 4; ++i)
    if (p[i]->numElements() != c)
      return fail(n, Twine(names[i]) + " must have " + Twine(c) + " elements");
  const onnx::AttributeProto *epsAttr = findAttr(n, "epsilon");
  double eps = epsAttr ? epsAttr->f() : 1e-5;
  std::vector<float> scale(c), shift(c);
  for (int64_t i = 0; i < c; ++i) {
    double g = p[0]->f32[i] / std::sqrt(double(p[3]->f32[i]) + eps);
    scale[i] = static_cast<float>(g);
    shift[i] = static_cast<float>(p[1]->f32[i] - p[2]->f32[i] * g);
  }
  Value in = s.size() == 4 ? asNHWC(*x) : x->value;
  Value out = BatchNormOp::create(
      b, loc, in.getType(), in,
      weight(HostTensor::floats({c}, scale), {c}, n.input(1)),
      weight(HostTensor::floats({c}, shift), {c}, n.input(2)));
  setRuntime(n.output(0), out, s.size() == 4);
  return success();
}

} // namespace mnv4::onnx_import
