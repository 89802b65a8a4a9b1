//===- SimulatedRounding.cpp - int8 rounding of fp32 tensors --------------===//

#include "SimulatedRounding.h"

#include "mnv4/Quant/Calibration.h"
#include "mnv4/Support/LocationName.h"

#include "dialects/mnv4/MNV4Ops.h"

#include <algorithm>

using namespace mlir;

namespace mnv4::quant {

static std::optional<std::pair<float, float>> rangeOf(func::FuncOp func,
                                                      Value v) {
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
      if (auto fixed =
              def->getAttrOfType<DenseF32ArrayAttr>(kWeightScalesAttrName))
        r.scales.assign(fixed.asArrayRef().begin(), fixed.asArrayRef().end());
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

std::vector<float> weightScales(llvm::ArrayRef<float> weights,
                                llvm::ArrayRef<int64_t> shape, int64_t axis) {
  if (axis < 0)
    return {symmetricScale(weights)};
  std::vector<int8_t> unused;
  return quantizeWeights(weights, shape, axis, unused);
}

void applyRounding(const Rounding &r, interp::Tensor &t) {
  if (r.kind == Rounding::none)
    return;
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
  std::vector<float> scales =
      r.scales.empty() ? weightScales(t.data, t.shape, r.axis) : r.scales;
  ChannelOf channel(t.shape, r.axis);
  for (size_t i = 0; i < t.data.size(); ++i) {
    float s = scales[channel(i)];
    t.data[i] = static_cast<float>(quantizeWeight(t.data[i], s)) * s;
  }
}

} // namespace mnv4::quant
