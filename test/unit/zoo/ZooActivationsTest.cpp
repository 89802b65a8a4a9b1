//===- ZooActivationsTest.cpp - calibrated weights keep activations O(1) --===//
//
// Runs zoo models through the reference interpreter on an N(0,1) input: with
// calibrated weights the logits are finite and their spread is O(1). Random
// unscaled weights would overflow or vanish through ~30 layers.
//
//===----------------------------------------------------------------------===//

#include "ZooTestSupport.h"

#include "mnv4/Interp/Interpreter.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mnv4;
using namespace mnv4::test;

namespace {

struct LogitCase {
  const char *model;
  int64_t resolution; ///< 0: the default
};

class ZooActivations : public testing::TestWithParam<LogitCase> {};

interp::Tensor gaussianImage(int64_t resolution, unsigned seed) {
  // The values only need to be N(0,1)-like; std::mt19937 output is portable
  // and the Box-Muller below avoids std::normal_distribution.
  std::mt19937 gen(seed);
  interp::Tensor image({1, resolution, resolution, 3});
  for (size_t i = 0; i < image.data.size(); i += 2) {
    double u1 = (gen() + 1.0) / 4294967297.0, u2 = gen() / 4294967296.0;
    double radius = std::sqrt(-2.0 * std::log(u1));
    image.data[i] = static_cast<float>(radius * std::cos(2 * M_PI * u2));
    if (i + 1 < image.data.size())
      image.data[i + 1] = static_cast<float>(radius * std::sin(2 * M_PI * u2));
  }
  return image;
}

TEST_P(ZooActivations, LogitsAreFiniteAndOrderOne) {
  LogitCase c = GetParam();
  ZooContext zc;
  OwningOpRef<ModuleOp> module =
      zoo::buildModel(zc.ctx, c.model, {c.resolution, 0});
  ASSERT_TRUE(module);
  int64_t r = c.resolution ? c.resolution : zoo::defaultResolution(c.model);

  auto result =
      interp::runFunction(mainFunction(*module), {gaussianImage(r, 3)});
  ASSERT_TRUE(static_cast<bool>(result)) << llvm::toString(result.takeError());
  ASSERT_EQ(result->size(), 1u);
  const interp::Tensor &logits = result->front();
  ASSERT_EQ(logits.numElements(), 1000);
  for (float v : logits.data)
    ASSERT_TRUE(std::isfinite(v));
  Moments m = moments(logits.data);
  std::printf("[ logits ] %s @%lld: mean %.4f std %.4f\n", c.model,
              static_cast<long long>(r), m.mean, m.stddev);
  EXPECT_GT(m.stddev, 0.05);
  EXPECT_LT(m.stddev, 20.0);
  EXPECT_LT(std::fabs(m.mean), 20.0);

  // The logits depend on the input, not only on the biases.
  auto other =
      interp::runFunction(mainFunction(*module), {gaussianImage(r, 4)});
  ASSERT_TRUE(static_cast<bool>(other)) << llvm::toString(other.takeError());
  std::vector<float> diff(logits.data.size());
  for (size_t i = 0; i < diff.size(); ++i)
    diff[i] = logits.data[i] - other->front().data[i];
  double change = moments(diff).stddev / m.stddev;
  std::printf("[ logits ] %s: another input changes them by %.1f%%\n", c.model,
              100 * change);
  EXPECT_GT(change, 0.01);
}

// Every variant (resolution 0: the default); the larger ones at a reduced
// resolution to keep the reference interpreter fast.
INSTANTIATE_TEST_SUITE_P(
    Models, ZooActivations,
    testing::Values(
        LogitCase{"conv_small_035", 0}, LogitCase{"conv_small_050", 0},
        LogitCase{"conv_small", 0}, LogitCase{"conv_medium", 128},
        LogitCase{"conv_aa_medium", 96}, LogitCase{"conv_blur_medium", 96},
        LogitCase{"conv_large", 128}, LogitCase{"conv_aa_large", 96},
        LogitCase{"hybrid_medium_075", 0}, LogitCase{"hybrid_medium", 128},
        LogitCase{"hybrid_large_075", 96}, LogitCase{"hybrid_large", 128},
        // Above the calibration cap (512): statistics taken at 512.
        LogitCase{"conv_small_035", 1024}),
    [](const testing::TestParamInfo<LogitCase> &info) {
      return std::string(info.param.model) + "_" +
             std::to_string(info.param.resolution);
    });

} // namespace
