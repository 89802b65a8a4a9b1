//===- BlockOpsTest.cpp - fused_ib, uib and mqa built from C++ ------------===//
//
// Each block op is built with Op::create the way the zoo builder and the ONNX
// importer do, then verified; invalid variants must fail with the exact
// message of the verifier.
//
//===----------------------------------------------------------------------===//

#include "DialectTestSupport.h"

using namespace mlir;
using namespace mnv4;
using namespace mnv4::test;

namespace {

using Shape = SmallVector<int64_t, 4>;

class BlockOpsTest : public DialectTest {
protected:
  /// Optional operands are built only when their shape is non-empty.
  Value optional(const Shape &shape) {
    return shape.empty() ? Value() : tensor(shape);
  }

  void expectRejected(Operation *op, StringRef message) {
    VerifyResult result = verify(op);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.messages, message);
  }
};

/// A block made invalid by one change to the default shapes, with the
/// verifier's exact message.
template <typename Shapes> struct Rejection {
  const char *name;
  void (*change)(Shapes &);
  const char *message;
};
template <typename Shapes>
void PrintTo(const Rejection<Shapes> &r, std::ostream *os) {
  *os << r.name;
}

/// One parameterised test per block op: each case changes the default
/// shapes and must fail verification with its message.
template <typename OpTest, typename Shapes>
class RejectTest : public OpTest,
                   public ::testing::WithParamInterface<Rejection<Shapes>> {
protected:
  void checkRejection() {
    Shapes s;
    this->GetParam().change(s);
    this->expectRejected(this->build(s), this->GetParam().message);
  }
};

/// Names each instance of a parameterised test after its case.
constexpr auto caseName = [](const auto &info) {
  return std::string(info.param.name);
};

//===----------------------------------------------------------------------===//
// FusedIBOp
//===----------------------------------------------------------------------===//

struct FusedIBShapes {
  Shape input{1, 8, 8, 16}, expandFilter{32, 3, 3, 16}, expandBias{32},
      projectFilter{24, 1, 1, 32}, projectBias{24}, result{1, 4, 4, 24};
  uint64_t stride = 2;
  Antialias antialias = Antialias::none;
  bool residual = false;
};

class FusedIBTest : public BlockOpsTest {
protected:
  FusedIBOp build(const FusedIBShapes &s) {
    return FusedIBOp::create(
        builder, loc, f32(s.result), tensor(s.input), tensor(s.expandFilter),
        tensor(s.expandBias), tensor(s.projectFilter), tensor(s.projectBias),
        s.stride, Activation::relu, s.antialias, s.residual);
  }
};

TEST_F(FusedIBTest, StridedBlockVerifiesAndReportsItsShape) {
  FusedIBOp op = build({});
  VerifyResult result = verify(op);
  EXPECT_TRUE(result.ok) << result.messages;
  EXPECT_EQ(op.getKernel(), 3);
  EXPECT_EQ(op.getExpandedChannels(), 32);
  EXPECT_EQ(op.getAct(), Activation::relu);
  EXPECT_FALSE(op.getResidual());
}

TEST_F(FusedIBTest, AvgAntialiasFloorsOddSizes) {
  FusedIBShapes s;
  s.input = {1, 9, 9, 16};
  s.antialias = Antialias::avg;
  s.result = {1, 4, 4, 24};
  VerifyResult result = verify(build(s));
  EXPECT_TRUE(result.ok) << result.messages;
  s.result = {1, 5, 5, 24};
  EXPECT_EQ(verify(build(s)).messages,
            "'mnv4.fused_ib' op result must have shape [1, 4, 4, 24], got "
            "[1, 5, 5, 24]");
}

const Rejection<FusedIBShapes> fusedIBRejections[] = {
    {"EvenExpandKernel",
     [](FusedIBShapes &s) {
       s.expandFilter = {32, 2, 2, 16};
     },
     "'mnv4.fused_ib' op expand filter must have shape [mid, k, k, 16] with "
     "odd k, got [32, 2, 2, 16]"},
    {"StridedResidual",
     [](FusedIBShapes &s) {
       s.projectFilter = {16, 1, 1, 32};
       s.projectBias = {16};
       s.result = {1, 4, 4, 16};
       s.residual = true;
     },
     "'mnv4.fused_ib' op residual requires equal input and output channels and "
     "stride 1, got 16 -> 16 channels at stride 2"},
    {"AntialiasWithoutStride",
     [](FusedIBShapes &s) {
       s.stride = 1;
       s.antialias = Antialias::blur;
       s.result = {1, 8, 8, 24};
     },
     "'mnv4.fused_ib' op antialiased downsampling requires stride 2, got "
     "stride 1"},
};

using FusedIBRejectTest = RejectTest<FusedIBTest, FusedIBShapes>;

TEST_P(FusedIBRejectTest, FailsWithTheVerifierMessage) { checkRejection(); }

INSTANTIATE_TEST_SUITE_P(Cases, FusedIBRejectTest,
                         ::testing::ValuesIn(fusedIBRejections), caseName);

//===----------------------------------------------------------------------===//
// UIBOp
//===----------------------------------------------------------------------===//

/// ExtraDW by default; clear `startFilter`/`midFilter` (and their biases) for
/// the other sub-forms.
struct UIBShapes {
  Shape input{1, 8, 8, 16}, startFilter{3, 3, 16}, startBias{16},
      expandFilter{64, 1, 1, 16}, expandBias{64}, midFilter{5, 5, 64},
      midBias{64}, projectFilter{24, 1, 1, 64}, projectBias{24}, layerScale{},
      result{1, 4, 4, 24};
  uint64_t stride = 2;
  Antialias antialias = Antialias::none;
  bool residual = false;
};

/// A residual block of 16 channels at stride 1 with the given dw kernels
/// (0 = absent) and a layer scale.
UIBShapes residualForm(int64_t start, int64_t mid) {
  UIBShapes s;
  s.startFilter = start ? Shape{start, start, 16} : Shape{};
  s.startBias = start ? Shape{16} : Shape{};
  s.midFilter = mid ? Shape{mid, mid, 64} : Shape{};
  s.midBias = mid ? Shape{64} : Shape{};
  s.projectFilter = {16, 1, 1, 64};
  s.projectBias = {16};
  s.layerScale = {16};
  s.result = {1, 8, 8, 16};
  s.stride = 1;
  s.residual = true;
  return s;
}

class UIBTest : public BlockOpsTest {
protected:
  UIBOp build(const UIBShapes &s) {
    return UIBOp::create(
        builder, loc, f32(s.result), tensor(s.input), optional(s.startFilter),
        optional(s.startBias), tensor(s.expandFilter), tensor(s.expandBias),
        optional(s.midFilter), optional(s.midBias), tensor(s.projectFilter),
        tensor(s.projectBias), optional(s.layerScale), s.stride,
        Activation::gelu, s.antialias, s.residual);
  }
};

TEST_F(UIBTest, ExtraDWVerifiesAndReportsKernels) {
  UIBOp op = build({});
  VerifyResult result = verify(op);
  EXPECT_TRUE(result.ok) << result.messages;
  EXPECT_EQ(op.getStartKernel(), 3);
  EXPECT_EQ(op.getMidKernel(), 5);
  EXPECT_EQ(op.getExpandedChannels(), 64);
  EXPECT_FALSE(op.getLayerScale());
}

TEST_F(UIBTest, EverySubFormVerifies) {
  struct Form {
    const char *name;
    int64_t start, mid;
  };
  for (Form form : {Form{"ExtraDW", 3, 5}, Form{"IB", 0, 3},
                    Form{"ConvNeXt", 5, 0}, Form{"FFN", 0, 0}}) {
    UIBOp op = build(residualForm(form.start, form.mid));
    VerifyResult result = verify(op);
    EXPECT_TRUE(result.ok) << form.name << ": " << result.messages;
    EXPECT_EQ(op.getStartKernel(), form.start) << form.name;
    EXPECT_EQ(op.getMidKernel(), form.mid) << form.name;
    EXPECT_TRUE(op.getLayerScale()) << form.name;
    EXPECT_TRUE(op.getResidual()) << form.name;
  }
}

TEST_F(UIBTest, StartConvCarriesTheStrideWithoutMid) {
  UIBShapes s;
  s.midFilter = {};
  s.midBias = {};
  VerifyResult result = verify(build(s));
  EXPECT_TRUE(result.ok) << result.messages;
}

const Rejection<UIBShapes> uibRejections[] = {
    {"StartFilterWithoutBias", [](UIBShapes &s) { s.startBias = {}; },
     "'mnv4.uib' op start conv needs both a filter and a bias, got only the "
     "filter"},
    {"MidBiasWithoutFilter", [](UIBShapes &s) { s.midFilter = {}; },
     "'mnv4.uib' op mid conv needs both a filter and a bias, got only the "
     "bias"},
    {"StrideWithoutDepthwiseConv",
     [](UIBShapes &s) {
       s = residualForm(0, 0);
       s.stride = 2;
       s.residual = false;
       s.result = {1, 4, 4, 16};
     },
     "'mnv4.uib' op stride 2 needs a start or mid depthwise conv to carry it"},
    {"SevenBySevenKernel",
     [](UIBShapes &s) {
       s.midFilter = {7, 7, 64};
     },
     "'mnv4.uib' op mid depthwise kernel must be 3 or 5, got 7"},
    {"WrongLayerScale", [](UIBShapes &s) { s.layerScale = {64}; },
     "'mnv4.uib' op layer scale must have shape [24], got [64]"},
    {"AntialiasWithoutMidConv",
     [](UIBShapes &s) {
       s.midFilter = {};
       s.midBias = {};
       s.antialias = Antialias::avg;
     },
     "'mnv4.uib' op antialiased downsampling needs a mid depthwise conv"},
};

using UIBRejectTest = RejectTest<UIBTest, UIBShapes>;

TEST_P(UIBRejectTest, FailsWithTheVerifierMessage) { checkRejection(); }

INSTANTIATE_TEST_SUITE_P(Cases, UIBRejectTest,
                         ::testing::ValuesIn(uibRejections), caseName);

//===----------------------------------------------------------------------===//
// MobileMQAOp
//===----------------------------------------------------------------------===//

/// Stage-2 hybrid form by default: 32 channels, 2 heads of dim 16,
/// kv_stride 2 with key/value downsampling, layer scale.
struct MQAShapes {
  Shape input{1, 8, 8, 32}, normScale{32}, normShift{32},
      queryFilter{32, 1, 1, 32}, keyDownFilter{3, 3, 32}, keyDownBias{32},
      valueDownFilter{3, 3, 32}, valueDownBias{32}, keyFilter{16, 1, 1, 32},
      valueFilter{16, 1, 1, 32}, outputFilter{32, 1, 1, 32}, layerScale{32},
      result{1, 8, 8, 32};
  uint64_t numHeads = 2, kvStride = 2;

  void dropDownsampling() {
    keyDownFilter = keyDownBias = valueDownFilter = valueDownBias = {};
  }
};

class MQATest : public BlockOpsTest {
protected:
  MobileMQAOp build(const MQAShapes &s) {
    return MobileMQAOp::create(
        builder, loc, f32(s.result), tensor(s.input), tensor(s.normScale),
        tensor(s.normShift), tensor(s.queryFilter), optional(s.keyDownFilter),
        optional(s.keyDownBias), optional(s.valueDownFilter),
        optional(s.valueDownBias), tensor(s.keyFilter), tensor(s.valueFilter),
        tensor(s.outputFilter), optional(s.layerScale), s.numHeads, s.kvStride);
  }
};

TEST_F(MQATest, DownsampledBlockVerifiesAndReportsDims) {
  MobileMQAOp op = build({});
  VerifyResult result = verify(op);
  EXPECT_TRUE(result.ok) << result.messages;
  EXPECT_EQ(op.getKeyDim(), 16);
  EXPECT_EQ(op.getValueDim(), 16);
  EXPECT_EQ(op.getNumHeads(), 2u);
  EXPECT_EQ(op.getKvStride(), 2u);
}

TEST_F(MQATest, FullResolutionBlockWithDistinctKeyAndValueDims) {
  MQAShapes s;
  s.dropDownsampling();
  s.kvStride = 1;
  s.numHeads = 4;
  s.keyFilter = {8, 1, 1, 32};
  s.valueFilter = {4, 1, 1, 32};
  s.queryFilter = {32, 1, 1, 32};  // 4 heads * key dim 8
  s.outputFilter = {32, 1, 1, 16}; // 4 heads * value dim 4
  s.layerScale = {};
  MobileMQAOp op = build(s);
  VerifyResult result = verify(op);
  EXPECT_TRUE(result.ok) << result.messages;
  EXPECT_EQ(op.getKeyDim(), 8);
  EXPECT_EQ(op.getValueDim(), 4);
}

const Rejection<MQAShapes> mqaRejections[] = {
    {"KvStrideWithoutDownsampling", [](MQAShapes &s) { s.dropDownsampling(); },
     "'mnv4.mqa' op kv_stride 2 requires key_down and value_down convs"},
    {"DownsamplingAtKvStrideOne", [](MQAShapes &s) { s.kvStride = 1; },
     "'mnv4.mqa' op key_down/value_down convs require kv_stride > 1"},
    {"FiveByFiveKeyDownsampling",
     [](MQAShapes &s) {
       s.keyDownFilter = {5, 5, 32};
     },
     "'mnv4.mqa' op key_down depthwise kernel must be 3, got 5"},
    {"QueryFilterForOtherHeadCount", [](MQAShapes &s) { s.numHeads = 4; },
     "'mnv4.mqa' op query filter must have shape [64, 1, 1, 32], got [32, 1, "
     "1, 32]"},
    {"ValueDownFilterWithoutBias", [](MQAShapes &s) { s.valueDownBias = {}; },
     "'mnv4.mqa' op value_down conv needs both a filter and a bias, got only "
     "the filter"},
};

using MQARejectTest = RejectTest<MQATest, MQAShapes>;

TEST_P(MQARejectTest, FailsWithTheVerifierMessage) { checkRejection(); }

INSTANTIATE_TEST_SUITE_P(Cases, MQARejectTest,
                         ::testing::ValuesIn(mqaRejections), caseName);

} // namespace
