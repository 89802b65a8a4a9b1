//===- ImportShapeOps.cpp - Reshape-likes, Transpose and Pad --------------===//
//
// Reshape, Flatten, (Un)Squeeze and Transpose work on the ONNX shape, so
// their input is brought back to ONNX layout; Pad pads H and W of an NHWC
// feature map.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace llvm;

namespace mnv4::onnx_import {

/// Flatten's [prod(dims < axis), prod(dims >= axis)].
static std::string flattenShape(ArrayRef<int64_t> in, int64_t axis,
                                SmallVectorImpl<int64_t> &out) {
  if (axis < 0)
    axis += in.size();
  if (axis < 0 || axis > static_cast<int64_t>(in.size()))
    return "axis out of range";
  out.assign({product(in.take_front(axis)), product(in.drop_front(axis))});
  return "";
}

/// Reshape, Flatten, Unsqueeze and Squeeze: a row-major reshape.
LogicalResult GraphImporter::importReshapeLike(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  SmallVector<int64_t> in = onnxShape(*x), out;
  StringRef op = n.op_type();
  std::string err;
  if (op == "Flatten") {
    err = flattenShape(in, getIntAttr(n, "axis", 1), out);
  } else {
    // Reshape's shape, Unsqueeze's axes (both required, importNode checked
    // that they exist) or Squeeze's optional axes.
    const HostTensor *t = nullptr;
    if (failed(
            optionalConstantInput(n, 1, op == "Reshape" ? "shape" : "axes", t)))
      return failure();
    ArrayRef<int64_t> arg = t ? ArrayRef<int64_t>(t->i64) : ArrayRef<int64_t>();
    if (op == "Reshape")
      err = resolveReshape(in, arg, getIntAttr(n, "allowzero", 0), out);
    else if (op == "Unsqueeze")
      err = unsqueezeShape(in, arg, out);
    else
      err = squeezeShape(in, arg, out);
  }
  if (!err.empty())
    return fail(n, err);
  setRuntime(n.output(0), reshapeOp(asOnnx(*x), out), false);
  return success();
}

LogicalResult GraphImporter::importTranspose(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  SmallVector<int64_t> perm;
  std::string err = getTransposePerm(n, onnxShape(*x).size(), perm);
  if (!err.empty())
    return fail(n, err);
  setRuntime(n.output(0), transposeOp(asOnnx(*x), perm), false);
  return success();
}

LogicalResult GraphImporter::importPad(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  std::string mode = getStringAttr(n, "mode");
  if (!mode.empty() && mode != "constant")
    return fail(n, "only constant (zero) padding is supported, not '" + mode +
                       "'");
  const HostTensor *pads = constantInput(n, 1, "pads");
  const HostTensor *value = nullptr;
  if (!pads || failed(optionalConstantInput(n, 2, "pad value", value)))
    return failure();
  if (value && (value->numElements() != 1 || value->at(0) != 0.0))
    return fail(n, "only zero padding is supported");
  const HostTensor *axes = nullptr;
  if (failed(optionalConstantInput(n, 3, "axes", axes)))
    return failure();
  SmallVector<int64_t> s = onnxShape(*x);
  std::vector<int64_t> p = pads->i64;
  if (axes && model.opset < 18)
    return fail(n, "Pad takes an axes input from opset 18; the model imports "
                   "opset " +
                       Twine(model.opset));
  if (axes) { // opset 18: pads [begins..., ends...] of the listed axes only
    int64_t rank = s.size(), k = axes->numElements();
    if (static_cast<int64_t>(p.size()) != 2 * k)
      return fail(n, "pads must have two entries per listed axis");
    std::vector<int64_t> full(2 * rank, 0);
    for (int64_t i = 0; i < k; ++i) {
      int64_t a = axes->i64[i] < 0 ? axes->i64[i] + rank : axes->i64[i];
      if (a < 0 || a >= rank)
        return fail(n, "axis " + Twine(axes->i64[i]) + " is out of range");
      full[a] = p[i];
      full[a + rank] = p[i + k];
    }
    p = std::move(full);
  }
  if (p.size() != 2 * s.size())
    return fail(n, "pads must have two entries per dimension");
  if (llvm::all_of(p, [](int64_t v) { return v == 0; })) {
    entries[n.output(0)] = *x; // a no-op Pad (timm's aa avg pattern)
    return success();
  }
  if (s.size() != 4 || p[0] || p[1] || p[4] || p[5] ||
      llvm::any_of(p, [](int64_t v) { return v < 0; }))
    return fail(n, "only non-negative zero padding of H and W is supported");
  SmallVector<int64_t> hw = {p[2], p[3], p[6],
                             p[7]}; // top, left, bottom, right
  Value out = PadOp::create(
      b, loc, f32({s[0], s[2] + p[2] + p[6], s[3] + p[3] + p[7], s[1]}),
      asNHWC(*x), b.getDenseI64ArrayAttr(hw));
  setRuntime(n.output(0), out, true);
  return success();
}

} // namespace mnv4::onnx_import
