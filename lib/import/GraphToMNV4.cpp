//===- GraphToMNV4.cpp - ONNX nodes to generic mnv4 ops, 1:1 --------------===//
//
// Every runtime value is tracked with its layout: 4-D feature maps live in
// NHWC (the ONNX value is NCHW), anything that went through a Reshape,
// Transpose or MatMul keeps its ONNX shape. Layout transposes are inserted
// only where an op needs the other layout; the raising passes then see the
// exact chains the MQA pattern expects. Weights are converted once, at the
// point of use: conv OIHW -> OHWI, depthwise [C,1,k,k] -> [k,k,C].
//
//===----------------------------------------------------------------------===//

#include "GraphToMNV4.h"
#include "GeluPattern.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include <deque>

using namespace mlir;
using namespace llvm;

namespace mnv4::onnx_import {

std::string moduleNameOf(StringRef nodeName) {
  SmallVector<StringRef> parts;
  nodeName.split(parts, '/', -1, /*KeepEmpty=*/false);
  for (StringRef p : parts)
    if (p.starts_with("blocks.") && p.count('.') == 2)
      return p.str();
  if (parts.size() > 1)
    return parts.front().str();
  return nodeName.str();
}

namespace {

/// What an ONNX value name stands for.
struct Entry {
  const HostTensor *constant = nullptr; ///< host constant, or
  Value value;                          ///< a runtime tensor
  bool nhwc = false; ///< `value` is the NHWC form of a 4-D NCHW tensor
  Value nhwcCache, onnxCache;
};

class GraphImporter {
public:
  GraphImporter(MLIRContext &ctx, const OnnxModel &model, StringRef path)
      : model(model), graph(model.graph()), path(path),
        fileLoc(FileLineColLoc::get(&ctx, path, 0, 0)), b(&ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  LogicalResult importNode(size_t index);
  LogicalResult fail(const onnx::NodeProto &node, const Twine &msg) {
    emitError(UnknownLoc::get(b.getContext()))
        << path << ": " << describeNode(node) << ": " << msg;
    return failure();
  }

  // Value access.
  Entry *lookup(StringRef name) {
    auto it = entries.find(name);
    return it == entries.end() ? nullptr : &it->second;
  }
  const HostTensor *constantOf(StringRef name) {
    Entry *e = lookup(name);
    return e ? e->constant : nullptr;
  }
  /// Like constantOf, but also imports a Constant node that comes later in
  /// the graph.
  const HostTensor *constantAhead(StringRef name);
  SmallVector<int64_t> onnxShape(const Entry &e) const;
  Value asNHWC(Entry &e);
  Value asOnnx(Entry &e);
  void setRuntime(StringRef name, Value v, bool nhwc) {
    Entry e;
    e.value = v;
    e.nhwc = nhwc;
    entries[name] = e;
  }
  void setConstant(StringRef name, HostTensor t) {
    owned.push_back(std::move(t));
    Entry e;
    e.constant = &owned.back();
    entries[name] = e;
  }

  // Builders.
  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, b.getF32Type());
  }
  Value weight(const HostTensor &t, ArrayRef<int64_t> shape, StringRef hint);
  Value transposeOp(Value v, ArrayRef<int64_t> perm);
  Value reshapeOp(Value v, ArrayRef<int64_t> shape);

  // One handler per ONNX op type.
  LogicalResult importConv(const onnx::NodeProto &n);
  LogicalResult importActivation(const onnx::NodeProto &n);
  LogicalResult importAdd(const onnx::NodeProto &n);
  LogicalResult importMul(const onnx::NodeProto &n);
  LogicalResult importBatchNorm(const onnx::NodeProto &n);
  LogicalResult importMatMul(const onnx::NodeProto &n);
  LogicalResult importSoftmax(const onnx::NodeProto &n);
  LogicalResult importReshapeLike(const onnx::NodeProto &n);
  LogicalResult importTranspose(const onnx::NodeProto &n);
  LogicalResult importGlobalAveragePool(const onnx::NodeProto &n);
  LogicalResult importAveragePool(const onnx::NodeProto &n);
  LogicalResult importGemm(const onnx::NodeProto &n);
  LogicalResult importPad(const onnx::NodeProto &n);
  LogicalResult importShape(const onnx::NodeProto &n);
  LogicalResult importConstant(const onnx::NodeProto &n);
  LogicalResult importGelu(size_t index);

  /// The runtime input `i` of `n`, or a diagnostic.
  Entry *runtimeInput(const onnx::NodeProto &n, int i);
  const HostTensor *constantInput(const onnx::NodeProto &n, int i,
                                  StringRef what);

  const OnnxModel &model;
  const onnx::GraphProto &graph;
  std::string path;
  Location fileLoc; ///< the module's location
  OpBuilder b;
  Location loc = fileLoc; ///< NameLoc of the node being imported
  StringMap<Entry> entries;
  std::deque<HostTensor> owned;
  ConsumerMap consumers;
  StringMap<size_t> producers;
  std::vector<bool> consumed;
};

SmallVector<int64_t> GraphImporter::onnxShape(const Entry &e) const {
  if (e.constant)
    return e.constant->shape;
  auto shape = cast<RankedTensorType>(e.value.getType()).getShape();
  if (!e.nhwc)
    return SmallVector<int64_t>(shape.begin(), shape.end());
  return {shape[0], shape[3], shape[1], shape[2]};
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

Entry *GraphImporter::runtimeInput(const onnx::NodeProto &n, int i) {
  if (i >= n.input_size() || n.input(i).empty()) {
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

const HostTensor *GraphImporter::constantInput(const onnx::NodeProto &n, int i,
                                               StringRef what) {
  const HostTensor *t = i < n.input_size() && !n.input(i).empty()
                            ? constantOf(n.input(i))
                            : nullptr;
  if (!t)
    (void)fail(n, what + " (input " + Twine(i) +
                      ") must be a constant (initializer or Constant node)");
  else if (t->isInt() == isFloatRole(what))
    return (void)fail(n, what + " must be " +
                             (isFloatRole(what) ? "float32" : "int64")),
           nullptr;
  return t;
}

//===----------------------------------------------------------------------===//
// Convolutions, pooling, fully connected
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importConv(const onnx::NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  const HostTensor *w = x ? constantInput(n, 1, "weight") : nullptr;
  if (!w)
    return failure();
  const HostTensor *bias = nullptr;
  if (n.input_size() > 2 && !n.input(2).empty() &&
      !(bias = constantInput(n, 2, "bias")))
    return failure();
  SmallVector<int64_t> xs = onnxShape(*x);
  if (xs.size() != 4 || w->shape.size() != 4)
    return fail(n, "only 2-D convolutions of NCHW tensors are supported");
  std::string autoPad = getStringAttr(n, "auto_pad");
  if (!autoPad.empty() && autoPad != "NOTSET")
    return fail(n, "auto_pad '" + autoPad +
                       "' is not supported (explicit pads only)");
  auto dil = getIntsAttr(n, "dilations");
  if (dil && llvm::any_of(*dil, [](int64_t d) { return d != 1; }))
    return fail(n, "dilated convolutions are not supported");
  SmallVector<int64_t> strides =
      getIntsAttr(n, "strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads =
      getIntsAttr(n, "pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
  if (strides.size() != 2 || pads.size() != 4)
    return fail(n, "strides/pads must describe two spatial dims");
  if (llvm::any_of(strides, [](int64_t v) { return v < 1; }) ||
      llvm::any_of(pads, [](int64_t v) { return v < 0; }))
    return fail(n, "strides must be >= 1 and pads >= 0");
  int64_t group = getIntAttr(n, "group", 1);
  int64_t cout = w->shape[0], cin = xs[1], kh = w->shape[2], kw = w->shape[3];
  if (bias && bias->shape != SmallVector<int64_t>{cout})
    return fail(n, "bias must have shape [" + Twine(cout) + "]");

  Value input = asNHWC(*x);
  Value biasValue = bias ? weight(*bias, {cout}, n.input(2)) : Value();
  if (kh < 1 || kw < 1 || xs[2] + pads[0] + pads[2] < kh ||
      xs[3] + pads[1] + pads[3] < kw)
    return fail(n, "the kernel is larger than the padded input");
  int64_t oh = (xs[2] + pads[0] + pads[2] - kh) / strides[0] + 1;
  int64_t ow = (xs[3] + pads[1] + pads[3] - kw) / strides[1] + 1;
  auto outType = f32({xs[0], oh, ow, cout});
  // ONNX pads are [top, left, bottom, right] for 2-D, as mnv4's.
  Value out;
  if (group == 1) {
    if (w->shape[1] != cin)
      return fail(n, "weight input channels " + Twine(w->shape[1]) +
                         " do not match the input's " + Twine(cin));
    HostTensor ohwi = transpose(*w, {0, 2, 3, 1});
    out = Conv2DOp::create(b, loc, outType, input,
                           weight(ohwi, ohwi.shape, n.input(1)), biasValue,
                           strides, pads);
  } else if (group == cin && cout == cin && w->shape[1] == 1) {
    HostTensor hwc = transpose(*w, {2, 3, 1, 0}); // [kh,kw,1,C]
    out = DepthwiseConv2DOp::create(b, loc, outType, input,
                                    weight(hwc, {kh, kw, cin}, n.input(1)),
                                    biasValue, strides, pads);
  } else {
    return fail(n, "grouped convolution with group=" + Twine(group) +
                       " is not supported (only group 1 and depthwise)");
  }
  setRuntime(n.output(0), out, /*nhwc=*/true);
  return success();
}

LogicalResult GraphImporter::importGlobalAveragePool(const onnx::NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  SmallVector<int64_t> s = onnxShape(*x);
  if (s.size() != 4)
    return fail(n, "only NCHW inputs are supported");
  Value out =
      GlobalAvgPoolOp::create(b, loc, f32({s[0], 1, 1, s[1]}), asNHWC(*x));
  setRuntime(n.output(0), out, true);
  return success();
}

LogicalResult GraphImporter::importAveragePool(const onnx::NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  SmallVector<int64_t> s = onnxShape(*x);
  auto kernel = getIntsAttr(n, "kernel_shape");
  SmallVector<int64_t> strides =
      getIntsAttr(n, "strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads =
      getIntsAttr(n, "pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
  std::string autoPad = getStringAttr(n, "auto_pad");
  if (s.size() != 4 || !kernel || kernel->size() != 2 ||
      (*kernel)[0] != (*kernel)[1] || strides.size() != 2 ||
      strides[0] != strides[1] ||
      llvm::any_of(pads, [](int64_t p) { return p != 0; }) ||
      getIntAttr(n, "ceil_mode", 0) != 0 ||
      (!autoPad.empty() && autoPad != "NOTSET"))
    return fail(n, "only square, unpadded, floor-mode 2-D average pools are "
                   "supported");
  int64_t k = (*kernel)[0], st = strides[0];
  if (k < 1 || st < 1 || k > s[2] || k > s[3])
    return fail(n, "invalid pool window for the input size");
  Value out = AvgPool2DOp::create(
      b, loc, f32({s[0], (s[2] - k) / st + 1, (s[3] - k) / st + 1, s[1]}),
      asNHWC(*x), k, st);
  setRuntime(n.output(0), out, true);
  return success();
}

LogicalResult GraphImporter::importGemm(const onnx::NodeProto &n) {
  Entry *a = runtimeInput(n, 0);
  const HostTensor *w = a ? constantInput(n, 1, "weight") : nullptr;
  if (!w)
    return failure();
  const HostTensor *c = nullptr;
  if (n.input_size() > 2 && !n.input(2).empty() &&
      !(c = constantInput(n, 2, "bias")))
    return failure();
  SmallVector<int64_t> as = onnxShape(*a);
  if (as.size() != 2 || w->shape.size() != 2 || getIntAttr(n, "transA", 0) != 0)
    return fail(n, "only Gemm of a [N,in] input with a 2-D weight and "
                   "transA=0 is supported");
  const onnx::AttributeProto *alpha = findAttr(n, "alpha"),
                             *beta = findAttr(n, "beta");
  if ((alpha && alpha->f() != 1.0f) || (beta && beta->f() != 1.0f))
    return fail(n, "only alpha = beta = 1 is supported");
  HostTensor wt = getIntAttr(n, "transB", 0) ? *w : transpose(*w, {1, 0});
  int64_t out = wt.shape[0];
  if (wt.shape[1] != as[1])
    return fail(n, "weight does not match the input width " + Twine(as[1]));
  if (c && c->numElements() != out)
    return fail(n, "bias must have " + Twine(out) + " elements");
  Value bias = c ? weight(*c, {out}, n.input(2)) : Value();
  Value r = FullyConnectedOp::create(b, loc, f32({as[0], out}), asOnnx(*a),
                                     weight(wt, wt.shape, n.input(1)), bias);
  setRuntime(n.output(0), r, false);
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Relu, HardSwish, and Clip to [0, 6] (relu6) or [0, inf) (relu).
LogicalResult GraphImporter::importActivation(const onnx::NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  Activation kind = Activation::relu;
  if (n.op_type() == "HardSwish") {
    kind = Activation::hardswish;
  } else if (n.op_type() == "Clip") {
    auto bound = [&](int i) -> std::optional<double> {
      if (i >= n.input_size() || n.input(i).empty())
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
  const onnx::NodeProto &n = graph.node(index);
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

const HostTensor *GraphImporter::constantAhead(StringRef name) {
  if (const HostTensor *t = constantOf(name))
    return t;
  auto it = producers.find(name);
  if (it == producers.end() || consumed[it->second] ||
      graph.node(it->second).op_type() != "Constant")
    return nullptr;
  Location saved = loc;
  bool ok = succeeded(importConstant(graph.node(it->second)));
  loc = saved;
  if (!ok)
    return nullptr;
  consumed[it->second] = true;
  return constantOf(name);
}

LogicalResult GraphImporter::importAdd(const onnx::NodeProto &n) {
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

LogicalResult GraphImporter::importMul(const onnx::NodeProto &n) {
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

LogicalResult GraphImporter::importBatchNorm(const onnx::NodeProto &n) {
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

//===----------------------------------------------------------------------===//
// Attention and shape ops (ONNX layout)
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importMatMul(const onnx::NodeProto &n) {
  Entry *l = lookup(n.input(0)), *r = lookup(n.input(1));
  if (!l || !r || !l->value)
    return fail(n, "the left operand must be a computed tensor");
  SmallVector<int64_t> ls = onnxShape(*l), rs = onnxShape(*r);
  if (ls.size() < 2 || rs.size() < 2 || ls.back() != rs[rs.size() - 2])
    return fail(n, "only MatMul of rank >= 2 operands is supported");
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

LogicalResult GraphImporter::importSoftmax(const onnx::NodeProto &n) {
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

/// Reshape, Flatten, Unsqueeze and Squeeze: a row-major reshape.
LogicalResult GraphImporter::importReshapeLike(const onnx::NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  SmallVector<int64_t> in = onnxShape(*x), out;
  StringRef op = n.op_type();
  std::string err;
  if (op == "Flatten") {
    int64_t axis = getIntAttr(n, "axis", 1);
    if (axis < 0)
      axis += in.size();
    if (axis < 0 || axis > static_cast<int64_t>(in.size()))
      return fail(n, "axis out of range");
    out = {product(ArrayRef<int64_t>(in).take_front(axis)),
           product(ArrayRef<int64_t>(in).drop_front(axis))};
  } else if (op == "Squeeze") {
    std::vector<int64_t> axes;
    if (n.input_size() > 1 && !n.input(1).empty()) {
      const HostTensor *a = constantInput(n, 1, "axes");
      if (!a)
        return failure();
      axes = a->i64;
    }
    for (int64_t i = 0, r = in.size(); i < r; ++i) {
      bool drop = axes.empty() ? in[i] == 1
                               : llvm::is_contained(axes, i) ||
                                     llvm::is_contained(axes, i - r);
      if (!drop)
        out.push_back(in[i]);
    }
  } else {
    const HostTensor *t =
        constantInput(n, 1, op == "Reshape" ? "shape" : "axes");
    if (!t)
      return failure();
    err = op == "Reshape"
              ? resolveReshape(in, t->i64, getIntAttr(n, "allowzero", 0), out)
              : unsqueezeShape(in, t->i64, out);
  }
  if (!err.empty())
    return fail(n, err);
  setRuntime(n.output(0), reshapeOp(asOnnx(*x), out), false);
  return success();
}

LogicalResult GraphImporter::importTranspose(const onnx::NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  int64_t rank = onnxShape(*x).size();
  SmallVector<int64_t> perm;
  if (auto p = getIntsAttr(n, "perm"))
    perm = *p;
  else
    for (int64_t i = rank; i-- > 0;)
      perm.push_back(i);
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  for (int64_t i = 0; i < rank; ++i)
    if (static_cast<int64_t>(sorted.size()) != rank || sorted[i] != i)
      return fail(n, "perm is not a permutation of the input's dims");
  setRuntime(n.output(0), transposeOp(asOnnx(*x), perm), false);
  return success();
}

LogicalResult GraphImporter::importPad(const onnx::NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  std::string mode = getStringAttr(n, "mode");
  if (!mode.empty() && mode != "constant")
    return fail(n, "only constant (zero) padding is supported, not '" + mode +
                       "'");
  const HostTensor *pads = constantInput(n, 1, "pads");
  if (!pads)
    return failure();
  if (n.input_size() > 2 && !n.input(2).empty()) {
    const HostTensor *v = constantInput(n, 2, "pad value");
    if (!v)
      return failure();
    if (v->numElements() != 1 || v->at(0) != 0.0)
      return fail(n, "only zero padding is supported");
  }
  if (n.input_size() > 3 && !n.input(3).empty())
    return fail(n, "the axes input of Pad is not supported");
  SmallVector<int64_t> s = onnxShape(*x);
  std::vector<int64_t> p = pads->i64;
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

LogicalResult GraphImporter::importShape(const onnx::NodeProto &n) {
  Entry *x = lookup(n.input(0));
  if (!x)
    return fail(n, "missing input");
  SmallVector<int64_t> s = onnxShape(*x);
  int64_t rank = s.size();
  int64_t start = getIntAttr(n, "start", 0), end = getIntAttr(n, "end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  std::vector<int64_t> v(s.begin() + start, s.begin() + std::max(start, end));
  int64_t len = v.size();
  setConstant(n.output(0), HostTensor::ints({len}, std::move(v)));
  return success();
}

LogicalResult GraphImporter::importConstant(const onnx::NodeProto &n) {
  HostTensor t;
  std::string err;
  if (const onnx::AttributeProto *a = findAttr(n, "value")) {
    err = decodeTensor(a->t(), t);
  } else if (const onnx::AttributeProto *a = findAttr(n, "value_float")) {
    t = HostTensor::floats({}, {a->f()});
  } else if (const onnx::AttributeProto *a = findAttr(n, "value_floats")) {
    t = HostTensor::floats({a->floats_size()},
                           {a->floats().begin(), a->floats().end()});
  } else if (const onnx::AttributeProto *a = findAttr(n, "value_int")) {
    t = HostTensor::ints({}, {a->i()});
  } else if (const onnx::AttributeProto *a = findAttr(n, "value_ints")) {
    t = HostTensor::ints({a->ints_size()},
                         {a->ints().begin(), a->ints().end()});
  } else {
    err = "unsupported Constant form (value, value_float(s) and value_int(s) "
          "are supported)";
  }
  if (!err.empty())
    return fail(n, err);
  setConstant(n.output(0), std::move(t));
  return success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importNode(size_t index) {
  const onnx::NodeProto &n = graph.node(index);
  loc = NameLoc::get(b.getStringAttr(moduleNameOf(n.name())));
  StringRef op = n.op_type();
  if (n.output_size() < 1)
    return fail(n, "has no outputs");
  for (const std::string &in : n.input())
    if (!in.empty() && !lookup(in))
      return fail(n, "input '" + in +
                         "' is not defined before its use (graph not in "
                         "topological order, or a missing initializer)");
  // Required (non-empty) leading inputs, so handlers can index them.
  static const StringMap<int> arity = {
      {"Conv", 2},        {"Relu", 1},
      {"Clip", 1},        {"HardSwish", 1},
      {"Add", 2},         {"Mul", 2},
      {"Div", 2},         {"BatchNormalization", 5},
      {"MatMul", 2},      {"Softmax", 1},
      {"Reshape", 2},     {"Flatten", 1},
      {"Unsqueeze", 2},   {"Squeeze", 1},
      {"Transpose", 1},   {"GlobalAveragePool", 1},
      {"AveragePool", 1}, {"Gemm", 2},
      {"Pad", 2},         {"Shape", 1},
      {"Identity", 1},    {"Dropout", 1}};
  auto need = arity.find(op);
  if (need != arity.end())
    for (int i = 0; i < need->second; ++i)
      if (i >= n.input_size() || n.input(i).empty())
        return fail(n, "expects at least " + Twine(need->second) +
                           " inputs, input " + Twine(i) + " is missing");
  if (op == "Constant")
    return importConstant(n);
  if (op == "Identity" || op == "Dropout") {
    entries[n.output(0)] = *lookup(n.input(0)); // an alias
    return success();
  }
  if (op == "Shape")
    return importShape(n);

  // Nodes over constants only are folded on the host.
  SmallVector<const HostTensor *> constInputs;
  bool allConstant = n.input_size() > 0;
  for (const std::string &in : n.input()) {
    const HostTensor *t = in.empty() ? nullptr : constantOf(in);
    if (!in.empty() && !t)
      allConstant = false;
    constInputs.push_back(t);
  }
  if (allConstant) {
    HostTensor result;
    std::string err;
    if (evaluateConstantNode(n, constInputs, result, err)) {
      if (!err.empty())
        return fail(n, err);
      setConstant(n.output(0), std::move(result));
      return success();
    }
  }

  using Handler = LogicalResult (GraphImporter::*)(const onnx::NodeProto &);
  Handler h =
      llvm::StringSwitch<Handler>(op)
          .Case("Conv", &GraphImporter::importConv)
          .Cases({"Relu", "Clip", "HardSwish"},
                 &GraphImporter::importActivation)
          .Case("Add", &GraphImporter::importAdd)
          .Case("Mul", &GraphImporter::importMul)
          .Case("BatchNormalization", &GraphImporter::importBatchNorm)
          .Case("MatMul", &GraphImporter::importMatMul)
          .Case("Softmax", &GraphImporter::importSoftmax)
          .Cases({"Reshape", "Flatten", "Unsqueeze", "Squeeze"},
                 &GraphImporter::importReshapeLike)
          .Case("Transpose", &GraphImporter::importTranspose)
          .Case("GlobalAveragePool", &GraphImporter::importGlobalAveragePool)
          .Case("AveragePool", &GraphImporter::importAveragePool)
          .Case("Gemm", &GraphImporter::importGemm)
          .Case("Pad", &GraphImporter::importPad)
          .Default(nullptr);
  if (op == "Div")
    return importGelu(index);
  if (!h)
    return fail(n, "unsupported ONNX op type '" + op + "'");
  return (this->*h)(n);
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  for (size_t i = 0, e = graph.node_size(); i < e; ++i) {
    for (const std::string &in : graph.node(i).input())
      if (!in.empty())
        consumers[in].push_back(i);
    for (const std::string &out : graph.node(i).output())
      producers[out] = i;
  }
  consumed.assign(graph.node_size(), false);
  for (const auto &it : model.initializers) {
    Entry e;
    e.constant = &it.second;
    entries[it.first()] = e;
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());
  const SmallVector<int64_t> &s = model.inputShape;
  auto inputType = f32({s[0], s[2], s[3], s[1]});
  auto func = func::FuncOp::create(b, fileLoc, "main",
                                   b.getFunctionType({inputType}, {}));
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  setRuntime(model.inputName, body->getArgument(0), /*nhwc=*/true);

  for (size_t i = 0, e = graph.node_size(); i < e; ++i)
    if (!consumed[i] && failed(importNode(i)))
      return nullptr;

  Entry *out = lookup(model.outputName);
  if (!out || !out->value) {
    emitError(UnknownLoc::get(b.getContext()))
        << path << ": graph output '" << model.outputName
        << "' is not computed by any node";
    return nullptr;
  }
  loc = NameLoc::get(b.getStringAttr("output"));
  // Rank-4 results are feature maps and, like the input, NHWC (the mnv4
  // function convention; mnv4-run writes them back as NCHW).
  Value result = onnxShape(*out).size() == 4 ? asNHWC(*out) : asOnnx(*out);
  func::ReturnOp::create(b, fileLoc, result);
  func.setFunctionType(b.getFunctionType({inputType}, {result.getType()}));
  return module;
}

} // namespace

OwningOpRef<ModuleOp> convertGraph(MLIRContext &ctx, const OnnxModel &model,
                                   StringRef path) {
  ctx.loadDialect<MNV4Dialect, func::FuncDialect>();
  return GraphImporter(ctx, model, path).run();
}

} // namespace mnv4::onnx_import
