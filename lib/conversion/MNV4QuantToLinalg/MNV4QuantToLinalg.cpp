//===- MNV4QuantToLinalg.cpp - the type conversion and all patterns -------===//

#include "QuantPatterns.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

namespace mnv4::conversion {

namespace {

template <typename T> std::optional<std::vector<T>> stored(Value v) {
  auto op = v.getDefiningOp<QConstOp>();
  if (!op)
    return std::nullopt;
  ElementsAttr attr = op.getValue();
  if (attr.getElementType().getIntOrFloatBitWidth() != sizeof(T) * 8)
    return std::nullopt;
  size_t count = static_cast<size_t>(attr.getNumElements());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != count * sizeof(T))
      return std::nullopt;
    std::vector<T> values(count);
    if (count > 0) // an empty vector's data() may be null
      std::memcpy(values.data(), blob->getData().data(), count * sizeof(T));
    return values;
  }
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr)) {
    std::vector<T> values;
    values.reserve(count);
    for (const APInt &x : dense.getValues<APInt>())
      values.push_back(static_cast<T>(x.getSExtValue()));
    return values;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::vector<int8_t>> storedI8(Value v) {
  return stored<int8_t>(v);
}

std::optional<std::vector<int32_t>> storedI32(Value v) {
  return stored<int32_t>(v);
}

std::optional<QuantWeights> weightsOf(Operation *op, Value weight, Value bias) {
  std::optional<std::vector<int8_t>> w = storedI8(weight);
  std::optional<std::vector<int32_t>> b = storedI32(bias);
  if (!w || !b) {
    op->emitError("the integer lowering needs the weights and bias as "
                  "mnv4.qconst with their data");
    return std::nullopt;
  }
  FailureOr<std::vector<tflite::Multiplier>> mults = quantizedMultipliers(op);
  if (failed(mults))
    return std::nullopt;
  return QuantWeights{std::move(*w), std::move(*b), std::move(*mults)};
}

void populateQuantTypeConversion(TypeConverter &converter) {
  converter.addConversion([](Type t) { return t; });
  converter.addConversion([](RankedTensorType t) -> Type {
    if (auto q = dyn_cast<quant::QuantizedType>(t.getElementType()))
      return RankedTensorType::get(t.getShape(), q.getStorageType());
    return t;
  });
}

void populateMNV4QuantToLinalgPatterns(TypeConverter &converter,
                                       RewritePatternSet &patterns,
                                       const QuantLoweringOptions &options) {
  populateQuantBlockLowerings(converter, patterns, options);
  populateQuantAttentionLowering(converter, patterns, options);
  populateQuantKernelLowerings(converter, patterns, options);
  populateQuantElementwiseLowerings(converter, patterns, options);
  populateQuantSoftmaxLowering(converter, patterns, options);
}

} // namespace mnv4::conversion
