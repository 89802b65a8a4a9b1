//===- ZooTestSupport.cpp - helpers of the zoo's GoogleTests --------------===//

#include "ZooTestSupport.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>

using namespace mlir;

namespace mnv4::test {

ZooContext::ZooContext() {
  ctx.loadDialect<MNV4Dialect, func::FuncDialect>();
  handler = ctx.getDiagEngine().registerHandler([this](Diagnostic &diag) {
    diagnostics.push_back(diag.str());
    return success();
  });
}

ZooContext::~ZooContext() { ctx.getDiagEngine().eraseHandler(handler); }

std::vector<ConstBlob> constBlobs(ModuleOp module) {
  std::vector<ConstBlob> blobs;
  module.walk([&](ConstOp op) {
    auto attr = cast<DenseResourceElementsAttr>(op.getValue());
    DenseResourceElementsHandle handle = attr.getRawHandle();
    blobs.push_back({handle.getKey().str(), handle.getBlob()->getData()});
  });
  return blobs;
}

func::FuncOp mainFunction(ModuleOp module) {
  return module.lookupSymbol<func::FuncOp>("main");
}

Moments moments(llvm::ArrayRef<float> values) {
  double sum = 0.0, sumSq = 0.0;
  for (float v : values) {
    sum += v;
    sumSq += static_cast<double>(v) * v;
  }
  double n = static_cast<double>(values.size());
  double mean = sum / n;
  return {mean, std::sqrt(std::max(0.0, sumSq / n - mean * mean))};
}

} // namespace mnv4::test
