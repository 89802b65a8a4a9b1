//===- TensorFiles.cpp - mnv4-run's input, output and reference files -----===//

#include "TensorFiles.h"

#include "mnv4/Driver/ToolError.h"
#include "mnv4/Interp/Kernels.h"
#include "mnv4/Interp/SizeLimits.h"

#include "runtime/TensorFile.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cerrno>
#include <cstring>

using namespace llvm;
using mnv4::interp::Tensor;

namespace {

std::string formatShape(ArrayRef<int64_t> shape) {
  return "[" +
         join(map_range(shape, [](int64_t d) { return std::to_string(d); }),
              ",") +
         "]";
}

/// The shape a tensor has in a file: NCHW for a rank-4 NHWC tensor.
SmallVector<int64_t, 4> fileShape(ArrayRef<int64_t> shape) {
  if (shape.size() != 4)
    return SmallVector<int64_t, 4>(shape);
  return {shape[0], shape[3], shape[1], shape[2]};
}

} // namespace

Tensor mnv4::run::fromFileLayout(Tensor t) {
  return t.rank() == 4 ? mnv4::interp::transpose(t, {0, 2, 3, 1}) : t;
}

Tensor mnv4::run::toFileLayout(Tensor t) {
  return t.rank() == 4 ? mnv4::interp::transpose(t, {0, 3, 1, 2}) : t;
}

std::string mnv4::run::describeFileTensor(ArrayRef<int64_t> shape) {
  return (shape.size() == 4 ? "float32 NCHW " : "float32 ") +
         formatShape(fileShape(shape));
}

std::optional<Tensor> mnv4::run::readTensorFile(StringRef what, StringRef path,
                                                ArrayRef<int64_t> shape) {
  SmallVector<int64_t, 4> stored = fileShape(shape);
  // The file size is checked before the tensor is allocated.
  std::optional<int64_t> count = mnv4::interp::elementCount(stored);
  if (!count || *count > INT64_MAX / int64_t(sizeof(float))) {
    reportToolError(formatv("the {0} tensor ({1}) is too large", what,
                            describeFileTensor(shape)));
    return std::nullopt;
  }
  int64_t expected = *count * static_cast<int64_t>(sizeof(float));
  int64_t actual = mnv4_tensor_file_size(path.str().c_str());
  if (actual < 0) {
    reportToolError(formatv("cannot open {0} file '{1}': {2}", what, path,
                            std::strerror(errno)));
    return std::nullopt;
  }
  if (actual != expected) {
    reportToolError(
        formatv("{0} file '{1}' has {2} bytes, expected {3} bytes ({4})", what,
                path, actual, expected, describeFileTensor(shape)));
    return std::nullopt;
  }
  Tensor t(stored);
  int status =
      mnv4_read_f32_file(path.str().c_str(), t.data.data(), t.data.size());
  if (status != MNV4_TENSOR_FILE_OK) {
    reportToolError(formatv("cannot read {0} file '{1}': {2}", what, path,
                            mnv4_tensor_file_status_message(status)));
    return std::nullopt;
  }
  return fromFileLayout(std::move(t));
}

bool mnv4::run::writeTensorFile(StringRef path, const Tensor &tensor) {
  Tensor stored = toFileLayout(tensor);
  int status = mnv4_write_f32_file(path.str().c_str(), stored.data.data(),
                                   stored.data.size());
  if (status != MNV4_TENSOR_FILE_OK) {
    reportToolError(formatv("cannot write output file '{0}': {1}", path,
                            std::strerror(errno)));
    return false;
  }
  return true;
}
