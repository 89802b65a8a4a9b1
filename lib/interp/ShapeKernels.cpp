//===- ShapeKernels.cpp - transpose, reshape and zero padding -------------===//

#include "KernelSupport.h"

namespace mnv4::interp {

Tensor transpose(const Tensor &input, llvm::ArrayRef<int64_t> perm) {
  llvm::SmallVector<int64_t, 4> outShape, inStrides;
  llvm::SmallVector<int64_t, 4> own = detail::rowMajorStrides(input.shape);
  for (int64_t d : perm) {
    outShape.push_back(input.shape[d]);
    inStrides.push_back(own[d]); // output dim i walks input dim perm[i]
  }
  Tensor output(outShape);
  for (int64_t i = 0; i < output.numElements(); ++i)
    output.data[i] = input.data[detail::offsetOf(i, outShape, inStrides)];
  return output;
}

Tensor reshape(const Tensor &input, llvm::ArrayRef<int64_t> shape) {
  return Tensor(shape, input.data);
}

Tensor pad(const Tensor &input, Pad4 pad) {
  int64_t n = input.dim(0), h = input.dim(1), w = input.dim(2),
          c = input.dim(3);
  Tensor output({n, h + pad[0] + pad[2], w + pad[1] + pad[3], c});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x)
        for (int64_t ch = 0; ch < c; ++ch)
          output.at(b, y + pad[0], x + pad[1], ch) = input.at(b, y, x, ch);
  return output;
}

} // namespace mnv4::interp
