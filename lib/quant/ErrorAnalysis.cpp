//===- ErrorAnalysis.cpp - which tensors' int8 rounding costs accuracy ----===//

#include "mnv4/Quant/ErrorAnalysis.h"

#include "SimulatedRounding.h"

#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Quant/Calibration.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

using namespace mlir;

namespace mnv4::quant {

namespace {

std::vector<float> flatten(const std::vector<interp::Tensor> &results) {
  std::vector<float> all;
  for (const interp::Tensor &t : results)
    all.insert(all.end(), t.data.begin(), t.data.end());
  return all;
}

double cosine(llvm::ArrayRef<float> a, llvm::ArrayRef<float> b) {
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += static_cast<double>(a[i]) * b[i];
    na += static_cast<double>(a[i]) * a[i];
    nb += static_cast<double>(b[i]) * b[i];
  }
  return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0;
}

} // namespace

llvm::Expected<std::vector<TensorError>>
analyzeInt8Error(func::FuncOp func, func::FuncOp reference,
                 llvm::ArrayRef<interp::Tensor> inputs, RoundingSet set,
                 bool perChannelFC) {
  llvm::DenseMap<Value, Rounding> roundings;
  std::vector<Value> order;
  auto consider = [&](Value v) {
    Rounding r = roundingOf(func, v, perChannelFC);
    if (r.kind == Rounding::none)
      return;
    order.push_back(v);
    roundings[v] = std::move(r);
  };
  for (BlockArgument arg : func.getArguments())
    consider(arg);
  func.walk([&](Operation *op) {
    if (op->getNumResults() == 1)
      consider(op->getResult(0));
  });

  std::vector<std::vector<float>> expected;
  for (const interp::Tensor &x : inputs) {
    auto out = interp::runFunction(reference, {x});
    if (!out)
      return out.takeError();
    expected.push_back(flatten(*out));
  }
  // The input-independent part of the results, removed for the centered
  // cosine (random-weight models give logits that are mostly this part).
  std::vector<float> mean(expected.front().size(), 0.0f);
  for (const std::vector<float> &r : expected)
    for (size_t j = 0; j < r.size(); ++j)
      mean[j] += r[j] / static_cast<float>(expected.size());
  auto centered = [&](std::vector<float> v) {
    for (size_t j = 0; j < v.size(); ++j)
      v[j] -= mean[j];
    return v;
  };
  auto measure = [&](llvm::function_ref<bool(Value)> rounded, std::string name,
                     std::string kind,
                     int64_t elements) -> llvm::Expected<TensorError> {
    TensorError e{std::move(name), std::move(kind), elements, 0.0, 1.0, 0.0};
    for (size_t i = 0; i < inputs.size(); ++i) {
      auto out = interp::runFunction(func, {inputs[i]}, nullptr,
                                     [&](Value v, interp::Tensor &t) {
                                       if (rounded(v))
                                         applyRounding(roundings.at(v), t);
                                     });
      if (!out)
        return out.takeError();
      std::vector<float> result = flatten(*out);
      double c = cosine(result, expected[i]);
      e.meanCosine += c / static_cast<double>(inputs.size());
      e.centeredCosine +=
          inputs.size() < 2 ? std::nan("")
                            : cosine(centered(result), centered(expected[i])) /
                                  static_cast<double>(inputs.size());
      e.minCosine = std::min(e.minCosine, c);
    }
    return e;
  };
  auto elementsOf = [](Value v) {
    return cast<ShapedType>(v.getType()).getNumElements();
  };

  std::vector<TensorError> rows;
  if (set != RoundingSet::each) {
    auto chosen = [&](Value v) {
      auto it = roundings.find(v);
      if (it == roundings.end())
        return false;
      bool isWeight = it->second.kind == Rounding::weight;
      bool isInput = isa<BlockArgument>(v);
      switch (set) {
      case RoundingSet::activations:
        return !isWeight;
      case RoundingSet::weights:
        return isWeight;
      case RoundingSet::input:
        return isInput;
      case RoundingSet::inputWeights:
        return isInput || isWeight;
      default:
        return true;
      }
    };
    const char *label = set == RoundingSet::all           ? "all"
                        : set == RoundingSet::activations ? "activations"
                        : set == RoundingSet::weights     ? "weights"
                        : set == RoundingSet::input       ? "input"
                                                          : "input+weights";
    auto row = measure(chosen, label, label, 0);
    if (!row)
      return row.takeError();
    rows.push_back(std::move(*row));
    return rows;
  }
  for (Value v : order) {
    const Rounding &r = roundings.at(v);
    auto row = measure([&](Value x) { return x == v; }, r.name, r.label,
                       elementsOf(v));
    if (!row)
      return row.takeError();
    rows.push_back(std::move(*row));
  }
  std::sort(
      rows.begin(), rows.end(), [](const TensorError &a, const TensorError &b) {
        return std::tie(a.meanCosine, a.name) < std::tie(b.meanCosine, b.name);
      });
  return rows;
}

} // namespace mnv4::quant
