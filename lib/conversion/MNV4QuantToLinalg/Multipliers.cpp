//===- Multipliers.cpp - the requantization factors of int8 ops -----------===//

#include "Multipliers.h"

#include "mnv4/Conversion/MNV4QuantToLinalg.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace mnv4::conversion {

namespace {

Type elementOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

/// Per-channel conv multipliers: s_in * s_w[c] / s_out in double.
std::vector<double> perChannel(Value input, Value weight, Value output) {
  double in = paramsOf(input).scale, out = paramsOf(output).scale;
  std::vector<double> r;
  for (float s : scalesOf(weight))
    r.push_back(in * static_cast<double>(s) / out);
  return r;
}

/// The float32 product of two scales over the output scale in double (FC
/// per tensor, BATCH_MATMUL).
double productOver(float a, float b, float out) {
  float product = a * b;
  return static_cast<double>(product) / static_cast<double>(out);
}

} // namespace

QuantParams paramsOf(Value v) {
  auto t = cast<quant::UniformQuantizedType>(elementOf(v));
  return {static_cast<float>(t.getScale()),
          static_cast<int32_t>(t.getZeroPoint())};
}

std::vector<float> scalesOf(Value v) {
  Type element = elementOf(v);
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(element))
    return std::vector<float>(perAxis.getScales().begin(),
                              perAxis.getScales().end());
  return {static_cast<float>(
      cast<quant::UniformQuantizedType>(element).getScale())};
}

std::vector<double> realMultipliers(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::vector<double>>(op)
      .Case([](QConv2DOp o) {
        return perChannel(o.getInput(), o.getFilter(), o.getOutput());
      })
      .Case([](QDepthwiseConv2DOp o) {
        return perChannel(o.getInput(), o.getFilter(), o.getOutput());
      })
      .Case([](QFullyConnectedOp o) -> std::vector<double> {
        std::vector<float> w = scalesOf(o.getWeight());
        if (w.size() > 1)
          return perChannel(o.getInput(), o.getWeight(), o.getOutput());
        return {productOver(paramsOf(o.getInput()).scale, w[0],
                            paramsOf(o.getOutput()).scale)};
      })
      .Case([](QAddOp o) -> std::vector<double> {
        float s1 = paramsOf(o.getLhs()).scale, s2 = paramsOf(o.getRhs()).scale;
        double twiceMax = 2.0 * static_cast<double>(std::max(s1, s2));
        return {s1 / twiceMax, s2 / twiceMax,
                twiceMax / ((1 << 20) * static_cast<double>(
                                            paramsOf(o.getOutput()).scale))};
      })
      .Case([](QMulOp o) -> std::vector<double> {
        float real = paramsOf(o.getLhs()).scale * paramsOf(o.getRhs()).scale /
                     paramsOf(o.getOutput()).scale;
        return {static_cast<double>(real)};
      })
      .Case([](QMeanOp o) -> std::vector<double> {
        return {static_cast<double>(paramsOf(o.getInput()).scale) /
                static_cast<double>(paramsOf(o.getOutput()).scale)};
      })
      .Case([](QBatchMatMulOp o) -> std::vector<double> {
        return {productOver(paramsOf(o.getLhs()).scale,
                            paramsOf(o.getRhs()).scale,
                            paramsOf(o.getOutput()).scale)};
      })
      .Case([](QuantizeOp o) -> std::vector<double> {
        if (!isa<quant::UniformQuantizedType>(elementOf(o.getInput())))
          return {};
        return {static_cast<double>(paramsOf(o.getInput()).scale) /
                static_cast<double>(paramsOf(o.getOutput()).scale)};
      })
      .Case([](QSoftmaxOp o) -> std::vector<double> {
        return {std::min(static_cast<double>(paramsOf(o.getInput()).scale) *
                             static_cast<double>(1 << 26),
                         static_cast<double>((1LL << 31) - 1))};
      })
      .Default([](Operation *) { return std::vector<double>{}; });
}

FailureOr<std::vector<tflite::Multiplier>> quantizedMultipliers(Operation *op) {
  std::vector<double> reals = realMultipliers(op);
  std::vector<tflite::Multiplier> result;
  for (auto [i, real] : llvm::enumerate(reals)) {
    tflite::Multiplier m = std::isfinite(real) && real > 0
                               ? tflite::quantizeMultiplier(real)
                               : tflite::Multiplier{0, 99};
    // Softmax scales its input differences by 2^shift: it must be >= 0.
    int minShift = isa<QSoftmaxOp>(op) ? 0 : -31;
    if (m.shift <= 31 && m.shift >= minShift)
      result.push_back(m);
    else
      return op->emitOpError()
             << "requantization multiplier " << real
             << (reals.size() > 1 ? " (#" + std::to_string(i) + ")"
                                  : std::string())
             << " cannot be represented as TFLite's 32-bit "
                "multiplier and shift (shift "
             << m.shift << ", valid " << minShift << " to 31)";
  }
  return result;
}

LogicalResult checkRequantizationMultipliers(ModuleOp module) {
  WalkResult r = module.walk([](Operation *op) {
    return failed(quantizedMultipliers(op)) ? WalkResult::interrupt()
                                            : WalkResult::advance();
  });
  return failure(r.wasInterrupted());
}

} // namespace mnv4::conversion
