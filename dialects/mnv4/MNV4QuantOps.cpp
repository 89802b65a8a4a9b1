//===- MNV4QuantOps.cpp - verifiers of the int8 ops ----------------------===//
//
// Shapes are checked by the same rules as the f32 ops (OpShapes.h); types by
// the TFLite int8 rules (QuantTypeRules.h).
//
//===----------------------------------------------------------------------===//

#include "dialects/mnv4/MNV4Ops.h"
#include "dialects/mnv4/OpShapes.h"
#include "dialects/mnv4/QuantTypeRules.h"
#include "dialects/mnv4/ShapeChecks.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::quant;
using namespace mnv4;
using namespace mnv4::detail;

static LogicalResult
verifyActivations(Operation *op, ArrayRef<std::pair<Value, StringRef>> values) {
  for (auto [value, what] : values)
    if (failed(getActivationType(op, value, what)))
      return failure();
  return success();
}

static LogicalResult verifySameShape(Operation *op, Value input, Value output) {
  SmallVector<int64_t> in;
  if (failed(getStaticShape(op, input, "input", -1, in)))
    return failure();
  return expectShape(op, output, "result", in);
}

/// Activation input/result, weight scales on `axis`, bias scales.
static LogicalResult verifyWeightedOp(Operation *op, Value input, Value weight,
                                      Value bias, Value output, int32_t axis,
                                      bool allowPerTensor) {
  FailureOr<UniformQuantizedType> in = getActivationType(op, input, "input");
  if (failed(in) || failed(getActivationType(op, output, "result")))
    return failure();
  FailureOr<SmallVector<double>> scales = getWeightScales(
      op, weight,
      op->getName().getStringRef() == "mnv4.qfully_connected" ? "weight"
                                                              : "filter",
      axis, allowPerTensor);
  if (failed(scales))
    return failure();
  return verifyBiasType(op, bias, in->getScale(), *scales);
}

LogicalResult QuantizeOp::verify() {
  if (isa<QuantizedType>(getInput().getType().getElementType()) &&
      failed(getActivationType(*this, getInput(), "input")))
    return failure();
  if (failed(getActivationType(*this, getOutput(), "result")))
    return failure();
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult DequantizeOp::verify() {
  if (failed(getActivationType(*this, getInput(), "input")))
    return failure();
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult QConstOp::verify() {
  auto result = cast<RankedTensorType>(getOutput().getType());
  auto quantized = cast<QuantizedType>(result.getElementType());
  ShapedType stored = getValue().getShapedType();
  if (stored.getShape() != result.getShape() ||
      stored.getElementType() != quantized.getStorageType())
    return emitOpError() << "value must be " << quantized.getStorageType()
                         << " data of the result's shape, got " << stored;
  return verifyResourceBlobSize(*this, getValue());
}

llvm::Expected<std::vector<uint8_t>> QConstOp::readStoredBytes() {
  auto where = [&] {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "'" << getOperationName() << "' at " << getLoc();
    return text;
  };
  auto stored = cast<QuantizedType>(
      cast<ShapedType>(getOutput().getType()).getElementType());
  size_t width = stored.getStorageTypeIntegralWidth() / 8;
  size_t count = static_cast<size_t>(getValue().getNumElements());
  ElementsAttr attr = getValue();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    DenseResourceElementsHandle handle = resource.getRawHandle();
    AsmResourceBlob *blob = handle.getBlob();
    if (!blob)
      return llvm::createStringError(
          llvm::formatv("{0}: dense_resource blob '{1}' has no data", where(),
                        handle.getKey()));
    ArrayRef<char> data = blob->getData();
    if (data.size() != count * width)
      return llvm::createStringError(
          llvm::formatv("{0}: dense_resource blob '{1}' holds {2} bytes, but "
                        "its type needs {3}",
                        where(), handle.getKey(), data.size(), count * width));
    return std::vector<uint8_t>(data.begin(), data.end());
  }
  auto dense = dyn_cast<DenseIntElementsAttr>(attr);
  if (!dense)
    return llvm::createStringError(
        llvm::formatv("{0}: unsupported value attribute", where()));
  std::vector<uint8_t> bytes;
  bytes.reserve(count * width);
  for (const llvm::APInt &x : dense.getValues<llvm::APInt>()) // expands splats
    for (size_t b = 0; b < width; ++b)
      bytes.push_back(static_cast<uint8_t>(x.getZExtValue() >> (8 * b)));
  return bytes;
}

LogicalResult QConv2DOp::verify() {
  if (failed(verifyConv2DShapes(*this, getInput(), getFilter(), getBias(),
                                getStrides(), getPad(), getOutput())))
    return failure();
  return verifyWeightedOp(*this, getInput(), getFilter(), getBias(),
                          getOutput(), /*axis=*/0, /*allowPerTensor=*/false);
}

LogicalResult QDepthwiseConv2DOp::verify() {
  if (failed(verifyDepthwiseShapes(*this, getInput(), getFilter(), getBias(),
                                   getStrides(), getPad(), getOutput())))
    return failure();
  return verifyWeightedOp(*this, getInput(), getFilter(), getBias(),
                          getOutput(), /*axis=*/2, /*allowPerTensor=*/false);
}

LogicalResult QFullyConnectedOp::verify() {
  if (failed(verifyFullyConnectedShapes(*this, getInput(), getWeight(),
                                        getBias(), getOutput())))
    return failure();
  return verifyWeightedOp(*this, getInput(), getWeight(), getBias(),
                          getOutput(), /*axis=*/0, /*allowPerTensor=*/true);
}

LogicalResult QAddOp::verify() {
  if (failed(verifyActivations(
          *this,
          {{getLhs(), "lhs"}, {getRhs(), "rhs"}, {getOutput(), "result"}})))
    return failure();
  SmallVector<int64_t> lhs;
  if (failed(getStaticShape(*this, getLhs(), "lhs", -1, lhs)) ||
      failed(expectShape(*this, getRhs(), "rhs", lhs)))
    return failure();
  return expectShape(*this, getOutput(), "result", lhs);
}

LogicalResult QMulOp::verify() {
  if (failed(verifyActivations(
          *this,
          {{getLhs(), "lhs"}, {getRhs(), "rhs"}, {getOutput(), "result"}})))
    return failure();
  return verifyBroadcastMulShapes(*this, getLhs(), getRhs(), getOutput());
}

LogicalResult QMeanOp::verify() {
  if (failed(verifyActivations(
          *this, {{getInput(), "input"}, {getOutput(), "result"}})))
    return failure();
  return verifyGlobalPoolShapes(*this, getInput(), getOutput());
}

LogicalResult QAvgPool2DOp::verify() {
  if (failed(verifySameQuantParams(*this, getInput(), getOutput())))
    return failure();
  return verifyAvgPoolShapes(*this, getInput(), getKernel(), getStride(),
                             getOutput());
}

LogicalResult QBatchMatMulOp::verify() {
  if (failed(verifyActivations(
          *this,
          {{getLhs(), "lhs"}, {getRhs(), "rhs"}, {getOutput(), "result"}})))
    return failure();
  return verifyMatMulShapes(*this, getLhs(), getRhs(), getOutput());
}

/// TFLite's fixed output parameters of SOFTMAX and LOGISTIC.
static constexpr double kProbabilityScale = 1.0 / 256;
static constexpr int64_t kProbabilityZeroPoint = -128;

LogicalResult QSoftmaxOp::verify() {
  if (failed(getActivationType(*this, getInput(), "input")) ||
      failed(verifyFixedOutputParams(*this, getOutput(), kProbabilityScale,
                                     kProbabilityZeroPoint)))
    return failure();
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult QLutOp::verify() {
  if (failed(verifyActivations(
          *this, {{getInput(), "input"}, {getOutput(), "result"}})))
    return failure();
  if (getKind() == QLut::logistic &&
      failed(verifyFixedOutputParams(*this, getOutput(), kProbabilityScale,
                                     kProbabilityZeroPoint)))
    return failure();
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult QReshapeOp::verify() {
  if (failed(verifySameQuantParams(*this, getInput(), getOutput())))
    return failure();
  return verifyReshapeShapes(*this, getInput(), getOutput());
}

LogicalResult QTransposeOp::verify() {
  if (failed(verifySameQuantParams(*this, getInput(), getOutput())))
    return failure();
  return verifyTransposeShapes(*this, getInput(), getPerm(), getOutput());
}
