//===- KernelSupport.h - helpers shared by the kernels ----------*- C++ -*-===//
//
// Private to lib/interp: shape arithmetic, numpy broadcasting, sliding
// windows and the one dot product every contraction uses.
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

/// A 2-D sliding window (conv or pool) over the H and W axes of an NHWC
/// input.
struct Window2D {
  int64_t inH, inW, kernelH, kernelW;
  Stride2 strides;
  Pad4 pad; ///< top, left, bottom, right

  /// floor((in + padBefore + padAfter - kernel) / stride) + 1.
  int64_t outH() const {
    return (inH + pad[0] + pad[2] - kernelH) / strides[0] + 1;
  }
  int64_t outW() const {
    return (inW + pad[1] + pad[3] - kernelW) / strides[1] + 1;
  }

  /// Calls `fn(ky, kx, iy, ix)` for each tap of output pixel (y, x) that
  /// lands inside the input, in row-major tap order; the taps outside read
  /// zero padding, which adds nothing.
  template <typename Fn> void forEachTap(int64_t y, int64_t x, Fn &&fn) const {
    for (int64_t ky = 0; ky < kernelH; ++ky) {
      int64_t iy = y * strides[0] - pad[0] + ky;
      if (iy < 0 || iy >= inH)
        continue;
      for (int64_t kx = 0; kx < kernelW; ++kx) {
        int64_t ix = x * strides[1] - pad[1] + kx;
        if (ix < 0 || ix >= inW)
          continue;
        fn(ky, kx, iy, ix);
      }
    }
  }
};

/// The blocks' symmetric padding (k - 1) / 2 for an odd kernel k.
inline Pad4 symmetricPad(int64_t kernel) {
  int64_t p = (kernel - 1) / 2;
  return {p, p, p, p};
}

} // namespace mnv4::interp::detail

#endif // MNV4_LIB_INTERP_KERNELSUPPORT_H
