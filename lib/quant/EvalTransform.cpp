//===- EvalTransform.cpp - timm's eval transform on an RGB image ----------===//
//
// The resize is Pillow's ImagingResample (libImaging/Resample.c) for 8-bit
// images with the bicubic filter, step for step, so the pixels match what
// torchvision's Resize gives a PIL image.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Quant/CalibrationImage.h"

#include <algorithm>
#include <cmath>

namespace mnv4::quant {

namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

double bicubic(double x) {
  constexpr double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0)
    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
  if (x < 2.0)
    return (((x - 5) * x + 8) * x - 4) * a;
  return 0.0;
}

/// One output pixel's taps: the first input index and fixed-point weights.
struct Taps {
  int64_t first;
  std::vector<int32_t> weights;
};

/// Pillow's precompute_coeffs and normalize_coeffs_8bpc for inSize ->
/// outSize, for the outputs [begin, end) only.
std::vector<Taps> coefficients(int64_t inSize, int64_t outSize, int64_t begin,
                               int64_t end) {
  double scale = static_cast<double>(inSize) / static_cast<double>(outSize);
  double filterScale = std::max(scale, 1.0);
  double support = 2.0 * filterScale;
  std::vector<Taps> taps;
  std::vector<double> k;
  for (int64_t xx = begin; xx < end; ++xx) {
    double center = (static_cast<double>(xx) + 0.5) * scale;
    double ss = 1.0 / filterScale;
    auto xmin = static_cast<int64_t>(center - support + 0.5);
    xmin = std::max<int64_t>(xmin, 0);
    auto xmax = static_cast<int64_t>(center + support + 0.5);
    xmax = std::min(xmax, inSize) - xmin;
    k.assign(std::max<int64_t>(xmax, 0), 0.0);
    double ww = 0.0;
    for (int64_t x = 0; x < xmax; ++x) {
      k[x] = bicubic((static_cast<double>(x + xmin) - center + 0.5) * ss);
      ww += k[x];
    }
    Taps t{xmin, {}};
    for (double w : k) {
      if (ww != 0.0)
        w /= ww;
      double fixed = w * (1 << kPrecisionBits);
      t.weights.push_back(
          static_cast<int32_t>(fixed < 0 ? -0.5 + fixed : 0.5 + fixed));
    }
    taps.push_back(std::move(t));
  }
  return taps;
}

uint8_t clip8(int32_t sum) {
  return static_cast<uint8_t>(std::clamp(sum >> kPrecisionBits, 0, 255));
}

/// Channel c at (x0, y0) as the sum of `taps` along x (then x0 is unused) or
/// along y (then y0 is unused).
uint8_t filter(const RGBImage &in, const Taps &taps, bool alongX, int64_t x0,
               int64_t y0, int64_t c) {
  int32_t sum = 1 << (kPrecisionBits - 1);
  for (size_t i = 0; i < taps.weights.size(); ++i) {
    int64_t x = alongX ? taps.first + static_cast<int64_t>(i) : x0;
    int64_t y = alongX ? y0 : taps.first + static_cast<int64_t>(i);
    sum += in.pixels[(y * in.width + x) * 3 + c] * taps.weights[i];
  }
  return clip8(sum);
}

/// The `w` x `h` window at (left, top) of `in` resized to width x height.
/// Pillow resizes the whole image, horizontal pass first (over the rows the
/// vertical pass reads), 8-bit rounding after each pass, and skips a pass
/// whose size does not change; an output pixel depends on its own taps only,
/// so the window has the same values at a cost bounded by the window.
RGBImage resizeWindow(const RGBImage &in, int64_t width, int64_t height,
                      int64_t left, int64_t top, int64_t w, int64_t h) {
  bool vertical = height != in.height, horizontal = width != in.width;
  std::vector<Taps> rowTaps;
  int64_t firstRow = top, endRow = top + h;
  if (vertical) {
    rowTaps = coefficients(in.height, height, top, top + h);
    firstRow = in.height, endRow = 0;
    for (const Taps &t : rowTaps) {
      firstRow = std::min(firstRow, t.first);
      endRow =
          std::max(endRow, t.first + static_cast<int64_t>(t.weights.size()));
    }
    endRow = std::max(endRow, firstRow);
  }
  // The horizontal pass: rows [firstRow, endRow), the window's columns.
  RGBImage rows;
  rows.width = w;
  rows.height = endRow - firstRow;
  rows.pixels.resize(static_cast<size_t>(rows.width * rows.height * 3));
  std::vector<Taps> colTaps;
  if (horizontal)
    colTaps = coefficients(in.width, width, left, left + w);
  for (int64_t y = 0; y < rows.height; ++y)
    for (int64_t x = 0; x < w; ++x)
      for (int64_t c = 0; c < 3; ++c)
        rows.pixels[(y * w + x) * 3 + c] =
            horizontal
                ? filter(in, colTaps[x], /*alongX=*/true, 0, y + firstRow, c)
                : in.pixels[((y + firstRow) * in.width + x + left) * 3 + c];
  if (!vertical)
    return rows;
  for (Taps &t : rowTaps)
    t.first -= firstRow;
  RGBImage out;
  out.width = w;
  out.height = h;
  out.pixels.resize(static_cast<size_t>(w * h * 3));
  for (int64_t y = 0; y < h; ++y)
    for (int64_t x = 0; x < w; ++x)
      for (int64_t c = 0; c < 3; ++c)
        out.pixels[(y * w + x) * 3 + c] =
            filter(rows, rowTaps[y], /*alongX=*/false, x, 0, c);
  return out;
}

} // namespace

interp::Tensor evalTransform(const RGBImage &image, int64_t resolution,
                             const zoo::EvalTransform &transform) {
  // timm: scale_size = floor(R / crop_pct); torchvision's Resize(int): the
  // shorter side becomes it, the longer int(size * long / short).
  auto size = static_cast<int64_t>(
      std::floor(static_cast<double>(resolution) / transform.cropPct));
  bool portrait = image.width <= image.height;
  int64_t shortSide = portrait ? image.width : image.height;
  int64_t longSide = portrait ? image.height : image.width;
  auto newLong = static_cast<int64_t>(static_cast<double>(size) *
                                      static_cast<double>(longSide) /
                                      static_cast<double>(shortSide));
  int64_t newWidth = portrait ? size : newLong;
  int64_t newHeight = portrait ? newLong : size;
  // torchvision's CenterCrop: int(round((size - crop) / 2.0)), half to even.
  auto offset = [&](int64_t extent) {
    return static_cast<int64_t>(
        std::nearbyint(static_cast<double>(extent - resolution) / 2.0));
  };
  RGBImage crop = resizeWindow(image, newWidth, newHeight, offset(newWidth),
                               offset(newHeight), resolution, resolution);
  interp::Tensor t({1, resolution, resolution, 3});
  for (size_t i = 0; i < t.data.size(); ++i) {
    // ToTensor then Normalize, in float32.
    float v = static_cast<float>(crop.pixels[i]) / 255.0f;
    t.data[i] = (v - transform.mean[i % 3]) / transform.std[i % 3];
  }
  return t;
}

} // namespace mnv4::quant
