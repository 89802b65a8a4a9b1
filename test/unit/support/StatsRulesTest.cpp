//===- StatsRulesTest.cpp - each counting rule on small hand-built IR -----===//
//
// Expected figures are written out from the formulas of section 2.8 of
// mnv4-architectures.md (and docs/stats.md), not taken from the code.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Support/Stats.h"

#include "dialects/mnv4/MNV4Dialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

using namespace mlir;
using mnv4::BlockStats;
using mnv4::ModelStats;

namespace {

class StatsRules : public ::testing::Test {
protected:
  StatsRules() { ctx.loadDialect<mnv4::MNV4Dialect, func::FuncDialect>(); }

  /// Counts `body` wrapped in `func.func @main(%x: inputType)`; `body` uses
  /// %x and ends with `return %y : TYPE`, which gives the result type.
  ModelStats count(StringRef inputType, StringRef body) {
    StringRef resultType = body.substr(body.rfind(" : ") + 3);
    std::string text = llvm::formatv("func.func @main(%x: {0}) -> {1} "
                                     "{{\n{2}\n}",
                                     inputType, resultType, body)
                           .str();
    module = parseSourceString<ModuleOp>(text, &ctx);
    EXPECT_TRUE(module) << text;
    if (!module)
      return {};
    auto func = *module->getOps<func::FuncOp>().begin();
    return mnv4::computeStats(func);
  }

  /// The single counted op of `body`.
  BlockStats countOne(StringRef inputType, StringRef body) {
    ModelStats stats = count(inputType, body);
    EXPECT_EQ(stats.blocks.size(), 1u);
    return stats.blocks.empty() ? BlockStats() : stats.blocks.front();
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
};

/// "%name = mnv4.const dense<1.0> : tensor<SHAPExf32>" ("" = a scalar).
std::string weight(StringRef name, StringRef shape) {
  return llvm::formatv("%{0} = mnv4.const dense<1.0> : tensor<{1}{2}f32>\n",
                       name, shape, shape.empty() ? "" : "x")
      .str();
}

TEST_F(StatsRules, ConvWithBiasIsConvPlusFoldedBatchNorm) {
  BlockStats b = countOne("tensor<1x16x16x3xf32>",
                          weight("w", "8x3x3x3") + weight("b", "8") + R"(
    %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 2, 2>,
        pad = array<i64: 1, 1, 1, 1>, act = #mnv4.act<relu>}
        : (tensor<1x16x16x3xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>)
        -> tensor<1x8x8x8xf32> loc("conv_stem")
    return %y : tensor<1x8x8x8xf32>)");
  EXPECT_EQ(b.kind, "conv");
  EXPECT_EQ(b.params, 8 * 3 * 3 * 3 + 2 * 8); // BN weight + bias
  EXPECT_EQ(b.weights, 8 * 3 * 3 * 3 + 8);    // filter + folded bias
  EXPECT_EQ(b.macs, 3 * 3 * 3 * 8 * 8 * 8);   // kh kw Cin Cout Ho Wo
  EXPECT_EQ(b.attrs.getString("name"), "conv_stem");
  EXPECT_EQ(b.attrs.getString("act"), "relu");
}

TEST_F(StatsRules, ConvWithoutBiasHasNoBatchNorm) {
  // Asymmetric stride and padding: Ho = (9+1+0-3)/2+1 = 4, Wo = (9-3)/1+1 = 7.
  BlockStats b = countOne("tensor<1x9x9x4xf32>", weight("w", "6x3x3x4") + R"(
    %y = mnv4.conv2d %x, %w {strides = array<i64: 2, 1>,
        pad = array<i64: 1, 0, 0, 0>}
        : (tensor<1x9x9x4xf32>, tensor<6x3x3x4xf32>) -> tensor<1x4x7x6xf32>
    return %y : tensor<1x4x7x6xf32>)");
  EXPECT_EQ(b.params, 6 * 3 * 3 * 4);
  EXPECT_EQ(b.weights, b.params);
  EXPECT_EQ(b.macs, 3 * 3 * 4 * 6 * 4 * 7);
  EXPECT_FALSE(b.attrs.get("name"));
}

TEST_F(StatsRules, DepthwiseConvCountsOneInputChannelPerOutput) {
  BlockStats b = countOne("tensor<1x8x8x5xf32>",
                          weight("w", "3x3x5") + weight("b", "5") + R"(
    %y = mnv4.depthwise_conv2d %x, %w, %b {strides = array<i64: 2, 2>,
        pad = array<i64: 1, 1, 1, 1>}
        : (tensor<1x8x8x5xf32>, tensor<3x3x5xf32>, tensor<5xf32>)
        -> tensor<1x4x4x5xf32>
    return %y : tensor<1x4x4x5xf32>)");
  EXPECT_EQ(b.kind, "depthwise_conv");
  EXPECT_EQ(b.params, 9 * 5 + 2 * 5);
  EXPECT_EQ(b.weights, 9 * 5 + 5);
  EXPECT_EQ(b.macs, 9 * 5 * 4 * 4);
}

TEST_F(StatsRules, FullyConnectedBiasIsAParameterNotABatchNorm) {
  BlockStats b = countOne("tensor<1x1x1x16xf32>",
                          weight("w", "10x16") + weight("b", "10") + R"(
    %y = mnv4.fully_connected %x, %w, %b
        : (tensor<1x1x1x16xf32>, tensor<10x16xf32>, tensor<10xf32>)
        -> tensor<1x10xf32>
    return %y : tensor<1x10xf32>)");
  EXPECT_EQ(b.kind, "fully_connected");
  EXPECT_EQ(b.params, 16 * 10 + 10);
  EXPECT_EQ(b.weights, 16 * 10 + 10);
  EXPECT_EQ(b.macs, 16 * 10);
}

/// The operands of a block op being written: the mnv4.const ops, the operand
/// groups (` expand(%ew, %eb)`) and the operand types.
struct BlockOperands {
  std::string consts, groups, types;

  /// Adds ` keyword(%name, ...)`, one const for each {name, shape}.
  void add(StringRef keyword,
           std::initializer_list<std::pair<StringRef, StringRef>> weights) {
    groups += (" " + keyword + "(").str();
    llvm::ListSeparator comma;
    for (auto [name, shape] : weights) {
      consts += weight(name, shape);
      groups += (StringRef(comma) + "%" + name).str();
      types += (", tensor<" + shape + "xf32>").str();
    }
    groups += ")";
  }
};

/// A FusedIB 8 -> 12 channels, mid 16, k3, stride 2 on 8x8, with `aa`.
std::string fusedIB(StringRef aa, StringRef outType) {
  BlockOperands ops;
  ops.types = "tensor<1x8x8x8xf32>";
  ops.add("expand", {{"ew", "16x3x3x8"}, {"eb", "16"}});
  ops.add("project", {{"pw", "12x1x1x16"}, {"pb", "12"}});
  return ops.consts + llvm::formatv(R"(
    %y = mnv4.fused_ib %x{0}
        {{stride = 2 : i64, antialias = #mnv4.aa<{1}>}
        : ({2}) -> {3}
    return %y : {3})",
                                    ops.groups, aa, ops.types, outType)
                          .str();
}

TEST_F(StatsRules, FusedIBStridedAndAntialiased) {
  const int64_t params = 16 * 9 * 8 + 2 * 16 + 16 * 12 + 2 * 12;
  const int64_t weights = 16 * 9 * 8 + 16 + 16 * 12 + 12;
  const int64_t project = 16 * 12 * 4 * 4;

  BlockStats plain =
      countOne("tensor<1x8x8x8xf32>", fusedIB("none", "tensor<1x4x4x12xf32>"));
  EXPECT_EQ(plain.kind, "fused_ib");
  EXPECT_EQ(plain.params, params);
  EXPECT_EQ(plain.weights, weights);
  EXPECT_EQ(plain.macs, 9 * 8 * 16 * 4 * 4 + project);

  // aa: the expand conv runs at stride 1 (8x8), the avg pool is free.
  BlockStats avg =
      countOne("tensor<1x8x8x8xf32>", fusedIB("avg", "tensor<1x4x4x12xf32>"));
  EXPECT_EQ(avg.params, params);
  EXPECT_EQ(avg.macs, 9 * 8 * 16 * 8 * 8 + project);
  EXPECT_EQ(avg.attrs.getString("antialias"), "avg");

  // blur: as avg plus the fixed 3x3 depthwise blur on the 4x4 output.
  BlockStats blur =
      countOne("tensor<1x8x8x8xf32>", fusedIB("blur", "tensor<1x4x4x12xf32>"));
  EXPECT_EQ(blur.params, params);
  EXPECT_EQ(blur.macs, 9 * 8 * 16 * 8 * 8 + 9 * 16 * 4 * 4 + project);
}

/// A UIB 8 -> 8 (mid 16) on 6x6 with the given optional parts.
std::string uib(bool start, bool mid, bool layerScale, int64_t stride,
                StringRef aa, int64_t outSize) {
  BlockOperands ops;
  ops.types = "tensor<1x6x6x8xf32>";
  if (start)
    ops.add("start", {{"sw", "5x5x8"}, {"sb", "8"}});
  ops.add("expand", {{"ew", "16x1x1x8"}, {"eb", "16"}});
  if (mid)
    ops.add("mid", {{"mw", "3x3x16"}, {"mb", "16"}});
  ops.add("project", {{"pw", "8x1x1x16"}, {"pb", "8"}});
  if (layerScale)
    ops.add("layer_scale", {{"ls", "8"}});
  std::string out = llvm::formatv("tensor<1x{0}x{0}x8xf32>", outSize).str();
  return ops.consts + llvm::formatv(R"(
    %y = mnv4.uib %x{0} {{stride = {1} : i64, antialias = #mnv4.aa<{2}>{3}}
        : ({4}) -> {5}
    return %y : {5})",
                                    ops.groups, stride, aa,
                                    stride == 1 ? ", residual" : "", ops.types,
                                    out)
                          .str();
}

TEST_F(StatsRules, UIBSubFormsAtStrideOne) {
  const int64_t px = 6 * 6;
  const int64_t startP = 25 * 8 + 2 * 8, midP = 9 * 16 + 2 * 16;
  const int64_t coreP = 8 * 16 + 2 * 16 + 16 * 8 + 2 * 8;
  const int64_t startM = 25 * 8 * px, midM = 9 * 16 * px;
  const int64_t coreM = 8 * 16 * px + 16 * 8 * px;
  struct Case {
    bool start, mid;
    const char *form;
    int64_t params, macs;
  } cases[] = {
      {true, true, "XDW", startP + coreP + midP, startM + coreM + midM},
      {false, true, "IB", coreP + midP, coreM + midM},
      {true, false, "CNX", startP + coreP, startM + coreM},
      {false, false, "FFN", coreP, coreM}};
  for (const Case &c : cases) {
    BlockStats b = countOne("tensor<1x6x6x8xf32>",
                            uib(c.start, c.mid, true, 1, "none", 6));
    EXPECT_EQ(b.kind, "uib");
    EXPECT_EQ(b.attrs.getString("form"), c.form);
    EXPECT_EQ(b.params, c.params + 8) << c.form; // + layer scale
    EXPECT_EQ(b.macs, c.macs) << c.form;         // layer scale mul is free
    EXPECT_EQ(b.attrs.getBoolean("residual"), true);
    EXPECT_EQ(b.attrs.getBoolean("layer_scale"), true);
    EXPECT_EQ(b.attrs.getInteger("start_kernel"), c.start ? 5 : 0);
    EXPECT_EQ(b.attrs.getInteger("mid_kernel"), c.mid ? 3 : 0);
  }
}

TEST_F(StatsRules, UIBStrideSitsOnMidOrStartConv) {
  // XDW s2: start dw at 6x6, expand at 6x6, mid dw at 3x3, project at 3x3.
  BlockStats xdw =
      countOne("tensor<1x6x6x8xf32>", uib(true, true, false, 2, "none", 3));
  EXPECT_EQ(xdw.macs, 25 * 8 * 36 + 8 * 16 * 36 + 9 * 16 * 9 + 16 * 8 * 9);
  // CNX s2: the start dw carries the stride; everything after runs at 3x3.
  BlockStats cnx =
      countOne("tensor<1x6x6x8xf32>", uib(true, false, false, 2, "none", 3));
  EXPECT_EQ(cnx.macs, 25 * 8 * 9 + 8 * 16 * 9 + 16 * 8 * 9);
  // aa: the mid dw runs at stride 1 (6x6); avg adds nothing, blur adds
  // 9 * mid * Ho * Wo.
  BlockStats avg =
      countOne("tensor<1x6x6x8xf32>", uib(true, true, false, 2, "avg", 3));
  EXPECT_EQ(avg.macs, 25 * 8 * 36 + 8 * 16 * 36 + 9 * 16 * 36 + 16 * 8 * 9);
  BlockStats blur =
      countOne("tensor<1x6x6x8xf32>", uib(true, true, false, 2, "blur", 3));
  EXPECT_EQ(blur.macs, avg.macs + 9 * 16 * 9);
  EXPECT_EQ(blur.params, xdw.params);
}

/// Mobile MQA on 4x4x12 with 2 heads, kd = 4, vd = 6, kv stride `kv`.
std::string mqa(int64_t kv) {
  std::string body = weight("ns", "12") + weight("nt", "12") +
                     weight("q", "8x1x1x12") + weight("k", "4x1x1x12") +
                     weight("v", "6x1x1x12") + weight("o", "12x1x1x12") +
                     weight("ls", "12");
  std::string down, downTypes;
  if (kv > 1) {
    body += weight("kdw", "3x3x12") + weight("kdb", "12") +
            weight("vdw", "3x3x12") + weight("vdb", "12");
    down = " key_down(%kdw, %kdb) value_down(%vdw, %vdb)";
    downTypes = ", tensor<3x3x12xf32>, tensor<12xf32>, tensor<3x3x12xf32>, "
                "tensor<12xf32>";
  }
  body += llvm::formatv(R"(
    %y = mnv4.mqa %x norm(%ns, %nt) query(%q){0} key(%k) value(%v) output(%o)
        layer_scale(%ls) {{num_heads = 2 : i64, kv_stride = {1} : i64}
        : (tensor<1x4x4x12xf32>, tensor<12xf32>, tensor<12xf32>,
           tensor<8x1x1x12xf32>{2}, tensor<4x1x1x12xf32>,
           tensor<6x1x1x12xf32>, tensor<12x1x1x12xf32>, tensor<12xf32>)
        -> tensor<1x4x4x12xf32> loc("blocks.2.4")
    return %y : tensor<1x4x4x12xf32>)",
                        down, kv, downTypes)
              .str();
  return body;
}

TEST_F(StatsRules, MobileMQAMatmulsAndProjections) {
  const int64_t c = 12, h = 2, kd = 4, vd = 6, n = 16;
  // params: 2C + C h kd + [2 (9C + 2C)] + C kd + C vd + h vd C + C (LS).
  const int64_t base = 2 * c + c * h * kd + c * kd + c * vd + h * vd * c + c;
  for (int64_t kv : {1, 2}) {
    const int64_t m = kv == 1 ? n : 4;
    BlockStats b = countOne("tensor<1x4x4x12xf32>", mqa(kv));
    EXPECT_EQ(b.kind, "mqa");
    EXPECT_EQ(b.params, base + (kv > 1 ? 2 * (9 * c + 2 * c) : 0));
    EXPECT_EQ(b.weights, base + (kv > 1 ? 2 * (9 * c + c) : 0));
    const int64_t attention = h * n * m * kd + h * n * m * vd;
    EXPECT_EQ(b.attrs.getInteger("attention_macs"), attention);
    EXPECT_EQ(b.attrs.getInteger("queries"), n);
    EXPECT_EQ(b.attrs.getInteger("keys"), m);
    EXPECT_EQ(b.macs, c * h * kd * n + (kv > 1 ? 2 * 9 * c * m : 0) +
                          c * kd * m + c * vd * m + attention + h * vd * c * n);
    EXPECT_EQ(b.attrs.getInteger("kv_kernel"), kv > 1 ? 3 : 0);
    EXPECT_EQ(b.attrs.getString("name"), "blocks.2.4");
  }
}

TEST_F(StatsRules, GenericOps) {
  ModelStats s = count("tensor<1x4x4x8xf32>",
                       weight("bs", "8") + weight("bt", "8") +
                           weight("ls", "8") + weight("scale", "") + R"(
    %bn = mnv4.batch_norm %x, %bs, %bt
        : (tensor<1x4x4x8xf32>, tensor<8xf32>, tensor<8xf32>)
        -> tensor<1x4x4x8xf32>
    %blur = mnv4.blur_pool %bn : tensor<1x4x4x8xf32> -> tensor<1x2x2x8xf32>
    %avg = mnv4.avg_pool2d %bn {kernel = 2 : i64, stride = 2 : i64}
        : tensor<1x4x4x8xf32> -> tensor<1x2x2x8xf32>
    %sum = mnv4.add %blur, %avg : tensor<1x2x2x8xf32>
    %lsm = mnv4.mul %sum, %ls
        : (tensor<1x2x2x8xf32>, tensor<8xf32>) -> tensor<1x2x2x8xf32>
    %sm = mnv4.mul %lsm, %scale
        : (tensor<1x2x2x8xf32>, tensor<f32>) -> tensor<1x2x2x8xf32>
    %t = mnv4.transpose %sm {perm = array<i64: 0, 1, 3, 2>}
        : tensor<1x2x2x8xf32> -> tensor<1x2x8x2xf32>
    %mm = mnv4.matmul %sm, %t
        : (tensor<1x2x2x8xf32>, tensor<1x2x8x2xf32>) -> tensor<1x2x2x2xf32>
    %p = mnv4.softmax %mm : tensor<1x2x2x2xf32>
    %y = mnv4.activation <gelu> %p : tensor<1x2x2x2xf32>
    return %y : tensor<1x2x2x2xf32>)");
  std::vector<std::string> kinds;
  for (const BlockStats &b : s.blocks)
    kinds.push_back(b.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{
                       "batch_norm", "blur_pool", "avg_pool", "add", "mul",
                       "mul", "transpose", "matmul", "softmax", "activation"}));
  ASSERT_EQ(s.blocks.size(), 10u);
  // Standalone BN (the MQA pre-norm): 2C trainable, stored as scale/shift.
  EXPECT_EQ(s.blocks[0].params, 16);
  EXPECT_EQ(s.blocks[0].weights, 16);
  EXPECT_EQ(s.blocks[0].macs, 0);
  // Blur: a fixed depthwise 3x3 at the output size, no parameters.
  EXPECT_EQ(s.blocks[1].macs, 9 * 8 * 2 * 2);
  EXPECT_EQ(s.blocks[1].params, 0);
  EXPECT_EQ(s.blocks[2].macs, 0); // pooling is free
  EXPECT_EQ(s.blocks[3].macs, 0); // adds are free
  // Layer scale [C]: trainable, its multiply free; a scalar scale is a
  // constant, not a parameter, but still a stored number.
  EXPECT_EQ(s.blocks[4].params, 8);
  EXPECT_EQ(s.blocks[4].macs, 0);
  EXPECT_EQ(s.blocks[5].params, 0);
  EXPECT_EQ(s.blocks[5].weights, 1);
  // [1,2,2,8] x [1,2,8,2]: 2 batches of 2x8x2.
  EXPECT_EQ(s.blocks[7].macs, 2 * 2 * 8 * 2);
  EXPECT_EQ(s.blocks[8].macs, 0);
  EXPECT_EQ(s.blocks[9].attrs.getString("act"), "gelu");
  EXPECT_EQ(s.params, 16 + 8);
  EXPECT_EQ(s.weights, 16 + 8 + 1);
  EXPECT_EQ(s.macs, 9 * 8 * 2 * 2 + 2 * 2 * 8 * 2);
}

TEST_F(StatsRules, JSONHasTotalsAndOneObjectPerBlock) {
  ModelStats s =
      count("tensor<1x8x8x8xf32>", fusedIB("none", "tensor<1x4x4x12xf32>"));
  llvm::json::Value v = mnv4::toJSON(s);
  const llvm::json::Object *o = v.getAsObject();
  ASSERT_TRUE(o);
  EXPECT_EQ(o->getInteger("params"), s.params);
  EXPECT_EQ(o->getInteger("weights"), s.weights);
  EXPECT_EQ(o->getInteger("macs"), s.macs);
  const llvm::json::Array *blocks = o->getArray("blocks");
  ASSERT_TRUE(blocks);
  ASSERT_EQ(blocks->size(), 1u);
  const llvm::json::Object *b = (*blocks)[0].getAsObject();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->getString("kind"), "fused_ib");
  EXPECT_EQ(b->getInteger("expanded_channels"), 16);
  EXPECT_EQ(b->getInteger("kernel"), 3);
  EXPECT_EQ(b->getInteger("stride"), 2);
  EXPECT_EQ(b->getString("act"), "relu");
  EXPECT_EQ(b->getBoolean("residual"), false);
  EXPECT_EQ(b->getInteger("macs"), s.macs);
}

TEST_F(StatsRules, TableHasOneRowPerBlockAndTotals) {
  ModelStats s =
      count("tensor<1x6x6x8xf32>", uib(true, true, true, 1, "none", 6));
  std::string text;
  llvm::raw_string_ostream os(text);
  mnv4::printStatsTable(s, os);
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(text).trim().split(lines, '\n');
  ASSERT_EQ(lines.size(), 4u) << text; // header, block, total, weights
  EXPECT_TRUE(lines[1].contains("uib:XDW")) << text;
  EXPECT_TRUE(lines[1].contains("5/3")) << text;
  EXPECT_TRUE(lines[1].contains("8->8")) << text;
  EXPECT_TRUE(lines[2].starts_with("total")) << text;
  EXPECT_TRUE(lines[2].ends_with(std::to_string(s.macs))) << text;
  EXPECT_TRUE(lines[2].contains(std::to_string(s.params))) << text;
}

} // namespace
