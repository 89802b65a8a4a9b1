//===- GraphImporterValues.cpp - the value map, layouts and weights -------===//

#include "GraphImporter.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace llvm;

namespace mnv4::onnx_import {

SmallVector<int64_t> GraphImporter::onnxShape(const Entry &e) const {
  if (e.constant)
    return e.constant->shape;
  auto shape = cast<RankedTensorType>(e.value.getType()).getShape();
  if (!e.nhwc)
    return SmallVector<int64_t>(shape.begin(), shape.end());
  return {shape[0], shape[3], shape[1], shape[2]};
}

void GraphImporter::setRuntime(StringRef name, Value v, bool nhwc) {
  Entry e;
  e.value = v;
  e.nhwc = nhwc;
  entries[name] = e;
}

void GraphImporter::setConstant(StringRef name, HostTensor t) {
  owned.push_back(std::move(t));
  Entry e;
  e.constant = &owned.back();
  entries[name] = e;
}

Value GraphImporter::transposeOp(Value v, ArrayRef<int64_t> perm) {
  auto in = cast<RankedTensorType>(v.getType()).getShape();
  SmallVector<int64_t> out;
  for (int64_t p : perm)
    out.push_back(in[p]);
  return TransposeOp::create(b, loc, f32(out), v, b.getDenseI64ArrayAttr(perm));
}

Value GraphImporter::reshapeOp(Value v, ArrayRef<int64_t> shape) {
  return ReshapeOp::create(b, loc, f32(shape), v);
}

/// A pooled map [N,1,1,C] has the same element order in NCHW and NHWC, so a
/// reshape converts it; anything else needs a transpose.
static bool isPooled(ArrayRef<int64_t> nhwcShape) {
  return nhwcShape[1] == 1 && nhwcShape[2] == 1;
}

Value GraphImporter::asNHWC(Entry &e) {
  if (e.nhwc)
    return e.value;
  if (!e.nhwcCache) {
    auto s = cast<RankedTensorType>(e.value.getType()).getShape();
    SmallVector<int64_t> nhwc = {s[0], s[2], s[3], s[1]};
    e.nhwcCache = isPooled(nhwc) ? reshapeOp(e.value, nhwc)
                                 : transposeOp(e.value, {0, 2, 3, 1});
  }
  return e.nhwcCache;
}

Value GraphImporter::asOnnx(Entry &e) {
  if (!e.nhwc)
    return e.value;
  if (!e.onnxCache) {
    auto s = cast<RankedTensorType>(e.value.getType()).getShape();
    e.onnxCache = isPooled(s) ? reshapeOp(e.value, onnxShape(e))
                              : transposeOp(e.value, {0, 3, 1, 2});
  }
  return e.onnxCache;
}

/// Blob names must be identifiers; ONNX names look like "onnx::Conv_1492".
static std::string blobName(StringRef hint) {
  std::string s;
  for (char c : hint)
    s.push_back(llvm::isAlnum(c) || c == '.' || c == '_' ? c : '_');
  return s.empty() ? "weight" : s;
}

Value GraphImporter::weight(const HostTensor &t, ArrayRef<int64_t> shape,
                            StringRef hint) {
  auto type = f32(shape);
  auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(t.f32);
  auto attr =
      DenseResourceElementsAttr::get(type, blobName(hint), std::move(blob));
  return ConstOp::create(b, loc, type, cast<ElementsAttr>(attr));
}

Entry *GraphImporter::runtimeInput(const NodeProto &n, int i) {
  if (!hasInput(n, i)) {
    (void)fail(n, "missing input " + Twine(i));
    return nullptr;
  }
  Entry *e = lookup(n.input(i));
  if (!e || !e->value) {
    (void)fail(n, "input '" + n.input(i) +
                      "' must be a computed tensor, not a constant");
    return nullptr;
  }
  return e;
}

/// Shape-like inputs are int64; every other constant input is a float32
/// weight.
static bool isFloatRole(StringRef what) {
  return what != "shape" && what != "axes" && what != "pads";
}

const HostTensor *GraphImporter::constantInput(const NodeProto &n, int i,
                                               StringRef what) {
  const HostTensor *t = hasInput(n, i) ? constantOf(n.input(i)) : nullptr;
  if (!t)
    (void)fail(n, what + " (input " + Twine(i) +
                      ") must be a constant (initializer or Constant node)");
  else if (t->isInt() == isFloatRole(what))
    return (void)fail(n, what + " must be " +
                             (isFloatRole(what) ? "float32" : "int64")),
           nullptr;
  return t;
}

LogicalResult GraphImporter::optionalConstantInput(const NodeProto &n, int i,
                                                   StringRef what,
                                                   const HostTensor *&out) {
  out = nullptr;
  if (!hasInput(n, i))
    return success();
  out = constantInput(n, i, what);
  return success(out != nullptr);
}

} // namespace mnv4::onnx_import
