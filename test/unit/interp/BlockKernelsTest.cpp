//===- BlockKernelsTest.cpp - FusedIB, UIB and Mobile MQA -----------------===//
//
// Each block against the op description composed from the naive loops.
//
//===----------------------------------------------------------------------===//

#include "ExpectTensor.h"
#include "NaiveReference.h"
#include "NamedCases.h"

#include "mnv4/Interp/Kernels.h"

using namespace mnv4;
using namespace mnv4::interp;

namespace {

// Short names for the case tables.
constexpr Activation relu = Activation::relu, gelu = Activation::gelu;
constexpr Antialias noAA = Antialias::none, avg = Antialias::avg,
                    blur = Antialias::blur;

Tensor naiveAntialias(const Tensor &t, Antialias aa) {
  return aa == Antialias::avg ? naive::avgPool(t, 2, 2) : naive::blur(t);
}

struct FusedIBCase {
  const char *name;
  std::vector<int64_t> input;
  int64_t mid, out, k, stride;
  Antialias aa;
  bool residual;
};
void PrintTo(const FusedIBCase &c, std::ostream *os) { *os << c.name; }

class FusedIBTest : public ::testing::TestWithParam<FusedIBCase> {};

TEST_P(FusedIBTest, MatchesComposition) {
  const FusedIBCase &c = GetParam();
  int64_t in = c.input[3];
  Tensor x = naive::random(c.input, 50);
  Tensor ef = naive::random({c.mid, c.k, c.k, in}, 51),
         eb = naive::random({c.mid}, 52);
  Tensor pf = naive::random({c.out, 1, 1, c.mid}, 53),
         pb = naive::random({c.out}, 54);
  Activation act = Activation::relu;

  int64_t convStride = c.aa == Antialias::none ? c.stride : 1;
  Tensor t = naive::conv(x, ef, &eb, naive::same(c.k, convStride), act);
  if (c.aa != Antialias::none)
    t = naiveAntialias(t, c.aa);
  Tensor want = naive::conv(t, pf, &pb, {}, Activation::none);
  if (c.residual)
    want = naive::addSame(x, want);

  FusedIBWeights w{&ef, &eb, &pf, &pb};
  expectTensorNear(fusedIB(x, w, c.stride, act, c.aa, c.residual), want);
}

const FusedIBCase fusedIBCases[] = {
    {"stride2", {1, 8, 8, 4}, 16, 6, 3, 2, noAA, false},
    {"residual", {2, 5, 5, 4}, 8, 4, 3, 1, noAA, true},
    {"avgPool", {1, 8, 8, 3}, 8, 5, 3, 2, avg, false},
    {"blurPool", {2, 6, 6, 3}, 8, 5, 3, 2, blur, false},
};
INSTANTIATE_TEST_SUITE_P(Cases, FusedIBTest, ::testing::ValuesIn(fusedIBCases),
                         CaseName());

struct UIBCase {
  const char *name;
  std::vector<int64_t> input;
  int64_t mid, out, startK, midK, stride;
  Antialias aa;
  bool residual, layerScale;
  Activation act;
};
void PrintTo(const UIBCase &c, std::ostream *os) { *os << c.name; }

class UIBTest : public ::testing::TestWithParam<UIBCase> {};

TEST_P(UIBTest, MatchesComposition) {
  const UIBCase &c = GetParam();
  int64_t in = c.input[3];
  Tensor x = naive::random(c.input, 60);
  Tensor sf = naive::random({c.startK, c.startK, in}, 61),
         sb = naive::random({in}, 62);
  Tensor ef = naive::random({c.mid, 1, 1, in}, 63),
         eb = naive::random({c.mid}, 64);
  Tensor mf = naive::random({c.midK, c.midK, c.mid}, 65),
         mb = naive::random({c.mid}, 66);
  Tensor pf = naive::random({c.out, 1, 1, c.mid}, 67),
         pb = naive::random({c.out}, 68);
  Tensor ls = naive::random({c.out}, 69);

  int64_t convStride = c.aa == Antialias::none ? c.stride : 1;
  Tensor x1 = x;
  if (c.startK)
    x1 = naive::depthwise(x, sf, &sb,
                          naive::same(c.startK, c.midK ? 1 : convStride),
                          Activation::none);
  Tensor x3 = naive::conv(x1, ef, &eb, {}, c.act);
  if (c.midK)
    x3 = naive::depthwise(x3, mf, &mb, naive::same(c.midK, convStride), c.act);
  if (c.aa != Antialias::none)
    x3 = naiveAntialias(x3, c.aa);
  Tensor want = naive::conv(x3, pf, &pb, {}, Activation::none);
  if (c.layerScale)
    want = naive::scaleChannels(want, ls);
  if (c.residual)
    want = naive::addSame(x, want);

  UIBWeights w;
  if (c.startK) {
    w.startFilter = &sf;
    w.startBias = &sb;
  }
  w.expandFilter = &ef;
  w.expandBias = &eb;
  if (c.midK) {
    w.midFilter = &mf;
    w.midBias = &mb;
  }
  w.projectFilter = &pf;
  w.projectBias = &pb;
  if (c.layerScale)
    w.layerScale = &ls;
  expectTensorNear(uib(x, w, c.stride, c.act, c.aa, c.residual), want);
}

// Two lines a case (clang-format would put every field on a line of its own).
// clang-format off
const UIBCase uibCases[] = {
  // name
  //  input NHWC, expanded, out, start k, mid k, stride, antialias, residual,
  //  layer scale, act
  {"extraDWStride2",
   {1, 8, 8, 4}, 16, 6, 3, 5, 2, noAA, false, false, relu},
  {"extraDWResidualLayerScale",
   {2, 5, 5, 6}, 12, 6, 5, 3, 1, noAA, true, true, gelu},
  {"invertedBottleneck",
   {1, 7, 7, 4}, 8, 8, 0, 3, 2, noAA, false, false, relu},
  {"convNextLike",
   {1, 6, 6, 4}, 8, 4, 5, 0, 1, noAA, true, false, relu},
  {"convNextLikeStride2",
   {1, 6, 6, 4}, 8, 6, 3, 0, 2, noAA, false, false, relu},
  {"ffnLayerScale",
   {2, 3, 3, 8}, 16, 8, 0, 0, 1, noAA, true, true, gelu},
  {"avgPool",
   {1, 8, 8, 4}, 8, 6, 3, 5, 2, avg, false, false, relu},
  {"blurPool",
   {2, 8, 8, 4}, 8, 6, 3, 3, 2, blur, false, false, relu},
};
// clang-format on
INSTANTIATE_TEST_SUITE_P(Cases, UIBTest, ::testing::ValuesIn(uibCases),
                         CaseName());

struct MQACase {
  const char *name;
  std::vector<int64_t> input;
  int64_t heads, keyDim, valueDim, kvStride;
  bool layerScale;
};
void PrintTo(const MQACase &c, std::ostream *os) { *os << c.name; }

class MobileMQATest : public ::testing::TestWithParam<MQACase> {};

TEST_P(MobileMQATest, MatchesAttentionFormula) {
  const MQACase &c = GetParam();
  int64_t C = c.input[3];
  Tensor x = naive::random(c.input, 70);
  naive::MQAWeights nw{naive::random({C}, 71),
                       naive::random({C}, 72),
                       naive::random({c.heads * c.keyDim, 1, 1, C}, 73),
                       naive::random({3, 3, C}, 74),
                       naive::random({C}, 75),
                       naive::random({3, 3, C}, 76),
                       naive::random({C}, 77),
                       naive::random({c.keyDim, 1, 1, C}, 78),
                       naive::random({c.valueDim, 1, 1, C}, 79),
                       naive::random({C, 1, 1, c.heads * c.valueDim}, 80),
                       naive::random({C}, 81)};
  MobileMQAWeights w;
  w.normScale = &nw.normScale;
  w.normShift = &nw.normShift;
  w.queryFilter = &nw.query;
  if (c.kvStride > 1) {
    w.keyDownFilter = &nw.keyDown;
    w.keyDownBias = &nw.keyDownBias;
    w.valueDownFilter = &nw.valueDown;
    w.valueDownBias = &nw.valueDownBias;
  }
  w.keyFilter = &nw.key;
  w.valueFilter = &nw.value;
  w.outputFilter = &nw.output;
  if (c.layerScale)
    w.layerScale = &nw.layerScale;
  expectTensorNear(mobileMQA(x, w, c.heads, c.kvStride),
                   naive::mobileMQA(x, nw, c.heads, c.kvStride, c.layerScale));
}

const MQACase mqaCases[] = {
    {"kvStride1", {1, 4, 4, 8}, 2, 6, 6, 1, true},
    {"kvStride2Even", {1, 6, 6, 8}, 4, 4, 4, 2, true},
    {"kvStride2Odd", {1, 5, 5, 6}, 3, 4, 5, 2, false},
    {"batch2", {2, 4, 6, 8}, 2, 4, 3, 2, true},
    {"spatial1x1", {1, 1, 1, 8}, 2, 4, 4, 1, true},
};
INSTANTIATE_TEST_SUITE_P(Cases, MobileMQATest, ::testing::ValuesIn(mqaCases),
                         CaseName());

} // namespace
