//===- ConvKernels.cpp - convolutions and the fully connected layer -------===//
//
// Loops run over output pixels, then output channels, with the contiguous
// channel axis innermost: OHWI filter rows and NHWC input pixels are both
// contiguous over Cin, so every inner product reads two dense vectors.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"

namespace mnv4::interp {

using detail::dot;
using detail::Window2D;

Tensor conv2d(const Tensor &input, const Tensor &filter, const Tensor *bias,
              Stride2 strides, Pad4 pad, Activation act) {
  int64_t n = input.dim(0), cin = input.dim(3);
  int64_t cout = filter.dim(0), kh = filter.dim(1), kw = filter.dim(2);
  Window2D window{input.dim(1), input.dim(2), kh, kw, strides, pad};
  int64_t oh = window.outH(), ow = window.outW();
  Tensor output({n, oh, ow, cout});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x)
        for (int64_t co = 0; co < cout; ++co) {
          double acc = bias ? bias->data[co] : 0.0;
          window.forEachTap(
              y, x, [&](int64_t ky, int64_t kx, int64_t iy, int64_t ix) {
                const float *row =
                    &filter.data[((co * kh + ky) * kw + kx) * cin];
                acc += dot(input.pixel(b, iy, ix), row, cin);
              });
          output.at(b, y, x, co) = activate(static_cast<float>(acc), act);
        }
  return output;
}

Tensor depthwiseConv2d(const Tensor &input, const Tensor &filter,
                       const Tensor *bias, Stride2 strides, Pad4 pad,
                       Activation act) {
  int64_t n = input.dim(0), c = input.dim(3);
  int64_t kw = filter.dim(1);
  Window2D window{input.dim(1), input.dim(2), filter.dim(0), kw, strides, pad};
  int64_t oh = window.outH(), ow = window.outW();
  Tensor output({n, oh, ow, c});
  std::vector<double> acc(c);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x) {
        for (int64_t ch = 0; ch < c; ++ch)
          acc[ch] = bias ? bias->data[ch] : 0.0;
        window.forEachTap(
            y, x, [&](int64_t ky, int64_t kx, int64_t iy, int64_t ix) {
              const float *pixel = input.pixel(b, iy, ix);
              const float *taps = &filter.data[(ky * kw + kx) * c];
              for (int64_t ch = 0; ch < c; ++ch)
                acc[ch] += static_cast<double>(pixel[ch]) * taps[ch];
            });
        for (int64_t ch = 0; ch < c; ++ch)
          output.at(b, y, x, ch) = activate(static_cast<float>(acc[ch]), act);
      }
  return output;
}

Tensor pointwiseConv(const Tensor &input, const Tensor &filter,
                     const Tensor *bias, Activation act) {
  return conv2d(input, filter, bias, {1, 1}, {0, 0, 0, 0}, act);
}

Tensor fullyConnected(const Tensor &input, const Tensor &weight,
                      const Tensor *bias) {
  // [N,in] and a pooled [N,1,1,in] have the same row-major data.
  int64_t n = input.dim(0), in = input.numElements() / n;
  int64_t out = weight.dim(0);
  Tensor output({n, out});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t o = 0; o < out; ++o) {
      double acc = bias ? bias->data[o] : 0.0;
      acc += dot(&input.data[b * in], &weight.data[o * in], in);
      output.data[b * out + o] = static_cast<float>(acc);
    }
  return output;
}

} // namespace mnv4::interp
