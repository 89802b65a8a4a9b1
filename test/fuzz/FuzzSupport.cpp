//===- FuzzSupport.cpp - what every mnv4 fuzz target shares ---------------===//

#include "FuzzSupport.h"

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/InitAll.h"
#include "mnv4/Interp/Int8Interpreter.h"
#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Support/Stats.h"
#include "mnv4/Targets/EdgeTPUReport.h"
#include "mnv4/Targets/TFLiteWriter.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <unistd.h>

using namespace mlir;

namespace {

/// Largest tensor (elements) and model (MACs) the interpreter runs on.
constexpr int64_t kMaxRunElements = 1 << 14, kMaxRunMacs = 1 << 22;

std::string &scratchPath() {
  static std::string path;
  return path;
}

void removeScratchFile() {
  if (!scratchPath().empty())
    ::unlink(scratchPath().c_str());
}

/// Whether every tensor of `func` is static and small.
bool hasOnlySmallTensors(func::FuncOp func) {
  auto small = [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return !tensor || (tensor.hasStaticShape() &&
                       tensor.getNumElements() <= kMaxRunElements);
  };
  bool ok = llvm::all_of(func.getArgumentTypes(), small);
  func.walk([&](Operation *op) {
    ok = ok && llvm::all_of(op->getResultTypes(), small);
  });
  return ok;
}

/// The reference interpreter (the int8 one for an int8 model) on a constant
/// input, as mnv4-run runs it.
void runSmallModel(func::FuncOp func, const mnv4::ModelStats &stats,
                   bool int8) {
  FunctionType type = func.getFunctionType();
  if (stats.macs > kMaxRunMacs || type.getNumInputs() != 1 ||
      type.getNumResults() != 1 || !hasOnlySmallTensors(func))
    return;
  auto input = dyn_cast<RankedTensorType>(type.getInput(0));
  if (!input || !input.getElementType().isF32())
    return;
  mnv4::interp::Tensor in(input.getShape(), 0.5f);
  llvm::Expected<std::vector<mnv4::interp::Tensor>> results =
      int8 ? mnv4::interp::runInt8Function(func, {in})
           : mnv4::interp::runFunction(func, {in});
  if (!results)
    llvm::consumeError(results.takeError());
}

/// What mnv4-compile does with an int8 model: --emit=tflite and
/// --edgetpu-report (which reads the TFLite bytes back).
void writeTFLite(func::FuncOp func, llvm::raw_ostream &os) {
  llvm::Expected<std::string> bytes = mnv4::tflite::writeTFLite(func);
  if (!bytes) {
    llvm::consumeError(bytes.takeError());
    return;
  }
  llvm::Expected<mnv4::tflite::EdgeTPUReport> report =
      mnv4::tflite::analyzeEdgeTPU(*bytes);
  if (!report) {
    llvm::consumeError(report.takeError());
    return;
  }
  mnv4::tflite::printEdgeTPUReport(*report, os);
  os << mnv4::tflite::toJSON(*report);
}

} // namespace

std::string mnv4::fuzz::writeScratchFile(llvm::StringRef bytes,
                                         llvm::StringRef suffix) {
  std::string &path = scratchPath();
  if (path.empty()) {
    const char *dir = std::getenv("TMPDIR");
    path = (llvm::Twine(dir ? dir : "/tmp") + "/mnv4-fuzz-" +
            llvm::Twine(::getpid()) + suffix)
               .str();
    std::atexit(removeScratchFile);
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    llvm::report_fatal_error(llvm::Twine("cannot write ") + path);
  os << bytes;
  return path;
}

const std::string &mnv4::fuzz::emptyScratchDirectory(llvm::StringRef suffix) {
  static std::string dir;
  if (dir.empty()) {
    const char *tmp = std::getenv("TMPDIR");
    dir = (llvm::Twine(tmp ? tmp : "/tmp") + "/mnv4-fuzz-" +
           llvm::Twine(::getpid()) + suffix)
              .str();
    std::atexit([] { (void)llvm::sys::fs::remove_directories(dir); });
  }
  (void)llvm::sys::fs::remove_directories(dir);
  if (llvm::sys::fs::create_directories(dir))
    llvm::report_fatal_error(llvm::Twine("cannot create ") + dir);
  return dir;
}

std::unique_ptr<MLIRContext> mnv4::fuzz::makeContext() {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    mnv4::registerAllDialects(*r);
    return r;
  }();
  return std::make_unique<MLIRContext>(*registry,
                                       MLIRContext::Threading::DISABLED);
}

void mnv4::fuzz::exerciseModule(ModuleOp module) {
  func::FuncOp func = getEntryFunction(module);
  if (!func)
    return;
  ModelStats stats = computeStats(func);
  std::string text;
  llvm::raw_string_ostream os(text);
  os << toJSON(stats);
  printStatsTable(stats, os);
  module.print(os, OpPrintingFlags().enableDebugInfo());
  (void)writeBytecodeToFile(module, os);
  bool int8 = mnv4::interp::isInt8Function(func);
  if (int8)
    writeTFLite(func, os);
  runSmallModel(func, stats, int8);
}

void mnv4::fuzz::loadAndExercise(llvm::StringRef bytes,
                                 llvm::StringRef suffix) {
  std::string path = writeScratchFile(bytes, suffix);
  std::unique_ptr<MLIRContext> ctx = makeContext();
  ScopedDiagnosticHandler quiet(ctx.get(),
                                [](Diagnostic &) { return success(); });
  OwningOpRef<ModuleOp> module = loadModel(*ctx, path, ModelLoadOptions());
  if (module)
    exerciseModule(*module);
}
