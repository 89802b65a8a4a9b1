//===- ImportConvPoolGemm.cpp - convolutions, pools, fully connected ------===//
//
// The ops that read NHWC feature maps, plus Gemm. Weights are re-laid out
// here: conv OIHW -> OHWI, depthwise [C,1,kh,kw] -> [kh,kw,C], Gemm's
// [in,out] (transB = 0) -> [out,in].
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace llvm;

namespace mnv4::onnx_import {

namespace {
/// The window attributes Conv and AveragePool share, with ONNX's 2-D
/// defaults.
struct Window {
  SmallVector<int64_t> strides, pads;
  std::string autoPad;

  explicit Window(const onnx::NodeProto &n)
      : strides(getIntsAttr(n, "strides").value_or(SmallVector<int64_t>{1, 1})),
        pads(getIntsAttr(n, "pads").value_or(SmallVector<int64_t>{0, 0, 0, 0})),
        autoPad(getStringAttr(n, "auto_pad")) {}
  /// auto_pad asks for implicit ("SAME_*" / "VALID") padding.
  bool implicitPads() const { return !autoPad.empty() && autoPad != "NOTSET"; }
};
} // namespace

LogicalResult GraphImporter::importConv(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  const HostTensor *w = x ? constantInput(n, 1, "weight") : nullptr;
  const HostTensor *bias = nullptr;
  if (!w || failed(optionalConstantInput(n, 2, "bias", bias)))
    return failure();
  SmallVector<int64_t> xs = onnxShape(*x);
  if (xs.size() != 4 || w->shape.size() != 4)
    return fail(n, "only 2-D convolutions of NCHW tensors are supported");
  Window win(n);
  if (win.implicitPads())
    return fail(n, "auto_pad '" + win.autoPad +
                       "' is not supported (explicit pads only)");
  auto dil = getIntsAttr(n, "dilations");
  if (dil && llvm::any_of(*dil, [](int64_t d) { return d != 1; }))
    return fail(n, "dilated convolutions are not supported");
  ArrayRef<int64_t> strides = win.strides, pads = win.pads;
  if (strides.size() != 2 || pads.size() != 4)
    return fail(n, "strides/pads must describe two spatial dims");
  if (llvm::any_of(strides, [](int64_t v) { return v < 1 || v > kMaxDim; }) ||
      llvm::any_of(pads, [](int64_t v) { return v < 0 || v > kMaxDim; }))
    return fail(n,
                "strides must be from 1 and pads from 0 to " + Twine(kMaxDim));
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

LogicalResult GraphImporter::importGlobalAveragePool(const NodeProto &n) {
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

/// x.mean((2, 3)): the axes are an attribute before opset 18, an input
/// from 18.
LogicalResult GraphImporter::importReduceMean(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  SmallVector<int64_t> s = onnxShape(*x), axes;
  if (model.opset >= 18) {
    const HostTensor *t = nullptr;
    if (failed(optionalConstantInput(n, 1, "axes", t)))
      return failure();
    if (t)
      axes.assign(t->i64.begin(), t->i64.end());
  } else if (auto a = getIntsAttr(n, "axes")) {
    axes = *a;
  } else if (hasInput(n, 1)) {
    return fail(n, "takes its axes as an attribute before opset 18, not as "
                   "an input");
  }
  for (int64_t &a : axes)
    if (a < 0)
      a += s.size();
  llvm::sort(axes);
  if (s.size() != 4 || axes != SmallVector<int64_t>{2, 3})
    return fail(n, "only the mean over H and W (axes [2, 3]) of an NCHW "
                   "feature map is supported");
  Value pooled =
      GlobalAvgPoolOp::create(b, loc, f32({s[0], 1, 1, s[1]}), asNHWC(*x));
  if (getIntAttr(n, "keepdims", 1)) {
    setRuntime(n.output(0), pooled, true);
    return success();
  }
  // [N,1,1,C] and [N,C] hold the same elements in the same order.
  setRuntime(n.output(0), reshapeOp(pooled, {s[0], s[1]}), false);
  return success();
}

LogicalResult GraphImporter::importAveragePool(const NodeProto &n) {
  Entry *x = runtimeInput(n, 0);
  if (!x)
    return failure();
  SmallVector<int64_t> s = onnxShape(*x);
  auto kernel = getIntsAttr(n, "kernel_shape");
  auto dil = getIntsAttr(n, "dilations"); // opset 19
  if (dil && llvm::any_of(*dil, [](int64_t d) { return d != 1; }))
    return fail(n, "dilated average pools are not supported");
  Window win(n);
  if (s.size() != 4 || !kernel || kernel->size() != 2 ||
      (*kernel)[0] != (*kernel)[1] || win.strides.size() != 2 ||
      win.strides[0] != win.strides[1] ||
      llvm::any_of(win.pads, [](int64_t p) { return p != 0; }) ||
      getIntAttr(n, "ceil_mode", 0) != 0 || win.implicitPads())
    return fail(n, "only square, unpadded, floor-mode 2-D average pools are "
                   "supported");
  int64_t k = (*kernel)[0], st = win.strides[0];
  if (k < 1 || st < 1 || k > s[2] || k > s[3])
    return fail(n, "invalid pool window for the input size");
  Value out = AvgPool2DOp::create(
      b, loc, f32({s[0], (s[2] - k) / st + 1, (s[3] - k) / st + 1, s[1]}),
      asNHWC(*x), k, st);
  setRuntime(n.output(0), out, true);
  return success();
}

LogicalResult GraphImporter::importGemm(const NodeProto &n) {
  Entry *a = runtimeInput(n, 0);
  const HostTensor *w = a ? constantInput(n, 1, "weight") : nullptr;
  const HostTensor *c = nullptr;
  if (!w || failed(optionalConstantInput(n, 2, "bias", c)))
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

} // namespace mnv4::onnx_import
