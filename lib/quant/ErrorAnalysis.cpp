//===- ErrorAnalysis.cpp - which tensors' int8 rounding costs accuracy ----===//

#include "mnv4/Quant/ErrorAnalysis.h"

#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Quant/Calibration.h"
#include "mnv4/Quant/QuantParams.h"
#include "mnv4/Support/Stats.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

using namespace mlir;

namespace mnv4::quant {

namespace {

/// How mnv4-quantize-int8 rounds one value (docs/int8.md).
struct Rounding {
  enum Kind { none, activation, layerScale, weight } kind = none;
  ActivationParams params{1.0f, 0};
  int64_t axis = -1; ///< weights: the per-channel axis, -1 per tensor
  std::string name, label;
};

std::optional<std::pair<float, float>> rangeOf(func::FuncOp func, Value v) {
  DenseF32ArrayAttr range;
  if (auto arg = dyn_cast<BlockArgument>(v))
    range = func.getArgAttrOfType<DenseF32ArrayAttr>(arg.getArgNumber(),
                                                     kRangeAttrName);
  else
    range = v.getDefiningOp()->getAttrOfType<DenseF32ArrayAttr>(kRangeAttrName);
  if (!range || range.size() != 2)
    return std::nullopt;
  return std::make_pair(range[0], range[1]);
}

Rounding roundingOf(func::FuncOp func, Value v, bool perChannelFC) {
  Rounding r;
  Operation *def = v.getDefiningOp();
  if (def && isa<ConstOp>(def)) {
    for (OpOperand &use : v.getUses()) {
      Operation *user = use.getOwner();
      r.name = locationName(user->getLoc());
      if (isa<Conv2DOp>(user) && use.getOperandNumber() == 1)
        r.axis = 0;
      else if (isa<DepthwiseConv2DOp>(user) && use.getOperandNumber() == 1)
        r.axis = 2;
      else if (isa<FullyConnectedOp>(user) && use.getOperandNumber() == 1)
        r.axis = perChannelFC ? 0 : -1;
      else if (isa<MulOp>(user) && use.getOperandNumber() == 1) {
        r.kind = Rounding::layerScale;
        r.name += ".scale";
        r.label = "layer-scale";
        return r;
      } else
        return r; // biases stay int32-exact
      r.kind = Rounding::weight;
      r.name += ".weight";
      r.label = "weight";
      return r;
    }
    return r;
  }
  if (def && (isa<ReshapeOp, TransposeOp, AvgPool2DOp>(def) ||
              (isa<ActivationOp>(def) &&
               cast<ActivationOp>(def).getKind() == Activation::none)))
    return r; // keep their input's parameters: no new rounding
  r.name = def ? locationName(def->getLoc()) : std::string("input");
  r.label = "activation";
  if (def && isa<SoftmaxOp>(def)) {
    r.kind = Rounding::activation;
    r.params = {1.0f / 256, -128};
    return r;
  }
  std::optional<std::pair<float, float>> range = rangeOf(func, v);
  if (!range)
    return r;
  r.kind = Rounding::activation;
  r.params = activationParams(range->first, range->second);
  return r;
}

void round(const Rounding &r, interp::Tensor &t) {
  if (r.kind != Rounding::weight) {
    ActivationParams p = r.params;
    if (r.kind == Rounding::layerScale) {
      auto [lo, hi] = std::minmax_element(t.data.begin(), t.data.end());
      p = activationParams(*lo, *hi);
    }
    for (float &x : t.data)
      x = p.scale * static_cast<float>(quantizeToInt8(x, p) - p.zeroPoint);
    return;
  }
  SmallVector<int64_t> shape(t.shape.begin(), t.shape.end());
  if (r.axis < 0)
    shape = {1, t.numElements()};
  std::vector<int8_t> stored;
  std::vector<float> scales =
      quantizeWeights(t.data, shape, std::max<int64_t>(r.axis, 0), stored);
  int64_t axis = std::max<int64_t>(r.axis, 0), inner = 1;
  for (int64_t d = axis + 1; d < static_cast<int64_t>(shape.size()); ++d)
    inner *= shape[d];
  for (size_t i = 0; i < t.data.size(); ++i)
    t.data[i] = static_cast<float>(stored[i]) *
                scales[(static_cast<int64_t>(i) / inner) % shape[axis]];
}

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
analyzeInt8Error(func::FuncOp func, llvm::ArrayRef<interp::Tensor> inputs,
                 RoundingSet set, bool perChannelFC) {
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

  std::vector<std::vector<float>> reference;
  for (const interp::Tensor &x : inputs) {
    auto out = interp::runFunction(func, {x});
    if (!out)
      return out.takeError();
    reference.push_back(flatten(*out));
  }
  // The input-independent part of the results, removed for the centered
  // cosine (random-weight models give logits that are mostly this part).
  std::vector<float> mean(reference.front().size(), 0.0f);
  for (const std::vector<float> &r : reference)
    for (size_t j = 0; j < r.size(); ++j)
      mean[j] += r[j] / static_cast<float>(reference.size());
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
                                         round(roundings.at(v), t);
                                     });
      if (!out)
        return out.takeError();
      std::vector<float> result = flatten(*out);
      double c = cosine(result, reference[i]);
      e.meanCosine += c / static_cast<double>(inputs.size());
      e.centeredCosine +=
          inputs.size() < 2 ? std::nan("")
                            : cosine(centered(result), centered(reference[i])) /
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
      return set == RoundingSet::all ||
             (set == RoundingSet::weights) == isWeight;
    };
    const char *label = set == RoundingSet::all           ? "all"
                        : set == RoundingSet::activations ? "activations"
                                                          : "weights";
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
