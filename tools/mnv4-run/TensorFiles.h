//===- TensorFiles.h - mnv4-run's tensor files ------------------*- C++ -*-===//
//
// Raw little-endian float32 (runtime/TensorFile.h). Rank-4 tensors are stored
// NCHW, as PyTorch writes them, and converted to and from the model's NHWC;
// other ranks are stored as they are.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_TENSORFILES_H
#define MNV4_TOOLS_MNV4_RUN_TENSORFILES_H

#include "mnv4/Interp/Tensor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mnv4::run {

/// Reads `path` as the tensor of model shape `shape`; prints an `error:`
/// naming `what` ("input", "reference") when the file cannot be read or has
/// the wrong size.
std::optional<interp::Tensor> readTensorFile(llvm::StringRef what,
                                             llvm::StringRef path,
                                             llvm::ArrayRef<int64_t> shape);

/// `t` (model layout) as a file stores it: rank 4 NHWC -> NCHW.
interp::Tensor toFileLayout(interp::Tensor t);
/// A tensor as a file (and the compiled code's C ABI) stores it, in model
/// layout: rank 4 NCHW -> NHWC.
interp::Tensor fromFileLayout(interp::Tensor t);

/// "float32 NCHW [1,3,224,224]": how messages describe a tensor of model
/// shape `shape` in a file.
std::string describeFileTensor(llvm::ArrayRef<int64_t> shape);

/// Writes `tensor` (model layout) to `path`; prints an `error:` on failure.
bool writeTensorFile(llvm::StringRef path, const interp::Tensor &tensor);

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_TENSORFILES_H
