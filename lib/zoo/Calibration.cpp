//===- Calibration.cpp - calibrated random weights of a zoo model ---------===//
//
// Each layer draws from its own stream (seed, layer name): each conv's
// weights, then its BN's gamma and beta, in network order. The statistics are
// those of the calibration batch at the BN's position, as BatchNorm's running
// statistics would record them (unbiased variance).
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"
#include "Random.h"

#include "mnv4/Interp/Kernels.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <array>
#include <cmath>

using namespace llvm;
using mnv4::interp::Tensor;

namespace mnv4::zoo::detail {

static constexpr double kBatchNormEps = 1e-5;

//===----------------------------------------------------------------------===//
// Drawing
//===----------------------------------------------------------------------===//

static Tensor normalTensor(ArrayRef<int64_t> shape, double stddev,
                           Random &rng) {
  Tensor t(shape);
  for (float &v : t.data)
    v = static_cast<float>(rng.normal(0.0, stddev));
  return t;
}

static Tensor uniformTensor(ArrayRef<int64_t> shape, double lo, double hi,
                            Random &rng) {
  Tensor t(shape);
  for (float &v : t.data)
    v = static_cast<float>(rng.uniform(lo, hi));
  return t;
}

static Param makeParam(const Twine &key, Tensor value) {
  return Param{key.str(), std::move(value)};
}

/// Uniform weights of standard deviation `stddev`: as good as normal ones for
/// a random network and several times cheaper to draw (no log or sin/cos),
/// which matters for 38M-parameter models.
static Tensor uniformWeights(ArrayRef<int64_t> shape, double stddev,
                             Random &rng) {
  double range = std::sqrt(3.0) * stddev;
  return uniformTensor(shape, -range, range, rng);
}

/// A conv followed by a BN: He-style, variance 2 / fan_in (its scale is
/// normalised away by the BN anyway). Full filters are OHWI, depthwise HWC.
static Tensor heFilter(ArrayRef<int64_t> shape, Random &rng) {
  int64_t fanIn =
      shape.size() == 3 ? shape[0] * shape[1] : shape[1] * shape[2] * shape[3];
  return uniformWeights(shape, std::sqrt(2.0 / fanIn), rng);
}

/// A projection with no BN after it (MQA q/k/v/o): variance 1 / fan_in, so
/// it preserves the variance of its input.
static Tensor projectionFilter(int64_t out, int64_t in, Random &rng) {
  return uniformWeights({out, 1, 1, in}, std::sqrt(1.0 / in), rng);
}

/// timm initialises layer scale to 1e-5, which would hide every residual
/// branch; calibrated like the reference exports instead.
static Param layerScaleParam(const LayerSpec &layer, Random &rng) {
  return makeParam(layer.name + ".layer_scale.gamma",
                   uniformTensor({layer.outChannels}, 0.5, 1.5, rng));
}

//===----------------------------------------------------------------------===//
// BatchNorm folding
//===----------------------------------------------------------------------===//

/// A BN's folded per-channel affine map, `y = x * scale + shift`.
struct FoldedBatchNorm {
  Tensor scale, shift;
};

/// Measures `x`'s per-channel (last dim) statistics and draws the BN's
/// gamma ~ U(0.5, 1.5) and beta ~ N(0, 0.1).
static FoldedBatchNorm calibrateBatchNorm(const Tensor &x, Random &rng) {
  int64_t channels = x.shape.back();
  int64_t samples = x.numElements() / channels;
  std::vector<double> sum(channels, 0.0), sumSq(channels, 0.0);
  for (int64_t i = 0; i < samples; ++i) {
    const float *row = x.data.data() + i * channels;
    for (int64_t c = 0; c < channels; ++c) {
      sum[c] += row[c];
      sumSq[c] += static_cast<double>(row[c]) * row[c];
    }
  }
  FoldedBatchNorm bn{Tensor({channels}), Tensor({channels})};
  for (int64_t c = 0; c < channels; ++c) {
    double mean = sum[c] / samples;
    double var = std::max(0.0, (sumSq[c] - sum[c] * mean) /
                                   std::max<int64_t>(samples - 1, 1));
    double gamma = rng.uniform(0.5, 1.5);
    double beta = rng.normal(0.0, 0.1);
    double scale = gamma / std::sqrt(var + kBatchNormEps);
    bn.scale.data[c] = static_cast<float>(scale);
    bn.shift.data[c] = static_cast<float>(beta - mean * scale);
  }
  return bn;
}

/// Scales output channel c of `filter` by scale[c]: dim 0 of an OHWI filter,
/// the last dim of a depthwise HWC one.
static void scaleOutputChannels(Tensor &filter, const Tensor &scale) {
  int64_t channels = scale.numElements();
  bool channelsLast = filter.rank() == 3;
  int64_t inner = filter.numElements() / channels;
  for (int64_t i = 0; i < filter.numElements(); ++i) {
    int64_t c = channelsLast ? i % channels : i / inner;
    filter.data[i] *= scale.data[c];
  }
}

static int64_t symmetricPadding(int64_t kernel) { return (kernel - 1) / 2; }

/// A 1x1 conv as [pixels, Cin] x [Cin, Cout] with the reference matmul,
/// whose contiguous inner loop vectorises: ~80% of the calibration time is
/// in pointwise convs, and the conv kernel's per-pixel dot products run
/// several times slower.
static Tensor pointwiseAsMatmul(const Tensor &x, const Tensor &w) {
  int64_t cout = w.dim(0), cin = w.dim(3);
  int64_t pixels = x.numElements() / cin;
  Tensor weightT = interp::transpose(interp::reshape(w, {cout, cin}), {1, 0});
  Tensor y = interp::matmul(interp::reshape(x, {pixels, cin}), weightT);
  return interp::reshape(y, {x.dim(0), x.dim(1), x.dim(2), cout});
}

/// `x` convolved with the bias-free filter `w` (OHWI or depthwise HWC) at
/// `stride` with symmetric padding.
static Tensor rawConv(const Tensor &x, const Tensor &w, int64_t stride) {
  if (w.rank() == 3) {
    int64_t p = symmetricPadding(w.dim(0));
    return interp::depthwiseConv2d(x, w, nullptr, {stride, stride},
                                   {p, p, p, p}, Activation::none);
  }
  if (w.dim(1) == 1 && w.dim(2) == 1 && stride == 1)
    return pointwiseAsMatmul(x, w);
  int64_t p = symmetricPadding(w.dim(1));
  return interp::conv2d(x, w, nullptr, {stride, stride}, {p, p, p, p},
                        Activation::none);
}

/// Runs the conv `filter` (bias-free) over `x`, calibrates the BN after it,
/// folds that BN into `filter` and `bias`, and returns the BN's output after
/// `act`. The statistics are those of the conv over `statsInput` when given,
/// else over `x`.
static Tensor convBatchNorm(const Tensor &x, Param &filter, Param &bias,
                            const Twine &biasKey, int64_t stride,
                            Activation act, Random &rng,
                            const Tensor *statsInput = nullptr) {
  Tensor &w = filter.value;
  Tensor raw = rawConv(x, w, stride);
  FoldedBatchNorm bn = calibrateBatchNorm(
      statsInput ? rawConv(*statsInput, w, stride) : raw, rng);
  scaleOutputChannels(w, bn.scale);
  Tensor y = interp::batchNorm(raw, bn.scale, bn.shift);
  interp::applyActivation(y, act);
  bias = makeParam(biasKey, std::move(bn.shift));
  return y;
}

/// Draws a He filter named `<module>.weight` and calibrates its BN into
/// `<module>.bias`.
static Tensor convLayer(const Tensor &x, const Twine &module,
                        ArrayRef<int64_t> shape, Param &filter, Param &bias,
                        int64_t stride, Activation act, Random &rng,
                        const Tensor *statsInput = nullptr) {
  filter = makeParam(module + ".weight", heFilter(shape, rng));
  return convBatchNorm(x, filter, bias, module + ".bias", stride, act, rng,
                       statsInput);
}

static Tensor antialiasPool(const Tensor &x, Antialias aa) {
  return aa == Antialias::avg ? interp::avgPool2d(x, 2, 2)
                              : interp::blurPool(x);
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

/// Stem, ConvBnAct and conv_head: timm names the first "conv_stem", the
/// head "conv_head" and a ConvBnAct block's conv "blocks.S.I.conv".
static Tensor calibrateConv(const Tensor &x, const LayerSpec &layer,
                            LayerWeights &w, Random &rng,
                            const Tensor *statsInput) {
  bool isBlock = StringRef(layer.name).starts_with("blocks.");
  std::string module = isBlock ? layer.name + ".conv" : layer.name;
  return convLayer(
      x, module,
      {layer.outChannels, layer.kernel, layer.kernel, layer.inChannels},
      w.filter, w.bias, layer.stride, layer.act, rng, statsInput);
}

static Tensor calibrateFusedIB(const Tensor &x, const LayerSpec &layer,
                               LayerWeights &w, Random &rng) {
  bool pooled = layer.antialias != Antialias::none;
  Tensor t = convLayer(
      x, layer.name + ".conv_exp",
      {layer.expanded, layer.kernel, layer.kernel, layer.inChannels},
      w.expandFilter, w.expandBias, pooled ? 1 : layer.stride, layer.act, rng);
  if (pooled)
    t = antialiasPool(t, layer.antialias);
  Tensor y = convLayer(
      t, layer.name + ".conv_pwl", {layer.outChannels, 1, 1, layer.expanded},
      w.projectFilter, w.projectBias, 1, Activation::none, rng);
  return layer.residual ? interp::add(x, y) : y;
}

static Tensor calibrateUIB(const Tensor &x, const LayerSpec &layer,
                           LayerWeights &w, Random &rng) {
  bool pooled = layer.antialias != Antialias::none;
  int64_t convStride = pooled ? 1 : layer.stride;
  Tensor t = x;
  if (layer.startKernel) {
    // The stride sits on dw_mid, or on dw_start when there is no dw_mid.
    int64_t stride = layer.midKernel ? 1 : convStride;
    t = convLayer(t, layer.name + ".dw_start",
                  {layer.startKernel, layer.startKernel, layer.inChannels},
                  w.startFilter, w.startBias, stride, Activation::none, rng);
  }
  t = convLayer(t, layer.name + ".pw_exp",
                {layer.expanded, 1, 1, layer.inChannels}, w.expandFilter,
                w.expandBias, 1, layer.act, rng);
  if (layer.midKernel)
    t = convLayer(t, layer.name + ".dw_mid",
                  {layer.midKernel, layer.midKernel, layer.expanded},
                  w.midFilter, w.midBias, convStride, layer.act, rng);
  if (pooled)
    t = antialiasPool(t, layer.antialias);
  Tensor y = convLayer(
      t, layer.name + ".pw_proj", {layer.outChannels, 1, 1, layer.expanded},
      w.projectFilter, w.projectBias, 1, Activation::none, rng);
  if (layer.layerScale) {
    w.layerScale = layerScaleParam(layer, rng);
    y = interp::mul(y, w.layerScale.value);
  }
  return layer.residual ? interp::add(x, y) : y;
}

static Tensor calibrateMQA(const Tensor &x, const LayerSpec &layer,
                           LayerWeights &w, Random &rng) {
  int64_t channels = layer.inChannels;
  const std::string &name = layer.name;
  FoldedBatchNorm norm = calibrateBatchNorm(x, rng);
  Tensor xn = interp::batchNorm(x, norm.scale, norm.shift);
  w.normScale = makeParam(name + ".norm.weight", std::move(norm.scale));
  w.normShift = makeParam(name + ".norm.bias", std::move(norm.shift));

  w.queryFilter =
      makeParam(name + ".attn.query.proj.weight",
                projectionFilter(layer.numHeads * layer.keyDim, channels, rng));
  if (layer.kvStride > 1) {
    std::array<int64_t, 3> shape = {layer.kernel, layer.kernel, channels};
    convLayer(xn, name + ".attn.key.down_conv", shape, w.keyDownFilter,
              w.keyDownBias, layer.kvStride, Activation::none, rng);
    convLayer(xn, name + ".attn.value.down_conv", shape, w.valueDownFilter,
              w.valueDownBias, layer.kvStride, Activation::none, rng);
  }
  w.keyFilter = makeParam(name + ".attn.key.proj.weight",
                          projectionFilter(layer.keyDim, channels, rng));
  w.valueFilter = makeParam(name + ".attn.value.proj.weight",
                            projectionFilter(layer.valueDim, channels, rng));
  w.outputFilter = makeParam(
      name + ".attn.output.proj.weight",
      projectionFilter(channels, layer.numHeads * layer.valueDim, rng));
  if (layer.layerScale)
    w.layerScale = layerScaleParam(layer, rng);

  auto get = [](const Param &p) { return p.present() ? &p.value : nullptr; };
  interp::MobileMQAWeights weights;
  weights.normScale = get(w.normScale);
  weights.normShift = get(w.normShift);
  weights.queryFilter = get(w.queryFilter);
  weights.keyDownFilter = get(w.keyDownFilter);
  weights.keyDownBias = get(w.keyDownBias);
  weights.valueDownFilter = get(w.valueDownFilter);
  weights.valueDownBias = get(w.valueDownBias);
  weights.keyFilter = get(w.keyFilter);
  weights.valueFilter = get(w.valueFilter);
  weights.outputFilter = get(w.outputFilter);
  weights.layerScale = get(w.layerScale);
  return interp::mobileMQA(x, weights, layer.numHeads, layer.kvStride);
}

/// timm's Linear init, U(-1/sqrt(out), 1/sqrt(out)); the bias (zero in timm)
/// gets N(0, 0.1) like the reference exports.
static void drawClassifier(const LayerSpec &layer, LayerWeights &w,
                           Random &rng) {
  double range = 1.0 / std::sqrt(static_cast<double>(layer.outChannels));
  w.filter = makeParam(
      "classifier.weight",
      uniformTensor({layer.outChannels, layer.inChannels}, -range, range, rng));
  w.bias =
      makeParam("classifier.bias", normalTensor({layer.outChannels}, 0.1, rng));
}

//===----------------------------------------------------------------------===//
// Calibrator
//===----------------------------------------------------------------------===//

int64_t Calibrator::calibrationBatch(int64_t resolution) {
  int64_t lastMap = std::max<int64_t>(1, resolution / 32);
  int64_t images = (kMinSamples + lastMap * lastMap - 1) / (lastMap * lastMap);
  return std::clamp<int64_t>(images, 1, kMaxBatch);
}

Calibrator::Calibrator(const NetworkPlan &plan, uint64_t seed) : seed(seed) {
  int64_t r = std::min(plan.resolution, kMaxResolution);
  Random rng(seed, "calibration.images");
  batch = normalTensor({calibrationBatch(r), r, r, 3}, 1.0, rng);
}

LayerWeights Calibrator::next(const LayerSpec &layer) {
  Random rng(seed, layer.name);
  LayerWeights w;
  switch (layer.kind) {
  case LayerKind::Conv: {
    // Only the head conv follows the global pool.
    const Tensor *statsInput = prePool.data.empty() ? nullptr : &prePool;
    batch = calibrateConv(batch, layer, w, rng, statsInput);
    prePool = Tensor();
    break;
  }
  case LayerKind::FusedIB:
    batch = calibrateFusedIB(batch, layer, w, rng);
    break;
  case LayerKind::UIB:
    batch = calibrateUIB(batch, layer, w, rng);
    break;
  case LayerKind::MQA:
    batch = calibrateMQA(batch, layer, w, rng);
    break;
  case LayerKind::GlobalPool:
    prePool = std::move(batch);
    batch = interp::globalAvgPool(prePool);
    break;
  case LayerKind::FullyConnected:
    drawClassifier(layer, w, rng);
    batch = interp::fullyConnected(batch, w.filter.value, &w.bias.value);
    break;
  }
  return w;
}

} // namespace mnv4::zoo::detail
