//===- WeightOptimization.cpp - GPTQ rounding and bias correction ---------===//
//
// Steps through the function body once, holding every live value for all
// samples twice: as the fp32 model computes it and as the int8 model will
// (simulated in fp32: SimulatedRounding.h). At a layer with weights, the
// int8 inputs' Gram matrix drives the rounding of its weights, and the mean
// difference of the two models' pre-activation outputs goes into its bias.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Quant/WeightOptimization.h"

#include "SimulatedRounding.h"
#include "WeightConsts.h"

#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Interp/Kernels.h"
#include "mnv4/Quant/Calibration.h"
#include "mnv4/Quant/HessianRounding.h"
#include "mnv4/Support/LocationName.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>

using namespace mlir;
using mnv4::interp::Tensor;

namespace mnv4::quant {

namespace {

/// A layer whose weights are rounded: a conv, a depthwise conv or a fully
/// connected op with constant weights.
struct Layer {
  enum Kind { conv, depthwise, fullyConnected } kind;
  Operation *op;
  Value input, filter, bias;
  Activation act = Activation::none;
  interp::Stride2 strides{1, 1};
  interp::Pad4 pad{0, 0, 0, 0};
};

std::optional<Layer> layerOf(Operation *op) {
  auto stride2 = [](ArrayRef<int64_t> s) {
    return interp::Stride2{s[0], s[1]};
  };
  auto pad4 = [](ArrayRef<int64_t> p) {
    return interp::Pad4{p[0], p[1], p[2], p[3]};
  };
  std::optional<Layer> layer;
  if (auto c = dyn_cast<Conv2DOp>(op))
    layer = Layer{Layer::conv,
                  op,
                  c.getInput(),
                  c.getFilter(),
                  c.getBias(),
                  c.getAct(),
                  stride2(c.getStrides()),
                  pad4(c.getPad())};
  else if (auto d = dyn_cast<DepthwiseConv2DOp>(op))
    layer = Layer{Layer::depthwise,
                  op,
                  d.getInput(),
                  d.getFilter(),
                  d.getBias(),
                  d.getAct(),
                  stride2(d.getStrides()),
                  pad4(d.getPad())};
  else if (auto f = dyn_cast<FullyConnectedOp>(op))
    layer = Layer{Layer::fullyConnected, op, f.getInput(), f.getWeight(),
                  f.getBias()};
  if (!layer || !layer->filter.getDefiningOp<ConstOp>() ||
      (layer->bias && !layer->bias.getDefiningOp<ConstOp>()))
    return std::nullopt;
  return layer;
}

/// The layer's output before its activation.
Tensor preActivation(const Layer &l, const Tensor &x, const Tensor &w,
                     const Tensor *b) {
  switch (l.kind) {
  case Layer::conv:
    return interp::conv2d(x, w, b, l.strides, l.pad, Activation::none);
  case Layer::depthwise:
    return interp::depthwiseConv2d(x, w, b, l.strides, l.pad, Activation::none);
  case Layer::fullyConnected:
    return interp::fullyConnected(x, w, b);
  }
  return {};
}

/// The input rows of a conv (im2col, in the filter's [kh][kw][ci] order)
/// at every `step`-th output pixel, appended to `rows`; taps outside the
/// image are 0, as the int8 model pads with the zero point. For a depthwise
/// conv (`depthwise`), one row of [kh][kw][c] taps per pixel.
void convRows(const Layer &l, const Tensor &x, int64_t kh, int64_t kw,
              ArrayRef<int64_t> out, int64_t maxRows,
              std::vector<float> &rows) {
  int64_t c = x.dim(3), oh = out[1], ow = out[2], pixels = oh * ow;
  int64_t step = std::max<int64_t>(1, (pixels + maxRows - 1) / maxRows);
  for (int64_t n = 0; n < x.dim(0); ++n)
    for (int64_t p = 0; p < pixels; p += step) {
      int64_t y = p / ow, xo = p % ow;
      for (int64_t i = 0; i < kh; ++i)
        for (int64_t j = 0; j < kw; ++j) {
          int64_t iy = y * l.strides[0] - l.pad[0] + i;
          int64_t ix = xo * l.strides[1] - l.pad[1] + j;
          if (iy < 0 || iy >= x.dim(1) || ix < 0 || ix >= x.dim(2))
            rows.insert(rows.end(), c, 0.0f);
          else
            rows.insert(rows.end(), x.pixel(n, iy, ix), x.pixel(n, iy, ix) + c);
        }
    }
}

/// The input rows of a layer on one sample (a fully connected layer: one
/// row per batch element).
std::vector<float> inputRows(const Layer &l, const Tensor &x,
                             ArrayRef<int64_t> filter, int64_t maxRows) {
  std::vector<float> rows;
  ArrayRef<int64_t> out =
      cast<ShapedType>(l.op->getResult(0).getType()).getShape();
  if (l.kind == Layer::conv)
    convRows(l, x, filter[1], filter[2], out, maxRows, rows);
  else if (l.kind == Layer::depthwise)
    convRows(l, x, filter[0], filter[1], out, maxRows, rows);
  else
    rows = x.data;
  return rows;
}

class Optimizer {
public:
  Optimizer(func::FuncOp func, ArrayRef<Tensor> samples,
            const WeightOptimizationOptions &options)
      : func(func), samples(samples), options(options) {}

  llvm::Error run(llvm::function_ref<void(size_t, size_t)> progress);

private:
  const Tensor &fp32(Value v, size_t i) {
    auto c = constants.find(v);
    return c != constants.end() ? c->second.first : lanes.at(v).first[i];
  }
  const Tensor &int8(Value v, size_t i) {
    auto c = constants.find(v);
    return c != constants.end() ? c->second.second : lanes.at(v).second[i];
  }

  llvm::Error runLayer(const Layer &l);
  std::vector<int8_t> roundWeights(const Layer &l, const Tensor &w,
                                   ArrayRef<float> scales, int64_t axis);

  func::FuncOp func;
  ArrayRef<Tensor> samples;
  const WeightOptimizationOptions &options;
  /// Every live value on every sample: (fp32 model, simulated int8 model).
  llvm::DenseMap<Value, std::pair<std::vector<Tensor>, std::vector<Tensor>>>
      lanes;
  /// Weights, once: (fp32, as the int8 model holds them).
  llvm::DenseMap<Value, std::pair<Tensor, Tensor>> constants;
};

std::vector<int8_t> Optimizer::roundWeights(const Layer &l, const Tensor &w,
                                            ArrayRef<float> scales,
                                            int64_t axis) {
  std::vector<int8_t> stored(w.data.size());
  ChannelOf channel(w.shape, axis);
  auto roundToNearest = [&] {
    for (size_t i = 0; i < w.data.size(); ++i)
      stored[i] = quantizeWeight(w.data[i], scales[channel(i)]);
    return stored;
  };
  if (!options.hessianRounding)
    return roundToNearest();
  if (l.kind == Layer::depthwise) {
    int64_t taps = w.shape[0] * w.shape[1], c = w.shape[2];
    std::vector<GramMatrix> grams(c, GramMatrix(taps));
    std::vector<float> row(taps);
    for (size_t i = 0; i < samples.size(); ++i) {
      std::vector<float> rows =
          inputRows(l, int8(l.input, i), w.shape, options.maxRowsPerSample);
      for (size_t base = 0; base < rows.size(); base += taps * c)
        for (int64_t ch = 0; ch < c; ++ch) {
          for (int64_t t = 0; t < taps; ++t)
            row[t] = rows[base + t * c + ch];
          grams[ch].add(row.data());
        }
    }
    if (grams.front().rows() < options.minRowsPerInput * taps)
      return roundToNearest();
    std::vector<int8_t> q;
    for (int64_t ch = 0; ch < c; ++ch) {
      for (int64_t t = 0; t < taps; ++t)
        row[t] = w.data[t * c + ch];
      roundWithHessian(row, 1, taps, {scales[ch]}, grams[ch].matrix(),
                       options.dampening, q);
      for (int64_t t = 0; t < taps; ++t)
        stored[t * c + ch] = q[t];
    }
    return stored;
  }
  int64_t rows = w.shape[0], k = w.numElements() / rows;
  GramMatrix gram(k);
  for (size_t i = 0; i < samples.size(); ++i) {
    std::vector<float> x =
        inputRows(l, int8(l.input, i), w.shape, options.maxRowsPerSample);
    for (size_t base = 0; base < x.size(); base += k)
      gram.add(&x[base]);
  }
  // Too few rows to know the Gram matrix: error feedback would push the
  // error into directions the calibration inputs do not span.
  if (gram.rows() < options.minRowsPerInput * k)
    return roundToNearest();
  std::vector<float> rowScales(rows);
  for (int64_t r = 0; r < rows; ++r)
    rowScales[r] = scales[axis < 0 ? 0 : r];
  roundWithHessian(w.data, rows, k, rowScales, gram.matrix(), options.dampening,
                   stored);
  return stored;
}

llvm::Error Optimizer::runLayer(const Layer &l) {
  const Tensor &w = constants.at(l.filter).first;
  Rounding r = roundingOf(func, l.filter, options.perChannelFC);
  std::vector<float> scales = weightScales(w.data, w.shape, r.axis);
  std::vector<int8_t> stored = roundWeights(l, w, scales, r.axis);
  ChannelOf channel(w.shape, r.axis);
  Tensor wq(w.shape);
  for (size_t i = 0; i < w.data.size(); ++i)
    wq.data[i] = static_cast<float>(stored[i]) * scales[channel(i)];

  const Tensor *bias = l.bias ? &constants.at(l.bias).first : nullptr;
  Value out = l.op->getResult(0);
  Rounding outRounding = roundingOf(func, out, options.perChannelFC);
  auto &[fp32Out, int8Out] = lanes[out];
  // Per sample, the mean shift of each output channel; across samples its
  // mean and that mean's standard error.
  std::vector<double> sum, squares;
  for (size_t i = 0; i < samples.size(); ++i) {
    Tensor f = preActivation(l, fp32(l.input, i), w, bias);
    Tensor q = preActivation(l, int8(l.input, i), wq, bias);
    int64_t c = f.shape.back(), positions = f.numElements() / c;
    std::vector<double> shift(c, 0.0);
    for (size_t e = 0; e < f.data.size(); ++e)
      shift[e % c] += static_cast<double>(f.data[e]) - q.data[e];
    sum.resize(c, 0.0);
    squares.resize(c, 0.0);
    for (int64_t ch = 0; ch < c; ++ch) {
      double m = shift[ch] / static_cast<double>(positions);
      sum[ch] += m;
      squares[ch] += m * m;
    }
    interp::applyActivation(f, l.act);
    fp32Out.push_back(std::move(f));
    int8Out.push_back(std::move(q));
  }
  std::vector<float> correction(sum.size(), 0.0f);
  double n = static_cast<double>(samples.size());
  if (options.biasCorrection)
    for (size_t c = 0; c < sum.size(); ++c) {
      // Shrunk by how well the samples know it (James-Stein): a shift that
      // is small against its standard error is mostly sampling noise.
      double mean = sum[c] / n;
      double variance = std::max(0.0, squares[c] / n - mean * mean);
      double error2 = n > 1 ? variance / (n - 1) : mean * mean;
      double keep =
          mean != 0.0 ? std::max(0.0, 1.0 - error2 / (mean * mean)) : 0.0;
      correction[c] = static_cast<float>(keep * mean);
    }
  for (Tensor &q : int8Out) {
    int64_t c = q.shape.back();
    for (size_t e = 0; e < q.data.size(); ++e)
      q.data[e] += correction[e % c];
    interp::applyActivation(q, l.act);
    applyRounding(outRounding, q);
  }

  // The IR: weights on their grid with its scales, the corrected bias.
  auto filterConst = l.filter.getDefiningOp<ConstOp>();
  setConstValues(filterConst, wq.data);
  filterConst->setAttr(
      kWeightScalesAttrName,
      Builder(func.getContext())
          .getDenseF32ArrayAttr(r.axis < 0 ? ArrayRef(scales).take_front()
                                           : ArrayRef(scales)));
  if (!options.biasCorrection)
    return llvm::Error::success();
  std::vector<float> newBias(correction);
  if (bias)
    for (size_t c = 0; c < newBias.size(); ++c)
      newBias[c] += bias->data[c];
  if (l.bias) {
    setConstValues(l.bias.getDefiningOp<ConstOp>(), newBias);
    return llvm::Error::success();
  }
  OpBuilder b(l.op);
  auto type = RankedTensorType::get({static_cast<int64_t>(newBias.size())},
                                    b.getF32Type());
  auto c = ConstOp::create(b, l.op->getLoc(), type,
                           cast<ElementsAttr>(b.getZeroAttr(type)));
  setConstValues(c, newBias, locationName(l.op->getLoc()) + ".bias");
  if (auto conv = dyn_cast<Conv2DOp>(l.op))
    conv.getBiasMutable().assign(c);
  else if (auto dw = dyn_cast<DepthwiseConv2DOp>(l.op))
    dw.getBiasMutable().assign(c);
  else
    cast<FullyConnectedOp>(l.op).getBiasMutable().assign(c);
  return llvm::Error::success();
}

llvm::Error Optimizer::run(llvm::function_ref<void(size_t, size_t)> progress) {
  Block &body = func.getBody().front();
  llvm::DenseMap<Value, Operation *> lastUse;
  size_t layers = 0, done = 0;
  for (Operation &op : body) {
    for (Value operand : op.getOperands())
      lastUse[operand] = &op;
    layers += layerOf(&op).has_value();
  }
  for (BlockArgument arg : body.getArguments()) {
    Rounding r = roundingOf(func, arg, options.perChannelFC);
    auto &[f, q] = lanes[arg];
    for (const Tensor &s : samples) {
      f.push_back(s);
      q.push_back(s);
      applyRounding(r, q.back());
    }
  }
  for (Operation &op : llvm::make_early_inc_range(body)) {
    if (isa<func::ReturnOp>(op))
      break;
    if (op.getNumResults() != 1)
      return llvm::createStringError("cannot execute op %s",
                                     op.getName().getStringRef().str().c_str());
    Value out = op.getResult(0);
    if (isa<ConstOp>(op)) {
      llvm::Expected<Tensor> t =
          interp::runOp(&op, [](Value) -> const Tensor & {
            llvm_unreachable("a const has no operands");
          });
      if (!t)
        return t.takeError();
      Tensor q = *t;
      Rounding r = roundingOf(func, out, options.perChannelFC);
      if (r.kind != Rounding::weight) // weights: rounded by their layer
        applyRounding(r, q);
      constants[out] = {std::move(*t), std::move(q)};
      continue;
    }
    if (std::optional<Layer> layer = layerOf(&op)) {
      if (llvm::Error error = runLayer(*layer))
        return error;
      if (progress)
        progress(++done, layers);
    } else {
      Rounding r = roundingOf(func, out, options.perChannelFC);
      auto &[f, q] = lanes[out];
      for (size_t i = 0; i < samples.size(); ++i) {
        llvm::Expected<Tensor> a = interp::runOp(
            &op, [&](Value v) -> const Tensor & { return fp32(v, i); });
        if (!a)
          return a.takeError();
        llvm::Expected<Tensor> b = interp::runOp(
            &op, [&](Value v) -> const Tensor & { return int8(v, i); });
        if (!b)
          return b.takeError();
        applyRounding(r, *b);
        f.push_back(std::move(*a));
        q.push_back(std::move(*b));
      }
    }
    for (Value operand : op.getOperands())
      if (lastUse.lookup(operand) == &op) {
        lanes.erase(operand);
        constants.erase(operand);
      }
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error
optimizeInt8Weights(func::FuncOp func, ArrayRef<Tensor> samples,
                    const WeightOptimizationOptions &options,
                    llvm::function_ref<void(size_t, size_t)> progress) {
  if (func.isExternal() || samples.empty())
    return llvm::Error::success();
  return Optimizer(func, samples, options).run(progress);
}

} // namespace mnv4::quant
