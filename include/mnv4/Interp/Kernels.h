//===- Kernels.h - fp32 reference kernels of every mnv4 op ------*- C++ -*-===//
//
// One plain function per op, written for clarity: these are the numerical
// oracle of every backend, and the zoo uses them to calibrate its weights.
// Shapes follow the dialect: activations NHWC, conv filters OHWI
// [Cout,kh,kw,Cin], depthwise filters [kh,kw,C], FC weights [out,in].
// Callers pass shapes the verifier accepted; kernels do not re-check them.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_INTERP_KERNELS_H
#define MNV4_INTERP_KERNELS_H

#include "mnv4/Interp/Tensor.h"

#include "dialects/mnv4/MNV4Dialect.h"

#include <array>

namespace mnv4::interp {

/// [top, left, bottom, right] zero padding and [sh, sw] strides.
using Pad4 = std::array<int64_t, 4>;
using Stride2 = std::array<int64_t, 2>;

void applyActivation(Tensor &t, Activation act);
float activate(float x, Activation act);

/// bias may be null.
Tensor conv2d(const Tensor &input, const Tensor &filter, const Tensor *bias,
              Stride2 strides, Pad4 pad, Activation act);
Tensor depthwiseConv2d(const Tensor &input, const Tensor &filter,
                       const Tensor *bias, Stride2 strides, Pad4 pad,
                       Activation act);
/// 1x1 conv, filter [Cout,1,1,Cin]; bias may be null.
Tensor pointwiseConv(const Tensor &input, const Tensor &filter,
                     const Tensor *bias, Activation act);
/// input [N,in] or [N,1,1,in]; result [N,out].
Tensor fullyConnected(const Tensor &input, const Tensor &weight,
                      const Tensor *bias);

/// Per-channel (last dim) x * scale + shift.
Tensor batchNorm(const Tensor &input, const Tensor &scale, const Tensor &shift);
Tensor globalAvgPool(const Tensor &input);
Tensor avgPool2d(const Tensor &input, int64_t kernel, int64_t stride);
Tensor blurPool(const Tensor &input);

Tensor add(const Tensor &lhs, const Tensor &rhs);
/// rhs broadcasts numpy-style to lhs.
Tensor mul(const Tensor &lhs, const Tensor &rhs);
Tensor matmul(const Tensor &lhs, const Tensor &rhs);
Tensor softmaxLastAxis(const Tensor &input);
Tensor transpose(const Tensor &input, llvm::ArrayRef<int64_t> perm);
Tensor reshape(const Tensor &input, llvm::ArrayRef<int64_t> shape);
Tensor pad(const Tensor &input, Pad4 pad);

/// Weights of the block ops, mirroring their operands (null when absent).
struct FusedIBWeights {
  const Tensor *expandFilter, *expandBias, *projectFilter, *projectBias;
};
struct UIBWeights {
  const Tensor *startFilter = nullptr, *startBias = nullptr;
  const Tensor *expandFilter = nullptr, *expandBias = nullptr;
  const Tensor *midFilter = nullptr, *midBias = nullptr;
  const Tensor *projectFilter = nullptr, *projectBias = nullptr;
  const Tensor *layerScale = nullptr;
};
struct MobileMQAWeights {
  const Tensor *normScale = nullptr, *normShift = nullptr;
  const Tensor *queryFilter = nullptr;
  const Tensor *keyDownFilter = nullptr, *keyDownBias = nullptr;
  const Tensor *valueDownFilter = nullptr, *valueDownBias = nullptr;
  const Tensor *keyFilter = nullptr, *valueFilter = nullptr;
  const Tensor *outputFilter = nullptr;
  const Tensor *layerScale = nullptr;
};

Tensor fusedIB(const Tensor &input, const FusedIBWeights &w, int64_t stride,
               Activation act, Antialias aa, bool residual);
Tensor uib(const Tensor &input, const UIBWeights &w, int64_t stride,
           Activation act, Antialias aa, bool residual);
Tensor mobileMQA(const Tensor &input, const MobileMQAWeights &w,
                 int64_t numHeads, int64_t kvStride);

} // namespace mnv4::interp

#endif // MNV4_INTERP_KERNELS_H
