//===- ZooDeterminismTest.cpp - weights are a function of the seed --------===//

#include "ZooTestSupport.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mnv4;
using namespace mnv4::test;

namespace {

/// Builds `model` in a context of its own, so that blob keys are not
/// uniqued against another model's.
struct BuiltModel {
  BuiltModel(StringRef model, zoo::BuildOptions options)
      : module(zoo::buildModel(zc.ctx, model, options)) {}
  ZooContext zc;
  OwningOpRef<ModuleOp> module;
};

/// Builds `model` with two seeds and compares the blobs pairwise: the keys
/// always match, and the bytes match exactly when `sameBytes`.
void compareBlobsOfSeeds(StringRef model, uint64_t seedA, uint64_t seedB,
                         bool sameBytes) {
  BuiltModel a(model, {0, seedA});
  BuiltModel b(model, {0, seedB});
  ASSERT_TRUE(a.module && b.module);
  std::vector<ConstBlob> blobsA = constBlobs(*a.module);
  std::vector<ConstBlob> blobsB = constBlobs(*b.module);
  ASSERT_EQ(blobsA.size(), blobsB.size());
  for (size_t i = 0; i < blobsA.size(); ++i) {
    EXPECT_EQ(blobsA[i].key, blobsB[i].key);
    EXPECT_EQ(blobsA[i].bytes == blobsB[i].bytes, sameBytes) << blobsA[i].key;
  }
}

TEST(ZooDeterminism, SameSeedGivesIdenticalBlobs) {
  compareBlobsOfSeeds("hybrid_medium_075", 7, 7, /*sameBytes=*/true);
}

TEST(ZooDeterminism, DifferentSeedChangesEveryRandomBlob) {
  compareBlobsOfSeeds("conv_small_035", 0, 1, /*sameBytes=*/false);
}

/// Keys name the timm parameter each blob stands for.
TEST(ZooDeterminism, BlobKeysAreTimmParameterNames) {
  BuiltModel m("hybrid_medium", {0, 0});
  ASSERT_TRUE(m.module);
  std::vector<std::string> keys;
  for (const ConstBlob &blob : constBlobs(*m.module))
    keys.push_back(blob.key);
  auto has = [&](StringRef key) { return llvm::is_contained(keys, key.str()); };
  EXPECT_EQ(keys.front(), "conv_stem.weight");
  EXPECT_TRUE(has("blocks.0.0.conv_exp.weight"));
  EXPECT_TRUE(has("blocks.0.0.conv_pwl.bias"));
  EXPECT_TRUE(has("blocks.2.1.pw_exp.weight"));
  EXPECT_TRUE(has("blocks.1.0.dw_start.weight"));
  EXPECT_TRUE(has("blocks.1.0.dw_mid.bias"));
  EXPECT_TRUE(has("blocks.1.0.layer_scale.gamma"));
  EXPECT_TRUE(has("blocks.2.4.norm.weight"));
  EXPECT_TRUE(has("blocks.2.4.attn.key.down_conv.weight"));
  EXPECT_TRUE(has("blocks.3.8.attn.output.proj.weight"));
  EXPECT_FALSE(has("blocks.3.8.attn.key.down_conv.weight")); // kv stride 1
  EXPECT_TRUE(has("blocks.4.0.conv.weight"));
  EXPECT_TRUE(has("conv_head.bias"));
  EXPECT_EQ(keys.back(), "classifier.bias");
  // Unique within one model.
  llvm::sort(keys);
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
}

} // namespace
