//===- FuzzCalibration.cpp - the calibration directory reader -------------===//
//
// Input: byte 0 picks the file's kind by its name (.bin, .png, .jpg or
// .txt) and the eval transform (three zoo variants or none, as
// --preprocess), byte 1 the model's NHWC input (batch 1 or 2, resolution
// 1..16); the rest is the file, alone in a calibration directory, read by
// mnv4-compile --calibration=DIR's loader. What loads must be one sample of
// the model's shape with finite values for an image.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "mnv4/Quant/Calibration.h"

#include "llvm/Support/raw_ostream.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  const char *names[] = {"sample.bin", "image.png", "image.jpg", "notes.txt"};
  const char *variants[] = {"conv_small_035", "conv_small", "hybrid_medium"};
  const char *name = names[data[0] & 3];
  bool image = (data[0] & 3) == 1 || (data[0] & 3) == 2;
  unsigned variant = (data[0] >> 2) & 3;
  std::optional<mnv4::zoo::EvalTransform> transform;
  if (variant < 3)
    transform = mnv4::zoo::evalTransform(variants[variant]);
  int64_t batch = (data[1] >> 4 & 1) + 1, resolution = (data[1] & 15) + 1;
  llvm::SmallVector<int64_t, 4> shape = {batch, resolution, resolution, 3};

  const std::string &dir = mnv4::fuzz::emptyScratchDirectory(".calibration");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(dir + "/" + name, ec);
    if (ec)
      llvm::report_fatal_error("cannot write the calibration file");
    os << mnv4::fuzz::asStringRef(data + 2, size - 2);
  }
  llvm::Expected<std::vector<mnv4::interp::Tensor>> samples =
      mnv4::quant::loadCalibrationInputs(dir, /*count=*/4, shape,
                                         /*seed=*/1, transform);
  if (!samples) {
    llvm::consumeError(samples.takeError());
    return 0;
  }
  if (samples->size() != 1 || (*samples)[0].shape != shape)
    __builtin_trap();
  if (image) // timm's normalization of 8-bit pixels
    for (float v : (*samples)[0].data)
      if (!std::isfinite(v) || std::fabs(v) > 10.0f)
        __builtin_trap();
  return 0;
}
