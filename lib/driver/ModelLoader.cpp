//===- ModelLoader.cpp - zoo names, .onnx, .mlir and .mlirbc as MODEL -----===//

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/TextNesting.h"
#include "mnv4/Import/OnnxImporter.h"

#include "mlir/Bytecode/BytecodeReader.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace {

/// Parses text or bytecode (detected from the content) and verifies it.
OwningOpRef<ModuleOp> loadIRFile(MLIRContext &ctx, StringRef path) {
  std::string message;
  std::unique_ptr<llvm::MemoryBuffer> buffer = openInputFile(path, &message);
  if (!buffer) {
    emitError(UnknownLoc::get(&ctx))
        << "cannot read model file '" << path << "': " << message;
    return nullptr;
  }
  if (!isBytecode(*buffer) &&
      mnv4::textNestingDepth(buffer->getBuffer(), mnv4::kMaxTextNesting) >
          mnv4::kMaxTextNesting) {
    emitError(UnknownLoc::get(&ctx))
        << "cannot parse model file '" << path << "': it nests brackets more "
        << "than " << mnv4::kMaxTextNesting << " levels deep";
    return nullptr;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  // Parse errors point at the file, line and column (with the source line).
  SourceMgrDiagnosticHandler handler(sourceMgr, &ctx);
  return parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&ctx));
}

/// The ONNX route: raising timm's exports to mnv4 blocks.
OwningOpRef<ModuleOp> loadOnnxFile(MLIRContext &ctx, StringRef path,
                                   const mnv4::InputShapeOptions &input) {
  mnv4::OnnxImportOptions options;
  options.input = input;
  return mnv4::importOnnxFile(ctx, path, options);
}

std::string zooNameList() {
  std::string list;
  llvm::raw_string_ostream os(list);
  llvm::interleave(mnv4::zoo::modelNames(), os, ", ");
  return list;
}

} // namespace

OwningOpRef<ModuleOp> mnv4::loadModel(MLIRContext &ctx, StringRef model,
                                      const ModelLoadOptions &options) {
  ctx.getOrLoadDialect<func::FuncDialect>();
  if (model.ends_with(".onnx"))
    return loadOnnxFile(ctx, model, options.input);
  if (model.ends_with(".mlir") || model.ends_with(".mlirbc"))
    return loadIRFile(ctx, model);
  if (zoo::isModelName(model))
    return zoo::buildModel(ctx, model, options.zoo);
  emitError(UnknownLoc::get(&ctx))
      << "unknown model '" << model << "': expected a zoo name ("
      << zooNameList()
      << "; see --list-models) or a file ending in .onnx, .mlir or .mlirbc";
  return nullptr;
}

func::FuncOp mnv4::getEntryFunction(ModuleOp module) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    if (!main.isExternal())
      return main;
  auto funcs = llvm::to_vector(
      llvm::make_filter_range(module.getOps<func::FuncOp>(),
                              [](func::FuncOp f) { return !f.isExternal(); }));
  if (funcs.size() == 1)
    return funcs.front();
  emitError(module.getLoc())
      << "no entry function: expected a func.func @main or exactly one "
         "function with a body, found "
      << funcs.size();
  return nullptr;
}
