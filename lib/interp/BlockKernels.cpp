//===- BlockKernels.cpp - FusedIB, UIB and Mobile MQA blocks --------------===//
//
// Each block is a composition of the primitive kernels, step for step as the
// op descriptions in MNV4Ops.td write it.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"

#include <cmath>

namespace mnv4::interp {

using detail::symmetricPad;

/// The pool that realises the stride of an anti-aliased block.
static Tensor antialiasPool(const Tensor &t, Antialias aa) {
  return aa == Antialias::avg ? avgPool2d(t, /*kernel=*/2, /*stride=*/2)
                              : blurPool(t);
}

/// Stride of the block's strided conv: 1 when an anti-alias pool takes it.
static int64_t convStride(int64_t stride, Antialias aa) {
  return aa == Antialias::none ? stride : 1;
}

Tensor fusedIB(const Tensor &input, const FusedIBWeights &w, int64_t stride,
               Activation act, Antialias aa, bool residual) {
  int64_t s = convStride(stride, aa);
  Tensor t = conv2d(input, *w.expandFilter, w.expandBias, {s, s},
                    symmetricPad(w.expandFilter->dim(1)), act);
  if (aa != Antialias::none)
    t = antialiasPool(t, aa);
  Tensor y =
      pointwiseConv(t, *w.projectFilter, w.projectBias, Activation::none);
  return residual ? add(input, y) : y;
}

Tensor uib(const Tensor &input, const UIBWeights &w, int64_t stride,
           Activation act, Antialias aa, bool residual) {
  int64_t s = convStride(stride, aa);
  // The stride sits on the middle dw conv, or on the start one without it.
  int64_t startStride = w.midFilter ? 1 : s;
  Tensor x1;
  if (w.startFilter)
    x1 = depthwiseConv2d(input, *w.startFilter, w.startBias,
                         {startStride, startStride},
                         symmetricPad(w.startFilter->dim(0)), Activation::none);
  Tensor x = pointwiseConv(w.startFilter ? x1 : input, *w.expandFilter,
                           w.expandBias, act);
  if (w.midFilter)
    x = depthwiseConv2d(x, *w.midFilter, w.midBias, {s, s},
                        symmetricPad(w.midFilter->dim(0)), act);
  if (aa != Antialias::none)
    x = antialiasPool(x, aa);
  Tensor y =
      pointwiseConv(x, *w.projectFilter, w.projectBias, Activation::none);
  if (w.layerScale)
    y = mul(y, *w.layerScale);
  return residual ? add(input, y) : y;
}

/// K or V input: the normalised map, downsampled by its own dw conv when
/// kv_stride > 1.
static Tensor keyValueInput(const Tensor &xn, const Tensor *downFilter,
                            const Tensor *downBias, int64_t kvStride) {
  if (kvStride == 1)
    return xn;
  return depthwiseConv2d(xn, *downFilter, downBias, {kvStride, kvStride},
                         symmetricPad(downFilter->dim(0)), Activation::none);
}

Tensor mobileMQA(const Tensor &input, const MobileMQAWeights &w,
                 int64_t numHeads, int64_t kvStride) {
  int64_t n = input.dim(0), h = input.dim(1), wd = input.dim(2);
  Tensor xn = batchNorm(input, *w.normScale, *w.normShift);

  Tensor q = pointwiseConv(xn, *w.queryFilter, nullptr, Activation::none);
  Tensor k =
      pointwiseConv(keyValueInput(xn, w.keyDownFilter, w.keyDownBias, kvStride),
                    *w.keyFilter, nullptr, Activation::none);
  Tensor v = pointwiseConv(
      keyValueInput(xn, w.valueDownFilter, w.valueDownBias, kvStride),
      *w.valueFilter, nullptr, Activation::none);
  int64_t keyDim = k.dim(3), valueDim = v.dim(3);
  int64_t positions = h * wd, kvPositions = k.dim(1) * k.dim(2);

  // Q [N,H,W,heads*kd] -> [N,heads,HW,kd], scaled by kd^-0.5 (in float, as
  // timm multiplies a float tensor by the scale) before the product.
  Tensor queries =
      transpose(reshape(q, {n, positions, numHeads, keyDim}), {0, 2, 1, 3});
  float qScale = static_cast<float>(1.0 / std::sqrt(double(keyDim)));
  queries = mul(queries, Tensor(/*shape=*/{}, std::vector<float>{qScale}));
  // The single K/V head broadcasts over the query heads.
  Tensor keysT = transpose(reshape(k, {n, 1, kvPositions, keyDim}),
                           {0, 1, 3, 2}); // [N,1,kd,M]
  Tensor values = reshape(v, {n, 1, kvPositions, valueDim});

  Tensor attention = softmaxLastAxis(matmul(queries, keysT)); // [N,h,HW,M]
  Tensor heads = matmul(attention, values);                   // [N,h,HW,vd]
  // Heads concatenated head-major along channels: [N,H,W,heads*vd].
  Tensor o =
      reshape(transpose(heads, {0, 2, 1, 3}), {n, h, wd, numHeads * valueDim});

  Tensor y = pointwiseConv(o, *w.outputFilter, nullptr, Activation::none);
  if (w.layerScale)
    y = mul(y, *w.layerScale);
  return add(input, y);
}

} // namespace mnv4::interp
