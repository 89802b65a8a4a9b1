//===- ZooStatsTest.cpp - zoo params/MACs/blocks vs the architecture doc --===//
//
// For every zoo model, the figures of mnv4-architectures.md (read at test
// time): section 3.1 totals, 3.2 stage subtotals and every row and sibling
// column of the 3.3 per-block tables.
//
//===----------------------------------------------------------------------===//

#include "DocTables.h"

#include "mnv4/Support/Stats.h"
#include "mnv4/Zoo/Zoo.h"

#include "dialects/mnv4/MNV4Dialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>
#include <iostream>
#include <map>

using namespace mnv4;
using namespace mnv4::test;
using llvm::StringRef;
using llvm::json::Object;

namespace {

const char *const kVariants[] = {
    "conv_small_035", "conv_small_050",   "conv_small",
    "conv_medium",    "conv_aa_medium",   "conv_blur_medium",
    "conv_large",     "conv_aa_large",    "hybrid_medium_075",
    "hybrid_medium",  "hybrid_large_075", "hybrid_large"};

const MarkdownDoc *loadDoc(std::string &error) {
  static std::string loadError;
  static std::optional<MarkdownDoc> doc = MarkdownDoc::read(
      MNV4_SHARED_DOCS_DIR "/mnv4-architectures.md", loadError);
  error = loadError;
  return doc ? &*doc : nullptr;
}

#define LOAD_DOC(doc)                                                          \
  std::string docError;                                                        \
  const MarkdownDoc *doc = loadDoc(docError);                                  \
  ASSERT_TRUE(doc) << docError

/// The row of `table` whose first cell is `key`.
const std::vector<std::string> *findRow(const MarkdownTable &table,
                                        StringRef key) {
  for (const auto &row : table.rows)
    if (!row.empty() && row[0] == key)
      return &row;
  return nullptr;
}

int64_t count(const std::string &cell) {
  std::optional<int64_t> v = parseCount(cell);
  EXPECT_TRUE(v) << "not a number in the doc: '" << cell << "'";
  return v.value_or(-1);
}

std::string str(const Object &o, StringRef key) {
  if (std::optional<StringRef> s = o.getString(key))
    return s->str();
  if (std::optional<int64_t> i = o.getInteger(key))
    return std::to_string(*i);
  return "?";
}

int64_t integer(const Object &o, StringRef key) {
  return o.getInteger(key).value_or(-1);
}

int64_t firstOf(const Object &o, StringRef key) {
  const llvm::json::Array *a = o.getArray(key);
  return a && !a->empty() ? (*a)[0].getAsInteger().value_or(-1) : -1;
}

std::string yesNo(const Object &o, StringRef key) {
  return o.getBoolean(key).value_or(false) ? "y" : "n";
}

/// The doc's group of a block: stem, stage0..4, head or cls.
std::string stageOf(StringRef name) {
  if (name == "conv_stem")
    return "stem";
  if (name == "global_pool" || name == "conv_head")
    return "head";
  if (name == "classifier")
    return "cls";
  if (name.consume_front("blocks."))
    return "stage" + name.split('.').first.str();
  return "unnamed";
}

/// A built and counted zoo model.
struct Counted {
  int64_t resolution = 0;
  ModelStats stats;
  llvm::StringMap<const BlockStats *> byName;
};

bool buildAndCount(StringRef model, int64_t resolution, Counted &out) {
  mlir::MLIRContext ctx;
  ctx.loadDialect<mnv4::MNV4Dialect, mlir::func::FuncDialect>();
  zoo::BuildOptions options;
  options.resolution = resolution;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      zoo::buildModel(ctx, model, options);
  if (!module)
    return false;
  auto main = module->lookupSymbol<mlir::func::FuncOp>("main");
  if (!main)
    return false;
  auto input =
      mlir::cast<mlir::RankedTensorType>(main.getArgument(0).getType());
  out.resolution = input.getDimSize(1);
  out.stats = computeStats(main);
  for (const BlockStats &b : out.stats.blocks)
    if (std::optional<StringRef> name = b.attrs.getString("name"))
      out.byName[*name] = &b;
  return true;
}

std::map<std::string, int64_t> subtotals(const ModelStats &stats, bool params) {
  std::map<std::string, int64_t> sums;
  for (const BlockStats &b : stats.blocks)
    sums[stageOf(b.attrs.getString("name").value_or(""))] +=
        params ? b.params : b.macs;
  return sums;
}

/// One row of a 3.3 table as the zoo's blocks say it, in the doc's notation.
struct DocCells {
  std::string type, s, k, hIn, inOut, mid, midShort, act, ls, res;
  int64_t params = 0, macs = 0;
};

DocCells describe(StringRef blk, const BlockStats &b, const BlockStats *pool) {
  const Object &a = b.attrs;
  DocCells c;
  c.inOut = str(a, "in_channels") + "→" + str(a, "out_channels");
  c.mid = c.midShort = "-";
  c.act = str(a, "act");
  c.ls = yesNo(a, "layer_scale");
  c.res = yesNo(a, "residual");
  c.params = b.params + (pool ? pool->params : 0);
  c.macs = b.macs + (pool ? pool->macs : 0);
  c.hIn = std::to_string(firstOf(a, "input_size"));
  if (b.kind == "conv") {
    c.type = blk == "stem" ? "conv" : pool ? "pool+conv" : "CBA";
    c.s = pool ? "-" : std::to_string(firstOf(a, "strides"));
    c.k = std::to_string(firstOf(a, "kernel"));
  } else if (b.kind == "fused_ib") {
    c.type = "FIB";
    c.s = str(a, "stride");
    c.k = str(a, "kernel");
    c.mid = c.midShort = str(a, "expanded_channels");
  } else if (b.kind == "uib") {
    auto dw = [&](StringRef key) {
      return integer(a, key) ? str(a, key) : std::string("-");
    };
    c.type = str(a, "form");
    c.s = str(a, "stride");
    c.k = dw("start_kernel") + "/" + dw("mid_kernel");
    c.mid = c.midShort = str(a, "expanded_channels");
  } else if (b.kind == "mqa") {
    c.type = "MQA";
    c.s = "1";
    c.k = integer(a, "kv_kernel") ? "kv:dw" + str(a, "kv_kernel") : "-";
    c.midShort = "h" + str(a, "heads") + " k" + str(a, "key_dim");
    c.mid =
        c.midShort + " v" + str(a, "value_dim") + " kv" + str(a, "kv_stride");
    c.act = "-";
  } else if (b.kind == "fully_connected") {
    c.type = "linear";
    c.s = c.k = c.hIn = c.act = "-";
  } else {
    c.type = b.kind;
  }
  return c;
}

/// Where a variant's own figures are in a 3.3 family table.
struct VariantColumns {
  int inOut = -1, mid = -1, inOutMid = -1, params = -1, macs = -1;
};

std::optional<VariantColumns> findColumns(const MarkdownTable &table,
                                          StringRef family, StringRef variant) {
  VariantColumns main;
  main.inOut = table.column("in→out");
  main.mid = table.column("mid");
  main.params = table.column("params");
  for (size_t i = 0; i < table.header.size() && main.macs < 0; ++i)
    if (StringRef(table.header[i]).starts_with("MACs@"))
      main.macs = static_cast<int>(i);
  if (variant == family)
    return main;
  for (size_t i = main.macs + 1; i < table.header.size(); ++i) {
    StringRef h = table.header[i];
    if (h == (variant + " in→out/mid").str()) {
      VariantColumns sib;
      sib.inOutMid = static_cast<int>(i);
      for (size_t j = i + 1; j < table.header.size(); ++j) {
        StringRef next = table.header[j];
        if (next == "params" && sib.params < 0)
          sib.params = static_cast<int>(j);
        if (next.starts_with("MACs@") && sib.macs < 0)
          sib.macs = static_cast<int>(j);
      }
      return sib;
    }
    if (h.starts_with(("MACs " + variant + "@").str())) {
      VariantColumns sib = main;
      sib.macs = static_cast<int>(i);
      return sib;
    }
  }
  return std::nullopt;
}

/// The H_in cell of a row for a variant at `resolution` ("128/112" under
/// "H_in@256/@224").
std::string hInFor(const MarkdownTable &table,
                   const std::vector<std::string> &row, int64_t resolution) {
  int col = -1;
  for (size_t i = 0; i < table.header.size(); ++i)
    if (StringRef(table.header[i]).starts_with("H_in@"))
      col = static_cast<int>(i);
  if (col < 0)
    return "?";
  llvm::SmallVector<StringRef> resolutions, values;
  StringRef(table.header[col]).drop_front(4).split(resolutions, '/');
  StringRef(row[col]).split(values, '/');
  if (values.size() != resolutions.size())
    return row[col]; // one value shared by all (head "1", cls "-")
  for (size_t i = 0; i < resolutions.size(); ++i)
    if (resolutions[i].drop_front() == std::to_string(resolution))
      return values[i].str();
  return "?";
}

class ZooVsDoc : public ::testing::TestWithParam<const char *> {};

TEST(ZooVsDocNames, ZooHasExactlyTheDocVariants) {
  LOAD_DOC(doc);
  std::vector<std::string> zooNames, docNames;
  for (StringRef name : zoo::modelNames())
    zooNames.push_back(name.str());
  for (const MarkdownTable &t : doc->tablesInSection("### 3.1"))
    if (t.column("MACs@res") >= 0)
      for (const auto &row : t.rows)
        docNames.push_back(row[0]);
  EXPECT_EQ(zooNames, docNames);
  EXPECT_EQ(zooNames, std::vector<std::string>(std::begin(kVariants),
                                               std::end(kVariants)));
}

TEST_P(ZooVsDoc, MatchesArchitectureDoc) {
  const std::string variant = GetParam();
  LOAD_DOC(doc);

  // --- 3.1 summary -------------------------------------------------------
  std::optional<MarkdownTable> summaryTable;
  for (const MarkdownTable &t : doc->tablesInSection("### 3.1"))
    if (t.column("MACs@res") >= 0)
      summaryTable = t;
  ASSERT_TRUE(summaryTable) << "no summary table in section 3.1";
  const MarkdownTable *summary = &*summaryTable;
  const std::vector<std::string> *srow = findRow(*summary, variant);
  ASSERT_TRUE(srow) << variant << " missing from section 3.1";
  auto cell = [&](StringRef col) {
    int i = summary->column(col);
    EXPECT_GE(i, 0) << "section 3.1 has no column " << col.str();
    return i >= 0 ? (*srow)[i] : std::string();
  };
  const int64_t res = count(cell("res"));
  EXPECT_EQ(zoo::defaultResolution(variant), res);

  Counted model;
  ASSERT_TRUE(buildAndCount(variant, 0, model))
      << "zoo cannot build " << variant;
  const ModelStats &stats = model.stats;
  EXPECT_EQ(model.resolution, res);
  EXPECT_EQ(stats.params, count(cell("params")));
  const int64_t macsAtRes = count(cell("MACs@res"));
  EXPECT_LE(std::llabs(stats.macs - macsAtRes), macsAtRes / 1000)
      << "MACs@" << res << " off by more than 0.1%";
  if (stats.macs != macsAtRes)
    std::cout << "note: " << variant << " MACs@" << res << " " << stats.macs
              << " != doc " << macsAtRes << " (within 0.1%)\n";

  int64_t attention = 0;
  std::map<std::string, int> typeCounts;
  bool anyLayerScale = false;
  for (const BlockStats &b : stats.blocks) {
    attention += b.attrs.getInteger("attention_macs").value_or(0);
    anyLayerScale |= b.attrs.getBoolean("layer_scale").value_or(false);
    StringRef name = b.attrs.getString("name").value_or("");
    if (name.starts_with("blocks."))
      ++typeCounts[b.kind];
  }
  EXPECT_EQ(attention, count(cell("attn-matmul MACs@res")));
  EXPECT_EQ(cell("LS"), anyLayerScale ? "y" : "n");
  EXPECT_EQ(llvm::formatv("{0}/{1}/{2}/{3}", typeCounts["conv"],
                          typeCounts["fused_ib"], typeCounts["uib"],
                          typeCounts["mqa"])
                .str(),
            cell("blocks (CBA/FIB/UIB/MQA)"));
  const BlockStats *stem = model.byName.lookup("conv_stem");
  ASSERT_TRUE(stem) << "no block named conv_stem";
  EXPECT_EQ(str(stem->attrs, "out_channels"), cell("stem"));
  EXPECT_EQ(str(stem->attrs, "act"), cell("act"));

  // --- 3.2 stage subtotals ------------------------------------------------
  std::vector<MarkdownTable> stages = doc->tablesInSection("### 3.2");
  ASSERT_EQ(stages.size(), 3u) << "section 3.2: params, MACs@res, MACs@224";
  auto checkSubtotals = [&](const MarkdownTable &t, const ModelStats &s,
                            bool params, StringRef what) {
    const std::vector<std::string> *row = findRow(t, variant);
    ASSERT_TRUE(row) << variant << " missing from section 3.2 " << what.str();
    std::map<std::string, int64_t> sums = subtotals(s, params);
    EXPECT_EQ(sums.count("unnamed"), 0u) << "blocks without a NameLoc";
    for (size_t i = 1; i < t.header.size(); ++i) {
      const std::string &group = t.header[i];
      int64_t actual =
          group == "total" ? (params ? s.params : s.macs) : sums[group];
      EXPECT_EQ(actual, count((*row)[i]))
          << what.str() << " subtotal of " << group;
    }
  };
  checkSubtotals(stages[0], stats, true, "params");
  checkSubtotals(stages[1], stats, false, "MACs@res");

  // --- 3.3 per-block rows -------------------------------------------------
  MarkdownTable t;
  std::string familyName;
  std::optional<VariantColumns> cols;
  for (const std::string &title : doc->subheadings("### 3.3")) {
    std::vector<MarkdownTable> tables =
        doc->tablesInSection(("#### " + title).c_str());
    if (!tables.empty() &&
        (cols = findColumns(tables.front(), title, variant))) {
      t = tables.front();
      familyName = title;
      break;
    }
  }
  ASSERT_TRUE(cols) << variant << " has no section 3.3 columns";
  int blkCol = t.column("blk");
  ASSERT_GE(blkCol, 0);
  size_t expectedBlocks = 0;
  std::vector<std::string> docOrder, zooOrder;
  for (const auto &row : t.rows) {
    const std::string &blk = row[blkCol];
    std::string name = blk == "stem"   ? "conv_stem"
                       : blk == "head" ? "conv_head"
                       : blk == "cls"  ? "classifier"
                                       : "blocks." + blk;
    const BlockStats *pool =
        blk == "head" ? model.byName.lookup("global_pool") : nullptr;
    docOrder.push_back(name);
    expectedBlocks += pool ? 2 : 1;
    const BlockStats *b = model.byName.lookup(name);
    if (!b || (blk == "head" && !pool)) {
      ADD_FAILURE() << variant << ": no block " << name;
      continue;
    }
    DocCells c = describe(blk, *b, pool);
    std::string where = variant + " " + blk + " (" + familyName + " table)";
    auto expectCol = [&](StringRef col, const std::string &actual) {
      int i = t.column(col);
      ASSERT_GE(i, 0) << "no column " << col.str();
      EXPECT_EQ(actual, row[i]) << where << ", column " << col.str();
    };
    expectCol("type", c.type);
    expectCol("s", c.s);
    expectCol("k", c.k);
    expectCol("act", c.act);
    expectCol("LS", c.ls);
    expectCol("res", c.res);
    EXPECT_EQ(blk == "cls" ? "-" : (blk == "head" ? "1" : c.hIn),
              hInFor(t, row, res))
        << where << ", column H_in";
    if (cols->inOutMid >= 0) {
      StringRef docCell = row[cols->inOutMid];
      std::string actual =
          docCell.contains('/') ? c.inOut + "/" + c.midShort : c.inOut;
      EXPECT_EQ(actual, docCell.str()) << where << ", column in→out/mid";
    } else {
      EXPECT_EQ(c.inOut, row[cols->inOut]) << where << ", column in→out";
      EXPECT_EQ(c.mid, row[cols->mid]) << where << ", column mid";
    }
    EXPECT_EQ(c.params, count(row[cols->params])) << where << ", params";
    EXPECT_EQ(c.macs, count(row[cols->macs])) << where << ", MACs";
  }
  for (const BlockStats &b : stats.blocks) {
    std::string name = b.attrs.getString("name").value_or("").str();
    if (name != "global_pool")
      zooOrder.push_back(name);
  }
  EXPECT_EQ(zooOrder, docOrder) << "block order";
  EXPECT_EQ(stats.blocks.size(), expectedBlocks);

  // --- MACs at 224 --------------------------------------------------------
  Counted at224;
  if (res != 224)
    ASSERT_TRUE(buildAndCount(variant, 224, at224))
        << "zoo cannot build " << variant << " at 224";
  const ModelStats &s224 = res == 224 ? stats : at224.stats;
  const int64_t macs224 = count(cell("MACs@224"));
  EXPECT_LE(std::llabs(s224.macs - macs224), macs224 / 1000)
      << "MACs@224 off by more than 0.1%";
  if (s224.macs != macs224)
    std::cout << "note: " << variant << " MACs@224 " << s224.macs << " != doc "
              << macs224 << " (within 0.1%)\n";
  EXPECT_EQ(s224.params, stats.params) << "params depend on the resolution";
  checkSubtotals(stages[2], s224, false, "MACs@224");
}

INSTANTIATE_TEST_SUITE_P(AllVariants, ZooVsDoc, ::testing::ValuesIn(kVariants),
                         [](const auto &info) {
                           return std::string(info.param);
                         });

} // namespace
