//===- PrimitiveOpsTest.cpp - const, convs, head, generic ops -------------===//

#include "DialectTestSupport.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <vector>

using namespace mlir;
using namespace mnv4;
using namespace mnv4::test;

namespace {

using PrimitiveOpsTest = DialectTest;

TEST_F(PrimitiveOpsTest, StemConvWithAndWithoutBias) {
  Value x = tensor({1, 224, 224, 3});
  Value w = tensor({32, 3, 3, 3});
  auto withBias =
      Conv2DOp::create(builder, loc, f32({1, 112, 112, 32}), x, w, tensor({32}),
                       {2, 2}, {1, 1, 1, 1}, Activation::relu);
  auto noBias = Conv2DOp::create(builder, loc, f32({1, 112, 112, 32}), x, w,
                                 Value(), {2, 2}, {1, 1, 1, 1});
  VerifyResult a = verify(withBias), b = verify(noBias);
  EXPECT_TRUE(a.ok) << a.messages;
  EXPECT_TRUE(b.ok) << b.messages;
  EXPECT_EQ(noBias.getAct(), Activation::none);
  EXPECT_FALSE(noBias.getBias());
}

TEST_F(PrimitiveOpsTest, ConvRejectsKernelLargerThanStridedInput) {
  // (2 - 3) / 2 + 1 would be 1 with C++ truncation; the verifier must still
  // see that no 3x3 window fits a 2x2 input.
  auto op =
      Conv2DOp::create(builder, loc, f32({1, 1, 1, 8}), tensor({1, 2, 2, 4}),
                       tensor({8, 3, 3, 4}), Value(), {2, 2}, {0, 0, 0, 0});
  VerifyResult result = verify(op);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.messages, "'mnv4.conv2d' op kernel 3x3 does not fit input "
                             "[1, 2, 2, 4] with pad [0, 0, 0, 0]");
}

TEST_F(PrimitiveOpsTest, ConvRejectsZeroStride) {
  auto op =
      Conv2DOp::create(builder, loc, f32({1, 8, 8, 8}), tensor({1, 8, 8, 4}),
                       tensor({8, 1, 1, 4}), Value(), {0, 1}, {0, 0, 0, 0});
  EXPECT_EQ(verify(op).messages,
            "'mnv4.conv2d' op strides must be two positive integers, got "
            "[0, 1]");
}

TEST_F(PrimitiveOpsTest, DepthwiseRejectsPyTorchFilterLayout) {
  // [C, 1, k, k] is PyTorch's layout; the dialect's is [k, k, C].
  auto op = DepthwiseConv2DOp::create(
      builder, loc, f32({1, 8, 8, 16}), tensor({1, 8, 8, 16}),
      tensor({16, 1, 3, 3}), Value(), {1, 1}, {1, 1, 1, 1});
  EXPECT_EQ(verify(op).messages, "'mnv4.depthwise_conv2d' op filter must have "
                                 "rank 3, got rank 4 [16, 1, 3, 3]");
}

TEST_F(PrimitiveOpsTest, HeadVerifies) {
  Value features = tensor({1, 7, 7, 960});
  auto pool =
      GlobalAvgPoolOp::create(builder, loc, f32({1, 1, 1, 960}), features);
  auto head = Conv2DOp::create(builder, loc, f32({1, 1, 1, 1280}), pool,
                               tensor({1280, 1, 1, 960}), tensor({1280}),
                               {1, 1}, {0, 0, 0, 0}, Activation::hardswish);
  auto classifier = FullyConnectedOp::create(
      builder, loc, f32({1, 1000}), head, tensor({1000, 1280}), tensor({1000}));
  VerifyResult result = verify(*module);
  EXPECT_TRUE(result.ok) << result.messages;
  EXPECT_EQ(classifier.getInput().getDefiningOp(), head.getOperation());
}

TEST_F(PrimitiveOpsTest, FullyConnectedRejectsTransposedWeight) {
  auto op =
      FullyConnectedOp::create(builder, loc, f32({1, 1000}), tensor({1, 1280}),
                               tensor({1280, 1000}), Value());
  EXPECT_EQ(verify(op).messages, "'mnv4.fully_connected' op weight must have "
                                 "shape [out, 1280], got [1280, 1000]");
}

TEST_F(PrimitiveOpsTest, PoolsFloorAndCeil) {
  Value x = tensor({1, 7, 7, 4});
  auto avg = AvgPool2DOp::create(builder, loc, f32({1, 3, 3, 4}), x, 2, 2);
  auto blur = BlurPoolOp::create(builder, loc, f32({1, 4, 4, 4}), x);
  VerifyResult a = verify(avg), b = verify(blur);
  EXPECT_TRUE(a.ok) << a.messages;
  EXPECT_TRUE(b.ok) << b.messages;
  auto wrong = BlurPoolOp::create(builder, loc, f32({1, 3, 3, 4}), x);
  EXPECT_EQ(verify(wrong).messages, "'mnv4.blur_pool' op result must have "
                                    "shape [1, 4, 4, 4], got [1, 3, 3, 4]");
}

TEST_F(PrimitiveOpsTest, GenericMulAndMatMul) {
  auto mul = MulOp::create(builder, loc, f32({1, 4, 4, 8}),
                           tensor({1, 4, 4, 8}), tensor({8}));
  auto matmul = MatMulOp::create(builder, loc, f32({1, 4, 16, 9}),
                                 tensor({1, 4, 16, 8}), tensor({1, 8, 9}));
  VerifyResult a = verify(mul), b = verify(matmul);
  EXPECT_TRUE(a.ok) << a.messages;
  EXPECT_TRUE(b.ok) << b.messages;
  auto bad = MatMulOp::create(builder, loc, f32({4, 9}), tensor({4, 8}),
                              tensor({7, 9}));
  EXPECT_EQ(verify(bad).messages, "'mnv4.matmul' op contraction sizes differ: "
                                  "lhs [4, 8], rhs [7, 9]");
}

TEST_F(PrimitiveOpsTest, ConstFoldsToItsValue) {
  auto op = cast<ConstOp>(tensor({4}, 2.0f).getDefiningOp());
  auto value = dyn_cast<DenseElementsAttr>(op.getValue());
  ASSERT_TRUE(value);
  EXPECT_TRUE(value.isSplat());
  EXPECT_EQ(value.getSplatValue<float>(), 2.0f);
  SmallVector<OpFoldResult> folded;
  ASSERT_TRUE(succeeded(op->fold(folded)));
  ASSERT_EQ(folded.size(), 1u);
  EXPECT_EQ(dyn_cast<Attribute>(folded[0]), op.getValue());
}

TEST_F(PrimitiveOpsTest, ConstRejectsBlobOfWrongSize) {
  std::vector<float> data(5, 1.0f);
  auto attr = DenseF32ResourceElementsAttr::get(
      f32({2, 3}), "short_w",
      HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(data));
  auto op =
      ConstOp::create(builder, loc, f32({2, 3}), cast<ElementsAttr>(attr));
  VerifyResult result = verify(op);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.messages, "'mnv4.const' op dense_resource blob 'short_w' "
                             "holds 20 bytes, but 'tensor<2x3xf32>' needs 24 "
                             "bytes");
}

} // namespace
