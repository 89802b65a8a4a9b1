//===- Tensor.h - the reference interpreter's dense fp32 tensor -*- C++ -*-===//
//
// Plain row-major float storage with a shape: the one value type of the
// reference interpreter and its kernels. Activations are NHWC.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_INTERP_TENSOR_H
#define MNV4_INTERP_TENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <vector>

namespace mnv4::interp {

struct Tensor {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<float> data;

  Tensor() = default;
  explicit Tensor(llvm::ArrayRef<int64_t> shape, float fill = 0.0f);
  Tensor(llvm::ArrayRef<int64_t> shape, std::vector<float> data);

  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  int64_t numElements() const { return static_cast<int64_t>(data.size()); }
  int64_t dim(int64_t i) const { return shape[i]; }

  /// NHWC element access for rank-4 tensors.
  float &at(int64_t n, int64_t h, int64_t w, int64_t c) {
    return data[((n * shape[1] + h) * shape[2] + w) * shape[3] + c];
  }
  float at(int64_t n, int64_t h, int64_t w, int64_t c) const {
    return data[((n * shape[1] + h) * shape[2] + w) * shape[3] + c];
  }
  /// The C contiguous channels of NHWC pixel (n, h, w).
  float *pixel(int64_t n, int64_t h, int64_t w) { return &at(n, h, w, 0); }
  const float *pixel(int64_t n, int64_t h, int64_t w) const {
    return &data[((n * shape[1] + h) * shape[2] + w) * shape[3]];
  }
};

} // namespace mnv4::interp

#endif // MNV4_INTERP_TENSOR_H
