//===- HessianRoundingTest.cpp - GPTQ rounding on hand-made inputs --------===//

#include "mnv4/Quant/HessianRounding.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace mnv4::quant;

namespace {

/// Rows of correlated inputs: x = z0 * (1, 1, ...) + small independent z.
std::vector<float> correlatedRows(int64_t n, int64_t k, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<float> rows(n * k);
  for (int64_t r = 0; r < n; ++r) {
    float common = normal(rng);
    for (int64_t j = 0; j < k; ++j)
      rows[r * k + j] = common + 0.1f * normal(rng);
  }
  return rows;
}

/// sum over rows x of (x . (w - s q))^2.
double outputError(const std::vector<float> &rows, int64_t k,
                   const std::vector<float> &w, float s,
                   const std::vector<int8_t> &q) {
  double total = 0;
  for (size_t r = 0; r < rows.size() / k; ++r) {
    double e = 0;
    for (int64_t j = 0; j < k; ++j)
      e += rows[r * k + j] * (w[j] - s * q[j]);
    total += e * e;
  }
  return total;
}

TEST(HessianRoundingTest, GramMatrixIsXTransposeX) {
  int64_t k = 5, n = 200; // more than one buffered block of rows
  std::vector<float> rows = correlatedRows(n, k, 1);
  GramMatrix gram(k);
  for (int64_t r = 0; r < n; ++r)
    gram.add(&rows[r * k]);
  EXPECT_EQ(gram.rows(), n);
  std::vector<double> h = gram.matrix();
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j) {
      double expected = 0;
      for (int64_t r = 0; r < n; ++r)
        expected += static_cast<double>(rows[r * k + i]) * rows[r * k + j];
      EXPECT_NEAR(h[i * k + j], expected, 1e-4 * std::fabs(expected) + 1e-6)
          << i << "," << j;
    }
}

TEST(HessianRoundingTest, UncorrelatedInputsRoundToNearest) {
  // A diagonal Gram matrix has no error feedback: nearest rounding, with
  // TFLite's clamp to [-127, 127].
  std::vector<double> gram = {4, 0, 0, 0, 1, 0, 0, 0, 9};
  std::vector<float> w = {0.26f, -0.74f, 2.0f};
  std::vector<int8_t> q;
  roundWithHessian(w, 1, 3, {0.5f / 127}, gram, 0.01, q);
  EXPECT_EQ(q, (std::vector<int8_t>{66, -127, 127}));
}

TEST(HessianRoundingTest, CorrelatedInputsLowerTheOutputError) {
  int64_t k = 16, n = 512;
  std::vector<float> rows = correlatedRows(n, k, 2);
  GramMatrix gram(k);
  for (int64_t r = 0; r < n; ++r)
    gram.add(&rows[r * k]);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  double nearestError = 0, gptqError = 0;
  for (int trial = 0; trial < 8; ++trial) {
    std::vector<float> w(k);
    for (float &x : w)
      x = uniform(rng);
    float s = 1.0f / 127 / 8; // a coarse grid, so rounding errors matter
    std::vector<int8_t> nearest(k), gptq;
    // Weights stay within the grid's range here: no clamping either way.
    for (float &x : w)
      x = std::clamp(x, -100 * s, 100 * s);
    for (int64_t j = 0; j < k; ++j)
      nearest[j] = static_cast<int8_t>(std::round(w[j] / s));
    roundWithHessian(w, 1, k, {s}, gram.matrix(), 0.01, gptq);
    nearestError += outputError(rows, k, w, s, nearest);
    gptqError += outputError(rows, k, w, s, gptq);
  }
  EXPECT_LT(gptqError, 0.5 * nearestError);
}

TEST(HessianRoundingTest, DeadInputsAndDeterminism) {
  // Input 1 is always 0: its weight rounds to nearest and nothing fails.
  std::vector<double> gram = {2, 0, 1, 0, 0, 0, 1, 0, 2};
  std::vector<float> w = {0.3f, 0.55f, -0.2f};
  std::vector<int8_t> a, b;
  roundWithHessian(w, 1, 3, {0.01f}, gram, 0.01, a);
  roundWithHessian(w, 1, 3, {0.01f}, gram, 0.01, b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a[1], 55);
}

} // namespace
