//===- QuantParams.cpp - TFLite's int8 parameter formulas -----------------===//

#include "mnv4/Quant/QuantParams.h"

#include "dialects/mnv4/QuantTypeRules.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mnv4::quant {

ActivationParams activationParams(float min, float max) {
  float rmin = std::min(min, 0.0f), rmax = std::max(max, 0.0f);
  if (rmin == rmax)
    return {1.0f, 0};
  float scale = (rmax - rmin) / 255.0f;
  float zf = -128.0f - rmin / scale;
  int32_t zp = zf < -128.0f  ? -128
               : zf > 127.0f ? 127
                             : static_cast<int32_t>(std::round(zf));
  return {scale, zp};
}

ActivationParams zeroCenteredParams(float min, float max) {
  float m = std::max(std::fabs(min), std::fabs(max));
  if (m == 0.0f)
    return {1.0f, 0};
  return {m / 127.0f, 0};
}

std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t k, int64_t stride) {
  int64_t out = (in + stride - 1) / stride;
  int64_t total = std::max<int64_t>((out - 1) * stride + k - in, 0);
  return {total / 2, total - total / 2};
}

bool needsExplicitPad(llvm::ArrayRef<int64_t> input, int64_t kh, int64_t kw,
                      llvm::ArrayRef<int64_t> strides,
                      llvm::ArrayRef<int64_t> pad) {
  if (llvm::all_of(pad, [](int64_t x) { return x == 0; }))
    return false;
  auto [top, bottom] = samePadding(input[1], kh, strides[0]);
  auto [left, right] = samePadding(input[2], kw, strides[1]);
  return !(pad[0] == top && pad[1] == left && pad[2] == bottom &&
           pad[3] == right);
}

int8_t quantizeToInt8(float x, ActivationParams params) {
  float q = std::round(x / params.scale) + static_cast<float>(params.zeroPoint);
  return static_cast<int8_t>(std::clamp(q, -128.0f, 127.0f));
}

float symmetricScale(llvm::ArrayRef<float> slice) {
  float m = 0.0f;
  for (float w : slice)
    m = std::max(m, std::fabs(w));
  if (2.0f * m <= 1e-6f)
    m = 5e-7f;
  return (2.0f * m) / 254.0f;
}

int8_t quantizeWeight(float w, float scale) {
  float inverse = static_cast<float>(1.0 / static_cast<double>(scale));
  float q = std::round(w * inverse);
  return static_cast<int8_t>(std::clamp(q, -127.0f, 127.0f));
}

std::vector<float> quantizeWeights(llvm::ArrayRef<float> weights,
                                   llvm::ArrayRef<int64_t> shape, int64_t axis,
                                   std::vector<int8_t> &stored) {
  int64_t channels = shape[axis], inner = 1;
  for (int64_t d = axis + 1; d < static_cast<int64_t>(shape.size()); ++d)
    inner *= shape[d];
  int64_t outer = static_cast<int64_t>(weights.size()) / (channels * inner);
  auto index = [&](int64_t o, int64_t c, int64_t i) {
    return (o * channels + c) * inner + i;
  };
  std::vector<float> scales(channels);
  std::vector<float> slice;
  for (int64_t c = 0; c < channels; ++c) {
    slice.clear();
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i)
        slice.push_back(weights[index(o, c, i)]);
    scales[c] = symmetricScale(slice);
  }
  stored.resize(weights.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t i = 0; i < inner; ++i)
        stored[index(o, c, i)] =
            quantizeWeight(weights[index(o, c, i)], scales[c]);
  return scales;
}

float biasScale(float inputScale, float weightScale) {
  // The dialect's verifiers check the same formula.
  return static_cast<float>(detail::biasScale(inputScale, weightScale));
}

int32_t quantizeBias(float b, float scale) {
  float inverse = static_cast<float>(1.0 / static_cast<double>(scale));
  double q = std::round(static_cast<double>(b * inverse));
  constexpr double limit = std::numeric_limits<int32_t>::max();
  return static_cast<int32_t>(std::clamp(q, -limit, limit));
}

} // namespace mnv4::quant
