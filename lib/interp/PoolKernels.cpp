//===- PoolKernels.cpp - global, average and blur pooling -----------------===//

#include "KernelSupport.h"

namespace mnv4::interp {

Tensor globalAvgPool(const Tensor &input) {
  int64_t n = input.dim(0), h = input.dim(1), w = input.dim(2),
          c = input.dim(3);
  Tensor output({n, 1, 1, c});
  std::vector<double> sum(c);
  for (int64_t b = 0; b < n; ++b) {
    std::fill(sum.begin(), sum.end(), 0.0);
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x)
        for (int64_t ch = 0; ch < c; ++ch)
          sum[ch] += input.at(b, y, x, ch);
    for (int64_t ch = 0; ch < c; ++ch)
      output.at(b, 0, 0, ch) = static_cast<float>(sum[ch] / (h * w));
  }
  return output;
}

Tensor avgPool2d(const Tensor &input, int64_t kernel, int64_t stride) {
  int64_t n = input.dim(0), h = input.dim(1), w = input.dim(2),
          c = input.dim(3);
  Stride2 strides = {stride, stride};
  Pad4 noPad = {0, 0, 0, 0}; // floor mode: windows never leave the input
  detail::Window2D window{h, w, kernel, kernel, strides, noPad};
  int64_t oh = window.outH(), ow = window.outW();
  Tensor output({n, oh, ow, c});
  std::vector<double> sum(c);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x) {
        std::fill(sum.begin(), sum.end(), 0.0);
        window.forEachTap(y, x, [&](int64_t, int64_t, int64_t iy, int64_t ix) {
          const float *pixel = input.pixel(b, iy, ix);
          for (int64_t ch = 0; ch < c; ++ch)
            sum[ch] += pixel[ch];
        });
        for (int64_t ch = 0; ch < c; ++ch)
          output.at(b, y, x, ch) =
              static_cast<float>(sum[ch] / (kernel * kernel));
      }
  return output;
}

Tensor blurPool(const Tensor &input) {
  // The fixed binomial filter [1,2,1] x [1,2,1] / 16, the same on every
  // channel: a depthwise 3x3 conv with stride 2 and zero padding 1.
  static constexpr float binomial[3] = {1.0f, 2.0f, 1.0f};
  int64_t c = input.dim(3);
  Tensor filter({3, 3, c});
  for (int64_t ky = 0; ky < 3; ++ky)
    for (int64_t kx = 0; kx < 3; ++kx)
      for (int64_t ch = 0; ch < c; ++ch)
        filter.data[(ky * 3 + kx) * c + ch] =
            binomial[ky] * binomial[kx] / 16.0f;
  return depthwiseConv2d(input, filter, /*bias=*/nullptr, {2, 2}, {1, 1, 1, 1},
                         Activation::none);
}

} // namespace mnv4::interp
