//===- ChannelEqualizationTest.cpp - rescaled channels, same fp32 results -===//

#include "mnv4/Quant/ChannelEqualization.h"

#include "mnv4/Interp/Interpreter.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace mnv4;

namespace {

// conv (relu) -> depthwise (none) -> 1x1 conv -> mean -> 1x1 conv: three
// scalable pairs; the producer channels' ranges differ by up to 100x.
constexpr const char *kChain = R"mlir(
func.func @main(%x: tensor<1x6x6x2xf32>) -> tensor<1x1x1x2xf32> {
  %w0 = mnv4.const dense<[[[[1.0, -0.5]]], [[[0.01, 0.02]]], [[[-2.0, 3.0]]]]> : tensor<3x1x1x2xf32>
  %b0 = mnv4.const dense<[0.1, 0.0, -0.3]> : tensor<3xf32>
  %0 = mnv4.conv2d %x, %w0, %b0 {act = #mnv4.act<relu>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x6x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>) -> tensor<1x6x6x3xf32>
  %w1 = mnv4.const dense<[[[0.5, -1.0, 0.25], [1.0, 2.0, -0.5], [0.3, 0.1, 0.2]], [[-0.2, 0.4, 0.6], [0.7, -0.8, 0.9], [1.1, 0.2, -0.3]], [[0.05, 0.15, -0.25], [0.35, 0.45, 0.55], [-0.65, 0.75, 0.85]]]> : tensor<3x3x3xf32>
  %b1 = mnv4.const dense<[0.0, 0.5, -0.5]> : tensor<3xf32>
  %1 = mnv4.depthwise_conv2d %0, %w1, %b1 {pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x6x6x3xf32>, tensor<3x3x3xf32>, tensor<3xf32>) -> tensor<1x6x6x3xf32>
  %w2 = mnv4.const dense<[[[[0.5, 1.0, -1.5]]], [[[2.0, -0.1, 0.3]]], [[[0.2, 0.2, 0.2]]], [[[-1.0, 0.0, 1.0]]]]> : tensor<4x1x1x3xf32>
  %b2 = mnv4.const dense<[0.0, 0.1, 0.2, 0.3]> : tensor<4xf32>
  %2 = mnv4.conv2d %1, %w2, %b2 {act = #mnv4.act<relu>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x6x3xf32>, tensor<4x1x1x3xf32>, tensor<4xf32>) -> tensor<1x6x6x4xf32>
  %3 = mnv4.global_avg_pool %2 : tensor<1x6x6x4xf32> -> tensor<1x1x1x4xf32>
  %w3 = mnv4.const dense<[[[[1.0, 2.0, 3.0, 4.0]]], [[[-4.0, 3.0, -2.0, 1.0]]]]> : tensor<2x1x1x4xf32>
  %4 = mnv4.conv2d %3, %w3 {pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<2x1x1x4xf32>) -> tensor<1x1x1x2xf32>
  return %4 : tensor<1x1x1x2xf32>
}
)mlir";

std::vector<interp::Tensor> inputs(unsigned count) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  std::vector<interp::Tensor> xs;
  for (unsigned i = 0; i < count; ++i) {
    interp::Tensor t({1, 6, 6, 2});
    for (float &v : t.data)
      v = normal(rng);
    xs.push_back(std::move(t));
  }
  return xs;
}

/// The largest |value| of each channel of `v` over `xs`.
std::vector<float> channelRanges(mlir::func::FuncOp func, mlir::Value v,
                                 const std::vector<interp::Tensor> &xs) {
  std::vector<float> r;
  for (const interp::Tensor &x : xs) {
    auto out = interp::runFunction(
        func, {x}, nullptr, [&](mlir::Value seen, interp::Tensor &t) {
          if (seen != v)
            return;
          int64_t c = t.shape.back();
          r.resize(c, 0.0f);
          for (size_t e = 0; e < t.data.size(); ++e)
            r[e % c] = std::max(r[e % c], std::fabs(t.data[e]));
        });
    EXPECT_TRUE(static_cast<bool>(out));
    if (!out)
      llvm::consumeError(out.takeError());
  }
  return r;
}

TEST(ChannelEqualizationTest, SameResultsEqualRanges) {
  mlir::MLIRContext ctx;
  ctx.loadDialect<MNV4Dialect, mlir::func::FuncDialect>();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(kChain, &ctx);
  ASSERT_TRUE(module);
  auto func = module->lookupSymbol<mlir::func::FuncOp>("main");
  std::vector<interp::Tensor> xs = inputs(4);
  std::vector<std::vector<float>> before;
  for (const interp::Tensor &x : xs)
    before.push_back(cantFail(interp::runFunction(func, {x}))[0].data);
  mlir::Value first;
  func.walk([&](Conv2DOp op) {
    if (!first)
      first = op.getResult();
  });
  std::vector<float> old = channelRanges(func, first, xs);

  llvm::Expected<size_t> pairs = quant::equalizeChannels(func, xs);
  ASSERT_TRUE(static_cast<bool>(pairs));
  EXPECT_EQ(*pairs, 3u);
  for (size_t i = 0; i < xs.size(); ++i) {
    std::vector<float> after =
        cantFail(interp::runFunction(func, {xs[i]}))[0].data;
    for (size_t j = 0; j < after.size(); ++j)
      EXPECT_NEAR(after[j], before[i][j],
                  1e-4 * std::fabs(before[i][j]) + 1e-5);
  }
  // The first conv's channels now all span the widest one's range (or at
  // least 1/64 of it).
  std::vector<float> now = channelRanges(func, first, xs);
  float widest = *std::max_element(old.begin(), old.end());
  ASSERT_EQ(now.size(), 3u);
  EXPECT_LT(old[1] * 64, widest); // the floor applies to channel 1
  for (size_t c = 0; c < now.size(); ++c)
    EXPECT_NEAR(now[c], std::min(widest, old[c] * 64), 1e-4 * widest) << c;
}

} // namespace
