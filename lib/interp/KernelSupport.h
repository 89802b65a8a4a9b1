//===- KernelSupport.h - helpers shared by the reference kernels -*- C++
//-*-===//
//
// Private to lib/interp: shape arithmetic, numpy broadcasting and the one dot
// product every contraction uses.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_INTERP_KERNELSUPPORT_H
#define MNV4_LIB_INTERP_KERNELSUPPORT_H

#include "mnv4/Interp/Kernels.h"

namespace mnv4::interp::detail {

int64_t numElementsOf(llvm::ArrayRef<int64_t> shape);

/// Row-major strides of `shape`.
llvm::SmallVector<int64_t, 4> rowMajorStrides(llvm::ArrayRef<int64_t> shape);

/// The numpy broadcast of two shapes (aligned on the right; each pair of dims
/// is equal or one of them is 1).
llvm::SmallVector<int64_t, 4> broadcastShapes(llvm::ArrayRef<int64_t> a,
                                              llvm::ArrayRef<int64_t> b);

/// Strides that read a tensor of `shape` broadcast to `target`: one stride per
/// target dim, 0 where the tensor is broadcast along that dim.
llvm::SmallVector<int64_t, 4> broadcastStrides(llvm::ArrayRef<int64_t> shape,
                                               llvm::ArrayRef<int64_t> target);

/// Offset, under `strides`, of the element with row-major index `linear` in a
/// tensor of shape `target`.
int64_t offsetOf(int64_t linear, llvm::ArrayRef<int64_t> target,
                 llvm::ArrayRef<int64_t> strides);

/// sum_i a[i] * b[i], accumulated in double: the oracle's accuracy.
inline double dot(const float *a, const float *b, int64_t n) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i)
    sum += static_cast<double>(a[i]) * static_cast<double>(b[i]);
  return sum;
}

/// floor((in + padBefore + padAfter - kernel) / stride) + 1.
inline int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                int64_t padBefore, int64_t padAfter) {
  return (in + padBefore + padAfter - kernel) / stride + 1;
}

/// The blocks' symmetric padding (k - 1) / 2 for an odd kernel k.
inline Pad4 symmetricPad(int64_t kernel) {
  int64_t p = (kernel - 1) / 2;
  return {p, p, p, p};
}

} // namespace mnv4::interp::detail

#endif // MNV4_LIB_INTERP_KERNELSUPPORT_H
