//===- AttentionKernels.cpp - batched matmul and softmax ------------------===//

#include "KernelSupport.h"

#include <cmath>

namespace mnv4::interp {

Tensor matmul(const Tensor &lhs, const Tensor &rhs) {
  int64_t n = lhs.shape[lhs.rank() - 2], k = lhs.shape[lhs.rank() - 1];
  int64_t m = rhs.shape[rhs.rank() - 1];
  llvm::ArrayRef<int64_t> lhsBatch = llvm::ArrayRef(lhs.shape).drop_back(2);
  llvm::ArrayRef<int64_t> rhsBatch = llvm::ArrayRef(rhs.shape).drop_back(2);
  llvm::SmallVector<int64_t, 4> batch =
      detail::broadcastShapes(lhsBatch, rhsBatch);
  // Strides in units of whole matrices.
  llvm::SmallVector<int64_t, 4> lhsStrides =
      detail::broadcastStrides(lhsBatch, batch);
  llvm::SmallVector<int64_t, 4> rhsStrides =
      detail::broadcastStrides(rhsBatch, batch);

  llvm::SmallVector<int64_t, 4> outShape(batch);
  outShape.append({n, m});
  Tensor output(outShape);
  std::vector<double> row(m);
  for (int64_t b = 0; b < detail::numElementsOf(batch); ++b) {
    const float *a = &lhs.data[detail::offsetOf(b, batch, lhsStrides) * n * k];
    const float *r = &rhs.data[detail::offsetOf(b, batch, rhsStrides) * k * m];
    float *out = &output.data[b * n * m];
    // i, p, j order: the inner loop walks rows of rhs and out contiguously.
    for (int64_t i = 0; i < n; ++i) {
      std::fill(row.begin(), row.end(), 0.0);
      for (int64_t p = 0; p < k; ++p) {
        double aip = a[i * k + p];
        for (int64_t j = 0; j < m; ++j)
          row[j] += aip * r[p * m + j];
      }
      for (int64_t j = 0; j < m; ++j)
        out[i * m + j] = static_cast<float>(row[j]);
    }
  }
  return output;
}

Tensor softmaxLastAxis(const Tensor &input) {
  int64_t len = input.shape.empty() ? 1 : input.shape.back();
  Tensor output(input.shape);
  std::vector<double> e(len);
  for (int64_t start = 0; start < input.numElements(); start += len) {
    const float *x = &input.data[start];
    // Subtracting the row max keeps exp() finite for large logits.
    float max = x[0];
    for (int64_t i = 1; i < len; ++i)
      if (x[i] > max)
        max = x[i];
    double sum = 0.0;
    for (int64_t i = 0; i < len; ++i) {
      e[i] = std::exp(static_cast<double>(x[i]) - max);
      sum += e[i];
    }
    for (int64_t i = 0; i < len; ++i)
      output.data[start + i] = static_cast<float>(e[i] / sum);
  }
  return output;
}

} // namespace mnv4::interp
