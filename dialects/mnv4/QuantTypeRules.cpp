//===- QuantTypeRules.cpp - TFLite int8 rules on quant types -------------===//

#include "dialects/mnv4/QuantTypeRules.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::quant;

namespace mnv4::detail {

bool isFloat32Exact(double value) {
  return static_cast<double>(static_cast<float>(value)) == value;
}

double biasScale(double inputScale, double weightScale) {
  return static_cast<float>(inputScale * weightScale);
}

static Type elementTypeOf(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

/// i8 (or i32) signed storage expressing f32.
static bool hasStorage(QuantizedType type, unsigned width) {
  return type.isSigned() && type.getStorageTypeIntegralWidth() == width &&
         type.getExpressedType().isF32();
}

FailureOr<UniformQuantizedType> getActivationType(Operation *op, Value value,
                                                  StringRef what) {
  auto type = dyn_cast<UniformQuantizedType>(elementTypeOf(value));
  if (!type || !hasStorage(type, 8) || type.getStorageTypeMin() != -128 ||
      type.getStorageTypeMax() != 127)
    return op->emitOpError()
           << what
           << " must be a per-tensor int8 activation "
              "(!quant.uniform<i8:f32, scale:zero_point>), got "
           << elementTypeOf(value);
  if (!(type.getScale() > 0) || !isFloat32Exact(type.getScale()))
    return op->emitOpError()
           << what << " scale must be a positive float32 value, got "
           << type.getScale();
  return type;
}

FailureOr<SmallVector<double>> getWeightScales(Operation *op, Value value,
                                               StringRef what, int32_t axis,
                                               bool allowPerTensor) {
  auto type = dyn_cast<QuantizedType>(elementTypeOf(value));
  auto fail = [&]() -> InFlightDiagnostic {
    return op->emitOpError()
           << what << " must be symmetric int8 with narrow range [-127, 127] "
           << (allowPerTensor ? "per-tensor or " : "") << "per-axis on axis "
           << axis << ", got " << elementTypeOf(value);
  };
  if (!type || !hasStorage(type, 8) || type.getStorageTypeMin() != -127 ||
      type.getStorageTypeMax() != 127)
    return fail();
  SmallVector<double> scales;
  if (auto perTensor = dyn_cast<UniformQuantizedType>(type)) {
    if (!allowPerTensor || perTensor.getZeroPoint() != 0)
      return fail();
    scales.push_back(perTensor.getScale());
  } else if (auto perAxis = dyn_cast<UniformQuantizedPerAxisType>(type)) {
    int64_t dim = cast<ShapedType>(value.getType()).getDimSize(axis);
    if (perAxis.getQuantizedDimension() != axis ||
        static_cast<int64_t>(perAxis.getScales().size()) != dim ||
        llvm::any_of(perAxis.getZeroPoints(), [](int64_t z) { return z != 0; }))
      return fail();
    scales.assign(perAxis.getScales().begin(), perAxis.getScales().end());
  } else {
    return fail();
  }
  for (double s : scales)
    if (!(s > 0) || !isFloat32Exact(s))
      return op->emitOpError() << what
                               << " scales must be positive float32 values, "
                                  "got "
                               << s;
  return scales;
}

LogicalResult verifyBiasType(Operation *op, Value bias, double inputScale,
                             ArrayRef<double> weightScales) {
  auto type = dyn_cast<QuantizedType>(elementTypeOf(bias));
  SmallVector<double> scales;
  bool zeroPoints = true;
  if (auto perAxis = dyn_cast_or_null<UniformQuantizedPerAxisType>(type)) {
    scales.assign(perAxis.getScales().begin(), perAxis.getScales().end());
    zeroPoints =
        perAxis.getQuantizedDimension() == 0 &&
        llvm::all_of(perAxis.getZeroPoints(), [](int64_t z) { return z == 0; });
  } else if (auto perTensor = dyn_cast_or_null<UniformQuantizedType>(type)) {
    scales.push_back(perTensor.getScale());
    zeroPoints = perTensor.getZeroPoint() == 0;
  }
  if (!type || !hasStorage(type, 32) || !zeroPoints ||
      scales.size() != weightScales.size())
    return op->emitOpError()
           << "bias must be int32 with zero point 0 and " << weightScales.size()
           << (weightScales.size() == 1 ? " scale" : " scales on axis 0")
           << " (one per weight scale), got " << elementTypeOf(bias);
  for (auto [c, pair] : llvm::enumerate(llvm::zip(scales, weightScales))) {
    auto [sb, sw] = pair;
    double expected = biasScale(inputScale, sw);
    if (sb != expected)
      return op->emitOpError()
             << "bias scale #" << c
             << " must be input scale x weight scale = " << expected << ", got "
             << sb;
  }
  return success();
}

LogicalResult verifySameQuantParams(Operation *op, Value input, Value output) {
  FailureOr<UniformQuantizedType> in = getActivationType(op, input, "input");
  FailureOr<UniformQuantizedType> out = getActivationType(op, output, "result");
  if (failed(in) || failed(out))
    return failure();
  if (in->getScale() != out->getScale() ||
      in->getZeroPoint() != out->getZeroPoint())
    return op->emitOpError()
           << "result must have the input's scale and zero point ("
           << in->getScale() << ", " << in->getZeroPoint() << "), got ("
           << out->getScale() << ", " << out->getZeroPoint() << ")";
  return success();
}

LogicalResult verifyFixedOutputParams(Operation *op, Value output, double scale,
                                      int64_t zeroPoint) {
  FailureOr<UniformQuantizedType> out = getActivationType(op, output, "result");
  if (failed(out))
    return failure();
  if (out->getScale() != scale || out->getZeroPoint() != zeroPoint)
    return op->emitOpError()
           << "result must have scale " << scale << " and zero point "
           << zeroPoint << ", got (" << out->getScale() << ", "
           << out->getZeroPoint() << ")";
  return success();
}

} // namespace mnv4::detail
