//===- HostTensor.h - ONNX constants held on the host -----------*- C++ -*-===//
//
// Initializers, Constant nodes and the small int64 shape subgraphs the
// exporter leaves unfolded are evaluated on the host before any IR exists.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_IMPORT_HOSTTENSOR_H
#define MNV4_LIB_IMPORT_HOSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <string>
#include <vector>

namespace mnv4::onnx_import {

/// A float32 or int64 tensor in ONNX (row-major, NCHW) order.
struct HostTensor {
  enum class Kind { F32, I64 };
  Kind kind = Kind::F32;
  llvm::SmallVector<int64_t> shape;
  std::vector<float> f32;
  std::vector<int64_t> i64;

  static HostTensor floats(llvm::ArrayRef<int64_t> shape,
                           std::vector<float> data);
  static HostTensor ints(llvm::ArrayRef<int64_t> shape,
                         std::vector<int64_t> data);
  int64_t numElements() const;
  bool isInt() const { return kind == Kind::I64; }
  /// Element `i` as a double (for scalar checks such as GELU's constants).
  double at(int64_t i) const;
};

/// The number of elements; INT64_MAX when that overflows.
int64_t product(llvm::ArrayRef<int64_t> shape);
/// Largest number of elements a tensor computed on the host may have.
constexpr int64_t kMaxHostElements = int64_t(1) << 24;
/// `shape` has no negative dimension and at most kMaxHostElements elements
/// (checked without overflow).
bool fitsOnHost(llvm::ArrayRef<int64_t> shape);

/// `x` rounded toward zero as an int64, saturated at the int64 range (NaN is
/// 0): constant folding of a hostile file never hits C++'s undefined
/// out-of-range conversion.
int64_t toInt64Saturating(double x);
/// Row-major strides of `shape`.
llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape);

/// Visits every multi-index of `shape` in row-major order.
template <typename Fn> void forEachIndex(llvm::ArrayRef<int64_t> shape, Fn fn) {
  int64_t n = product(shape);
  llvm::SmallVector<int64_t> pos(shape.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    fn(llvm::ArrayRef<int64_t>(pos));
    for (size_t i = shape.size(); i-- > 0;) {
      if (++pos[i] < shape[i])
        break;
      pos[i] = 0;
    }
  }
}

/// Copies elements `srcIndex[i]` of `src` into a tensor of shape `shape`.
HostTensor gather(const HostTensor &src, llvm::ArrayRef<int64_t> srcIndex,
                  llvm::ArrayRef<int64_t> shape);
/// `out.shape[i] = in.shape[perm[i]]`.
HostTensor transpose(const HostTensor &in, llvm::ArrayRef<int64_t> perm);

/// ONNX Reshape's target: 0 copies the input dim (unless `allowZero`), -1 is
/// inferred. Returns an error message, empty on success.
std::string resolveReshape(llvm::ArrayRef<int64_t> in,
                           llvm::ArrayRef<int64_t> target, bool allowZero,
                           llvm::SmallVectorImpl<int64_t> &out);
/// ONNX Unsqueeze's output shape (negative axes count from the end).
std::string unsqueezeShape(llvm::ArrayRef<int64_t> in,
                           llvm::ArrayRef<int64_t> axes,
                           llvm::SmallVectorImpl<int64_t> &out);
/// ONNX Squeeze's output shape: drops `axes` (negative ones count from the
/// end), or every 1 when `axes` is empty.
std::string squeezeShape(llvm::ArrayRef<int64_t> in,
                         llvm::ArrayRef<int64_t> axes,
                         llvm::SmallVectorImpl<int64_t> &out);

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_HOSTTENSOR_H
