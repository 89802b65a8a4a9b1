//===- ElementwiseKernels.cpp - activations, BN, add and mul --------------===//
//
// Comparisons are written so that NaN falls through to "return x": a NaN
// input must come out as NaN, never as a clamped number.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"

#include <cmath>

namespace mnv4::interp {

static float relu6(float x) {
  if (x < 0.0f)
    return 0.0f;
  if (x > 6.0f)
    return 6.0f;
  return x;
}

float activate(float x, Activation act) {
  switch (act) {
  case Activation::none:
    return x;
  case Activation::relu:
    return x < 0.0f ? 0.0f : x;
  case Activation::relu6:
    return relu6(x);
  case Activation::gelu: {
    // Exact erf form, evaluated in double.
    double v = x;
    return static_cast<float>(0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))));
  }
  case Activation::hardswish:
    return static_cast<float>(static_cast<double>(x) * relu6(x + 3.0f) / 6.0);
  }
  return x;
}

void applyActivation(Tensor &t, Activation act) {
  for (float &x : t.data)
    x = activate(x, act);
}

Tensor batchNorm(const Tensor &input, const Tensor &scale,
                 const Tensor &shift) {
  int64_t c = scale.numElements();
  Tensor output(input.shape);
  for (int64_t i = 0; i < input.numElements(); ++i) {
    int64_t ch = i % c; // channels are the last, contiguous dim
    output.data[i] = static_cast<float>(
        static_cast<double>(input.data[i]) * scale.data[ch] + shift.data[ch]);
  }
  return output;
}

Tensor add(const Tensor &lhs, const Tensor &rhs) {
  Tensor output(lhs.shape);
  for (int64_t i = 0; i < lhs.numElements(); ++i)
    output.data[i] = lhs.data[i] + rhs.data[i];
  return output;
}

Tensor mul(const Tensor &lhs, const Tensor &rhs) {
  llvm::SmallVector<int64_t, 4> rhsStrides =
      detail::broadcastStrides(rhs.shape, lhs.shape);
  Tensor output(lhs.shape);
  for (int64_t i = 0; i < lhs.numElements(); ++i)
    output.data[i] =
        lhs.data[i] * rhs.data[detail::offsetOf(i, lhs.shape, rhsStrides)];
  return output;
}

} // namespace mnv4::interp
