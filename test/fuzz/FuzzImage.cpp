//===- FuzzImage.cpp - the calibration image reader
//------------------------===//
//
// Input: the bytes of a calibration image (JPEG or PNG). An image that decodes
// must have the size it claims, and timm's eval transform of it (the first
// byte picks one of the three transforms and a resolution of 1..32) must give
// finite values inside the normalized range of 8-bit pixels.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Quant/CalibrationImage.h"

#include <cmath>

namespace {

/// Fewer pixels than the tools allow, so that each input runs quickly.
constexpr int64_t kFuzzMaxPixels = int64_t(1) << 22;

void checkTransform(const mnv4::quant::RGBImage &image, uint8_t pick) {
  const char *variants[] = {"conv_small_035", "conv_small", "hybrid_medium"};
  std::optional<mnv4::zoo::EvalTransform> transform =
      mnv4::zoo::evalTransform(variants[pick % 3]);
  int64_t resolution = (pick >> 2) % 32 + 1;
  mnv4::interp::Tensor t =
      mnv4::quant::evalTransform(image, resolution, *transform);
  if (t.data.size() != static_cast<size_t>(resolution * resolution * 3))
    __builtin_trap();
  for (size_t i = 0; i < t.data.size(); ++i) {
    float lo = (0.0f - transform->mean[i % 3]) / transform->std[i % 3];
    float hi = (1.0f - transform->mean[i % 3]) / transform->std[i % 3];
    if (!std::isfinite(t.data[i]) || t.data[i] < lo || t.data[i] > hi)
      __builtin_trap();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<mnv4::quant::RGBImage> image = mnv4::quant::decodeImage(
      llvm::ArrayRef<uint8_t>(data, size), kFuzzMaxPixels);
  if (!image) {
    llvm::consumeError(image.takeError());
    return 0;
  }
  if (image->width < 1 || image->height < 1 ||
      image->width * image->height > kFuzzMaxPixels ||
      image->pixels.size() !=
          static_cast<size_t>(image->width * image->height * 3))
    __builtin_trap();
  checkTransform(*image, size ? data[size - 1] : 0);
  return 0;
}
