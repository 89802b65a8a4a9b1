//===- MNV4Ops.cpp - mnv4 block and primitive op verifiers ---------------===//

#include "dialects/mnv4/MNV4Ops.h"
#include "dialects/mnv4/OpShapes.h"
#include "dialects/mnv4/ShapeChecks.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mnv4;
using namespace mnv4::detail;

#define GET_OP_CLASSES
#include "dialects/mnv4/MNV4Ops.cpp.inc"

/// Depthwise kernels a UIB start or mid conv may have (timm's block strings).
static constexpr int64_t kUIBDepthwiseKernels[] = {3, 5};

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Output height/width of a block whose stride is realised either by a conv
/// with symmetric padding (k-1)/2 (ceil(H/s)) or by an anti-aliasing pool.
static int64_t blockOutputSize(int64_t in, int64_t stride, Antialias aa) {
  switch (aa) {
  case Antialias::avg:
    return in / 2;
  case Antialias::blur:
  case Antialias::none:
    break;
  }
  return (in + stride - 1) / stride;
}

static LogicalResult verifyAntialias(Operation *op, int64_t stride,
                                     Antialias aa) {
  if (aa != Antialias::none && stride != 2)
    return op->emitOpError()
           << "antialiased downsampling requires stride 2, got stride "
           << stride;
  return success();
}

static LogicalResult verifyResidual(Operation *op, bool residual, int64_t in,
                                    int64_t out, int64_t stride) {
  if (residual && (in != out || stride != 1))
    return op->emitOpError()
           << "residual requires equal input and output channels and stride "
              "1, got "
           << in << " -> " << out << " channels at stride " << stride;
  return success();
}

/// An optional conv is a filter and its bias, both present or both absent.
static LogicalResult verifyFilterBiasPair(Operation *op, StringRef what,
                                          Value filter, Value bias) {
  if (static_cast<bool>(filter) == static_cast<bool>(bias))
    return success();
  return op->emitOpError() << what
                           << " conv needs both a filter and a bias, got only "
                           << (filter ? "the filter" : "the bias");
}

/// Checks a depthwise filter `[k,k,c]` (k one of `kernels`) and its bias
/// `[c]`; returns k.
static FailureOr<int64_t> verifyDepthwise(Operation *op, StringRef what,
                                          Value filter, Value bias,
                                          int64_t channels,
                                          ArrayRef<int64_t> kernels) {
  SmallVector<int64_t> shape;
  std::string name = (what + " filter").str();
  if (failed(getStaticShape(op, filter, name, 3, shape)))
    return failure();
  if (shape[0] != shape[1] || shape[2] != channels)
    return op->emitOpError() << name << " must have shape [k, k, " << channels
                             << "], got " << formatShape(shape);
  if (!llvm::is_contained(kernels, shape[0])) {
    InFlightDiagnostic diag = op->emitOpError()
                              << what << " depthwise kernel must be ";
    llvm::interleave(
        kernels, [&](int64_t k) { diag << k; }, [&] { diag << " or "; });
    return diag << ", got " << shape[0];
  }
  if (failed(expectShape(op, bias, (what + " bias").str(), {channels})))
    return failure();
  return shape[0];
}

/// Checks a 1x1 filter `[out,1,1,in]`; returns out.
static FailureOr<int64_t> verifyPointwise(Operation *op, StringRef what,
                                          Value filter, int64_t in) {
  SmallVector<int64_t> shape;
  std::string name = (what + " filter").str();
  if (failed(getStaticShape(op, filter, name, 4, shape)))
    return failure();
  if (shape[1] != 1 || shape[2] != 1 || shape[3] != in)
    return op->emitOpError() << name << " must have shape [out, 1, 1, " << in
                             << "], got " << formatShape(shape);
  return shape[0];
}

/// Checks strides [sh, sw] > 0 and pad [t, l, b, r] >= 0.
static LogicalResult verifyWindowAttrs(Operation *op, ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> pad) {
  if (strides.size() != 2 || strides[0] < 1 || strides[1] < 1)
    return op->emitOpError() << "strides must be two positive integers, got "
                             << formatShape(strides);
  return verifyPad4(op, pad);
}

/// Common part of conv2d and depthwise_conv2d once kh, kw and Cout are known.
static LogicalResult verifyConvOutput(Operation *op, ArrayRef<int64_t> in,
                                      int64_t kh, int64_t kw, int64_t cout,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pad, Value bias,
                                      Value output) {
  if (failed(verifyWindowAttrs(op, strides, pad)))
    return failure();
  if (bias && failed(expectShape(op, bias, "bias", {cout})))
    return failure();
  int64_t ho = windowOutputSize(in[1], kh, strides[0], pad[0], pad[2]);
  int64_t wo = windowOutputSize(in[2], kw, strides[1], pad[1], pad[3]);
  if (ho < 1 || wo < 1)
    return op->emitOpError()
           << "kernel " << kh << "x" << kw << " does not fit input "
           << formatShape(in) << " with pad " << formatShape(pad);
  return expectShape(op, output, "result", {in[0], ho, wo, cout});
}

//===----------------------------------------------------------------------===//
// ConstOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstOp::fold(FoldAdaptor) { return getValueAttr(); }

LogicalResult ConstOp::verify() {
  return verifyResourceBlobSize(*this, getValue());
}

LogicalResult mnv4::detail::verifyResourceBlobSize(Operation *op,
                                                   ElementsAttr value) {
  // MLIR does not check a dense_resource blob against its type; a short blob
  // would make every consumer read past its end.
  auto resource = dyn_cast<DenseResourceElementsAttr>(value);
  if (!resource)
    return success();
  DenseResourceElementsHandle handle = resource.getRawHandle();
  AsmResourceBlob *blob = handle.getBlob();
  if (!blob) // Elided (`__elided__`) or not loaded yet: nothing to compare.
    return success();
  ShapedType type = resource.getType();
  int64_t expected = type.getNumElements() *
                     llvm::divideCeil(type.getElementTypeBitWidth(), 8);
  int64_t actual = blob->getData().size();
  if (actual != expected)
    return op->emitOpError()
           << "dense_resource blob '" << handle.getKey() << "' holds " << actual
           << " bytes, but " << type << " needs " << expected << " bytes";
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DOp, DepthwiseConv2DOp, FullyConnectedOp
//===----------------------------------------------------------------------===//

LogicalResult mnv4::detail::verifyConv2DShapes(Operation *op, Value input,
                                               Value filterValue, Value bias,
                                               ArrayRef<int64_t> strides,
                                               ArrayRef<int64_t> pad,
                                               Value output) {
  SmallVector<int64_t> in, filter;
  if (failed(getStaticShape(op, input, "input", 4, in)) ||
      failed(getStaticShape(op, filterValue, "filter", 4, filter)))
    return failure();
  if (filter[3] != in[3])
    return op->emitOpError()
           << "filter input channels (" << filter[3]
           << ") do not match input channels (" << in[3] << ")";
  return verifyConvOutput(op, in, filter[1], filter[2], filter[0], strides, pad,
                          bias, output);
}

LogicalResult Conv2DOp::verify() {
  return verifyConv2DShapes(*this, getInput(), getFilter(), getBias(),
                            getStrides(), getPad(), getOutput());
}

LogicalResult mnv4::detail::verifyDepthwiseShapes(Operation *op, Value input,
                                                  Value filterValue, Value bias,
                                                  ArrayRef<int64_t> strides,
                                                  ArrayRef<int64_t> pad,
                                                  Value output) {
  SmallVector<int64_t> in, filter;
  if (failed(getStaticShape(op, input, "input", 4, in)) ||
      failed(getStaticShape(op, filterValue, "filter", 3, filter)))
    return failure();
  if (filter[2] != in[3])
    return op->emitOpError()
           << "filter channels (" << filter[2]
           << ") do not match input channels (" << in[3] << ")";
  return verifyConvOutput(op, in, filter[0], filter[1], filter[2], strides, pad,
                          bias, output);
}

LogicalResult DepthwiseConv2DOp::verify() {
  return verifyDepthwiseShapes(*this, getInput(), getFilter(), getBias(),
                               getStrides(), getPad(), getOutput());
}

LogicalResult mnv4::detail::verifyFullyConnectedShapes(
    Operation *op, Value input, Value weightValue, Value bias, Value output) {
  SmallVector<int64_t> in, weight;
  if (failed(getStaticShape(op, input, "input", -1, in)) ||
      failed(getStaticShape(op, weightValue, "weight", 2, weight)))
    return failure();
  bool flat = in.size() == 2;
  bool pooled = in.size() == 4 && in[1] == 1 && in[2] == 1;
  if (!flat && !pooled)
    return op->emitOpError()
           << "input must be [N, in] or [N, 1, 1, in], got " << formatShape(in);
  if (weight[1] != in.back())
    return op->emitOpError() << "weight must have shape [out, " << in.back()
                             << "], got " << formatShape(weight);
  if (bias && failed(expectShape(op, bias, "bias", {weight[0]})))
    return failure();
  return expectShape(op, output, "result", {in[0], weight[0]});
}

LogicalResult FullyConnectedOp::verify() {
  return verifyFullyConnectedShapes(*this, getInput(), getWeight(), getBias(),
                                    getOutput());
}

//===----------------------------------------------------------------------===//
// FusedIBOp
//===----------------------------------------------------------------------===//

int64_t FusedIBOp::getKernel() { return shapeOf(getExpandFilter())[1]; }
int64_t FusedIBOp::getExpandedChannels() {
  return shapeOf(getExpandFilter())[0];
}

LogicalResult FusedIBOp::verify() {
  SmallVector<int64_t> in, expand;
  if (failed(getStaticShape(*this, getInput(), "input", 4, in)) ||
      failed(
          getStaticShape(*this, getExpandFilter(), "expand filter", 4, expand)))
    return failure();
  if (expand[1] != expand[2] || expand[1] % 2 == 0 || expand[3] != in[3])
    return emitOpError() << "expand filter must have shape [mid, k, k, "
                         << in[3] << "] with odd k, got "
                         << formatShape(expand);
  int64_t mid = expand[0];
  if (failed(expectShape(*this, getExpandBias(), "expand bias", {mid})))
    return failure();
  FailureOr<int64_t> out =
      verifyPointwise(*this, "project", getProjectFilter(), mid);
  if (failed(out) ||
      failed(expectShape(*this, getProjectBias(), "project bias", {*out})) ||
      failed(verifyAntialias(*this, getStride(), getAntialias())) ||
      failed(verifyResidual(*this, getResidual(), in[3], *out, getStride())))
    return failure();
  int64_t ho = blockOutputSize(in[1], getStride(), getAntialias());
  int64_t wo = blockOutputSize(in[2], getStride(), getAntialias());
  return expectShape(*this, getOutput(), "result", {in[0], ho, wo, *out});
}

//===----------------------------------------------------------------------===//
// UIBOp
//===----------------------------------------------------------------------===//

int64_t UIBOp::getStartKernel() {
  return getStartFilter() ? shapeOf(getStartFilter())[0] : 0;
}
int64_t UIBOp::getMidKernel() {
  return getMidFilter() ? shapeOf(getMidFilter())[0] : 0;
}
int64_t UIBOp::getExpandedChannels() { return shapeOf(getExpandFilter())[0]; }

LogicalResult UIBOp::verify() {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(*this, getInput(), "input", 4, in)))
    return failure();
  if (failed(verifyFilterBiasPair(*this, "start", getStartFilter(),
                                  getStartBias())) ||
      failed(verifyFilterBiasPair(*this, "mid", getMidFilter(), getMidBias())))
    return failure();
  if (getStartFilter() &&
      failed(verifyDepthwise(*this, "start", getStartFilter(), getStartBias(),
                             in[3], kUIBDepthwiseKernels)))
    return failure();
  FailureOr<int64_t> mid =
      verifyPointwise(*this, "expand", getExpandFilter(), in[3]);
  if (failed(mid) ||
      failed(expectShape(*this, getExpandBias(), "expand bias", {*mid})))
    return failure();
  if (getMidFilter() &&
      failed(verifyDepthwise(*this, "mid", getMidFilter(), getMidBias(), *mid,
                             kUIBDepthwiseKernels)))
    return failure();
  FailureOr<int64_t> out =
      verifyPointwise(*this, "project", getProjectFilter(), *mid);
  if (failed(out) ||
      failed(expectShape(*this, getProjectBias(), "project bias", {*out})))
    return failure();
  if (getLayerScale() &&
      failed(expectShape(*this, getLayerScale(), "layer scale", {*out})))
    return failure();
  int64_t stride = getStride();
  if (stride != 1 && !getStartFilter() && !getMidFilter())
    return emitOpError() << "stride " << stride
                         << " needs a start or mid depthwise conv to carry it";
  if (getAntialias() != Antialias::none && !getMidFilter())
    return emitOpError("antialiased downsampling needs a mid depthwise conv");
  if (failed(verifyAntialias(*this, stride, getAntialias())) ||
      failed(verifyResidual(*this, getResidual(), in[3], *out, stride)))
    return failure();
  int64_t ho = blockOutputSize(in[1], stride, getAntialias());
  int64_t wo = blockOutputSize(in[2], stride, getAntialias());
  return expectShape(*this, getOutput(), "result", {in[0], ho, wo, *out});
}

//===----------------------------------------------------------------------===//
// MobileMQAOp
//===----------------------------------------------------------------------===//

int64_t MobileMQAOp::getKeyDim() { return shapeOf(getKeyFilter())[0]; }
int64_t MobileMQAOp::getValueDim() { return shapeOf(getValueFilter())[0]; }

LogicalResult MobileMQAOp::verify() {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(*this, getInput(), "input", 4, in)))
    return failure();
  int64_t c = in[3];
  if (failed(expectShape(*this, getNormScale(), "norm scale", {c})) ||
      failed(expectShape(*this, getNormShift(), "norm shift", {c})))
    return failure();
  FailureOr<int64_t> kd = verifyPointwise(*this, "key", getKeyFilter(), c);
  if (failed(kd))
    return failure();
  FailureOr<int64_t> vd = verifyPointwise(*this, "value", getValueFilter(), c);
  if (failed(vd))
    return failure();
  int64_t heads = getNumHeads();
  if (failed(expectShape(*this, getQueryFilter(), "query filter",
                         {heads * *kd, 1, 1, c})) ||
      failed(expectShape(*this, getOutputFilter(), "output filter",
                         {c, 1, 1, heads * *vd})))
    return failure();
  if (failed(verifyFilterBiasPair(*this, "key_down", getKeyDownFilter(),
                                  getKeyDownBias())) ||
      failed(verifyFilterBiasPair(*this, "value_down", getValueDownFilter(),
                                  getValueDownBias())))
    return failure();
  bool hasKeyDown = static_cast<bool>(getKeyDownFilter());
  bool hasValueDown = static_cast<bool>(getValueDownFilter());
  int64_t kv = getKvStride();
  if (kv > 1 && (!hasKeyDown || !hasValueDown))
    return emitOpError() << "kv_stride " << kv
                         << " requires key_down and value_down convs";
  if (kv == 1 && (hasKeyDown || hasValueDown))
    return emitOpError("key_down/value_down convs require kv_stride > 1");
  // timm's K/V downsampling is always a 3x3 depthwise conv with padding 1.
  if (kv > 1 &&
      (failed(verifyDepthwise(*this, "key_down", getKeyDownFilter(),
                              getKeyDownBias(), c, {3})) ||
       failed(verifyDepthwise(*this, "value_down", getValueDownFilter(),
                              getValueDownBias(), c, {3}))))
    return failure();
  if (getLayerScale() &&
      failed(expectShape(*this, getLayerScale(), "layer scale", {c})))
    return failure();
  return expectShape(*this, getOutput(), "result", in);
}

//===----------------------------------------------------------------------===//
// BatchNormOp, pools
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(*this, getInput(), "input", -1, in)))
    return failure();
  if (in.empty())
    return emitOpError("input must have at least one dimension");
  if (failed(expectShape(*this, getScale(), "scale", {in.back()})) ||
      failed(expectShape(*this, getShift(), "shift", {in.back()})))
    return failure();
  return expectShape(*this, getOutput(), "result", in);
}

LogicalResult mnv4::detail::verifyGlobalPoolShapes(Operation *op, Value input,
                                                   Value output) {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(op, input, "input", 4, in)))
    return failure();
  return expectShape(op, output, "result", {in[0], 1, 1, in[3]});
}

LogicalResult GlobalAvgPoolOp::verify() {
  return verifyGlobalPoolShapes(*this, getInput(), getOutput());
}

LogicalResult mnv4::detail::verifyAvgPoolShapes(Operation *op, Value input,
                                                int64_t k, int64_t s,
                                                Value output) {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(op, input, "input", 4, in)))
    return failure();
  if (in[1] < k || in[2] < k)
    return op->emitOpError()
           << "kernel " << k << " is larger than the input " << formatShape(in);
  return expectShape(op, output, "result",
                     {in[0], windowOutputSize(in[1], k, s, 0, 0),
                      windowOutputSize(in[2], k, s, 0, 0), in[3]});
}

LogicalResult AvgPool2DOp::verify() {
  return verifyAvgPoolShapes(*this, getInput(), getKernel(), getStride(),
                             getOutput());
}

LogicalResult BlurPoolOp::verify() {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(*this, getInput(), "input", 4, in)))
    return failure();
  return expectShape(*this, getOutput(), "result",
                     {in[0], (in[1] + 1) / 2, (in[2] + 1) / 2, in[3]});
}

//===----------------------------------------------------------------------===//
// ActivationOp, AddOp
//===----------------------------------------------------------------------===//

// SameOperandsAndResultType already ties every type to the first operand;
// only that type's shape is left to check.

LogicalResult ActivationOp::verify() {
  SmallVector<int64_t> shape;
  return getStaticShape(*this, getInput(), "input", /*rank=*/-1, shape);
}

LogicalResult AddOp::verify() {
  SmallVector<int64_t> shape;
  return getStaticShape(*this, getLhs(), "lhs", /*rank=*/-1, shape);
}
