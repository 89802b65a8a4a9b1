//===- InterpreterTest.cpp - running hand-written mnv4 IR -----------------===//
//
// Each op case takes its operands as @main arguments filled with random data
// and must give exactly what the kernel gives when called directly with the
// attributes written in the IR: this checks the op -> kernel plumbing.
//
//===----------------------------------------------------------------------===//

#include "ExpectTensor.h"
#include "NaiveReference.h"

#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Interp/Kernels.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <functional>

using namespace mnv4;
using namespace mnv4::interp;

namespace {

class InterpreterTest : public ::testing::Test {
protected:
  InterpreterTest() { ctx.loadDialect<MNV4Dialect, mlir::func::FuncDialect>(); }

  mlir::OwningOpRef<mlir::ModuleOp> parse(llvm::StringRef ir) {
    return mlir::parseSourceString<mlir::ModuleOp>(ir, &ctx);
  }

  static mlir::func::FuncOp mainOf(mlir::ModuleOp module) {
    return module.lookupSymbol<mlir::func::FuncOp>("main");
  }

  /// Random tensors shaped like @main's arguments.
  static std::vector<Tensor> randomArgs(mlir::func::FuncOp func) {
    std::vector<Tensor> args;
    unsigned seed = 100;
    for (mlir::Type type : func.getArgumentTypes()) {
      auto shape = mlir::cast<mlir::RankedTensorType>(type).getShape();
      args.push_back(naive::random({shape.begin(), shape.end()}, seed++));
    }
    return args;
  }

  using Expected = std::function<Tensor(const std::vector<Tensor> &)>;

  /// Runs `ir` (one @main, one result) on random args and compares with
  /// `expected(args)` exactly.
  void expectRunGives(llvm::StringRef ir, const Expected &expected) {
    auto module = parse(ir);
    ASSERT_TRUE(module);
    mlir::func::FuncOp func = mainOf(*module);
    ASSERT_TRUE(func);
    std::vector<Tensor> args = randomArgs(func);
    llvm::Expected<std::vector<Tensor>> results = runFunction(func, args);
    ASSERT_TRUE(static_cast<bool>(results))
        << llvm::toString(results.takeError());
    ASSERT_EQ(results->size(), 1u);
    expectTensorNear(results->front(), expected(args), 0.0);
  }

  /// The error message of running `ir` on `args` (random when empty).
  std::string runError(llvm::StringRef ir, std::vector<Tensor> args = {}) {
    auto module = parse(ir);
    if (!module)
      return "parse failed";
    mlir::func::FuncOp func = mainOf(*module);
    if (args.empty())
      args = randomArgs(func);
    llvm::Expected<std::vector<Tensor>> results = runFunction(func, args);
    if (results)
      return "no error";
    return llvm::toString(results.takeError());
  }

  mlir::MLIRContext ctx;
};

TEST_F(InterpreterTest, Conv2D) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<2x7x9x4xf32>, %w: tensor<5x3x3x4xf32>, %b: tensor<5xf32>) -> tensor<2x4x4x5xf32> {
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>, act = #mnv4.act<relu6>} : (tensor<2x7x9x4xf32>, tensor<5x3x3x4xf32>, tensor<5xf32>) -> tensor<2x4x4x5xf32>
  return %y : tensor<2x4x4x5xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   return conv2d(a[0], a[1], &a[2], {2, 2}, {1, 0, 1, 0},
                                 Activation::relu6);
                 });
}

TEST_F(InterpreterTest, DepthwiseWithoutBias) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x8x8x6xf32>, %w: tensor<5x5x6xf32>) -> tensor<1x4x4x6xf32> {
  %y = mnv4.depthwise_conv2d %x, %w {strides = array<i64: 2, 2>, pad = array<i64: 2, 2, 2, 2>, act = #mnv4.act<gelu>} : (tensor<1x8x8x6xf32>, tensor<5x5x6xf32>) -> tensor<1x4x4x6xf32>
  return %y : tensor<1x4x4x6xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   return depthwiseConv2d(a[0], a[1], nullptr, {2, 2},
                                          {2, 2, 2, 2}, Activation::gelu);
                 });
}

TEST_F(InterpreterTest, HeadPoolConvAndClassifier) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x3x3x8xf32>, %hw: tensor<16x1x1x8xf32>, %hb: tensor<16xf32>, %fw: tensor<10x16xf32>, %fb: tensor<10xf32>) -> tensor<1x10xf32> {
  %p = mnv4.global_avg_pool %x : tensor<1x3x3x8xf32> -> tensor<1x1x1x8xf32>
  %h = mnv4.conv2d %p, %hw, %hb {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<relu>} : (tensor<1x1x1x8xf32>, tensor<16x1x1x8xf32>, tensor<16xf32>) -> tensor<1x1x1x16xf32>
  %y = mnv4.fully_connected %h, %fw, %fb : (tensor<1x1x1x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   Tensor h = pointwiseConv(globalAvgPool(a[0]), a[1], &a[2],
                                            Activation::relu);
                   return fullyConnected(h, a[3], &a[4]);
                 });
}

TEST_F(InterpreterTest, FusedIBBlurPool) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x9x9x4xf32>, %ef: tensor<8x3x3x4xf32>, %eb: tensor<8xf32>, %pf: tensor<6x1x1x8xf32>, %pb: tensor<6xf32>) -> tensor<1x5x5x6xf32> {
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, act = #mnv4.act<relu6>, antialias = #mnv4.aa<blur>} : (tensor<1x9x9x4xf32>, tensor<8x3x3x4xf32>, tensor<8xf32>, tensor<6x1x1x8xf32>, tensor<6xf32>) -> tensor<1x5x5x6xf32>
  return %y : tensor<1x5x5x6xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   return fusedIB(a[0], {&a[1], &a[2], &a[3], &a[4]}, 2,
                                  Activation::relu6, Antialias::blur, false);
                 });
}

TEST_F(InterpreterTest, FusedIBResidual) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x6x6x4xf32>, %ef: tensor<8x5x5x4xf32>, %eb: tensor<8xf32>, %pf: tensor<4x1x1x8xf32>, %pb: tensor<4xf32>) -> tensor<1x6x6x4xf32> {
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 1 : i64, residual} : (tensor<1x6x6x4xf32>, tensor<8x5x5x4xf32>, tensor<8xf32>, tensor<4x1x1x8xf32>, tensor<4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   return fusedIB(a[0], {&a[1], &a[2], &a[3], &a[4]}, 1,
                                  Activation::relu, Antialias::none, true);
                 });
}

TEST_F(InterpreterTest, UIBExtraDWWithLayerScaleAndGelu) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x8x8x4xf32>, %sf: tensor<3x3x4xf32>, %sb: tensor<4xf32>, %ef: tensor<16x1x1x4xf32>, %eb: tensor<16xf32>, %mf: tensor<5x5x16xf32>, %mb: tensor<16xf32>, %pf: tensor<6x1x1x16xf32>, %pb: tensor<6xf32>, %ls: tensor<6xf32>) -> tensor<1x4x4x6xf32> {
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64, act = #mnv4.act<gelu>} : (tensor<1x8x8x4xf32>, tensor<3x3x4xf32>, tensor<4xf32>, tensor<16x1x1x4xf32>, tensor<16xf32>, tensor<5x5x16xf32>, tensor<16xf32>, tensor<6x1x1x16xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x4x4x6xf32>
  return %y : tensor<1x4x4x6xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   UIBWeights w{&a[1], &a[2], &a[3], &a[4], &a[5],
                                &a[6], &a[7], &a[8], &a[9]};
                   return uib(a[0], w, 2, Activation::gelu, Antialias::none,
                              false);
                 });
}

TEST_F(InterpreterTest, UIBConvNextLikeResidual) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<2x5x5x4xf32>, %sf: tensor<5x5x4xf32>, %sb: tensor<4xf32>, %ef: tensor<8x1x1x4xf32>, %eb: tensor<8xf32>, %pf: tensor<4x1x1x8xf32>, %pb: tensor<4xf32>) -> tensor<2x5x5x4xf32> {
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) project(%pf, %pb) {stride = 1 : i64, residual} : (tensor<2x5x5x4xf32>, tensor<5x5x4xf32>, tensor<4xf32>, tensor<8x1x1x4xf32>, tensor<8xf32>, tensor<4x1x1x8xf32>, tensor<4xf32>) -> tensor<2x5x5x4xf32>
  return %y : tensor<2x5x5x4xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   UIBWeights w;
                   w.startFilter = &a[1];
                   w.startBias = &a[2];
                   w.expandFilter = &a[3];
                   w.expandBias = &a[4];
                   w.projectFilter = &a[5];
                   w.projectBias = &a[6];
                   return uib(a[0], w, 1, Activation::relu, Antialias::none,
                              true);
                 });
}

TEST_F(InterpreterTest, UIBInvertedBottleneckAvgPool) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x9x9x4xf32>, %ef: tensor<8x1x1x4xf32>, %eb: tensor<8xf32>, %mf: tensor<3x3x8xf32>, %mb: tensor<8xf32>, %pf: tensor<6x1x1x8xf32>, %pb: tensor<6xf32>) -> tensor<1x4x4x6xf32> {
  %y = mnv4.uib %x expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<avg>} : (tensor<1x9x9x4xf32>, tensor<8x1x1x4xf32>, tensor<8xf32>, tensor<3x3x8xf32>, tensor<8xf32>, tensor<6x1x1x8xf32>, tensor<6xf32>) -> tensor<1x4x4x6xf32>
  return %y : tensor<1x4x4x6xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   UIBWeights w;
                   w.expandFilter = &a[1];
                   w.expandBias = &a[2];
                   w.midFilter = &a[3];
                   w.midBias = &a[4];
                   w.projectFilter = &a[5];
                   w.projectBias = &a[6];
                   return uib(a[0], w, 2, Activation::relu, Antialias::avg,
                              false);
                 });
}

TEST_F(InterpreterTest, MobileMQADownsampled) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x7x7x8xf32>, %ns: tensor<8xf32>, %nb: tensor<8xf32>, %q: tensor<8x1x1x8xf32>, %kdf: tensor<3x3x8xf32>, %kdb: tensor<8xf32>, %vdf: tensor<3x3x8xf32>, %vdb: tensor<8xf32>, %k: tensor<4x1x1x8xf32>, %v: tensor<4x1x1x8xf32>, %o: tensor<8x1x1x8xf32>, %ls: tensor<8xf32>) -> tensor<1x7x7x8xf32> {
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x7x7x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x1x1x8xf32>, tensor<3x3x8xf32>, tensor<8xf32>, tensor<3x3x8xf32>, tensor<8xf32>, tensor<4x1x1x8xf32>, tensor<4x1x1x8xf32>, tensor<8x1x1x8xf32>, tensor<8xf32>) -> tensor<1x7x7x8xf32>
  return %y : tensor<1x7x7x8xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   MobileMQAWeights w{&a[1], &a[2], &a[3], &a[4],  &a[5], &a[6],
                                      &a[7], &a[8], &a[9], &a[10], &a[11]};
                   return mobileMQA(a[0], w, 2, 2);
                 });
}

TEST_F(InterpreterTest, MobileMQAFullResolution) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x4x4x12xf32>, %ns: tensor<12xf32>, %nb: tensor<12xf32>, %q: tensor<24x1x1x12xf32>, %k: tensor<8x1x1x12xf32>, %v: tensor<4x1x1x12xf32>, %o: tensor<12x1x1x12xf32>) -> tensor<1x4x4x12xf32> {
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key(%k) value(%v) output(%o) {num_heads = 3 : i64, kv_stride = 1 : i64} : (tensor<1x4x4x12xf32>, tensor<12xf32>, tensor<12xf32>, tensor<24x1x1x12xf32>, tensor<8x1x1x12xf32>, tensor<4x1x1x12xf32>, tensor<12x1x1x12xf32>) -> tensor<1x4x4x12xf32>
  return %y : tensor<1x4x4x12xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   MobileMQAWeights w;
                   w.normScale = &a[1];
                   w.normShift = &a[2];
                   w.queryFilter = &a[3];
                   w.keyFilter = &a[4];
                   w.valueFilter = &a[5];
                   w.outputFilter = &a[6];
                   return mobileMQA(a[0], w, 3, 1);
                 });
}

TEST_F(InterpreterTest, NormPoolAndElementwiseOps) {
  expectRunGives(R"mlir(
func.func @main(%x: tensor<1x7x7x4xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<1x2x2x4xf32> {
  %0 = mnv4.batch_norm %x, %s, %b : (tensor<1x7x7x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x7x7x4xf32>
  %1 = mnv4.activation <hardswish> %0 : tensor<1x7x7x4xf32>
  %2 = mnv4.add %1, %x : tensor<1x7x7x4xf32>
  %3 = mnv4.mul %2, %s : (tensor<1x7x7x4xf32>, tensor<4xf32>) -> tensor<1x7x7x4xf32>
  %4 = mnv4.blur_pool %3 : tensor<1x7x7x4xf32> -> tensor<1x4x4x4xf32>
  %5 = mnv4.avg_pool2d %4 {kernel = 2 : i64, stride = 2 : i64} : tensor<1x4x4x4xf32> -> tensor<1x2x2x4xf32>
  return %5 : tensor<1x2x2x4xf32>
})mlir",
                 [](const std::vector<Tensor> &a) {
                   Tensor t = batchNorm(a[0], a[1], a[2]);
                   applyActivation(t, Activation::hardswish);
                   t = mul(add(t, a[0]), a[1]);
                   return avgPool2d(blurPool(t), 2, 2);
                 });
}

TEST_F(InterpreterTest, GenericAttentionOps) {
  expectRunGives(
      R"mlir(
func.func @main(%x: tensor<1x4x4x8xf32>, %k: tensor<1x16x4xf32>, %v: tensor<1x16x4xf32>, %s: tensor<f32>) -> tensor<1x6x7x8xf32> {
  %q = mnv4.reshape %x : tensor<1x4x4x8xf32> -> tensor<1x16x2x4xf32>
  %qt = mnv4.transpose %q {perm = array<i64: 0, 2, 1, 3>} : tensor<1x16x2x4xf32> -> tensor<1x2x16x4xf32>
  %qs = mnv4.mul %qt, %s : (tensor<1x2x16x4xf32>, tensor<f32>) -> tensor<1x2x16x4xf32>
  %kt = mnv4.transpose %k {perm = array<i64: 0, 2, 1>} : tensor<1x16x4xf32> -> tensor<1x4x16xf32>
  %l = mnv4.matmul %qs, %kt : (tensor<1x2x16x4xf32>, tensor<1x4x16xf32>) -> tensor<1x2x16x16xf32>
  %a = mnv4.softmax %l : tensor<1x2x16x16xf32>
  %o = mnv4.matmul %a, %v : (tensor<1x2x16x16xf32>, tensor<1x16x4xf32>) -> tensor<1x2x16x4xf32>
  %ot = mnv4.transpose %o {perm = array<i64: 0, 2, 1, 3>} : tensor<1x2x16x4xf32> -> tensor<1x16x2x4xf32>
  %y = mnv4.reshape %ot : tensor<1x16x2x4xf32> -> tensor<1x4x4x8xf32>
  %p = mnv4.pad %y {pad = array<i64: 0, 1, 2, 2>} : tensor<1x4x4x8xf32> -> tensor<1x6x7x8xf32>
  return %p : tensor<1x6x7x8xf32>
})mlir",
      [](const std::vector<Tensor> &a) {
        Tensor q = transpose(reshape(a[0], {1, 16, 2, 4}), {0, 2, 1, 3});
        Tensor l = matmul(mul(q, a[3]), transpose(a[1], {0, 2, 1}));
        Tensor o = matmul(softmaxLastAxis(l), a[2]);
        Tensor y = reshape(transpose(o, {0, 2, 1, 3}), {1, 4, 4, 8});
        return pad(y, {0, 1, 2, 2});
      });
}

TEST_F(InterpreterTest, ConstsFromDenseAndResourceBlobs) {
  // Blob: alignment 4, then the floats 1, 2, 3, 4, 8, 6 little-endian.
  auto module = parse(R"mlir(
func.func @main(%x: tensor<1x1x1x3xf32>) -> tensor<1x1x1x2xf32> {
  %w = mnv4.const dense_resource<w> : tensor<2x1x1x3xf32>
  %b = mnv4.const dense<[0.5, -0.25]> : tensor<2xf32>
  %s = mnv4.const dense<2.0> : tensor<2xf32>
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x1x1x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>) -> tensor<1x1x1x2xf32>
  %z = mnv4.mul %y, %s : (tensor<1x1x1x2xf32>, tensor<2xf32>) -> tensor<1x1x1x2xf32>
  return %z : tensor<1x1x1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040000000410000C040"
    }
  }
#-})mlir");
  ASSERT_TRUE(module);
  Tensor x({1, 1, 1, 3}, std::vector<float>{1.0f, 10.0f, 100.0f});
  auto results = runFunction(mainOf(*module), {x});
  ASSERT_TRUE(static_cast<bool>(results))
      << llvm::toString(results.takeError());
  // (1 + 20 + 300 + 0.5) * 2 and (4 + 80 + 600 - 0.25) * 2.
  EXPECT_EQ(results->front().data, (std::vector<float>{643.0f, 1367.5f}));
}

TEST_F(InterpreterTest, ValueUsedTwiceAndMultipleResults) {
  auto module = parse(R"mlir(
func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = mnv4.add %x, %x : tensor<2x3xf32>
  %1 = mnv4.add %0, %x : tensor<2x3xf32>
  return %1, %0 : tensor<2x3xf32>, tensor<2x3xf32>
})mlir");
  ASSERT_TRUE(module);
  Tensor x({2, 3}, std::vector<float>{1, 2, 3, 4, 5, 6});
  auto results = runFunction(mainOf(*module), {x});
  ASSERT_TRUE(static_cast<bool>(results))
      << llvm::toString(results.takeError());
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0].data, (std::vector<float>{3, 6, 9, 12, 15, 18}));
  EXPECT_EQ((*results)[1].data, (std::vector<float>{2, 4, 6, 8, 10, 12}));
}

TEST_F(InterpreterTest, UnknownOpIsAnErrorNamingIt) {
  ctx.allowUnregisteredDialects();
  std::string error = runError(R"mlir(
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = "foo.bar"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
})mlir");
  EXPECT_NE(error.find("no reference kernel for op 'foo.bar'"),
            std::string::npos)
      << error;
}

TEST_F(InterpreterTest, WrongInputShapeOrCountIsAnError) {
  const char *ir = R"mlir(
func.func @main(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> {
  return %x : tensor<1x4x4x3xf32>
})mlir";
  std::string error = runError(ir, {Tensor({1, 3, 4, 4})});
  EXPECT_NE(error.find("input #0 has shape [1,3,4,4] but the function "
                       "expects tensor<1x4x4x3xf32>"),
            std::string::npos)
      << error;
  error = runError(ir, {Tensor({1, 4, 4, 3}), Tensor({1})});
  EXPECT_NE(error.find("takes 1 inputs, got 2"), std::string::npos) << error;
}

TEST_F(InterpreterTest, BlobWithoutDataIsAnError) {
  std::string error = runError(R"mlir(
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %w = mnv4.const dense_resource<missing> : tensor<2xf32>
  %y = mnv4.add %x, %w : tensor<2xf32>
  return %y : tensor<2xf32>
})mlir");
  EXPECT_NE(error.find("dense_resource blob 'missing' has no data"),
            std::string::npos)
      << error;
}

TEST_F(InterpreterTest, NaNInputPropagatesToTheResult) {
  auto module = parse(R"mlir(
func.func @main(%x: tensor<1x2x2x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x2xf32> {
  %0 = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<relu>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = mnv4.global_avg_pool %0 : tensor<1x2x2x2xf32> -> tensor<1x1x1x2xf32>
  %2 = mnv4.reshape %1 : tensor<1x1x1x2xf32> -> tensor<1x2xf32>
  %3 = mnv4.softmax %2 : tensor<1x2xf32>
  return %3 : tensor<1x2xf32>
})mlir");
  ASSERT_TRUE(module);
  Tensor x({1, 2, 2, 2}, 1.0f), w({2, 1, 1, 2}, 1.0f);
  x.data[5] = NAN;
  auto results = runFunction(mainOf(*module), {x, w});
  ASSERT_TRUE(static_cast<bool>(results))
      << llvm::toString(results.takeError());
  for (float v : results->front().data)
    EXPECT_TRUE(std::isnan(v));
}

} // namespace
