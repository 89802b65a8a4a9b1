//===- OnnxImporter.cpp - read, convert, raise, verify --------------------===//

#include "mnv4/Import/OnnxImporter.h"

#include "GraphToMNV4.h"
#include "OnnxModel.h"

#include "passes/Raising.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace mnv4 {

OwningOpRef<ModuleOp> importOnnxFile(MLIRContext &ctx, llvm::StringRef path,
                                     const OnnxImportOptions &options) {
  onnx_import::OnnxModel model;
  std::string err = onnx_import::loadOnnxModel(path, options.input, model);
  if (!err.empty()) {
    // Like LLVM tools: "error: <file>: <problem>".
    emitError(UnknownLoc::get(&ctx)) << path << ": " << err;
    return nullptr;
  }
  OwningOpRef<ModuleOp> module = onnx_import::convertGraph(ctx, model, path);
  if (!module || failed(verify(*module)))
    return nullptr;
  if (options.raise &&
      (failed(raiseToBlocks(*module)) || failed(verify(*module))))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> importOnnxFile(MLIRContext &ctx, llvm::StringRef path) {
  return importOnnxFile(ctx, path, OnnxImportOptions());
}

} // namespace mnv4
