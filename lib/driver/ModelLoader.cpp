//===- ModelLoader.cpp - zoo names, .onnx, .mlir and .mlirbc as MODEL -----===//

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/TextNesting.h"
#include "mnv4/Import/OnnxImporter.h"

#include "mlir/Bytecode/BytecodeReader.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace {

/// Parses text or bytecode without verifying it. MLIR's readers trust their
/// input more than a file from a stranger deserves (the 22.1 bytecode reader
/// formats an out-of-range resource kind as a garbage string and runs out of
/// memory), so a crash inside them is caught, reported as an error, and ends
/// the process with exit code 1: nothing a crashed parser left behind can be
/// trusted, not even for a clean shutdown.
OwningOpRef<ModuleOp>
parseContained(MLIRContext &ctx, llvm::SourceMgr &sourceMgr, StringRef path) {
  OwningOpRef<ModuleOp> module;
  llvm::CrashRecoveryContext::Enable();
  llvm::CrashRecoveryContext recovery;
  bool parsed = recovery.RunSafely([&] {
    module = parseSourceFile<ModuleOp>(
        sourceMgr, ParserConfig(&ctx, /*verifyAfterParse=*/false));
  });
  llvm::CrashRecoveryContext::Disable();
  if (parsed)
    return module;
  llvm::errs() << "error: cannot read model file '" << path
               << "': MLIR's parser crashed on it (a corrupt file?)\n";
  llvm::sys::Process::Exit(1, /*NoCleanup=*/true);
}

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
  OwningOpRef<ModuleOp> module = parseContained(ctx, sourceMgr, path);
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
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
