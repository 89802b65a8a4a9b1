//===- ElementwiseKernelsTest.cpp - activations, BN, add and mul ----------===//

#include "ExpectTensor.h"
#include "NaiveReference.h"

#include "mnv4/Interp/Kernels.h"

#include <cmath>

using namespace mnv4;
using namespace mnv4::interp;

namespace {

TEST(Activation, KnownValues) {
  EXPECT_NEAR(activate(1.0f, Activation::gelu), 0.8413447460685429, 1e-7);
  EXPECT_NEAR(activate(-1.0f, Activation::gelu), -0.15865525393145707, 1e-7);
  EXPECT_NEAR(activate(3.0f, Activation::gelu), 2.995949590502, 1e-6);
  EXPECT_EQ(activate(0.0f, Activation::gelu), 0.0f);
  EXPECT_EQ(activate(-2.5f, Activation::relu), 0.0f);
  EXPECT_EQ(activate(2.5f, Activation::relu), 2.5f);
  EXPECT_EQ(activate(7.0f, Activation::relu6), 6.0f);
  EXPECT_EQ(activate(-1.0f, Activation::relu6), 0.0f);
  EXPECT_EQ(activate(4.0f, Activation::relu6), 4.0f);
  EXPECT_FLOAT_EQ(activate(1.0f, Activation::hardswish), 1.0f * 4.0f / 6.0f);
  EXPECT_EQ(activate(-4.0f, Activation::hardswish), 0.0f);
  EXPECT_EQ(activate(5.0f, Activation::hardswish), 5.0f);
  EXPECT_EQ(activate(-3.25f, Activation::none), -3.25f);
}

TEST(Activation, NaNAndInfPropagate) {
  for (Activation a : {Activation::none, Activation::relu, Activation::relu6,
                       Activation::gelu, Activation::hardswish})
    EXPECT_TRUE(std::isnan(activate(NAN, a))) << stringifyActivation(a).str();
  EXPECT_EQ(activate(INFINITY, Activation::relu), INFINITY);
  EXPECT_EQ(activate(INFINITY, Activation::gelu), INFINITY);
  EXPECT_EQ(activate(-INFINITY, Activation::relu), 0.0f);
}

TEST(Activation, ApplyActivationMatchesNaive) {
  Tensor t = naive::random({2, 3, 3, 4}, 20, -5.0f, 5.0f);
  for (Activation a : {Activation::relu, Activation::relu6, Activation::gelu,
                       Activation::hardswish}) {
    Tensor got = t, want = t;
    applyActivation(got, a);
    for (float &v : want.data)
      v = static_cast<float>(naive::act(v, a));
    expectTensorNear(got, want, 1e-6);
  }
}

TEST(BatchNorm, PerChannelAffine) {
  Tensor x = naive::random({2, 3, 4, 5}, 21);
  Tensor scale = naive::random({5}, 22), shift = naive::random({5}, 23);
  Tensor want = naive::scaleChannels(x, scale);
  for (size_t i = 0; i < want.data.size(); ++i)
    want.data[i] = static_cast<float>(double(x.data[i]) * scale.data[i % 5] +
                                      shift.data[i % 5]);
  expectTensorNear(batchNorm(x, scale, shift), want, 1e-6);
}

TEST(Add, Elementwise) {
  Tensor a = naive::random({1, 2, 3, 4}, 24),
         b = naive::random({1, 2, 3, 4}, 25);
  expectTensorNear(add(a, b), naive::addSame(a, b), 0);
}

TEST(Mul, BroadcastsChannelVectorScalarAndInnerOnes) {
  Tensor x = naive::random({2, 3, 4, 5}, 26);
  Tensor perChannel = naive::random({5}, 27);
  expectTensorNear(mul(x, perChannel), naive::scaleChannels(x, perChannel), 0);

  Tensor scalar(llvm::ArrayRef<int64_t>{}, std::vector<float>{0.5f});
  Tensor half = x;
  for (float &v : half.data)
    v *= 0.5f;
  expectTensorNear(mul(x, scalar), half, 0);

  // [3,1,5] broadcasts over N and W.
  Tensor rowScale = naive::random({3, 1, 5}, 28);
  Tensor want = x;
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t h = 0; h < 3; ++h)
      for (int64_t w = 0; w < 4; ++w)
        for (int64_t c = 0; c < 5; ++c)
          want.at(n, h, w, c) = x.at(n, h, w, c) * rowScale.data[h * 5 + c];
  expectTensorNear(mul(x, rowScale), want, 0);
}

TEST(Mul, SameShapeWithNaN) {
  Tensor a({2, 2}, std::vector<float>{1.0f, NAN, 3.0f, 0.0f});
  Tensor b({2, 2}, std::vector<float>{2.0f, 1.0f, INFINITY, INFINITY});
  Tensor y = mul(a, b);
  EXPECT_EQ(y.data[0], 2.0f);
  EXPECT_TRUE(std::isnan(y.data[1]));
  EXPECT_EQ(y.data[2], INFINITY);
  EXPECT_TRUE(std::isnan(y.data[3])); // 0 * inf
}

} // namespace
