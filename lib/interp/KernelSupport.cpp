//===- KernelSupport.cpp - helpers shared by the reference kernels --------===//

#include "KernelSupport.h"

#include <algorithm>
#include <cassert>

namespace mnv4::interp::detail {

int64_t numElementsOf(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

llvm::SmallVector<int64_t, 4> rowMajorStrides(llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t, 4> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

llvm::SmallVector<int64_t, 4> broadcastShapes(llvm::ArrayRef<int64_t> a,
                                              llvm::ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  llvm::SmallVector<int64_t, 4> result(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    // Dims counted from the right; missing leading dims act as 1.
    int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    assert((da == db || da == 1 || db == 1) && "shapes do not broadcast");
    result[rank - 1 - i] = da == 1 ? db : da;
  }
  return result;
}

llvm::SmallVector<int64_t, 4> broadcastStrides(llvm::ArrayRef<int64_t> shape,
                                               llvm::ArrayRef<int64_t> target) {
  assert(shape.size() <= target.size() && "cannot broadcast to a lower rank");
  llvm::SmallVector<int64_t, 4> own = rowMajorStrides(shape);
  llvm::SmallVector<int64_t, 4> strides(target.size(), 0);
  size_t lead = target.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    strides[lead + i] = shape[i] == 1 ? 0 : own[i];
  return strides;
}

int64_t offsetOf(int64_t linear, llvm::ArrayRef<int64_t> target,
                 llvm::ArrayRef<int64_t> strides) {
  int64_t offset = 0;
  for (int64_t d = static_cast<int64_t>(target.size()) - 1; d >= 0; --d) {
    offset += (linear % target[d]) * strides[d];
    linear /= target[d];
  }
  return offset;
}

} // namespace mnv4::interp::detail
