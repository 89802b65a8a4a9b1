//===- ZooSpecsTest.cpp - channel rounding, plans and the zoo's PRNG ------===//

#include "lib/zoo/Random.h"
#include "lib/zoo/Specs.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace mnv4;
using namespace mnv4::zoo::detail;

namespace {

/// The scaled widths listed in section 1.4 of the architecture reference.
TEST(ZooSpecs, MakeDivisibleMatchesTimm) {
  struct Case {
    double multiplier;
    int64_t base, scaled;
  } cases[] = {{0.35, 32, 16},   {0.35, 96, 32},   {0.35, 64, 24},
               {0.35, 128, 48},  {0.5, 32, 16},    {0.5, 96, 48},
               {0.5, 64, 32},    {0.5, 128, 64},   {0.75, 48, 40},
               {0.75, 80, 64},   {0.75, 160, 120}, {0.75, 256, 192},
               {0.75, 96, 72},   {0.75, 192, 144}, {0.75, 512, 384},
               {0.35, 960, 336}, {0.5, 960, 480},  {0.75, 960, 720}};
  for (const Case &c : cases)
    EXPECT_EQ(makeDivisible(c.base * c.multiplier), c.scaled)
        << c.base << " x " << c.multiplier;
  EXPECT_EQ(makeDivisible(1.0), 8); // never below the divisor
  EXPECT_EQ(makeDivisible(20.0), 24);
}

TEST(ZooSpecs, PlanFollowsTheBlockStrings) {
  const VariantSpec *variant = findVariant("hybrid_large_075");
  ASSERT_TRUE(variant);
  NetworkPlan plan = planNetwork(*variant, 256);
  ASSERT_GE(plan.layers.size(), 3u);
  const LayerSpec &stem = plan.layers.front();
  EXPECT_EQ(stem.name, "conv_stem");
  EXPECT_EQ(stem.outChannels, 24); // fix_stem: not scaled below 1.0
  EXPECT_EQ(stem.outSize, 128);
  EXPECT_EQ(stem.act, Activation::gelu);

  auto find = [&](llvm::StringRef name) -> const LayerSpec * {
    for (const LayerSpec &layer : plan.layers)
      if (layer.name == name)
        return &layer;
    return nullptr;
  };
  const LayerSpec *mqa = find("blocks.2.7");
  ASSERT_TRUE(mqa);
  EXPECT_EQ(mqa->kind, LayerKind::MQA);
  EXPECT_EQ(mqa->inChannels, 144);
  EXPECT_EQ(mqa->numHeads, 8);
  EXPECT_EQ(mqa->keyDim, 48);
  EXPECT_EQ(mqa->kvStride, 2);
  EXPECT_EQ(mqa->inSize, 16);
  EXPECT_TRUE(mqa->layerScale && mqa->residual);

  const LayerSpec *down = find("blocks.3.0");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->kind, LayerKind::UIB);
  EXPECT_EQ(down->stride, 2);
  EXPECT_EQ(down->startKernel, 5);
  EXPECT_EQ(down->midKernel, 5);
  EXPECT_EQ(down->inChannels, 144);
  EXPECT_EQ(down->outChannels, 384);
  EXPECT_EQ(down->expanded, 576); // from the rounded input width
  EXPECT_FALSE(down->residual);

  const LayerSpec *fused = find("blocks.0.0");
  ASSERT_TRUE(fused);
  EXPECT_EQ(fused->kind, LayerKind::FusedIB);
  EXPECT_FALSE(fused->layerScale); // no layer scale on the FusedIB

  EXPECT_EQ(plan.layers.back().name, "classifier");
  EXPECT_EQ(plan.layers.back().inChannels, 1280); // the head is not scaled
}

TEST(ZooRandom, StreamsAreReproducibleAndDistinct) {
  Random a(7, "blocks.1.0"), b(7, "blocks.1.0"), c(7, "blocks.1.1"),
      d(8, "blocks.1.0");
  int sameAsC = 0, sameAsD = 0;
  for (int i = 0; i < 1000; ++i) {
    uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    sameAsC += x == c.next();
    sameAsD += x == d.next();
  }
  EXPECT_EQ(sameAsC, 0);
  EXPECT_EQ(sameAsD, 0);
}

TEST(ZooRandom, DistributionsHaveTheirMoments) {
  Random rng(0, "moments");
  constexpr int n = 200000;
  double uSum = 0, uSq = 0, nSum = 0, nSq = 0, nQuart = 0;
  double lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    double u = rng.uniform();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    uSum += u;
    uSq += u * u;
    double g = rng.normal(1.0, 2.0);
    double z = (g - 1.0) / 2.0;
    nSum += z;
    nSq += z * z;
    nQuart += z * z * z * z;
  }
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  EXPECT_NEAR(uSum / n, 0.5, 0.005);
  EXPECT_NEAR(uSq / n - 0.25, 1.0 / 12, 0.002);
  EXPECT_NEAR(nSum / n, 0.0, 0.01);
  EXPECT_NEAR(nSq / n, 1.0, 0.02);
  EXPECT_NEAR(nQuart / n, 3.0, 0.1); // Gaussian kurtosis
}

} // namespace
