//===- ZooModelsTest.cpp - every zoo model builds, verifies and is timm's -===//
//
// The expected figures (default resolution, block counts, parameters) are
// read from the shared architecture reference (section 3.1) at test time.
//
//===----------------------------------------------------------------------===//

#include "ZooTestSupport.h"

#include "../support/DocTables.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

#include <map>

using namespace mlir;
using namespace mnv4;
using namespace mnv4::test;

namespace {

/// One row of the doc's variant summary (section 3.1).
struct DocVariant {
  int64_t resolution = 0;
  std::string blocks; ///< "CBA/FIB/UIB/MQA" counts, e.g. "5/0/12/0"
  int64_t params = 0;
};

std::map<std::string, DocVariant> readDocVariants() {
  std::string error;
  auto doc =
      MarkdownDoc::read(MNV4_SHARED_DOCS_DIR "/mnv4-architectures.md", error);
  EXPECT_TRUE(doc) << error;
  std::map<std::string, DocVariant> variants;
  if (!doc)
    return variants;
  std::vector<MarkdownTable> tables = doc->tablesInSection("### 3.1");
  EXPECT_FALSE(tables.empty()) << "no table in section 3.1";
  if (tables.empty())
    return variants;
  const MarkdownTable &table = tables.front();
  int name = table.column("variant"), res = table.column("res"),
      blocks = table.column("blocks (CBA/FIB/UIB/MQA)"),
      params = table.column("params");
  EXPECT_TRUE(name >= 0 && res >= 0 && blocks >= 0 && params >= 0);
  if (name < 0 || res < 0 || blocks < 0 || params < 0)
    return variants;
  for (const auto &row : table.rows) {
    DocVariant v;
    v.resolution = parseCount(row[res]).value_or(-1);
    v.blocks = row[blocks];
    v.params = parseCount(row[params]).value_or(-1);
    variants[row[name]] = v;
  }
  return variants;
}

/// timm's parameter count from the IR's weights: a folded BN stores one
/// shift per channel where timm has weight and bias, so each folded shift
/// (every "*.bias" blob but the classifier's and the MQA pre-norm's, which
/// are real parameters) counts twice.
int64_t timmParams(ModuleOp module) {
  int64_t params = 0;
  module.walk([&](ConstOp op) {
    auto attr = cast<DenseResourceElementsAttr>(op.getValue());
    StringRef key = attr.getRawHandle().getKey();
    int64_t n = attr.getNumElements();
    params += n;
    if (key.ends_with(".bias") && key != "classifier.bias" &&
        !key.ends_with(".norm.bias"))
      params += n;
  });
  return params;
}

/// "CBA/FIB/UIB/MQA" counts of the IR's `blocks.*` ops.
std::string blockCounts(func::FuncOp func) {
  int cba = 0, fib = 0, uib = 0, mqa = 0;
  for (Operation &op : func.getOps()) {
    auto loc = dyn_cast<NameLoc>(op.getLoc());
    if (!loc || !loc.getName().getValue().starts_with("blocks."))
      continue;
    cba += isa<Conv2DOp>(op);
    fib += isa<FusedIBOp>(op);
    uib += isa<UIBOp>(op);
    mqa += isa<MobileMQAOp>(op);
  }
  return llvm::formatv("{0}/{1}/{2}/{3}", cba, fib, uib, mqa).str();
}

TEST(ZooModels, NamesAreTimmsTwelveVariants) {
  ASSERT_EQ(zoo::modelNames().size(), 12u);
  std::map<std::string, DocVariant> doc = readDocVariants();
  ASSERT_EQ(doc.size(), 12u);
  for (StringRef name : zoo::modelNames()) {
    EXPECT_TRUE(zoo::isModelName(name));
    ASSERT_TRUE(doc.count(name.str())) << name.str() << " is not in the doc";
    EXPECT_EQ(zoo::defaultResolution(name), doc[name.str()].resolution)
        << name.str();
  }
  EXPECT_FALSE(zoo::isModelName("mobilenetv4_conv_small"));
  EXPECT_EQ(zoo::defaultResolution("resnet50"), 0);
}

TEST(ZooModels, RejectsUnknownModelsAndResolutions) {
  ZooContext zc;
  EXPECT_FALSE(zoo::buildModel(zc.ctx, "conv_tiny", {}));
  ASSERT_EQ(zc.diagnostics.size(), 1u);
  EXPECT_NE(zc.diagnostics[0].find("unknown zoo model 'conv_tiny'"),
            std::string::npos)
      << zc.diagnostics[0];
  for (int64_t resolution : {-32, 100, 33, 16}) {
    zc.diagnostics.clear();
    EXPECT_FALSE(zoo::buildModel(zc.ctx, "conv_small", {resolution, 0}));
    ASSERT_EQ(zc.diagnostics.size(), 1u);
    EXPECT_NE(zc.diagnostics[0].find("must be a positive multiple of 32"),
              std::string::npos)
        << zc.diagnostics[0];
  }
}

/// Builds every variant: it verifies, has the canonical signature and
/// NameLocs, and matches timm's block counts and parameter total. Neither
/// depends on the resolution, so a small one keeps the test fast (the lit
/// tests build every model at its default resolution).
TEST(ZooModels, EveryModelBuildsVerifiesAndMatchesTimm) {
  std::map<std::string, DocVariant> doc = readDocVariants();
  const int64_t r = 64;
  for (StringRef name : zoo::modelNames()) {
    SCOPED_TRACE(name.str());
    ZooContext zc;
    OwningOpRef<ModuleOp> module = zoo::buildModel(zc.ctx, name, {r, 0});
    ASSERT_TRUE(module);
    EXPECT_TRUE(zc.diagnostics.empty());
    ASSERT_TRUE(succeeded(verify(*module)));

    func::FuncOp func = mainFunction(*module);
    ASSERT_TRUE(func);
    auto f32 = Float32Type::get(&zc.ctx);
    EXPECT_EQ(func.getFunctionType(),
              FunctionType::get(&zc.ctx,
                                {RankedTensorType::get({1, r, r, 3}, f32)},
                                {RankedTensorType::get({1, 1000}, f32)}));

    std::vector<std::string> names;
    for (Operation &op : func.getOps()) {
      if (isa<ConstOp, func::ReturnOp>(op))
        continue;
      auto loc = dyn_cast<NameLoc>(op.getLoc());
      ASSERT_TRUE(loc) << "op without a NameLoc";
      names.push_back(loc.getName().str());
    }
    ASSERT_GE(names.size(), 4u);
    EXPECT_EQ(names.front(), "conv_stem");
    EXPECT_EQ(names[1], "blocks.0.0");
    EXPECT_EQ(names[names.size() - 3], "global_pool");
    EXPECT_EQ(names[names.size() - 2], "conv_head");
    EXPECT_EQ(names.back(), "classifier");

    // One const per weight operand: no const feeds two ops.
    module->walk([](ConstOp op) { EXPECT_TRUE(op->hasOneUse()); });

    EXPECT_EQ(blockCounts(func), doc[name.str()].blocks);
    EXPECT_EQ(timmParams(*module), doc[name.str()].params);
  }
}

} // namespace
