//===- ResourceRoundTripTest.cpp - 4 MiB blob via bytecode ----------------===//
//
// Weights live in dense_resource blobs; a model file must carry them through
// bytecode bit for bit, and the verifier must accept the reloaded module.
//
//===----------------------------------------------------------------------===//

#include "DialectTestSupport.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <vector>

using namespace mlir;
using namespace mnv4;
using namespace mnv4::test;

namespace {

using ResourceRoundTripTest = DialectTest;

constexpr int64_t kFloats = int64_t(1) << 20; // 4 MiB of f32

/// Writes `module` as bytecode.
std::string toBytecode(ModuleOp module) {
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  EXPECT_TRUE(succeeded(writeBytecodeToFile(module, os)));
  return bytes;
}

/// Parses bytecode from an owned (suitably aligned) copy of `bytes`.
OwningOpRef<ModuleOp> fromBytecode(const std::string &bytes,
                                   MLIRContext &context) {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(bytes, "weights.mlirbc"),
      llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
}

TEST_F(ResourceRoundTripTest, FourMiBBlobSurvivesBytecode) {
  // A pattern that catches reordering, truncation and byte swaps.
  std::vector<float> data(kFloats);
  for (int64_t i = 0; i < kFloats; ++i)
    data[i] = static_cast<float>(i % 9973) * 0.25f - 1000.0f;
  RankedTensorType type = f32({1024, 1, 1, 1024});
  auto attr = DenseF32ResourceElementsAttr::get(
      type, "conv_head_w",
      HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(data));
  auto weight = ConstOp::create(builder, loc, type, cast<ElementsAttr>(attr));
  Conv2DOp::create(builder, loc, f32({1, 1, 1, 1024}), tensor({1, 1, 1, 1024}),
                   weight, Value(), {1, 1}, {0, 0, 0, 0});
  VerifyResult before = verify(*module);
  ASSERT_TRUE(before.ok) << before.messages;

  std::string bytes = toBytecode(*module);
  // The blob plus a small header: no text encoding, no second copy.
  EXPECT_GE(bytes.size(), size_t(kFloats * 4));
  EXPECT_LT(bytes.size(), size_t(kFloats * 4 + 4096));

  MLIRContext reloadedContext;
  reloadedContext.loadDialect<MNV4Dialect>();
  OwningOpRef<ModuleOp> reloaded = fromBytecode(bytes, reloadedContext);
  ASSERT_TRUE(reloaded);
  EXPECT_TRUE(succeeded(mlir::verify(*reloaded)));

  SmallVector<ConstOp> consts;
  reloaded->walk([&](ConstOp op) { consts.push_back(op); });
  ConstOp reloadedWeight;
  for (ConstOp op : consts)
    if (isa<DenseResourceElementsAttr>(op.getValue()))
      reloadedWeight = op;
  ASSERT_TRUE(reloadedWeight);
  auto resource = cast<DenseResourceElementsAttr>(reloadedWeight.getValue());
  EXPECT_EQ(resource.getType(),
            RankedTensorType::get({1024, 1, 1, 1024},
                                  Float32Type::get(&reloadedContext)));
  EXPECT_EQ(resource.getRawHandle().getKey(), "conv_head_w");
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  ASSERT_NE(blob, nullptr);
  ArrayRef<char> payload = blob->getData();
  ASSERT_EQ(payload.size(), size_t(kFloats * 4));
  EXPECT_EQ(std::memcmp(payload.data(), data.data(), payload.size()), 0);

  // The conv still reads the reloaded weight.
  bool convFound = false;
  reloaded->walk([&](Conv2DOp conv) {
    convFound = true;
    EXPECT_EQ(conv.getFilter(), reloadedWeight.getResult());
  });
  EXPECT_TRUE(convFound);

  // Writing the reloaded module again gives the same bytes.
  EXPECT_TRUE(toBytecode(*reloaded) == bytes);
}

} // namespace
