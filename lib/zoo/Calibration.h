//===- Calibration.h - calibrated random weights of a zoo model -*- C++ -*-===//
//
// Private to lib/zoo. Weights are drawn as timm would initialise them and
// then calibrated "as BatchNorm would": random N(0,1) images run through the
// network layer by layer (with the reference kernels), every BN position
// measures its per-channel mean and variance, and the BN (gamma ~
// U(0.5,1.5), beta ~ N(0,0.1)) is folded into the producing conv, so
// activations stay O(1) through the whole network.
//
// Calibration runs at the model's own resolution (up to kMaxResolution).
// Statistics measured at a much reduced resolution do not transfer: on small
// maps the 3x3/5x5 depthwise convs of the late stages see mostly zero padding,
// each block's variance is then underestimated, and the error compounds through
// the residual stages (conv_small_035 calibrated at 64 gave logits of std ~100
// at 224).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_ZOO_CALIBRATION_H
#define MNV4_LIB_ZOO_CALIBRATION_H

#include "Specs.h"

#include "mnv4/Interp/Tensor.h"

#include <string>

namespace mnv4::zoo::detail {

/// One weight operand: its blob key (the timm parameter it stands for, e.g.
/// "blocks.2.1.pw_exp.weight") and its value in the dialect's layout.
struct Param {
  std::string key;
  interp::Tensor value;
  bool present() const { return !key.empty(); }
};

/// The weight operands of one layer; only those of its kind are present.
struct LayerWeights {
  Param filter, bias; ///< Conv (OHWI) and FullyConnected ([out, in])
  Param startFilter, startBias, expandFilter, expandBias; ///< FusedIB, UIB
  Param midFilter, midBias, projectFilter, projectBias;   ///< FusedIB, UIB
  Param normScale, normShift, queryFilter;                ///< MQA
  Param keyDownFilter, keyDownBias, valueDownFilter, valueDownBias;
  Param keyFilter, valueFilter, outputFilter;
  Param layerScale; ///< hybrid UIB and MQA
};

/// Walks a plan in network order, producing each layer's calibrated weights.
class Calibrator {
public:
  /// Above this resolution calibration runs at it, bounding time and memory
  /// (the maps are then large enough for the statistics to carry over).
  static constexpr int64_t kMaxResolution = 512;
  /// Per-channel samples wanted at the smallest (last) feature map; the
  /// batch holds as many images as that takes, up to kMaxBatch.
  static constexpr int64_t kMinSamples = 32;
  static constexpr int64_t kMaxBatch = 8;
  static int64_t calibrationBatch(int64_t resolution);

  Calibrator(const NetworkPlan &plan, uint64_t seed);

  /// Draws and calibrates the weights of `layer`, which must be the next
  /// layer of the plan, and runs the calibration batch through it.
  LayerWeights next(const LayerSpec &layer);

private:
  uint64_t seed;
  interp::Tensor batch;
  /// The last feature map before global pooling. conv_head's BN takes its
  /// statistics over these positions (as if pooling followed the head): the
  /// pooled map has only one sample per image.
  interp::Tensor prePool;
};

} // namespace mnv4::zoo::detail

#endif // MNV4_LIB_ZOO_CALIBRATION_H
