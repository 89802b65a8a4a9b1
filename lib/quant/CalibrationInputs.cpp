//===- CalibrationInputs.cpp - sample inputs for calibration --------------===//

#include "mnv4/Quant/Calibration.h"

#include "mnv4/Interp/Kernels.h"
#include "mnv4/Quant/CalibrationImage.h"

#include "runtime/TensorFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace mnv4::quant {

using llvm::createStringError;
using llvm::formatv;

namespace {

/// N(0, 1) by Box-Muller on a fixed generator: the same seed gives the same
/// values with every standard library.
std::vector<interp::Tensor>
gaussianInputs(unsigned count, llvm::ArrayRef<int64_t> shape, uint64_t seed) {
  std::mt19937_64 engine(seed);
  auto uniform = [&] {
    return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53;
  };
  std::vector<interp::Tensor> inputs;
  for (unsigned i = 0; i < count; ++i) {
    interp::Tensor t(shape);
    for (size_t j = 0; j < t.data.size(); j += 2) {
      double r = std::sqrt(-2.0 * std::log(uniform()));
      double angle = 2.0 * M_PI * uniform();
      t.data[j] = static_cast<float>(r * std::cos(angle));
      if (j + 1 < t.data.size())
        t.data[j + 1] = static_cast<float>(r * std::sin(angle));
    }
    inputs.push_back(std::move(t));
  }
  return inputs;
}

llvm::Expected<interp::Tensor> readSample(const std::string &path,
                                          llvm::ArrayRef<int64_t> shape) {
  // Files are NCHW; the model is NHWC.
  interp::Tensor t({shape[0], shape[3], shape[1], shape[2]});
  int64_t expected = t.numElements() * 4;
  int64_t size = mnv4_tensor_file_size(path.c_str());
  if (size != expected)
    return createStringError(
        formatv("calibration file '{0}' has {1} bytes, expected {2} (float32 "
                "NCHW [{3},{4},{5},{6}])",
                path, size < 0 ? 0 : size, expected, t.shape[0], t.shape[1],
                t.shape[2], t.shape[3])
            .str());
  int status = mnv4_read_f32_file(path.c_str(), t.data.data(), t.data.size());
  if (status != MNV4_TENSOR_FILE_OK)
    return createStringError(formatv("cannot read calibration file '{0}': {1}",
                                     path,
                                     mnv4_tensor_file_status_message(status))
                                 .str());
  return interp::transpose(t, {0, 2, 3, 1});
}

llvm::Expected<interp::Tensor>
readImage(const std::string &path, llvm::ArrayRef<int64_t> shape,
          const std::optional<zoo::EvalTransform> &transform) {
  if (!transform)
    return createStringError(
        formatv("calibration image '{0}' needs the eval transform (mean, std, "
                "crop) of a zoo variant: name it with --preprocess=VARIANT",
                path)
            .str());
  if (shape[0] != 1 || shape[1] != shape[2])
    return createStringError(
        formatv("calibration image '{0}' fills a square batch-1 input; the "
                "model's is NHWC [{1},{2},{3},{4}]",
                path, shape[0], shape[1], shape[2], shape[3])
            .str());
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return createStringError(formatv("cannot read calibration image '{0}': "
                                     "{1}",
                                     path, file.getError().message())
                                 .str());
  llvm::ArrayRef<uint8_t> bytes(
      reinterpret_cast<const uint8_t *>((*file)->getBufferStart()),
      (*file)->getBufferSize());
  llvm::Expected<RGBImage> image = decodeImage(bytes);
  if (!image)
    return createStringError(
        formatv("calibration image '{0}' cannot be decoded: {1}", path,
                llvm::toString(image.takeError()))
            .str());
  return evalTransform(*image, shape[1], *transform);
}

} // namespace

llvm::Expected<std::vector<interp::Tensor>>
loadCalibrationInputs(llvm::StringRef dir, unsigned count,
                      llvm::ArrayRef<int64_t> shape, uint64_t seed,
                      const std::optional<zoo::EvalTransform> &transform) {
  if (shape.size() != 4)
    return createStringError("calibration needs a model with one NHWC image "
                             "input");
  if (dir.empty())
    return gaussianInputs(count, shape, seed);
  if (!llvm::sys::fs::is_directory(dir))
    return createStringError(
        formatv("calibration directory '{0}' does not exist or is not a "
                "directory",
                dir)
            .str());
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    if (llvm::sys::fs::is_directory(it->path()))
      continue;
    if (llvm::sys::path::extension(it->path()) != ".bin" &&
        !isImagePath(it->path()))
      return createStringError(
          formatv("calibration file '{0}' is neither a float32 .bin tensor "
                  "nor a .jpg, .jpeg or .png image",
                  it->path())
              .str());
    files.push_back(it->path());
  }
  if (ec)
    return createStringError(
        formatv("cannot list calibration directory '{0}': {1}", dir,
                ec.message())
            .str());
  if (files.empty())
    return createStringError(
        formatv("calibration directory '{0}' holds no .bin tensors or images",
                dir)
            .str());
  std::sort(files.begin(), files.end());
  files.resize(std::min<size_t>(files.size(), count));
  std::vector<interp::Tensor> inputs;
  for (const std::string &file : files) {
    llvm::Expected<interp::Tensor> t = isImagePath(file)
                                           ? readImage(file, shape, transform)
                                           : readSample(file, shape);
    if (!t)
      return t.takeError();
    inputs.push_back(std::move(*t));
  }
  return inputs;
}

} // namespace mnv4::quant
