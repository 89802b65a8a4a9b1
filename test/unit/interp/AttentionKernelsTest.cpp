//===- AttentionKernelsTest.cpp - matmul, softmax and layout kernels ------===//

#include "ExpectTensor.h"
#include "NaiveReference.h"

#include "mnv4/Interp/Kernels.h"

#include <cmath>

using namespace mnv4;
using namespace mnv4::interp;

namespace {

TEST(MatMul, Rank2) {
  Tensor a = naive::random({3, 4}, 40), b = naive::random({4, 5}, 41);
  Tensor want({3, 5});
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 5; ++j) {
      double sum = 0.0;
      for (int64_t k = 0; k < 4; ++k)
        sum += double(a.data[i * 4 + k]) * b.data[k * 5 + j];
      want.data[i * 5 + j] = static_cast<float>(sum);
    }
  expectTensorNear(matmul(a, b), want);
}

TEST(MatMul, BroadcastsBatchDimsOnBothSides) {
  // [2,1,3,4] x [3,4,5] -> [2,3,3,5]: lhs broadcasts over dim 1, rhs over 0.
  Tensor a = naive::random({2, 1, 3, 4}, 42), b = naive::random({3, 4, 5}, 43);
  Tensor y = matmul(a, b);
  ASSERT_EQ(llvm::ArrayRef(y.shape), llvm::ArrayRef<int64_t>({2, 3, 3, 5}));
  for (int64_t p = 0; p < 2; ++p)
    for (int64_t q = 0; q < 3; ++q)
      for (int64_t i = 0; i < 3; ++i)
        for (int64_t j = 0; j < 5; ++j) {
          double sum = 0.0;
          for (int64_t k = 0; k < 4; ++k)
            sum += double(a.data[(p * 3 + i) * 4 + k]) *
                   b.data[(q * 4 + k) * 5 + j];
          EXPECT_NEAR(y.data[((p * 3 + q) * 3 + i) * 5 + j], sum, 1e-5);
        }
}

TEST(Softmax, LargeValuesStayFinite) {
  Tensor x({2, 3},
           std::vector<float>{1000.0f, 1001.0f, 1002.0f, -1.0f, 0.0f, 1.0f});
  Tensor y = softmaxLastAxis(x);
  double z = 1.0 + std::exp(1.0) + std::exp(2.0);
  for (int64_t row = 0; row < 2; ++row) {
    EXPECT_NEAR(y.data[row * 3 + 0], 1.0 / z, 1e-7);
    EXPECT_NEAR(y.data[row * 3 + 1], std::exp(1.0) / z, 1e-7);
    EXPECT_NEAR(y.data[row * 3 + 2], std::exp(2.0) / z, 1e-7);
  }
}

TEST(Softmax, RowsSumToOneAndNaNPropagatesWithinItsRow) {
  Tensor x = naive::random({2, 2, 7}, 44, -10.0f, 10.0f);
  x.data[7 + 3] = NAN; // row 1
  Tensor y = softmaxLastAxis(x);
  for (int64_t row = 0; row < 4; ++row) {
    double sum = 0.0;
    for (int64_t i = 0; i < 7; ++i)
      sum += y.data[row * 7 + i];
    if (row == 1)
      EXPECT_TRUE(std::isnan(sum));
    else
      EXPECT_NEAR(sum, 1.0, 1e-6);
  }
}

TEST(Transpose, FourDimPermutation) {
  Tensor x = naive::random({2, 3, 4, 5}, 45);
  Tensor y = transpose(x, {0, 2, 3, 1});
  ASSERT_EQ(llvm::ArrayRef(y.shape), llvm::ArrayRef<int64_t>({2, 4, 5, 3}));
  for (int64_t a = 0; a < 2; ++a)
    for (int64_t b = 0; b < 3; ++b)
      for (int64_t c = 0; c < 4; ++c)
        for (int64_t d = 0; d < 5; ++d)
          EXPECT_EQ(y.data[((a * 4 + c) * 5 + d) * 3 + b],
                    x.data[((a * 3 + b) * 4 + c) * 5 + d]);
}

TEST(Reshape, KeepsRowMajorData) {
  Tensor x = naive::random({2, 6}, 46);
  Tensor y = reshape(x, {3, 1, 4});
  EXPECT_EQ(llvm::ArrayRef(y.shape), llvm::ArrayRef<int64_t>({3, 1, 4}));
  EXPECT_EQ(y.data, x.data);
}

TEST(Pad, ZeroPadsHeightAndWidth) {
  Tensor x = naive::random({2, 2, 3, 2}, 47);
  Tensor y = pad(x, {1, 0, 2, 3});
  ASSERT_EQ(llvm::ArrayRef(y.shape), llvm::ArrayRef<int64_t>({2, 5, 6, 2}));
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t h = 0; h < 5; ++h)
      for (int64_t w = 0; w < 6; ++w)
        for (int64_t c = 0; c < 2; ++c) {
          bool inside = h >= 1 && h < 3 && w < 3;
          EXPECT_EQ(y.at(n, h, w, c), inside ? x.at(n, h - 1, w, c) : 0.0f);
        }
}

} // namespace
