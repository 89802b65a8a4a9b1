//===- mnv4-onnx-gen.cpp - timm-style ONNX graphs for tests ---------------===//
//
// Writes ONNX graphs with exactly the node patterns PyTorch 1.13's exporter
// produces for timm's MobileNetV4 modules (docs: mnv4-architectures.md §4),
// with deterministic pseudo-random weights, so that every pattern and every
// variant can be tested without the real exports. The network is a spec:
//
//   mnv4-onnx-gen -o m.onnx --res 32 --act relu \
//     "stem c=16 / cba k=3 s=2 c=16 / uib a=3 k=3 s=2 e=4 c=24 ls,
//      mqa h=2 d=16 kv=2 ls / head c=64 classes=10"
//
// Blocks: stem c; cba k s c; fib k s e|m c [aa=avg|blur]; uib a k s e|m c
// [ls] [aa=avg|blur]; mqa h d kv [ls]; head c classes (e: expansion ratio,
// m: expanded width; classes=0: timm's num_classes=0, the pooled features). "/"
// starts a new stage,
// "," separates blocks. A UIB/FIB has a residual Add when in == out and
// s == 1 (timm's rule). --zero-bias-aliases makes every folded bias zero and
// wires repeated ones through Identity nodes, like timm's rawinit exports.
//
// Export variants: --batch N; --in-chans C; --dynamic-batch / --dynamic-size
// declare the input's N / H,W as dim_params and compute the MQA reshape targets
// with Shape -> Gather -> Cast/Div -> Unsqueeze -> Concat chains (§4.8);
// --stage-outputs makes every stage's last block a graph output (timm's
// features_only, no head); --opset 13..21 writes each opset's forms (Reshape
// allowzero and BN training_mode from 14, Pad axes input and ReduceMean axes
// input from 18, AveragePool dilations from 19, the Gelu op from 20);
// --pool reduce_mean writes the head's pool as ReduceMean; --external-data F
// stores the initializers in F (a file beside the model). --rebatch M.onnx
// writes M's dynamic-batch form instead of generating a graph (Rebatch.h).
//
//===----------------------------------------------------------------------===//

#include "Rebatch.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <deque>
#include <map>
#include <onnx/onnx_pb.h>

using namespace llvm;

static cl::opt<std::string> spec(cl::Positional, cl::init(""),
                                 cl::desc("<network spec>"));
static cl::opt<std::string> specFile("spec-file",
                                     cl::desc("read the network spec from a "
                                              "file instead"));
static cl::opt<std::string> outputPath("o", cl::Required,
                                       cl::desc("output .onnx file"));
static cl::opt<std::string>
    inputPath("write-input",
              cl::desc("also write a random NCHW float32 input here"));
static cl::opt<int> resolution("res", cl::init(32), cl::desc("input H = W"));
static cl::opt<int> batch("batch", cl::init(1), cl::desc("input batch"));
static cl::opt<int> inChans("in-chans", cl::init(3),
                            cl::desc("input channels (timm's in_chans)"));
static cl::opt<bool> dynamicBatch("dynamic-batch",
                                  cl::desc("declare the batch as 'batch'"));
static cl::opt<bool>
    dynamicSize("dynamic-size",
                cl::desc("declare H and W as 'height' and 'width'"));
static cl::opt<bool>
    stageOutputs("stage-outputs",
                 cl::desc("one graph output per stage (features_only)"));
static cl::opt<std::string>
    pool("pool", cl::init("global"),
         cl::desc("head pool: global (GlobalAveragePool) or reduce_mean"));
static cl::opt<std::string>
    rebatch("rebatch", cl::desc("write this export's dynamic-batch form"));
static cl::opt<std::string>
    externalData("external-data",
                 cl::desc("store the initializers in this file (beside -o)"));
static cl::opt<int> opset("opset", cl::init(17),
                          cl::desc("ONNX opset (13..21)"));
static cl::opt<std::string> act("act", cl::init("relu"),
                                cl::desc("relu or gelu (exact, erf form)"));
static cl::opt<bool> zeroBiasAliases(
    "zero-bias-aliases",
    cl::desc("zero folded biases, deduplicated through Identity nodes"));
static cl::opt<unsigned> seed("seed", cl::init(1), cl::desc("weight seed"));

namespace {

/// Reshape-target entries that stand for a dimension of the block input.
constexpr int64_t kBatch = -100, kHeight = -101, kWidth = -102;

/// Deterministic uniform numbers (xorshift64*).
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
  float uniform(float lo, float hi) {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    uint64_t r = s * 2685821657736338717ull;
    return lo + (hi - lo) * static_cast<float>((r >> 40) * (1.0 / (1 << 24)));
  }
};

struct Block {
  std::string kind;
  StringMap<std::string> kv;
  int stage = 0;
  int64_t get(StringRef key, int64_t dflt) const {
    auto it = kv.find(key);
    int64_t v = dflt;
    if (it != kv.end() && !to_integer(it->second, v))
      report_fatal_error(Twine("bad value for ") + key);
    return v;
  }
  bool has(StringRef key) const { return kv.count(key); }
};

class Generator {
public:
  Generator() : rng(seed) {}
  void build(ArrayRef<Block> blocks);
  onnx::ModelProto model;

private:
  // Graph building.
  std::string fresh(StringRef prefix) {
    return (prefix + "_" + Twine(counter++)).str();
  }
  /// Names of the dynamic-shape chain nodes, counted apart so that weights
  /// get the same names with and without them.
  std::string chainName(StringRef prefix) {
    return (prefix + "_dyn" + Twine(chainCounter++)).str();
  }
  std::string chainInts(StringRef scope, ArrayRef<int64_t> v,
                        bool scalar = false) {
    unsigned saved = counter;
    std::string out = constInts(scope, v, scalar);
    counter = saved;
    nodes.back().set_name((scope + "/" + chainName("Constant")).str());
    nodes.back().set_output(0, nodes.back().name() + "_output_0");
    return nodes.back().output(0);
  }
  onnx::NodeProto &node(StringRef op, StringRef name,
                        ArrayRef<std::string> inputs) {
    nodes.emplace_back();
    onnx::NodeProto &n = nodes.back();
    n.set_op_type(op.str());
    n.set_name(name.str());
    for (const std::string &i : inputs)
      n.add_input(i);
    n.add_output(name.str() + "_output_0");
    return n;
  }
  /// A new attribute of `n`, named and typed, for the caller to fill in.
  static onnx::AttributeProto &attr(onnx::NodeProto &n, StringRef name,
                                    onnx::AttributeProto::AttributeType type) {
    onnx::AttributeProto *a = n.add_attribute();
    a->set_name(name.str());
    a->set_type(type);
    return *a;
  }
  static void intsAttr(onnx::NodeProto &n, StringRef name,
                       ArrayRef<int64_t> v) {
    onnx::AttributeProto &a = attr(n, name, onnx::AttributeProto::INTS);
    for (int64_t x : v)
      a.add_ints(x);
  }
  static void intAttr(onnx::NodeProto &n, StringRef name, int64_t v) {
    attr(n, name, onnx::AttributeProto::INT).set_i(v);
  }
  static void stringAttr(onnx::NodeProto &n, StringRef name, StringRef v) {
    attr(n, name, onnx::AttributeProto::STRING).set_s(v.str());
  }
  static void floatAttr(onnx::NodeProto &n, StringRef name, float v) {
    attr(n, name, onnx::AttributeProto::FLOAT).set_f(v);
  }
  /// The tensor attribute "value" of a Constant or ConstantOfShape node.
  static onnx::TensorProto &valueAttr(onnx::NodeProto &n) {
    return *attr(n, "value", onnx::AttributeProto::TENSOR).mutable_t();
  }
  /// Float32 data as raw_data, the way torch exports weights.
  static void setFloats(onnx::TensorProto &t, ArrayRef<int64_t> shape,
                        const std::vector<float> &v) {
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : shape)
      t.add_dims(d);
    t.set_raw_data(std::string(reinterpret_cast<const char *>(v.data()),
                               v.size() * sizeof(float)));
  }
  std::string initializer(StringRef name, ArrayRef<int64_t> shape,
                          const std::vector<float> &v) {
    onnx::TensorProto *t = model.mutable_graph()->add_initializer();
    t->set_name(name.str());
    setFloats(*t, shape, v);
    return name.str();
  }
  std::vector<float> random(int64_t n, float lo, float hi) {
    std::vector<float> v(n);
    for (float &x : v)
      x = rng.uniform(lo, hi);
    return v;
  }
  std::string weight(ArrayRef<int64_t> shape, int64_t fanIn) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    float a = std::sqrt(3.0f / fanIn);
    return initializer(fresh("onnx::Conv"), shape, random(n, -a, a));
  }
  std::string bias(int64_t n);
  /// A Constant node in `scope`; its value is set through valueAttr.
  onnx::NodeProto &constantNode(StringRef scope) {
    return node("Constant", (scope + "/" + fresh("Constant")).str(), {});
  }
  std::string constInts(StringRef scope, ArrayRef<int64_t> v,
                        bool scalar = false);
  std::string constFloat(StringRef scope, float v);
  std::string constFloatTensor(StringRef scope, ArrayRef<int64_t> shape,
                               const std::vector<float> &v);
  /// A Reshape target: the entries kBatch, kHeight and kWidth stand for
  /// dims 0, 2 and 3 of `src` (the static values, or with a dynamic input
  /// the exporter's Shape -> Gather chains); other entries are literals.
  std::string shapeVector(StringRef scope, const std::string &src,
                          ArrayRef<int64_t> entries);
  /// Pad(x) by [top, left, bottom, right] on H and W, in the opset's form.
  std::string pad(StringRef scope, const std::string &x,
                  ArrayRef<int64_t> tlbr);

  // Modules, each named after its timm scope.
  std::string conv(StringRef scope, const std::string &x, int64_t cin,
                   int64_t cout, int64_t k, int64_t s, bool depthwise,
                   bool withBias);
  std::string activation(StringRef scope, const std::string &x);
  std::string antialias(StringRef scope, const std::string &x, StringRef aa,
                        int64_t c);
  std::string layerScale(StringRef scope, const std::string &x, int64_t c);
  std::string mqa(StringRef scope, const std::string &x, const Block &b);

  Rng rng;
  unsigned counter = 1000, chainCounter = 0;
  std::deque<onnx::NodeProto> nodes; // stable references
  std::vector<onnx::NodeProto> identities;
  StringMap<std::string> zeroBias;
  int64_t c = inChans, h = 0, w = 0;
};

std::string Generator::bias(int64_t n) {
  if (!zeroBiasAliases)
    return initializer(fresh("onnx::Conv"), {n}, random(n, -0.1f, 0.1f));
  std::string key = std::to_string(n);
  auto it = zeroBias.find(key);
  if (it == zeroBias.end())
    return zeroBias[key] =
               initializer(fresh("onnx::Conv"), {n}, std::vector<float>(n));
  onnx::NodeProto id;
  id.set_op_type("Identity");
  id.set_name(fresh("Identity"));
  id.add_input(it->second);
  std::string out = fresh("onnx::Conv");
  id.add_output(out);
  identities.push_back(id);
  return out;
}

std::string Generator::constInts(StringRef scope, ArrayRef<int64_t> v,
                                 bool scalar) {
  onnx::NodeProto &n = constantNode(scope);
  onnx::TensorProto &t = valueAttr(n);
  t.set_data_type(onnx::TensorProto::INT64);
  if (!scalar)
    t.add_dims(v.size());
  for (int64_t x : v)
    t.add_int64_data(x);
  return n.output(0);
}

std::string Generator::constFloatTensor(StringRef scope,
                                        ArrayRef<int64_t> shape,
                                        const std::vector<float> &v) {
  onnx::NodeProto &n = constantNode(scope);
  setFloats(valueAttr(n), shape, v);
  return n.output(0);
}

std::string Generator::shapeVector(StringRef scope, const std::string &src,
                                   ArrayRef<int64_t> entries) {
  if (!dynamicBatch && !dynamicSize) {
    SmallVector<int64_t> v;
    for (int64_t e : entries)
      v.push_back(e == kBatch ? batch : e == kHeight ? h : e == kWidth ? w : e);
    return chainInts(scope, v);
  }
  // torch traces `s = x.shape; t.reshape(s[0], heads, ...)` and `H // 1`.
  SmallVector<std::string> parts;
  for (int64_t e : entries) {
    if (e != kBatch && e != kHeight && e != kWidth) {
      parts.push_back(chainInts(scope, {e}));
      continue;
    }
    int64_t dim = e == kBatch ? 0 : e == kHeight ? 2 : 3;
    std::string shape =
        node("Shape", (scope + "/" + chainName("Shape")).str(), {src})
            .output(0);
    std::string v = node("Gather", (scope + "/" + chainName("Gather")).str(),
                         {shape, chainInts(scope, {dim}, /*scalar=*/true)})
                        .output(0);
    if (dim != 0) {
      onnx::NodeProto &c1 =
          node("Cast", (scope + "/" + chainName("Cast")).str(), {v});
      intAttr(c1, "to", onnx::TensorProto::INT64);
      std::string q = node("Div", (scope + "/" + chainName("Div")).str(),
                           {c1.output(0), chainInts(scope, {1}, true)})
                          .output(0);
      onnx::NodeProto &c2 =
          node("Cast", (scope + "/" + chainName("Cast")).str(), {q});
      intAttr(c2, "to", onnx::TensorProto::INT64);
      v = c2.output(0);
    }
    parts.push_back(node("Unsqueeze",
                         (scope + "/" + chainName("Unsqueeze")).str(),
                         {v, chainInts(scope, {0})})
                        .output(0));
  }
  onnx::NodeProto &cat =
      node("Concat", (scope + "/" + chainName("Concat")).str(), parts);
  intAttr(cat, "axis", 0);
  return cat.output(0);
}

std::string Generator::pad(StringRef scope, const std::string &x,
                           ArrayRef<int64_t> tlbr) {
  onnx::NodeProto *p;
  if (opset >= 18) { // pads of the listed axes only
    p = &node("Pad", (scope + "/Pad").str(),
              {x, constInts(scope, {tlbr[0], tlbr[1], tlbr[2], tlbr[3]}), "",
               constInts(scope, {2, 3})});
  } else {
    p = &node("Pad", (scope + "/Pad").str(),
              {x, constInts(scope,
                            {0, 0, tlbr[0], tlbr[1], 0, 0, tlbr[2], tlbr[3]})});
  }
  stringAttr(*p, "mode", "constant");
  return p->output(0);
}

std::string Generator::constFloat(StringRef scope, float v) {
  return constFloatTensor(scope, {}, {v});
}

std::string Generator::conv(StringRef scope, const std::string &x, int64_t cin,
                            int64_t cout, int64_t k, int64_t s, bool depthwise,
                            bool withBias) {
  SmallVector<std::string> in = {
      x, depthwise ? weight({cout, 1, k, k}, k * k)
                   : weight({cout, cin, k, k}, cin * k * k)};
  if (withBias)
    in.push_back(bias(cout));
  onnx::NodeProto &n = node("Conv", (scope + "/Conv").str(), in);
  int64_t p = (k - 1) / 2;
  intsAttr(n, "dilations", {1, 1});
  intAttr(n, "group", depthwise ? cin : 1);
  intsAttr(n, "kernel_shape", {k, k});
  intsAttr(n, "pads", {p, p, p, p});
  intsAttr(n, "strides", {s, s});
  h = (h + 2 * p - k) / s + 1;
  w = (w + 2 * p - k) / s + 1;
  c = cout;
  return n.output(0);
}

std::string Generator::activation(StringRef scope, const std::string &x) {
  if (act == "relu")
    return node("Relu", (scope + "/Relu").str(), {x}).output(0);
  if (opset >= 20) { // the Gelu op exists from opset 20
    onnx::NodeProto &g = node("Gelu", (scope + "/Gelu").str(), {x});
    stringAttr(g, "approximate", "none");
    return g.output(0);
  }
  // Exact GELU as torch 1.13 exports it.
  std::string d = node("Div", (scope + "/Div").str(),
                       {x, constFloat(scope, 1.4142135381698608f)})
                      .output(0);
  std::string e = node("Erf", (scope + "/Erf").str(), {d}).output(0);
  std::string a =
      node("Add", (scope + "/Add").str(), {e, constFloat(scope, 1.0f)})
          .output(0);
  std::string m = node("Mul", (scope + "/Mul").str(), {x, a}).output(0);
  return node("Mul", (scope + "/Mul_1").str(), {m, constFloat(scope, 0.5f)})
      .output(0);
}

std::string Generator::antialias(StringRef scope, const std::string &x,
                                 StringRef aa, int64_t ch) {
  if (aa == "avg") {
    onnx::NodeProto &pool = node("AveragePool", (scope + "/AveragePool").str(),
                                 {pad(scope, x, {0, 0, 0, 0})});
    intAttr(pool, "ceil_mode", 0);
    if (opset >= 19)
      intsAttr(pool, "dilations", {1, 1});
    intsAttr(pool, "kernel_shape", {2, 2});
    intsAttr(pool, "pads", {0, 0, 0, 0});
    intsAttr(pool, "strides", {2, 2});
    h /= 2;
    w /= 2;
    return pool.output(0);
  }
  std::vector<float> filt;
  for (int64_t ci = 0; ci < ch; ++ci)
    for (float a : {1.f, 2.f, 1.f})
      for (float b : {1.f, 2.f, 1.f})
        filt.push_back(a * b / 16.0f);
  auto blur = [&](const std::string &padded) {
    onnx::NodeProto &cv =
        node("Conv", (scope + "/Conv").str(),
             {padded, constFloatTensor(scope, {ch, 1, 3, 3}, filt)});
    intsAttr(cv, "dilations", {1, 1});
    intAttr(cv, "group", ch);
    intsAttr(cv, "kernel_shape", {3, 3});
    intsAttr(cv, "pads", {0, 0, 0, 0});
    intsAttr(cv, "strides", {2, 2});
    h = (h + 1) / 2;
    w = (w + 1) / 2;
    return cv.output(0);
  };
  if (opset >= 18)
    return blur(pad(scope, x, {1, 1, 1, 1}));
  // blurpc: the unfolded int64 pad subgraph, then the fixed filter.
  onnx::NodeProto &zeros =
      node("ConstantOfShape", (scope + "/ConstantOfShape").str(),
           {constInts(scope, {4})});
  onnx::TensorProto &zero = valueAttr(zeros);
  zero.set_data_type(onnx::TensorProto::INT64);
  zero.add_dims(1);
  zero.add_int64_data(0);
  onnx::NodeProto &cat =
      node("Concat", (scope + "/Concat").str(),
           {constInts(scope, {1, 1, 1, 1}), zeros.output(0)});
  intAttr(cat, "axis", 0);
  std::string r = node("Reshape", (scope + "/Reshape").str(),
                       {cat.output(0), constInts(scope, {-1, 2})})
                      .output(0);
  std::string sl = node("Slice", (scope + "/Slice").str(),
                        {r, constInts(scope, {-1}),
                         constInts(scope, {-9223372036854775807LL}),
                         constInts(scope, {0}), constInts(scope, {-1})})
                       .output(0);
  onnx::NodeProto &tr = node("Transpose", (scope + "/Transpose").str(), {sl});
  intsAttr(tr, "perm", {1, 0});
  std::string flat = node("Reshape", (scope + "/Reshape_1").str(),
                          {tr.output(0), constInts(scope, {-1})})
                         .output(0);
  onnx::NodeProto &cast = node("Cast", (scope + "/Cast").str(), {flat});
  intAttr(cast, "to", onnx::TensorProto::INT64);
  onnx::NodeProto &padded =
      node("Pad", (scope + "/Pad").str(), {x, cast.output(0), ""});
  stringAttr(padded, "mode", "constant");
  return blur(padded.output(0));
}

std::string Generator::layerScale(StringRef scope, const std::string &x,
                                  int64_t ch) {
  std::string g =
      initializer(fresh("onnx::Mul"), {1, ch, 1, 1}, random(ch, 0.5f, 1.5f));
  return node("Mul", (scope + "/layer_scale/Mul").str(), {x, g}).output(0);
}

std::string Generator::mqa(StringRef scope, const std::string &x,
                           const Block &b) {
  int64_t heads = b.get("h", 4), d = b.get("d", 16), kv = b.get("kv", 1);
  int64_t ch = c, hh = h, ww = w;
  std::string s = scope.str();
  // Pre-norm BatchNormalization with its state-dict parameters.
  SmallVector<std::string> bn = {x};
  const char *names[4] = {"weight", "bias", "running_mean", "running_var"};
  for (int i = 0; i < 4; ++i)
    bn.push_back(
        initializer((scope.substr(1).str() + ".norm." + names[i]), {ch},
                    i == 3 ? random(ch, 0.5f, 1.5f) : random(ch, -0.5f, 0.5f)));
  // scope is "/blocks/blocks.S/blocks.S.I"; keep state-dict style names.
  onnx::NodeProto &norm =
      node("BatchNormalization", s + "/norm/BatchNormalization", bn);
  floatAttr(norm, "epsilon", 9.999999747378752e-06f);
  floatAttr(norm, "momentum", 0.9f);
  if (opset >= 14)
    intAttr(norm, "training_mode", 0);
  std::string xn = norm.output(0);
  std::string a = s + "/attn";

  auto reshape = [&](const std::string &in, ArrayRef<int64_t> shape,
                     StringRef name) {
    onnx::NodeProto &r =
        node("Reshape", a + "/" + name.str(), {in, shapeVector(a, x, shape)});
    if (opset >= 14)
      intAttr(r, "allowzero", 0);
    return r.output(0);
  };
  auto transposeN = [&](const std::string &in, ArrayRef<int64_t> perm,
                        StringRef name) {
    onnx::NodeProto &t = node("Transpose", a + "/" + name.str(), {in});
    intsAttr(t, "perm", perm);
    return t.output(0);
  };
  // Query.
  std::string q =
      conv(a + "/query/proj", xn, ch, heads * d, 1, 1, false, false);
  h = hh, w = ww;
  q = reshape(q, {kBatch, heads, d, -1}, "Reshape");
  q = transposeN(q, {0, 1, 3, 2}, "Transpose");
  // Key and value: optional strided dw + BN, 1x1 proj, to [1,1,M,d].
  auto keyValue = [&](StringRef which, int idx) {
    std::string in = xn;
    h = hh, w = ww, c = ch;
    if (kv > 1)
      in = conv(a + "/" + which.str() + "/down_conv", in, ch, ch, 3, kv, true,
                true);
    std::string p =
        conv(a + "/" + which.str() + "/proj", in, ch, d, 1, 1, false, false);
    p = reshape(p, {kBatch, d, -1}, "Reshape_" + std::to_string(idx));
    p = transposeN(p, {0, 2, 1}, "Transpose_" + std::to_string(idx));
    onnx::NodeProto &u =
        node("Unsqueeze", a + "/Unsqueeze_" + std::to_string(idx),
             {p, constInts(a, {1})});
    return u.output(0);
  };
  std::string k = keyValue("key", 1);
  std::string v = keyValue("value", 2);
  h = hh, w = ww, c = ch;
  std::string qs =
      node("Mul", a + "/Mul", {q, constFloat(a, 1.0f / std::sqrt(float(d)))})
          .output(0);
  std::string kt = transposeN(k, {0, 1, 3, 2}, "Transpose_3");
  std::string l = node("MatMul", a + "/MatMul", {qs, kt}).output(0);
  onnx::NodeProto &sm = node("Softmax", a + "/Softmax", {l});
  intAttr(sm, "axis", -1);
  std::string o = node("MatMul", a + "/MatMul_1", {sm.output(0), v}).output(0);
  o = transposeN(o, {0, 2, 1, 3}, "Transpose_4");
  o = reshape(o, {kBatch, kHeight, kWidth, heads * d}, "Reshape_3");
  o = transposeN(o, {0, 3, 1, 2}, "Transpose_5");
  std::string y =
      conv(a + "/output/proj", o, heads * d, ch, 1, 1, false, false);
  if (b.has("ls"))
    y = layerScale(s, y, ch);
  return node("Add", s + "/Add", {y, x}).output(0);
}

void Generator::build(ArrayRef<Block> blocks) {
  h = w = resolution;
  std::string x = "input";
  SmallVector<int, 8> indexInStage(16, 0);
  // Each stage's last output and its [C,H,W], for --stage-outputs.
  std::map<int, std::pair<std::string, SmallVector<int64_t>>> stageOut;
  for (const Block &b : blocks) {
    scope_exit recordStage([&] {
      if (b.kind != "stem" && b.kind != "head")
        stageOut[b.stage] = {x, {c, h, w}};
    });
    std::string scope = "/blocks/blocks." + std::to_string(b.stage) +
                        "/blocks." + std::to_string(b.stage) + "." +
                        std::to_string(indexInStage[b.stage]);
    int64_t in = c;
    if (b.kind == "stem") {
      x = conv("/conv_stem", x, c, b.get("c", 16), 3, 2, false, true);
      x = activation("/bn1/act", x);
      continue;
    }
    if (b.kind == "head") {
      if (pool == "reduce_mean") { // x.mean((2, 3), keepdim=True)
        onnx::NodeProto *m;
        if (opset >= 18) {
          m = &node("ReduceMean", "/global_pool/ReduceMean",
                    {x, constInts("/global_pool", {2, 3})});
        } else {
          m = &node("ReduceMean", "/global_pool/ReduceMean", {x});
          intsAttr(*m, "axes", {2, 3});
        }
        intAttr(*m, "keepdims", 1);
        x = m->output(0);
      } else {
        x = node("GlobalAveragePool", "/global_pool/pool/GlobalAveragePool",
                 {x})
                .output(0);
      }
      h = w = 1;
      x = conv("/conv_head", x, c, b.get("c", 64), 1, 1, false, true);
      x = activation("/norm_head/act", x);
      onnx::NodeProto &f = node("Flatten", "/flatten/Flatten", {x});
      intAttr(f, "axis", 1);
      int64_t classes = b.get("classes", 10);
      if (classes == 0) { // num_classes=0: the pooled features, no classifier
        f.set_output(0, "logits");
        x = "logits";
        continue;
      }
      float a = std::sqrt(3.0f / c);
      std::string wt = initializer("classifier.weight", {classes, c},
                                   random(classes * c, -a, a));
      std::string bs = initializer("classifier.bias", {classes},
                                   random(classes, -0.1f, 0.1f));
      onnx::NodeProto &g =
          node("Gemm", "/classifier/Gemm", {f.output(0), wt, bs});
      floatAttr(g, "alpha", 1.0f);
      floatAttr(g, "beta", 1.0f);
      intAttr(g, "transB", 1);
      g.set_output(0, "logits");
      x = "logits";
      c = classes;
      continue;
    }
    ++indexInStage[b.stage];
    if (b.kind == "cba") {
      x = conv(scope + "/conv", x, c, b.get("c", c), b.get("k", 3),
               b.get("s", 1), false, true);
      x = activation(scope + "/bn1/act", x);
    } else if (b.kind == "fib") {
      int64_t s = b.get("s", 1), out = b.get("c", c);
      std::string aa = b.kv.lookup("aa");
      int64_t mid = b.has("m") ? b.get("m", 0) : in * b.get("e", 4);
      std::string shortcut = x;
      if (s != 2)
        aa = ""; // timm anti-aliases strided layers only
      x = conv(scope + "/conv_exp", x, c, mid, b.get("k", 3),
               aa.empty() ? s : 1, false, true);
      x = activation(scope + "/bn1/act", x);
      if (!aa.empty())
        x = antialias(scope + "/aa", x, aa, mid);
      x = conv(scope + "/conv_pwl", x, mid, out, 1, 1, false, true);
      if (in == out && s == 1)
        x = node("Add", scope + "/Add", {x, shortcut}).output(0);
    } else if (b.kind == "uib") {
      int64_t s = b.get("s", 1), out = b.get("c", c), a = b.get("a", 0),
              k = b.get("k", 0);
      std::string aa = b.kv.lookup("aa");
      int64_t mid = b.has("m") ? b.get("m", 0) : in * b.get("e", 4);
      if (s != 2 || !k)
        aa = ""; // only a strided dw_mid is anti-aliased
      std::string shortcut = x;
      if (a)
        x = conv(scope + "/dw_start/conv", x, c, c, a, k ? 1 : s, true, true);
      x = conv(scope + "/pw_exp/conv", x, c, mid, 1, 1, false, true);
      x = activation(scope + "/pw_exp/bn/act", x);
      if (k) {
        x = conv(scope + "/dw_mid/conv", x, mid, mid, k, aa.empty() ? s : 1,
                 true, true);
        x = activation(scope + "/dw_mid/bn/act", x);
        if (!aa.empty())
          x = antialias(scope + "/dw_mid/aa", x, aa, mid);
      }
      x = conv(scope + "/pw_proj/conv", x, mid, out, 1, 1, false, true);
      if (b.has("ls"))
        x = layerScale(scope, x, out);
      if (in == out && s == 1)
        x = node("Add", scope + "/Add", {x, shortcut}).output(0);
    } else if (b.kind == "mqa") {
      x = mqa(scope, x, b);
    } else {
      report_fatal_error(Twine("unknown block kind '") + b.kind + "'");
    }
  }

  // The IR version each opset was released with.
  model.set_ir_version(opset >= 21   ? 10
                       : opset >= 19 ? 9
                       : opset >= 15 ? 8
                                     : 7);
  model.set_producer_name("mnv4-onnx-gen");
  model.add_opset_import()->set_version(opset);
  onnx::GraphProto *g = model.mutable_graph();
  g->set_name("main_graph");
  for (onnx::NodeProto &n : identities)
    *g->add_node() = n;
  for (onnx::NodeProto &n : nodes)
    *g->add_node() = n;
  auto io = [&](onnx::ValueInfoProto *v, StringRef name,
                ArrayRef<int64_t> shape) {
    v->set_name(name.str());
    auto *t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (size_t i = 0; i < shape.size(); ++i) {
      auto *d = t->mutable_shape()->add_dim();
      if (i == 0 && dynamicBatch)
        d->set_dim_param("batch");
      else if (i >= 2 && dynamicSize)
        d->set_dim_param(i == 2 ? "height" : "width");
      else
        d->set_dim_value(shape[i]);
    }
  };
  io(g->add_input(), "input", {batch, inChans, resolution, resolution});
  if (!stageOutputs) {
    io(g->add_output(), x == "logits" ? "logits" : x,
       x == "logits" ? SmallVector<int64_t>{batch, c}
                     : SmallVector<int64_t>{batch, c, h, w});
    return;
  }
  // features_only: stage i's last block output becomes graph output feat<i>.
  int index = 0;
  for (auto &[stage, out] : stageOut) {
    std::string name = "feat" + std::to_string(index++);
    for (onnx::NodeProto &n : *g->mutable_node()) {
      for (std::string &in : *n.mutable_input())
        if (in == out.first)
          in = name;
      for (std::string &o : *n.mutable_output())
        if (o == out.first)
          o = name;
    }
    io(g->add_output(), name,
       {batch, out.second[0], out.second[1], out.second[2]});
  }
}

/// Writes `data` to `path`; prints an error on failure.
bool writeFile(StringRef path, StringRef data) {
  if (Error e = writeToOutput(path, [&](raw_ostream &os) {
        os << data;
        return Error::success();
      })) {
    errs() << "error: " << toString(std::move(e)) << "\n";
    return false;
  }
  return true;
}

/// Moves every initializer's data into `path` (ONNX external data, the
/// location relative to the model's directory).
bool moveToExternalData(onnx::ModelProto &model, StringRef path) {
  std::string data;
  for (onnx::TensorProto &t : *model.mutable_graph()->mutable_initializer()) {
    auto entry = [&](StringRef key, StringRef value) {
      onnx::StringStringEntryProto *e = t.add_external_data();
      e->set_key(key.str());
      e->set_value(value.str());
    };
    entry("location", sys::path::filename(path));
    entry("offset", std::to_string(data.size()));
    entry("length", std::to_string(t.raw_data().size()));
    data += t.raw_data();
    t.clear_raw_data();
    t.set_data_location(onnx::TensorProto::EXTERNAL);
  }
  return writeFile(path, data);
}

std::vector<Block> parseSpec(StringRef text) {
  std::vector<Block> blocks;
  int stage = 0;
  SmallVector<StringRef> tokens;
  std::string spaced;
  for (char ch : text) {
    if (ch == '/' || ch == ',') {
      spaced += ' ';
      spaced += ch;
      spaced += ' ';
    } else {
      spaced += ch;
    }
  }
  SplitString(spaced, tokens);
  bool seenBlock = false;
  for (StringRef t : tokens) {
    if (t == ",")
      continue;
    if (t == "/") {
      if (seenBlock)
        ++stage;
      continue;
    }
    if (is_contained({"stem", "cba", "fib", "uib", "mqa", "head"}, t)) {
      blocks.emplace_back();
      blocks.back().kind = t.str();
      blocks.back().stage = stage;
      seenBlock = t != "stem";
      continue;
    }
    auto [key, value] = t.split('=');
    if (blocks.empty() && key == "act") { // a global option
      act = value.str();
      continue;
    }
    if (blocks.empty())
      report_fatal_error(Twine("spec must start with a block: ") + t);
    blocks.back().kv[key] = value.str();
  }
  return blocks;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "timm-style MobileNetV4 ONNX "
                              "graphs for tests\n");
  std::string text = spec;
  if (!specFile.empty()) {
    auto buffer = MemoryBuffer::getFile(specFile);
    if (!buffer) {
      errs() << "error: " << specFile << ": " << buffer.getError().message()
             << "\n";
      return 1;
    }
    text = (*buffer)->getBuffer().str();
  }
  Generator gen;
  if (!rebatch.empty()) {
    auto buffer = MemoryBuffer::getFile(rebatch);
    if (!buffer || !gen.model.ParseFromString((*buffer)->getBuffer().str())) {
      errs() << "error: " << rebatch << ": cannot read the model\n";
      return 1;
    }
    rebatchModel(gen.model);
  } else {
    gen.build(parseSpec(text));
  }
  if (!externalData.empty() && !moveToExternalData(gen.model, externalData))
    return 1;
  std::string bytes;
  if (!gen.model.SerializeToString(&bytes)) {
    errs() << "error: cannot serialise the model\n";
    return 1;
  }
  auto write = writeFile;
  if (!write(outputPath, bytes))
    return 1;
  if (!inputPath.empty()) {
    Rng rng(seed + 7);
    std::vector<float> input(int64_t(batch) * inChans * resolution *
                             resolution);
    for (float &x : input)
      x = rng.uniform(-1.7f, 1.7f);
    if (!write(inputPath,
               StringRef(reinterpret_cast<const char *>(input.data()),
                         input.size() * sizeof(float))))
      return 1;
  }
  return 0;
}
