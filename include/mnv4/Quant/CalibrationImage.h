//===- CalibrationImage.h - JPEG/PNG calibration inputs ----------*- C++
//-*-===//
//
// Images as calibration inputs: decoded with Debian's libjpeg-turbo and
// libpng to 8-bit RGB as PIL's `Image.open(f).convert("RGB")` gives them, then
// timm's eval transform (torchvision's Resize with PIL's bicubic filter,
// CenterCrop, ToTensor, Normalize) computed as those compute it.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_QUANT_CALIBRATIONIMAGE_H
#define MNV4_QUANT_CALIBRATIONIMAGE_H

#include "mnv4/Interp/Tensor.h"
#include "mnv4/Zoo/Zoo.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mnv4::quant {

/// 8-bit RGB, rows top to bottom, channels interleaved.
struct RGBImage {
  int64_t width = 0, height = 0;
  std::vector<uint8_t> pixels;
};

/// The most pixels an image may have (8192 x 8192).
inline constexpr int64_t kMaxImagePixels = int64_t(1) << 26;

/// Whether `path` names a JPEG or PNG file by its extension (.jpg, .jpeg,
/// .png, any case).
bool isImagePath(llvm::StringRef path);

/// Decodes a JPEG or PNG (told apart by their signatures): grayscale and
/// palette images become RGB, alpha is dropped, 16-bit samples keep their
/// high byte; EXIF orientation is not applied (as PIL without
/// `exif_transpose`). Fails with the decoder's message on anything else, on a
/// truncated or corrupt file, on a CMYK JPEG and on more than `maxPixels`.
llvm::Expected<RGBImage> decodeImage(llvm::ArrayRef<uint8_t> bytes,
                                     int64_t maxPixels = kMaxImagePixels);

/// timm's eval transform to a `[1, R, R, 3]` (NHWC) float32 tensor: the
/// shorter side resized to floor(R / cropPct) (the longer one in proportion,
/// truncated) with PIL's `Image.resize(size, Image.BICUBIC)` (separable
/// a = -0.5 cubic, support widened by the scale when shrinking, 22-bit
/// fixed-point taps, horizontal pass first, 8-bit rounding after each pass),
/// the R x R center crop (offsets rounded half to even, as Python's round),
/// then (x / 255 - mean) / std in float32. Only the crop is resampled, so the
/// cost is bounded by R and the image's height whatever its aspect ratio.
interp::Tensor evalTransform(const RGBImage &image, int64_t resolution,
                             const zoo::EvalTransform &transform);

} // namespace mnv4::quant

#endif // MNV4_QUANT_CALIBRATIONIMAGE_H
