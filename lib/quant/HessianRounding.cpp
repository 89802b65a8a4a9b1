//===- HessianRounding.cpp - int8 weight rounding with error feedback -----===//

#include "mnv4/Quant/HessianRounding.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mnv4::quant {

/// Rows buffered before they are folded into the double sums: each lower
/// row i of the block's float partial sums stays in L1 while the buffered
/// rows stream past it.
static constexpr int64_t kBlockRows = 64;

void GramMatrix::add(const float *x) {
  rowBuffer.insert(rowBuffer.end(), x, x + k);
  ++count;
  if (static_cast<int64_t>(rowBuffer.size()) >= kBlockRows * k)
    flush();
}

void GramMatrix::flush() {
  int64_t n = static_cast<int64_t>(rowBuffer.size()) / k;
  std::vector<float> partial(k);
  for (int64_t i = 0; i < k; ++i) {
    std::fill(partial.begin(), partial.begin() + i + 1, 0.0f);
    for (int64_t r = 0; r < n; ++r) {
      const float *x = &rowBuffer[r * k];
      float xi = x[i];
      if (xi == 0.0f)
        continue;
      for (int64_t j = 0; j <= i; ++j)
        partial[j] += xi * x[j];
    }
    double *row = &sums[i * k];
    for (int64_t j = 0; j <= i; ++j)
      row[j] += partial[j];
  }
  rowBuffer.clear();
}

std::vector<double> GramMatrix::matrix() const {
  GramMatrix copy = *this;
  copy.flush();
  std::vector<double> full = copy.sums;
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < i; ++j)
      full[j * k + i] = full[i * k + j];
  return full;
}

namespace {

/// In-place Cholesky factor L (lower, row-major n x n) of a symmetric
/// positive definite `a`; false when a pivot is not positive.
bool cholesky(std::vector<double> &a, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (int64_t p = 0; p < j; ++p)
      d -= a[j * n + p] * a[j * n + p];
    if (!(d > 0.0))
      return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (int64_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      const double *ri = &a[i * n], *rj = &a[j * n];
      for (int64_t p = 0; p < j; ++p)
        s -= ri[p] * rj[p];
      a[i * n + j] = s / d;
    }
    for (int64_t p = j + 1; p < n; ++p)
      a[j * n + p] = 0.0;
  }
  return true;
}

/// The upper factor U of H^-1 = U^T U from H's Cholesky factor L (H = L
/// L^T): H^-1 = L^-T L^-1, whose Cholesky factor taken from the last index
/// down is what GPTQ's column loop needs. Computed as the Cholesky factor of
/// the explicit inverse, like GPTQ.
bool inverseUpperFactor(const std::vector<double> &lower, int64_t n,
                        std::vector<double> &upper) {
  // Linv = L^-1 (lower), by forward substitution per column.
  std::vector<double> linv(n * n, 0.0);
  for (int64_t c = 0; c < n; ++c) {
    linv[c * n + c] = 1.0 / lower[c * n + c];
    for (int64_t i = c + 1; i < n; ++i) {
      double s = 0.0;
      for (int64_t p = c; p < i; ++p)
        s += lower[i * n + p] * linv[p * n + c];
      linv[i * n + c] = -s / lower[i * n + i];
    }
  }
  // Hinv = Linv^T Linv.
  std::vector<double> hinv(n * n, 0.0);
  for (int64_t p = 0; p < n; ++p)
    for (int64_t i = 0; i <= p; ++i) {
      double a = linv[p * n + i];
      if (a == 0.0)
        continue;
      for (int64_t j = 0; j <= p; ++j)
        hinv[i * n + j] += a * linv[p * n + j];
    }
  // Upper Cholesky factor U of Hinv (Hinv = U^T U) = transpose of the lower
  // factor.
  if (!cholesky(hinv, n))
    return false;
  upper.assign(n * n, 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j <= i; ++j)
      upper[j * n + i] = hinv[i * n + j];
  return true;
}

int8_t roundToGrid(double w, float scale) {
  // As quant::quantizeWeight rounds: w times float(1 / s).
  double inverse = static_cast<float>(1.0 / static_cast<double>(scale));
  double q = std::round(w * inverse);
  return static_cast<int8_t>(std::clamp(q, -127.0, 127.0));
}

} // namespace

void roundWithHessian(llvm::ArrayRef<float> weights, int64_t rows, int64_t k,
                      llvm::ArrayRef<float> scales, llvm::ArrayRef<double> gram,
                      double dampening, std::vector<int8_t> &stored) {
  stored.resize(rows * k);
  // Columns by decreasing diagonal (GPTQ's act-order), ties by index.
  std::vector<int64_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    double da = gram[a * k + a], db = gram[b * k + b];
    return da != db ? da > db : a < b;
  });
  double meanDiag = 0.0;
  for (int64_t i = 0; i < k; ++i)
    meanDiag += gram[i * k + i] / static_cast<double>(k);
  std::vector<double> h(k * k);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j)
      h[i * k + j] = gram[order[i] * k + order[j]];
  for (int64_t i = 0; i < k; ++i) {
    if (h[i * k + i] == 0.0) {
      // A dead input: its weight does not matter, nothing to feed back.
      for (int64_t j = 0; j < k; ++j)
        h[i * k + j] = h[j * k + i] = 0.0;
      h[i * k + i] = 1.0;
    }
    h[i * k + i] += dampening * (meanDiag > 0.0 ? meanDiag : 1.0);
  }
  std::vector<double> upper;
  bool factored = cholesky(h, k) && inverseUpperFactor(h, k, upper);
  std::vector<double> w(k);
  for (int64_t r = 0; r < rows; ++r) {
    const float *src = &weights[r * k];
    for (int64_t i = 0; i < k; ++i)
      w[i] = src[order[i]];
    float s = scales[r];
    for (int64_t i = 0; i < k; ++i) {
      int8_t q = roundToGrid(w[i], s);
      stored[r * k + order[i]] = q;
      if (!factored)
        continue;
      const double *u = &upper[i * k];
      double err = (w[i] - static_cast<double>(q) * s) / u[i];
      for (int64_t j = i + 1; j < k; ++j)
        w[j] -= err * u[j];
    }
  }
}

} // namespace mnv4::quant
