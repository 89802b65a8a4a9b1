//===- mnv4-preprocess-image.cpp - a calibration image as a tensor file ---===//
//
//   mnv4-preprocess-image IMAGE VARIANT RESOLUTION OUT.bin
//
// Decodes IMAGE and applies VARIANT's eval transform at RESOLUTION exactly as
// mnv4-compile's calibration does (mnv4/Quant/CalibrationImage.h); writes
// float32 NCHW [1,3,R,R]. Exit 1 with the reader's message on a bad image.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Quant/CalibrationImage.h"

#include "runtime/TensorFile.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

int main(int argc, char **argv) {
  if (argc != 5) {
    llvm::errs() << "usage: mnv4-preprocess-image IMAGE VARIANT RESOLUTION "
                    "OUT.bin\n";
    return 2;
  }
  std::optional<mnv4::zoo::EvalTransform> transform =
      mnv4::zoo::evalTransform(argv[2]);
  int64_t resolution = std::atoll(argv[3]);
  if (!transform || resolution < 1 || resolution > 4096) {
    llvm::errs() << "error: bad VARIANT or RESOLUTION\n";
    return 2;
  }
  auto file = llvm::MemoryBuffer::getFile(argv[1], /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    llvm::errs() << "error: cannot read '" << argv[1] << "'\n";
    return 1;
  }
  llvm::Expected<mnv4::quant::RGBImage> image =
      mnv4::quant::decodeImage(llvm::ArrayRef<uint8_t>(
          reinterpret_cast<const uint8_t *>((*file)->getBufferStart()),
          (*file)->getBufferSize()));
  if (!image) {
    llvm::errs() << "error: " << llvm::toString(image.takeError()) << "\n";
    return 1;
  }
  mnv4::interp::Tensor nhwc =
      mnv4::quant::evalTransform(*image, resolution, *transform);
  std::vector<float> nchw(nhwc.data.size());
  int64_t plane = resolution * resolution;
  for (int64_t i = 0; i < plane; ++i)
    for (int64_t c = 0; c < 3; ++c)
      nchw[c * plane + i] = nhwc.data[i * 3 + c];
  if (mnv4_write_f32_file(argv[4], nchw.data(), nchw.size()) !=
      MNV4_TENSOR_FILE_OK) {
    llvm::errs() << "error: cannot write '" << argv[4] << "'\n";
    return 1;
  }
  return 0;
}
