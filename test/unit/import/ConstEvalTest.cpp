//===- ConstEvalTest.cpp - host evaluation of constant ONNX subgraphs -----===//

#include "lib/import/ConstEval.h"
#include "lib/import/OnnxModel.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mnv4::onnx_import;

namespace {

/// A node of `opType` with the given int / ints attributes.
onnx::NodeProto
makeNode(const std::string &opType,
         std::vector<std::pair<std::string, int64_t>> ints = {},
         std::vector<std::pair<std::string, std::vector<int64_t>>> lists = {}) {
  onnx::NodeProto n;
  n.set_op_type(opType);
  n.set_name("/test/" + opType);
  for (auto &[name, v] : ints) {
    onnx::AttributeProto *a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
  }
  for (auto &[name, v] : lists) {
    onnx::AttributeProto *a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v)
      a->add_ints(x);
  }
  return n;
}

HostTensor ints(std::vector<int64_t> shape, std::vector<int64_t> v) {
  return HostTensor::ints(shape, std::move(v));
}

/// Evaluates and expects success.
HostTensor eval(const onnx::NodeProto &n,
                std::vector<const HostTensor *> inputs) {
  HostTensor out;
  std::string error;
  EXPECT_TRUE(evaluateConstantNode(n, inputs, out, error)) << n.op_type();
  EXPECT_EQ(error, "");
  return out;
}

std::string evalError(const onnx::NodeProto &n,
                      std::vector<const HostTensor *> inputs) {
  HostTensor out;
  std::string error;
  EXPECT_TRUE(evaluateConstantNode(n, inputs, out, error)) << n.op_type();
  return error;
}

using Shape = llvm::SmallVector<int64_t>;

// The blur pool's pad amounts (§4.4): every step of the exporter's subgraph.
TEST(ConstEval, BlurPadSubgraph) {
  HostTensor four = ints({1}, {4});
  HostTensor zeros = eval(makeNode("ConstantOfShape"), {&four});
  // Without a value attribute ConstantOfShape fills float zeros.
  EXPECT_FALSE(zeros.isInt());
  onnx::NodeProto cos = makeNode("ConstantOfShape");
  onnx::AttributeProto *v = cos.add_attribute();
  v->set_name("value");
  v->set_type(onnx::AttributeProto::TENSOR);
  v->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  v->mutable_t()->add_dims(1);
  v->mutable_t()->add_int64_data(0);
  HostTensor z = eval(cos, {&four});
  ASSERT_TRUE(z.isInt());
  EXPECT_EQ(z.i64, (std::vector<int64_t>{0, 0, 0, 0}));

  HostTensor ones = ints({4}, {1, 1, 1, 1});
  HostTensor cat = eval(makeNode("Concat", {{"axis", 0}}), {&ones, &z});
  HostTensor pairsShape = ints({2}, {-1, 2});
  HostTensor pairs = eval(makeNode("Reshape"), {&cat, &pairsShape});
  EXPECT_EQ(pairs.shape, (Shape{4, 2}));

  HostTensor starts = ints({1}, {-1}), ends = ints({1}, {INT64_MIN + 1}),
             axes = ints({1}, {0}), steps = ints({1}, {-1});
  HostTensor rev =
      eval(makeNode("Slice"), {&pairs, &starts, &ends, &axes, &steps});
  EXPECT_EQ(rev.shape, (Shape{4, 2}));
  EXPECT_EQ(rev.i64, (std::vector<int64_t>{0, 0, 0, 0, 1, 1, 1, 1}));

  HostTensor t = eval(makeNode("Transpose", {}, {{"perm", {1, 0}}}), {&rev});
  HostTensor flatShape = ints({1}, {-1});
  HostTensor flat = eval(makeNode("Reshape"), {&t, &flatShape});
  HostTensor pads = eval(makeNode("Cast", {{"to", 7}}), {&flat});
  EXPECT_EQ(pads.i64, (std::vector<int64_t>{0, 0, 1, 1, 0, 0, 1, 1}));
}

TEST(ConstEval, SliceClampsAndSteps) {
  HostTensor data = ints({6}, {0, 1, 2, 3, 4, 5});
  HostTensor s = ints({1}, {1}), e = ints({1}, {100}), a = ints({1}, {0}),
             st = ints({1}, {2});
  EXPECT_EQ(eval(makeNode("Slice"), {&data, &s, &e, &a, &st}).i64,
            (std::vector<int64_t>{1, 3, 5}));
  HostTensor s2 = ints({1}, {-2}), e2 = ints({1}, {-100}),
             st2 = ints({1}, {-3});
  EXPECT_EQ(eval(makeNode("Slice"), {&data, &s2, &e2, &a, &st2}).i64,
            (std::vector<int64_t>{4, 1}));
  HostTensor zero = ints({1}, {0});
  EXPECT_NE(evalError(makeNode("Slice"), {&data, &s, &e, &a, &zero}), "");
}

// The dynamic-batch reshape targets (§4.8): Shape -> Gather -> Unsqueeze ->
// Concat, with a negative Gather index and a negative Unsqueeze axis.
TEST(ConstEval, GatherUnsqueezeConcat) {
  HostTensor shape = ints({4}, {1, 160, 16, 16});
  HostTensor last = ints({}, {-1});
  HostTensor w = eval(makeNode("Gather", {{"axis", 0}}), {&shape, &last});
  EXPECT_TRUE(w.shape.empty());
  EXPECT_EQ(w.i64, (std::vector<int64_t>{16}));
  HostTensor axis = ints({1}, {-1});
  HostTensor w1 = eval(makeNode("Unsqueeze"), {&w, &axis});
  EXPECT_EQ(w1.shape, (Shape{1}));
  HostTensor head = ints({2}, {1, 4});
  HostTensor target = eval(makeNode("Concat", {{"axis", 0}}), {&head, &w1});
  EXPECT_EQ(target.i64, (std::vector<int64_t>{1, 4, 16}));

  HostTensor m = ints({2, 3}, {1, 2, 3, 4, 5, 6});
  HostTensor cols = ints({2}, {2, -3});
  HostTensor g = eval(makeNode("Gather", {{"axis", 1}}), {&m, &cols});
  EXPECT_EQ(g.shape, (Shape{2, 2}));
  EXPECT_EQ(g.i64, (std::vector<int64_t>{3, 1, 6, 4}));
  HostTensor bad = ints({1}, {3});
  EXPECT_NE(evalError(makeNode("Gather", {{"axis", 1}}), {&m, &bad}), "");
}

TEST(ConstEval, ConcatInnerAxisAndArithmetic) {
  HostTensor a = ints({2, 1}, {1, 2}), b = ints({2, 2}, {3, 4, 5, 6});
  HostTensor c = eval(makeNode("Concat", {{"axis", -1}}), {&a, &b});
  EXPECT_EQ(c.shape, (Shape{2, 3}));
  EXPECT_EQ(c.i64, (std::vector<int64_t>{1, 3, 4, 2, 5, 6}));
  HostTensor hw = ints({2}, {16, 16}), one = ints({}, {2});
  EXPECT_EQ(eval(makeNode("Div"), {&hw, &one}).i64,
            (std::vector<int64_t>{8, 8}));
  EXPECT_EQ(eval(makeNode("Mul"), {&one, &hw}).i64,
            (std::vector<int64_t>{32, 32}));
}

TEST(ConstEval, ReshapeTargets) {
  Shape out;
  EXPECT_EQ(resolveReshape({1, 256, 16, 16}, {1, 4, 64, -1}, false, out), "");
  EXPECT_EQ(out, (Shape{1, 4, 64, 256}));
  EXPECT_EQ(resolveReshape({2, 3, 4}, {0, -1}, false, out), "");
  EXPECT_EQ(out, (Shape{2, 12}));
  EXPECT_NE(resolveReshape({2, 3, 4}, {0, -1}, true, out), "");
  EXPECT_NE(resolveReshape({2, 3, 4}, {-1, -1}, false, out), "");
  EXPECT_NE(resolveReshape({2, 3, 4}, {5, -1}, false, out), "");
  EXPECT_NE(resolveReshape({2, 3, 4}, {7}, false, out), "");
  EXPECT_EQ(unsqueezeShape({64, 64}, {0, -3}, out), "");
  EXPECT_EQ(out, (Shape{1, 1, 64, 64}));
  EXPECT_NE(unsqueezeShape({64}, {0, 0}, out), "");
}

// Squeeze is shared by the runtime importer and the constant folder: listed
// axes (negative from the end) must be in range and of size 1; no axes drops
// every 1.
TEST(ConstEval, SqueezeShapes) {
  Shape out;
  EXPECT_EQ(squeezeShape({1, 64, 1, 1}, {-1, 2}, out), "");
  EXPECT_EQ(out, (Shape{1, 64}));
  EXPECT_EQ(squeezeShape({1, 64, 1, 1}, {}, out), "");
  EXPECT_EQ(out, (Shape{64}));
  EXPECT_NE(squeezeShape({1, 64}, {1}, out), "");
  EXPECT_NE(squeezeShape({1, 64}, {2}, out), "");
  EXPECT_NE(squeezeShape({1, 64}, {-3}, out), "");
  HostTensor x = ints({2, 1}, {7, 8}), axes = ints({1}, {-1});
  HostTensor t = eval(makeNode("Squeeze"), {&x, &axes});
  EXPECT_EQ(t.shape, (Shape{2}));
  EXPECT_EQ(t.i64, (std::vector<int64_t>{7, 8}));
  HostTensor bad = ints({1}, {5});
  EXPECT_NE(evalError(makeNode("Squeeze"), {&x, &bad}), "");
}

TEST(ConstEval, TransposeOfFloats) {
  HostTensor w = HostTensor::floats({2, 3, 1, 1}, {0, 1, 2, 3, 4, 5});
  HostTensor ohwi = transpose(w, {0, 2, 3, 1});
  EXPECT_EQ(ohwi.shape, (Shape{2, 1, 1, 3}));
  EXPECT_EQ(ohwi.f32, (std::vector<float>{0, 1, 2, 3, 4, 5}));
  HostTensor io =
      transpose(HostTensor::floats({2, 3}, {0, 1, 2, 3, 4, 5}), {1, 0});
  EXPECT_EQ(io.f32, (std::vector<float>{0, 3, 1, 4, 2, 5}));
  EXPECT_NE(evalError(makeNode("Transpose", {}, {{"perm", {0, 0}}}), {&w}), "");
}

// Broadcasting elementwise ops: numpy rules over every operand, booleans
// as int64 0/1, Min/Max variadic, Python's modulo for ints.
TEST(ConstEval, BroadcastingArithmeticAndComparisons) {
  HostTensor col = ints({2, 1}, {1, 2}), row = ints({3}, {10, 20, 30});
  HostTensor sum = eval(makeNode("Add"), {&col, &row});
  EXPECT_EQ(sum.shape, (Shape{2, 3}));
  EXPECT_EQ(sum.i64, (std::vector<int64_t>{11, 21, 31, 12, 22, 32}));
  HostTensor ge = eval(makeNode("GreaterOrEqual"), {&row, &sum});
  EXPECT_EQ(ge.i64, (std::vector<int64_t>{0, 0, 0, 0, 0, 0}));
  HostTensor eq = eval(makeNode("Equal"), {&row, &row});
  EXPECT_EQ(eq.i64, (std::vector<int64_t>{1, 1, 1}));
  HostTensor three = ints({}, {3}), m7 = ints({}, {-7});
  EXPECT_EQ(eval(makeNode("Mod"), {&m7, &three}).i64,
            (std::vector<int64_t>{2}));
  HostTensor lo = ints({3}, {15, 25, 5});
  EXPECT_EQ(eval(makeNode("Max"), {&row, &lo, &three}).i64,
            (std::vector<int64_t>{15, 25, 30}));
  EXPECT_EQ(eval(makeNode("Min"), {&row, &lo}).i64,
            (std::vector<int64_t>{10, 20, 5}));
  HostTensor f = HostTensor::floats({2}, {2.5f, -2.5f});
  EXPECT_EQ(eval(makeNode("Floor"), {&f}).f32,
            (std::vector<float>{2.0f, -3.0f}));
  HostTensor lt = eval(makeNode("Less"), {&f, &f});
  EXPECT_TRUE(lt.isInt());
  HostTensor wide = ints({4}, {1, 2, 3, 4});
  EXPECT_NE(evalError(makeNode("Add"), {&row, &wide}), "");
  EXPECT_NE(evalError(makeNode("Add"), {&row, &f}), "");
}

TEST(ConstEval, WhereExpandRange) {
  HostTensor cond = ints({2, 1}, {1, 0}), x = ints({3}, {1, 2, 3}),
             y = ints({}, {-1});
  HostTensor w = eval(makeNode("Where"), {&cond, &x, &y});
  EXPECT_EQ(w.shape, (Shape{2, 3}));
  EXPECT_EQ(w.i64, (std::vector<int64_t>{1, 2, 3, -1, -1, -1}));
  HostTensor v = ints({1}, {7}), shape = ints({2}, {2, 2});
  HostTensor e = eval(makeNode("Expand"), {&v, &shape});
  EXPECT_EQ(e.shape, (Shape{2, 2}));
  EXPECT_EQ(e.i64, (std::vector<int64_t>{7, 7, 7, 7}));
  HostTensor start = ints({}, {5}), limit = ints({}, {-1}),
             delta = ints({}, {-2});
  EXPECT_EQ(eval(makeNode("Range"), {&start, &limit, &delta}).i64,
            (std::vector<int64_t>{5, 3, 1}));
  HostTensor zero = ints({}, {0});
  EXPECT_NE(evalError(makeNode("Range"), {&start, &limit, &zero}), "");
  HostTensor negative = ints({1}, {-2});
  EXPECT_NE(evalError(makeNode("Expand"), {&v, &negative}), "");
}

// A hostile file's int64 arithmetic wraps around as numpy's does, and
// conversions from double saturate: never C++'s undefined behaviour (the
// sanitizer job runs these).
TEST(ConstEval, IntegerOverflowWrapsAndConversionsSaturate) {
  const int64_t lo = INT64_MIN, hi = INT64_MAX;
  HostTensor min = ints({}, {lo}), max = ints({}, {hi}), m1 = ints({}, {-1}),
             two = ints({}, {2}), big = ints({}, {int64_t(1) << 40});
  EXPECT_EQ(eval(makeNode("Add"), {&max, &two}).i64,
            (std::vector<int64_t>{lo + 1}));
  EXPECT_EQ(eval(makeNode("Sub"), {&min, &two}).i64,
            (std::vector<int64_t>{hi - 1}));
  EXPECT_EQ(eval(makeNode("Mul"), {&big, &big}).i64, (std::vector<int64_t>{0}));
  EXPECT_EQ(eval(makeNode("Div"), {&min, &m1}).i64, (std::vector<int64_t>{lo}));
  EXPECT_EQ(eval(makeNode("Mod"), {&min, &m1}).i64, (std::vector<int64_t>{0}));
  EXPECT_EQ(eval(makeNode("Pow"), {&big, &two}).i64,
            (std::vector<int64_t>{hi}));
  EXPECT_EQ(eval(makeNode("Neg"), {&min}).i64, (std::vector<int64_t>{hi}));
  HostTensor nan = HostTensor::floats({2}, {NAN, -1e30f});
  EXPECT_EQ(eval(makeNode("Cast", {{"to", 7}}), {&nan}).i64,
            (std::vector<int64_t>{0, lo}));
  HostTensor start = ints({}, {hi}), limit = ints({}, {lo}),
             delta = ints({}, {lo});
  EXPECT_EQ(eval(makeNode("Range"), {&start, &limit, &delta}).i64,
            (std::vector<int64_t>{hi, -1}));
  HostTensor inf = HostTensor::floats({}, {INFINITY});
  HostTensor fstep = HostTensor::floats({}, {1.0f});
  EXPECT_NE(evalError(makeNode("Range"), {&inf, &inf, &fstep}), "");
}

// Hostile shapes and steps are errors or exact, never out-of-bounds reads.
TEST(ConstEval, HostileConcatSliceGather) {
  HostTensor a = ints({2, 1}, {1, 2}), b = ints({1, 3}, {3, 4, 5});
  EXPECT_NE(evalError(makeNode("Concat", {{"axis", 1}}), {&a, &b}), "");
  HostTensor data = ints({5}, {0, 1, 2, 3, 4}), start = ints({1}, {1}),
             end = ints({1}, {5}), axes = ints({1}, {0}),
             up = ints({1}, {INT64_MAX}), down = ints({1}, {INT64_MIN}),
             from = ints({1}, {4}), to = ints({1}, {-100});
  EXPECT_EQ(eval(makeNode("Slice"), {&data, &start, &end, &axes, &up}).i64,
            (std::vector<int64_t>{1}));
  EXPECT_EQ(eval(makeNode("Slice"), {&data, &from, &to, &axes, &down}).i64,
            (std::vector<int64_t>{4}));
  // 8192 indices of 4096-element rows: 2^25 elements, over the host limit.
  HostTensor wide = ints({1, 4096}, std::vector<int64_t>(4096, 0)),
             many = ints({8192}, std::vector<int64_t>(8192, 0));
  EXPECT_NE(evalError(makeNode("Gather", {{"axis", 0}}), {&wide, &many}), "");
}

TEST(ConstEval, UnsupportedAndMissingInputs) {
  HostTensor a = ints({1}, {1});
  HostTensor out;
  std::string error;
  EXPECT_FALSE(evaluateConstantNode(makeNode("Conv"), {&a}, out, error));
  EXPECT_NE(evalError(makeNode("Reshape"), {&a}), "");
  EXPECT_NE(evalError(makeNode("Cast", {{"to", 10}}), {&a}), "");
  HostTensor huge = ints({1}, {int64_t(1) << 40});
  EXPECT_NE(evalError(makeNode("ConstantOfShape"), {&huge}), "");
}

} // namespace
