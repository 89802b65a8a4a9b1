//===- ChannelEqualization.cpp - equal channel ranges before int8 ---------===//

#include "mnv4/Quant/ChannelEqualization.h"

#include "WeightConsts.h"

#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Quant/QuantParams.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace mnv4::quant {

namespace {

/// A scalable pair: `producer`'s output channels feed `consumer`'s input
/// channels (through `pool` when there is one).
struct Pair {
  Operation *producer, *consumer;
};

/// Scales never go below this fraction of the widest channel's range, so
/// that a (nearly) dead channel does not blow up its producer's weights.
constexpr float kMinScale = 1.0f / 64;

ConstOp constOf(Value v) { return v ? v.getDefiningOp<ConstOp>() : ConstOp(); }

std::optional<Pair> pairFrom(Operation *op) {
  Value filter, bias;
  Activation act;
  if (auto c = dyn_cast<Conv2DOp>(op)) {
    filter = c.getFilter(), bias = c.getBias(), act = c.getAct();
  } else if (auto d = dyn_cast<DepthwiseConv2DOp>(op)) {
    filter = d.getFilter(), bias = d.getBias(), act = d.getAct();
  } else {
    return std::nullopt;
  }
  if (!constOf(filter) || (bias && !constOf(bias)) ||
      (act != Activation::none && act != Activation::relu))
    return std::nullopt;
  Value out = op->getResult(0);
  if (!out.hasOneUse())
    return std::nullopt;
  OpOperand &use = *out.use_begin();
  Operation *user = use.getOwner();
  if (isa<GlobalAvgPoolOp>(user)) {
    if (!user->getResult(0).hasOneUse())
      return std::nullopt;
    OpOperand &poolUse = *user->getResult(0).use_begin();
    user = poolUse.getOwner();
    if (!isa<Conv2DOp>(user) || poolUse.getOperandNumber() != 0)
      return std::nullopt;
  } else if (use.getOperandNumber() != 0) {
    return std::nullopt;
  }
  if (!isa<Conv2DOp, DepthwiseConv2DOp>(user) || !constOf(user->getOperand(1)))
    return std::nullopt;
  return Pair{op, user};
}

/// Multiplies channel c of the const by factor[c], channel being its
/// outermost or its innermost dimension.
void scaleChannels(ConstOp c, ArrayRef<float> factor, bool outermost) {
  std::vector<float> data = constValues(c);
  ArrayRef<int64_t> shape = cast<ShapedType>(c.getType()).getShape();
  quant::ChannelOf channel(shape, outermost ? 0 : shape.size() - 1);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] *= factor[channel(i)];
  setConstValues(c, data);
}

} // namespace

llvm::Expected<size_t> equalizeChannels(func::FuncOp func,
                                        ArrayRef<interp::Tensor> samples) {
  if (func.isExternal())
    return 0;
  std::vector<Pair> pairs;
  llvm::DenseMap<Value, std::vector<float>> ranges;
  func.walk([&](Operation *op) {
    if (std::optional<Pair> p = pairFrom(op)) {
      pairs.push_back(*p);
      ranges[op->getResult(0)] = {};
    }
  });
  if (pairs.empty())
    return 0;
  for (const interp::Tensor &x : samples) {
    auto out = interp::runFunction(
        func, {x}, nullptr, [&](Value v, interp::Tensor &t) {
          auto it = ranges.find(v);
          if (it == ranges.end())
            return;
          int64_t c = t.shape.back();
          std::vector<float> &r = it->second;
          r.resize(c, 0.0f);
          for (size_t e = 0; e < t.data.size(); ++e)
            r[e % c] = std::max(r[e % c], std::fabs(t.data[e]));
        });
    if (!out)
      return out.takeError();
  }
  for (const Pair &p : pairs) {
    const std::vector<float> &r = ranges[p.producer->getResult(0)];
    float widest = r.empty() ? 0.0f : *std::max_element(r.begin(), r.end());
    if (!(widest > 0.0f))
      continue;
    std::vector<float> down(r.size()), up(r.size());
    for (size_t c = 0; c < r.size(); ++c) {
      float s = std::max(r[c] / widest, kMinScale);
      down[c] = 1.0f / s;
      up[c] = s;
    }
    // Producer: output channel c (filter axis 0 for a conv, the innermost
    // for a depthwise conv; the bias) times 1 / s_c.
    bool producerConv = isa<Conv2DOp>(p.producer);
    scaleChannels(constOf(p.producer->getOperand(1)), down, producerConv);
    if (p.producer->getNumOperands() > 2)
      scaleChannels(constOf(p.producer->getOperand(2)), down, false);
    // Consumer: input channel c (the innermost dimension of both filter
    // layouts, OHWI and HWC) times s_c.
    scaleChannels(constOf(p.consumer->getOperand(1)), up, false);
  }
  return pairs.size();
}

} // namespace mnv4::quant
