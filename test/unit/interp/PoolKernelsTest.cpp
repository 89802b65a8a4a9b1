//===- PoolKernelsTest.cpp - global, average and blur pooling -------------===//

#include "ExpectTensor.h"
#include "NaiveReference.h"

#include "mnv4/Interp/Kernels.h"

using namespace mnv4;
using namespace mnv4::interp;

namespace {

TEST(GlobalAvgPool, MeanOverSpatialDims) {
  Tensor x = naive::random({2, 5, 3, 4}, 30);
  Tensor want({2, 1, 1, 4});
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 4; ++c) {
      double sum = 0.0;
      for (int64_t h = 0; h < 5; ++h)
        for (int64_t w = 0; w < 3; ++w)
          sum += x.at(n, h, w, c);
      want.at(n, 0, 0, c) = static_cast<float>(sum / 15.0);
    }
  expectTensorNear(globalAvgPool(x), want, 1e-6);
}

TEST(AvgPool2d, TwoByTwoFloorModeOnEvenAndOddSizes) {
  for (int64_t size : {6, 7}) {
    Tensor x = naive::random({2, size, size, 3}, 31);
    Tensor y = avgPool2d(x, 2, 2);
    EXPECT_EQ(y.dim(1), size / 2);
    expectTensorNear(y, naive::avgPool(x, 2, 2), 1e-6);
  }
  Tensor x = naive::random({1, 7, 5, 2}, 32);
  expectTensorNear(avgPool2d(x, 3, 2), naive::avgPool(x, 3, 2), 1e-6);
}

TEST(BlurPool, MatchesNaiveOnEvenAndOddSizes) {
  for (int64_t size : {4, 5, 8, 1}) {
    Tensor x = naive::random({2, size, size, 3}, 33);
    Tensor y = blurPool(x);
    EXPECT_EQ(y.dim(1), (size + 1) / 2);
    expectTensorNear(y, naive::blur(x), 1e-6);
  }
}

TEST(BlurPool, ZeroBordersAreNotRenormalised) {
  Tensor ones({1, 4, 4, 1}, 1.0f);
  Tensor y = blurPool(ones);
  // Output (0,0) covers rows/cols -1..1: the taps on row/col -1 read zeros.
  EXPECT_FLOAT_EQ(y.at(0, 0, 0, 0), 9.0f / 16.0f);
  EXPECT_FLOAT_EQ(y.at(0, 0, 1, 0), 12.0f / 16.0f);
  EXPECT_FLOAT_EQ(y.at(0, 1, 1, 0), 1.0f);
}

} // namespace
