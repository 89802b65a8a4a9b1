//===- Calibration.cpp - ranges of every value from sample runs -----------===//

#include "mnv4/Quant/Calibration.h"

#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Quant/QuantParams.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace mnv4::quant {

std::optional<CalibrationMethod> parseCalibrationMethod(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<CalibrationMethod>>(name)
      .Case("minmax", CalibrationMethod::minmax)
      .Case("percentile", CalibrationMethod::percentile)
      .Case("mse", CalibrationMethod::mse)
      .Default(std::nullopt);
}

namespace {

struct Range {
  float lo, hi;
};

Range minMax(llvm::ArrayRef<float> data) {
  auto [lo, hi] = std::minmax_element(data.begin(), data.end());
  return {*lo, *hi};
}

/// The 0.01% and 99.99% quantiles.
Range percentiles(llvm::ArrayRef<float> data) {
  std::vector<float> sorted(data.begin(), data.end());
  size_t last = sorted.size() - 1;
  size_t lo = static_cast<size_t>(std::floor(last * 0.0001));
  size_t hi = static_cast<size_t>(std::ceil(last * 0.9999));
  std::nth_element(sorted.begin(), sorted.begin() + lo, sorted.end());
  float low = sorted[lo];
  std::nth_element(sorted.begin(), sorted.begin() + hi, sorted.end());
  return {low, sorted[hi]};
}

double roundingError(llvm::ArrayRef<float> data, Range r) {
  ActivationParams p = activationParams(r.lo, r.hi);
  double sum = 0;
  for (float x : data) {
    float back =
        p.scale * static_cast<float>(quantizeToInt8(x, p) - p.zeroPoint);
    sum += static_cast<double>(x - back) * (x - back);
  }
  return sum;
}

/// The shrunk min/max range with the least int8 rounding error.
Range leastSquaredError(llvm::ArrayRef<float> data) {
  Range full = minMax(data), best = full;
  double bestError = roundingError(data, full);
  for (int step = 1; step <= 10; ++step) {
    float t = 1.0f - 0.05f * static_cast<float>(step);
    Range r{full.lo * t, full.hi * t};
    double error = roundingError(data, r);
    if (error < bestError) {
      bestError = error;
      best = r;
    }
  }
  return best;
}

/// Folds each sample's range into one per value.
class RangeAccumulator {
public:
  explicit RangeAccumulator(CalibrationMethod method) : method(method) {}

  void observe(Value v, const interp::Tensor &t) {
    if (t.data.empty())
      return;
    Range r = method == CalibrationMethod::minmax ? minMax(t.data)
              : method == CalibrationMethod::percentile
                  ? percentiles(t.data)
                  : leastSquaredError(t.data);
    auto [it, inserted] = sums.try_emplace(v, Sum{r.lo, r.hi, 1});
    if (inserted)
      return;
    Sum &s = it->second;
    if (method == CalibrationMethod::minmax) {
      s.lo = std::min(s.lo, static_cast<double>(r.lo));
      s.hi = std::max(s.hi, static_cast<double>(r.hi));
    } else {
      s.lo += r.lo;
      s.hi += r.hi;
      ++s.count;
    }
  }

  std::optional<Range> range(Value v) const {
    auto it = sums.find(v);
    if (it == sums.end())
      return std::nullopt;
    const Sum &s = it->second;
    return Range{static_cast<float>(s.lo / s.count),
                 static_cast<float>(s.hi / s.count)};
  }

private:
  struct Sum {
    double lo, hi;
    int64_t count;
  };
  CalibrationMethod method;
  llvm::DenseMap<Value, Sum> sums;
};

} // namespace

llvm::Error calibrate(func::FuncOp func, llvm::ArrayRef<interp::Tensor> samples,
                      CalibrationMethod method,
                      llvm::function_ref<void(size_t done)> progress) {
  RangeAccumulator ranges(method);
  for (size_t i = 0; i < samples.size(); ++i) {
    llvm::Expected<std::vector<interp::Tensor>> out = interp::runFunction(
        func, samples[i], /*afterOp=*/nullptr,
        [&](Value v, const interp::Tensor &t) { ranges.observe(v, t); });
    if (!out)
      return out.takeError();
    if (progress)
      progress(i + 1);
  }
  Builder b(func.getContext());
  auto attr = [&](Value v) -> Attribute {
    std::optional<Range> r = ranges.range(v);
    if (!r)
      return nullptr;
    return b.getDenseF32ArrayAttr({r->lo, r->hi});
  };
  for (BlockArgument arg : func.getArguments())
    if (Attribute a = attr(arg))
      func.setArgAttr(arg.getArgNumber(), kRangeAttrName, a);
  func.walk([&](Operation *op) {
    if (op->getNumResults() == 1)
      if (Attribute a = attr(op->getResult(0)))
        op->setAttr(kRangeAttrName, a);
  });
  return llvm::Error::success();
}

} // namespace mnv4::quant
