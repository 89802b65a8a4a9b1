//===- Int8Kernels.cpp - TFLite's int8 reference kernels ------------------===//

#include "Int8Kernels.h"

#include <algorithm>
#include <cmath>

namespace mnv4::interp::int8 {

using tflite::ClampRange;
using tflite::mbqm;
using tflite::Multiplier;
using tflite::quantizeMultiplier;

QTensor::QTensor(llvm::ArrayRef<int64_t> shape, QParams params)
    : shape(shape.begin(), shape.end()), params(params) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  data.assign(n, 0);
}

static int8_t clampTo(int32_t v, ClampRange r) {
  return static_cast<int8_t>(std::clamp(v, r.lo, r.hi));
}

/// Per-channel requantization of a conv's int32 accumulators (§2.5).
static std::vector<Multiplier> channelMultipliers(const QTensor &in,
                                                  const QWeights &w,
                                                  int64_t channels,
                                                  QParams out) {
  std::vector<Multiplier> mults(channels);
  for (int64_t c = 0; c < channels; ++c)
    mults[c] = quantizeMultiplier(static_cast<double>(in.params.scale) *
                                  static_cast<double>(w.scale(c)) /
                                  static_cast<double>(out.scale));
  return mults;
}

/// Runs `tap(n, oy, ox, iy, ix, ky, kx)` on every filter tap inside the image
/// (TFLite skips the padding: it contributes (z_in - z_in) * w = 0).
template <typename Body>
static void forEachOutput(const QTensor &in, llvm::ArrayRef<int64_t> outShape,
                          int64_t kh, int64_t kw, Window w, Body body) {
  for (int64_t n = 0; n < outShape[0]; ++n)
    for (int64_t oy = 0; oy < outShape[1]; ++oy)
      for (int64_t ox = 0; ox < outShape[2]; ++ox) {
        int64_t y0 = oy * w.strideH - w.padTop, x0 = ox * w.strideW - w.padLeft;
        int64_t kyLo = std::max<int64_t>(0, -y0),
                kyHi = std::min<int64_t>(kh, in.shape[1] - y0);
        int64_t kxLo = std::max<int64_t>(0, -x0),
                kxHi = std::min<int64_t>(kw, in.shape[2] - x0);
        body(n, oy, ox, y0, x0, kyLo, kyHi, kxLo, kxHi);
      }
}

QTensor conv2d(const QTensor &in, const QWeights &filter,
               llvm::ArrayRef<int32_t> bias, Window w, int act,
               llvm::ArrayRef<int64_t> outShape, QParams out) {
  QTensor y(outShape, out);
  int64_t cout = filter.shape[0], kh = filter.shape[1], kw = filter.shape[2],
          cin = filter.shape[3];
  std::vector<Multiplier> mults = channelMultipliers(in, filter, cout, out);
  ClampRange range = tflite::activationRange(act, out.scale, out.zeroPoint);
  int32_t zin = in.params.zeroPoint;
  forEachOutput(
      in, outShape, kh, kw, w,
      [&](int64_t n, int64_t oy, int64_t ox, int64_t y0, int64_t x0,
          int64_t kyLo, int64_t kyHi, int64_t kxLo, int64_t kxHi) {
        int8_t *dst =
            &y.data[((n * outShape[1] + oy) * outShape[2] + ox) * cout];
        for (int64_t oc = 0; oc < cout; ++oc) {
          int32_t acc = bias[oc];
          for (int64_t ky = kyLo; ky < kyHi; ++ky)
            for (int64_t kx = kxLo; kx < kxHi; ++kx) {
              const int8_t *x =
                  &in.data[((n * in.shape[1] + y0 + ky) * in.shape[2] + x0 +
                            kx) *
                           cin];
              const int8_t *f = &filter.data[((oc * kh + ky) * kw + kx) * cin];
              for (int64_t ic = 0; ic < cin; ++ic)
                acc += static_cast<int32_t>(f[ic]) * (x[ic] - zin);
            }
          dst[oc] = clampTo(mbqm(acc, mults[oc]) + out.zeroPoint, range);
        }
      });
  return y;
}

QTensor depthwiseConv2d(const QTensor &in, const QWeights &filter,
                        llvm::ArrayRef<int32_t> bias, Window w, int act,
                        llvm::ArrayRef<int64_t> outShape, QParams out) {
  QTensor y(outShape, out);
  int64_t kh = filter.shape[0], kw = filter.shape[1], c = filter.shape[2];
  std::vector<Multiplier> mults = channelMultipliers(in, filter, c, out);
  ClampRange range = tflite::activationRange(act, out.scale, out.zeroPoint);
  int32_t zin = in.params.zeroPoint;
  std::vector<int32_t> acc(c);
  forEachOutput(
      in, outShape, kh, kw, w,
      [&](int64_t n, int64_t oy, int64_t ox, int64_t y0, int64_t x0,
          int64_t kyLo, int64_t kyHi, int64_t kxLo, int64_t kxHi) {
        std::copy(bias.begin(), bias.end(), acc.begin());
        for (int64_t ky = kyLo; ky < kyHi; ++ky)
          for (int64_t kx = kxLo; kx < kxHi; ++kx) {
            const int8_t *x =
                &in.data[((n * in.shape[1] + y0 + ky) * in.shape[2] + x0 + kx) *
                         c];
            const int8_t *f = &filter.data[(ky * kw + kx) * c];
            for (int64_t ch = 0; ch < c; ++ch)
              acc[ch] += static_cast<int32_t>(f[ch]) * (x[ch] - zin);
          }
        int8_t *dst = &y.data[((n * outShape[1] + oy) * outShape[2] + ox) * c];
        for (int64_t ch = 0; ch < c; ++ch)
          dst[ch] = clampTo(mbqm(acc[ch], mults[ch]) + out.zeroPoint, range);
      });
  return y;
}

QTensor fullyConnected(const QTensor &in, const QWeights &weight,
                       llvm::ArrayRef<int32_t> bias,
                       llvm::ArrayRef<int64_t> outShape, QParams out) {
  QTensor y(outShape, out);
  int64_t units = weight.shape[0], depth = weight.shape[1];
  int64_t batches = in.numElements() / depth;
  std::vector<Multiplier> mults;
  if (weight.scales.size() == 1) {
    // Per-tensor: the scale product is taken in float32 (§2.1).
    float product = in.params.scale * weight.scales[0];
    mults.assign(units, quantizeMultiplier(static_cast<double>(product) /
                                           static_cast<double>(out.scale)));
  } else {
    mults = channelMultipliers(in, weight, units, out);
  }
  int32_t zin = in.params.zeroPoint;
  for (int64_t b = 0; b < batches; ++b)
    for (int64_t u = 0; u < units; ++u) {
      int32_t acc = bias[u];
      for (int64_t d = 0; d < depth; ++d)
        acc += static_cast<int32_t>(weight.data[u * depth + d]) *
               (in.data[b * depth + d] - zin);
      y.data[b * units + u] = clampTo(mbqm(acc, mults[u]) + out.zeroPoint, {});
    }
  return y;
}

QTensor add(const QTensor &lhs, const QTensor &rhs, int act, QParams out) {
  QTensor y(lhs.shape, out);
  constexpr int kLeftShift = 20;
  double twiceMax =
      2.0 * static_cast<double>(std::max(lhs.params.scale, rhs.params.scale));
  Multiplier m1 = quantizeMultiplier(lhs.params.scale / twiceMax);
  Multiplier m2 = quantizeMultiplier(rhs.params.scale / twiceMax);
  Multiplier mo = quantizeMultiplier(
      twiceMax / ((1 << kLeftShift) * static_cast<double>(out.scale)));
  ClampRange range = tflite::activationRange(act, out.scale, out.zeroPoint);
  for (int64_t i = 0; i < y.numElements(); ++i) {
    int32_t a = (lhs.data[i] - lhs.params.zeroPoint) * (1 << kLeftShift);
    int32_t b = (rhs.data[i] - rhs.params.zeroPoint) * (1 << kLeftShift);
    int32_t sum = mbqm(a, m1) + mbqm(b, m2);
    y.data[i] = clampTo(mbqm(sum, mo) + out.zeroPoint, range);
  }
  return y;
}

/// The index into `from` (broadcast numpy-style to `to`) of each element of
/// `to`.
static std::vector<int64_t> broadcastIndex(llvm::ArrayRef<int64_t> from,
                                           llvm::ArrayRef<int64_t> to) {
  int64_t total = 1;
  for (int64_t d : to)
    total *= d;
  std::vector<int64_t> index(total);
  size_t offset = to.size() - from.size();
  llvm::SmallVector<int64_t> coord(to.size(), 0);
  for (int64_t i = 0; i < total; ++i) {
    int64_t j = 0;
    for (size_t d = 0; d < from.size(); ++d)
      j = j * from[d] + (from[d] == 1 ? 0 : coord[d + offset]);
    index[i] = j;
    for (int64_t d = static_cast<int64_t>(to.size()) - 1; d >= 0; --d) {
      if (++coord[d] < to[d])
        break;
      coord[d] = 0;
    }
  }
  return index;
}

QTensor mul(const QTensor &lhs, const QTensor &rhs, QParams out) {
  QTensor y(lhs.shape, out);
  // All in float32, then widened (§2.1).
  float real = lhs.params.scale * rhs.params.scale / out.scale;
  Multiplier m = quantizeMultiplier(static_cast<double>(real));
  std::vector<int64_t> r = broadcastIndex(rhs.shape, lhs.shape);
  for (int64_t i = 0; i < y.numElements(); ++i) {
    int32_t p = (lhs.data[i] - lhs.params.zeroPoint) *
                (rhs.data[r[i]] - rhs.params.zeroPoint);
    y.data[i] = clampTo(out.zeroPoint + mbqm(p, m), {});
  }
  return y;
}

QTensor meanHW(const QTensor &in, QParams out) {
  int64_t n = in.shape[0], h = in.shape[1], w = in.shape[2], c = in.shape[3];
  QTensor y({n, 1, 1, c}, out);
  Multiplier m = quantizeMultiplier(static_cast<double>(in.params.scale) /
                                    static_cast<double>(out.scale));
  int64_t count = h * w;
  int shift = 63 - __builtin_clzll(static_cast<uint64_t>(count));
  shift = std::min(shift, 32);
  shift = std::min(shift, 31 + m.shift);
  Multiplier scaled{
      static_cast<int32_t>((static_cast<int64_t>(m.m) << shift) / count),
      m.shift - shift};
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch) {
      int32_t sum = 0;
      for (int64_t i = 0; i < h * w; ++i)
        sum += in.data[(b * h * w + i) * c + ch];
      int32_t shifted = static_cast<int32_t>(sum - in.params.zeroPoint * count);
      y.data[b * c + ch] = clampTo(mbqm(shifted, scaled) + out.zeroPoint, {});
    }
  return y;
}

QTensor avgPool(const QTensor &in, int64_t kernel, int64_t stride,
                llvm::ArrayRef<int64_t> outShape) {
  QTensor y(outShape, in.params);
  int64_t c = in.shape[3];
  int32_t count = static_cast<int32_t>(kernel * kernel);
  for (int64_t n = 0; n < outShape[0]; ++n)
    for (int64_t oy = 0; oy < outShape[1]; ++oy)
      for (int64_t ox = 0; ox < outShape[2]; ++ox)
        for (int64_t ch = 0; ch < c; ++ch) {
          int32_t acc = 0;
          for (int64_t ky = 0; ky < kernel; ++ky)
            for (int64_t kx = 0; kx < kernel; ++kx)
              acc +=
                  in.data[((n * in.shape[1] + oy * stride + ky) * in.shape[2] +
                           ox * stride + kx) *
                              c +
                          ch];
          int32_t avg =
              acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
          y.data[((n * outShape[1] + oy) * outShape[2] + ox) * c + ch] =
              clampTo(avg, {});
        }
  return y;
}

QTensor batchMatMul(const QTensor &lhs, const QTensor &rhs,
                    llvm::ArrayRef<int64_t> outShape, QParams out) {
  QTensor y(outShape, out);
  size_t rank = outShape.size();
  int64_t rows = lhs.shape[lhs.shape.size() - 2], depth = lhs.shape.back(),
          cols = rhs.shape.back();
  llvm::SmallVector<int64_t> batch(outShape.begin(), outShape.end() - 2);
  auto batchOf = [&](const QTensor &t) {
    return llvm::SmallVector<int64_t>(t.shape.begin(), t.shape.end() - 2);
  };
  std::vector<int64_t> li = broadcastIndex(batchOf(lhs), batch);
  std::vector<int64_t> ri = broadcastIndex(batchOf(rhs), batch);
  float product = lhs.params.scale * rhs.params.scale;
  Multiplier m = quantizeMultiplier(static_cast<double>(product) /
                                    static_cast<double>(out.scale));
  int32_t za = lhs.params.zeroPoint, zb = rhs.params.zeroPoint;
  (void)rank;
  for (size_t b = 0; b < li.size(); ++b) {
    const int8_t *a = &lhs.data[li[b] * rows * depth];
    const int8_t *r = &rhs.data[ri[b] * depth * cols];
    int8_t *dst = &y.data[b * rows * cols];
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j) {
        int32_t acc = 0;
        for (int64_t k = 0; k < depth; ++k)
          acc += (a[i * depth + k] - za) * (r[k * cols + j] - zb);
        dst[i * cols + j] = clampTo(out.zeroPoint + mbqm(acc, m), {});
      }
  }
  return y;
}

QTensor softmax(const QTensor &in, QParams out) {
  QTensor y(in.shape, out);
  constexpr int kScaledDiffIntegerBits = 5;
  constexpr int kAccumulationIntegerBits = 12;
  double real =
      std::min(static_cast<double>(in.params.scale) *
                   static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
               static_cast<double>((1LL << 31) - 1));
  Multiplier beta = quantizeMultiplier(real);
  int leftShift = beta.shift;
  int32_t diffMin = -static_cast<int32_t>(
      std::floor(1.0 * ((1 << kScaledDiffIntegerBits) - 1) *
                 static_cast<double>(1LL << (31 - kScaledDiffIntegerBits)) /
                 static_cast<double>(1LL << leftShift)));
  int64_t depth = in.shape.back();
  int64_t rows = in.numElements() / depth;
  auto scaled = [&](int32_t diff) {
    return tflite::srdhm(diff * (1 << leftShift), beta.m);
  };
  for (int64_t r = 0; r < rows; ++r) {
    const int8_t *x = &in.data[r * depth];
    int8_t *dst = &y.data[r * depth];
    int32_t maxValue = *std::max_element(x, x + depth);
    int32_t sum = 0;
    for (int64_t i = 0; i < depth; ++i) {
      int32_t diff = x[i] - maxValue;
      if (diff >= diffMin)
        sum =
            static_cast<int32_t>(static_cast<uint32_t>(sum) +
                                 static_cast<uint32_t>(tflite::rdbpot(
                                     tflite::expOnNegativeValues(scaled(diff)),
                                     kAccumulationIntegerBits)));
    }
    int headroom = __builtin_clz(static_cast<uint32_t>(sum));
    int bitsOverUnit = kAccumulationIntegerBits - headroom;
    int32_t shiftedSumMinusOne = static_cast<int32_t>(
        (static_cast<uint32_t>(sum) << headroom) - (1U << 31));
    int32_t reciprocal = tflite::oneOverOnePlusX(shiftedSumMinusOne);
    for (int64_t i = 0; i < depth; ++i) {
      int32_t diff = x[i] - maxValue;
      if (diff < diffMin) {
        dst[i] = -128;
        continue;
      }
      int32_t e = tflite::expOnNegativeValues(scaled(diff));
      int32_t v =
          tflite::rdbpot(tflite::srdhm(reciprocal, e), bitsOverUnit + 31 - 8);
      dst[i] = clampTo(v - 128, {});
    }
  }
  return y;
}

QTensor lut(const QTensor &in, tflite::LutFunction f, QParams out) {
  std::array<int8_t, 256> table = tflite::populateLut(
      f, in.params.scale, in.params.zeroPoint, out.scale, out.zeroPoint);
  QTensor y(in.shape, out);
  for (int64_t i = 0; i < y.numElements(); ++i)
    y.data[i] = table[in.data[i] + 128];
  return y;
}

QTensor requantize(const QTensor &in, QParams out) {
  QTensor y(in.shape, out);
  Multiplier m = quantizeMultiplier(static_cast<double>(in.params.scale) /
                                    static_cast<double>(out.scale));
  for (int64_t i = 0; i < y.numElements(); ++i)
    y.data[i] =
        clampTo(mbqm(in.data[i] - in.params.zeroPoint, m) + out.zeroPoint, {});
  return y;
}

QTensor quantize(const Tensor &in, QParams out) {
  QTensor y(in.shape, out);
  for (int64_t i = 0; i < y.numElements(); ++i) {
    // round(x / s) + z as TFLite, clamped in float so that values beyond
    // int32 (undefined in TFLite's int cast) clamp too; NaN reads as 0.
    float q =
        std::round(in.data[i] / out.scale) + static_cast<float>(out.zeroPoint);
    y.data[i] = std::isnan(q)
                    ? static_cast<int8_t>(out.zeroPoint)
                    : static_cast<int8_t>(std::clamp(q, -128.0f, 127.0f));
  }
  return y;
}

Tensor dequantize(const QTensor &in) {
  Tensor y(in.shape);
  for (int64_t i = 0; i < in.numElements(); ++i)
    y.data[i] = static_cast<float>(static_cast<double>(in.params.scale) *
                                   (in.data[i] - in.params.zeroPoint));
  return y;
}

QTensor reshape(const QTensor &in, llvm::ArrayRef<int64_t> outShape) {
  QTensor y = in;
  y.shape.assign(outShape.begin(), outShape.end());
  return y;
}

QTensor transpose(const QTensor &in, llvm::ArrayRef<int64_t> perm) {
  llvm::SmallVector<int64_t, 4> outShape;
  for (int64_t p : perm)
    outShape.push_back(in.shape[p]);
  QTensor y(outShape, in.params);
  size_t rank = perm.size();
  llvm::SmallVector<int64_t, 4> inStride(rank, 1);
  for (int64_t d = static_cast<int64_t>(rank) - 2; d >= 0; --d)
    inStride[d] = inStride[d + 1] * in.shape[d + 1];
  llvm::SmallVector<int64_t, 4> coord(rank, 0);
  for (int64_t i = 0; i < y.numElements(); ++i) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d)
      src += coord[d] * inStride[perm[d]];
    y.data[i] = in.data[src];
    for (int64_t d = static_cast<int64_t>(rank) - 1; d >= 0; --d) {
      if (++coord[d] < outShape[d])
        break;
      coord[d] = 0;
    }
  }
  return y;
}

} // namespace mnv4::interp::int8
