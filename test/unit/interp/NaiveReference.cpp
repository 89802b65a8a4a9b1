//===- NaiveReference.cpp - independent naive loops for kernel tests ------===//

#include "NaiveReference.h"

#include <cmath>
#include <random>

namespace mnv4::interp::naive {

Window same(int64_t kernel, int64_t stride) {
  int64_t p = (kernel - 1) / 2;
  return {stride, stride, p, p, p, p};
}

Window window(std::array<int64_t, 2> strides, std::array<int64_t, 4> pad) {
  return {strides[0], strides[1], pad[0], pad[1], pad[2], pad[3]};
}

Tensor random(std::vector<int64_t> shape, unsigned seed, float lo, float hi) {
  Tensor t(shape);
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  for (float &v : t.data)
    v = dist(gen);
  return t;
}

double act(double x, Activation a) {
  switch (a) {
  case Activation::none:
    return x;
  case Activation::relu:
    return std::isnan(x) ? x : std::fmax(x, 0.0);
  case Activation::relu6:
    return std::isnan(x) ? x : std::fmin(std::fmax(x, 0.0), 6.0);
  case Activation::gelu:
    return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
  case Activation::hardswish:
    return std::isnan(x) ? x
                         : x * std::fmin(std::fmax(x + 3.0, 0.0), 6.0) / 6.0;
  }
  return x;
}

static int64_t outSize(int64_t in, int64_t k, int64_t s, int64_t before,
                       int64_t after) {
  return (in + before + after - k) / s + 1;
}

/// The sliding window every conv and pool shares: output element
/// (n, oh, ow, co) is `finish(co, sum)`, where sum adds `tap(n, co, kh, kw,
/// ih, iw)` over the KH x KW taps that land inside x (the rest are padding).
template <typename Tap, typename Finish>
static Tensor slide(const Tensor &x, int64_t KH, int64_t KW, int64_t Co,
                    Window win, Tap tap, Finish finish) {
  int64_t N = x.shape[0], H = x.shape[1], W = x.shape[2];
  int64_t OH = outSize(H, KH, win.strideH, win.padTop, win.padBottom);
  int64_t OW = outSize(W, KW, win.strideW, win.padLeft, win.padRight);
  Tensor y({N, OH, OW, Co});
  for (int64_t n = 0; n < N; ++n)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow)
        for (int64_t co = 0; co < Co; ++co) {
          double sum = 0.0;
          for (int64_t kh = 0; kh < KH; ++kh)
            for (int64_t kw = 0; kw < KW; ++kw) {
              int64_t ih = oh * win.strideH + kh - win.padTop;
              int64_t iw = ow * win.strideW + kw - win.padLeft;
              if (ih < 0 || ih >= H || iw < 0 || iw >= W)
                continue;
              sum += tap(n, co, kh, kw, ih, iw);
            }
          y.data[((n * OH + oh) * OW + ow) * Co + co] = finish(co, sum);
        }
  return y;
}

/// A conv's bias and activation on the tap sum.
static auto biasThenAct(const Tensor *bias, Activation a) {
  return [=](int64_t co, double sum) {
    if (bias)
      sum += bias->data[co];
    return static_cast<float>(act(static_cast<float>(sum), a));
  };
}

Tensor conv(const Tensor &x, const Tensor &filter, const Tensor *bias,
            Window win, Activation a) {
  int64_t H = x.shape[1], W = x.shape[2], Ci = x.shape[3];
  int64_t Co = filter.shape[0], KH = filter.shape[1], KW = filter.shape[2];
  return slide(
      x, KH, KW, Co, win,
      [&](int64_t n, int64_t co, int64_t kh, int64_t kw, int64_t ih,
          int64_t iw) {
        double sum = 0.0;
        for (int64_t ci = 0; ci < Ci; ++ci) {
          double xv = x.data[((n * H + ih) * W + iw) * Ci + ci];
          double fv = filter.data[((co * KH + kh) * KW + kw) * Ci + ci];
          sum += xv * fv;
        }
        return sum;
      },
      biasThenAct(bias, a));
}

Tensor depthwise(const Tensor &x, const Tensor &filter, const Tensor *bias,
                 Window win, Activation a) {
  int64_t H = x.shape[1], W = x.shape[2], C = x.shape[3];
  int64_t KH = filter.shape[0], KW = filter.shape[1];
  return slide(
      x, KH, KW, C, win,
      [&](int64_t n, int64_t c, int64_t kh, int64_t kw, int64_t ih,
          int64_t iw) {
        return double(x.data[((n * H + ih) * W + iw) * C + c]) *
               filter.data[(kh * KW + kw) * C + c];
      },
      biasThenAct(bias, a));
}

Tensor avgPool(const Tensor &x, int64_t k, int64_t s) {
  int64_t H = x.shape[1], W = x.shape[2], C = x.shape[3];
  // No padding: floor((H - k) / s) + 1 windows.
  return slide(
      x, k, k, C, Window{s, s},
      [&](int64_t n, int64_t c, int64_t, int64_t, int64_t ih, int64_t iw) {
        return double(x.data[((n * H + ih) * W + iw) * C + c]);
      },
      [&](int64_t, double sum) { return static_cast<float>(sum / (k * k)); });
}

Tensor blur(const Tensor &x) {
  const double taps[3][3] = {{1, 2, 1}, {2, 4, 2}, {1, 2, 1}};
  int64_t H = x.shape[1], W = x.shape[2], C = x.shape[3];
  // Stride 2 and padding 1 all round: ceil(H / 2) rows.
  return slide(
      x, 3, 3, C, same(3, 2),
      [&](int64_t n, int64_t c, int64_t i, int64_t j, int64_t ih, int64_t iw) {
        return taps[i][j] / 16.0 * x.data[((n * H + ih) * W + iw) * C + c];
      },
      [](int64_t, double sum) { return static_cast<float>(sum); });
}

Tensor scaleChannels(const Tensor &x, const Tensor &scale) {
  Tensor y = x;
  int64_t C = x.shape.back();
  for (size_t i = 0; i < y.data.size(); ++i)
    y.data[i] = x.data[i] * scale.data[i % C];
  return y;
}

Tensor addSame(const Tensor &a, const Tensor &b) {
  Tensor y = a;
  for (size_t i = 0; i < y.data.size(); ++i)
    y.data[i] = a.data[i] + b.data[i];
  return y;
}

Tensor mobileMQA(const Tensor &x, const MQAWeights &w, int64_t heads,
                 int64_t kvStride, bool withLayerScale) {
  int64_t N = x.shape[0], H = x.shape[1], W = x.shape[2], C = x.shape[3];
  Tensor xn = x;
  for (size_t i = 0; i < xn.data.size(); ++i)
    xn.data[i] = static_cast<float>(
        double(x.data[i]) * w.normScale.data[i % C] + w.normShift.data[i % C]);
  Tensor Q = conv(xn, w.query, nullptr, {}, Activation::none);
  Tensor xk = xn, xv = xn;
  if (kvStride > 1) {
    xk = depthwise(xn, w.keyDown, &w.keyDownBias, same(3, kvStride),
                   Activation::none);
    xv = depthwise(xn, w.valueDown, &w.valueDownBias, same(3, kvStride),
                   Activation::none);
  }
  Tensor K = conv(xk, w.key, nullptr, {}, Activation::none);
  Tensor V = conv(xv, w.value, nullptr, {}, Activation::none);
  int64_t kd = K.shape[3], vd = V.shape[3];
  int64_t P = H * W, M = K.shape[1] * K.shape[2];
  float s = static_cast<float>(1.0 / std::sqrt(double(kd)));

  // O[n, p, head*vd + d], positions p = y*W + x row-major.
  Tensor O({N, H, W, heads * vd});
  std::vector<double> logits(M);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t p = 0; p < P; ++p) {
        double maxLogit = -INFINITY;
        for (int64_t m = 0; m < M; ++m) {
          double sum = 0.0;
          for (int64_t d = 0; d < kd; ++d) {
            float q = Q.data[(n * P + p) * heads * kd + h * kd + d] * s;
            sum += double(q) * K.data[(n * M + m) * kd + d];
          }
          logits[m] = static_cast<float>(sum);
          maxLogit = std::fmax(maxLogit, logits[m]);
        }
        double total = 0.0;
        for (int64_t m = 0; m < M; ++m) {
          logits[m] = std::exp(logits[m] - maxLogit);
          total += logits[m];
        }
        for (int64_t d = 0; d < vd; ++d) {
          double sum = 0.0;
          for (int64_t m = 0; m < M; ++m)
            sum += double(static_cast<float>(logits[m] / total)) *
                   V.data[(n * M + m) * vd + d];
          O.data[(n * P + p) * heads * vd + h * vd + d] =
              static_cast<float>(sum);
        }
      }
  Tensor Y = conv(O, w.output, nullptr, {}, Activation::none);
  if (withLayerScale)
    Y = scaleChannels(Y, w.layerScale);
  return addSame(x, Y);
}

} // namespace mnv4::interp::naive
