//===- mnv4-compile.cpp - build, import, inspect and emit mnv4 models -----===//
//
//   mnv4-compile --list-models
//   mnv4-compile --print-target [--target=T] [--cpu=C]
//   mnv4-compile MODEL [--resolution=N] [--seed=N] --emit=mlir|mlirbc -o FILE
//   mnv4-compile MODEL --stats | --stats-json
//   mnv4-compile MODEL --quantize=int8 [--calibration=DIR] ... --emit=...
//
// MODEL is a zoo name or a .onnx, .mlir or .mlirbc file (see ModelLoader.h).
//
//===----------------------------------------------------------------------===//

#include "Codegen.h"
#include "QDQEmit.h"
#include "QuantizeOptions.h"
#include "TFLiteEmit.h"

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/ModelOptions.h"
#include "mnv4/Driver/ToolError.h"
#include "mnv4/InitAll.h"
#include "mnv4/Interp/Int8Interpreter.h"
#include "mnv4/Support/Stats.h"
#include "mnv4/Zoo/Zoo.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace llvm;

namespace {

cl::OptionCategory category("mnv4-compile options");

mnv4::ModelOptions modelOptions(category);
mnv4::compile::QuantizeOptions quantizeOptions(category);
mnv4::compile::EdgeTPUReportOption edgetpuReport(category);
cl::opt<std::string>
    io("io",
       cl::desc("with --emit=tflite: the model's input and output are "
                "float32 through QUANTIZE/DEQUANTIZE (float, default) or the "
                "int8 tensors themselves (int8)"),
       cl::value_desc("float|int8"), cl::init("float"), cl::cat(category));
cl::opt<bool> tfliteEveryOpOutput(
    "tflite-every-op-output",
    cl::desc("with --emit=tflite: every op's int8 result is a model output "
             "too, after the model's own, in op order (for validators that "
             "compare each op; docs/tflite.md)"),
    cl::cat(category));
cl::opt<std::string> emitKind(
    "emit",
    cl::desc("what to write: the model's IR as mlir (text, the "
             "default without --stats*) or mlirbc (bytecode); an int8 "
             "model as tflite or onnx-qdq (docs/onnx-qdq.md); or "
             "compiled: obj (object + C header), "
             "asm, llvm (LLVM IR), linalg (lowered MLIR), spirv "
             "(--target=vulkan: a directory of SPIR-V modules)"),
    cl::value_desc("mlir|mlirbc|tflite|onnx-qdq|obj|asm|llvm|linalg|spirv"),
    cl::init("mlir"), cl::cat(category));
cl::opt<std::string> outputFile("o",
                                cl::desc("output file for --emit ('-' = "
                                         "stdout, the default for mlir)"),
                                cl::value_desc("file"), cl::init(""),
                                cl::cat(category));
/// `--stats` and `--stats-json`. libLLVM registers options of these names
/// (LLVM statistics, inert in this release build) when command-line parsing
/// starts, so ours are registered after taking the names over.
struct StatsOptions {
  cl::opt<bool> &table, &json;
};

StatsOptions registerStatsOptions() {
  // Registers LLVM's common options too.
  cl::HideUnrelatedOptions({&category, &mnv4::compile::codegenCategory()});
  // libLLVM's hidden --threads would accept and ignore a thread count: the
  // object's threads are chosen at run time (docs/abi.md section 5).
  for (StringRef name : {"stats", "stats-json", "threads"})
    if (cl::Option *llvmOption = cl::getRegisteredOptions().lookup(name))
      llvmOption->removeArgument();
  static cl::opt<bool> table("stats",
                             cl::desc("print the per-block params/MACs table"),
                             cl::cat(category));
  static cl::opt<bool> json("stats-json",
                            cl::desc("print the stats as one JSON object "
                                     "(with --emit=obj|asm|llvm|linalg, once "
                                     "compiled, with the code's arena_bytes "
                                     "and per-block scratch_bytes)"),
                            cl::cat(category));
  return {table, json};
}

int emitModule(mlir::ModuleOp module) {
  bool bytecode = emitKind == "mlirbc";
  std::string output = outputFile.empty() ? "-" : outputFile.getValue();
  if (bytecode && outputFile.empty())
    return mnv4::reportToolError(
        "--emit=mlirbc writes binary data: name the output with -o "
        "FILE (or -o - for stdout)");
  // writeToOutput writes a temporary file and renames it, so a failure never
  // leaves a partial output behind.
  Error error = writeToOutput(output, [&](raw_ostream &os) -> Error {
    if (!bytecode) {
      // Locations carry the timm module names the stats report, so the text
      // keeps them, as bytecode does.
      module.print(os, mlir::OpPrintingFlags().enableDebugInfo());
      os << "\n";
      return Error::success();
    }
    if (mlir::failed(mlir::writeBytecodeToFile(module, os)))
      return createStringError(inconvertibleErrorCode(),
                               "bytecode writer failed");
    return Error::success();
  });
  if (error)
    return mnv4::reportWriteError(output, std::move(error));
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  StatsOptions stats = registerStatsOptions();
  cl::ParseCommandLineOptions(
      argc, argv,
      "mnv4-compile: build a MobileNetV4 from the zoo or load a .onnx, .mlir "
      "or .mlirbc file; print its stats or emit its IR\n");

  if (modelOptions.printModelListIfAsked(outs()))
    return 0;
  if (std::optional<int> rc = mnv4::compile::printTargetIfAsked(outs()))
    return *rc;
  std::optional<mnv4::ModelLoadOptions> loadOptions =
      modelOptions.getLoadOptions();
  if (!loadOptions)
    return 1;
  if (emitKind != "mlir" && emitKind != "mlirbc" && emitKind != "tflite" &&
      emitKind != "onnx-qdq" && !mnv4::compile::isCodegenEmit(emitKind))
    return mnv4::reportToolError(
        formatv("unknown --emit kind '{0}': expected mlir, mlirbc, tflite, "
                "onnx-qdq, obj, asm, llvm, linalg or spirv",
                emitKind));
  if (edgetpuReport.scheduled() && emitKind != "tflite" &&
      !edgetpuReport.requested())
    return mnv4::reportToolError("--edgetpu-schedule needs --emit=tflite or "
                                 "--edgetpu-report");
  if (io != "float" && io != "int8")
    return mnv4::reportToolError(
        formatv("unknown --io '{0}': expected float or int8", io));
  if (io == "int8" && emitKind != "tflite")
    return mnv4::reportToolError("--io=int8 needs --emit=tflite");
  if (io == "int8" && tfliteEveryOpOutput)
    return mnv4::reportToolError(
        "--io=int8 and --tflite-every-op-output cannot be combined");
  if (tfliteEveryOpOutput && emitKind != "tflite")
    return mnv4::reportToolError(
        "--tflite-every-op-output needs --emit=tflite");
  if (quantizeOptions.analysisRequested() && !quantizeOptions.requested())
    return mnv4::reportToolError("--error-analysis needs --quantize=int8: it "
                                 "measures the int8 rounding of a model");
  if (quantizeOptions.requested() && emitKind == "spirv")
    return mnv4::reportToolError(
        "--emit=spirv compiles fp32 models only: an int8 model is written as "
        "mlir, mlirbc or tflite, or compiled for a CPU (--emit=obj)");
  mnv4::registerAllPasses();

  mlir::DialectRegistry registry;
  mnv4::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mnv4::loadModel(context, modelOptions.model(), *loadOptions);
  if (!module)
    return 1;
  // An int8 model read from a file: it is not quantized again, and it has
  // no native or SPIR-V code generation.
  bool int8Model = llvm::any_of(
      module->getOps<mlir::func::FuncOp>(),
      [](mlir::func::FuncOp f) { return mnv4::interp::isInt8Function(f); });
  if (int8Model && quantizeOptions.requested())
    return mnv4::reportToolError(
        formatv("'{0}' is already an int8 model: --quantize=int8 takes an "
                "fp32 model",
                modelOptions.model()));
  if (int8Model && emitKind == "spirv")
    return mnv4::reportToolError(
        formatv("--emit=spirv compiles fp32 models only: '{0}' is an int8 "
                "model, written as mlir, mlirbc or tflite, or compiled for a "
                "CPU (--emit=obj)",
                modelOptions.model()));
  if (quantizeOptions.requested() &&
      mlir::failed(quantizeOptions.apply(*module, modelOptions.model())))
    return 1;
  if (quantizeOptions.analysisRequested())
    return 0;
  if (edgetpuReport.requested())
    return edgetpuReport.print(*module,
                               int8Model || quantizeOptions.requested());

  // With code generation, --stats-json is printed once the code is compiled,
  // with its memory figures (docs/stats.md section 4).
  bool codegen = mnv4::compile::isCodegenEmit(emitKind);
  std::optional<json::Object> compiledStats;
  if (stats.table || stats.json) {
    mlir::func::FuncOp entry = mnv4::getEntryFunction(*module);
    if (!entry)
      return 1;
    if (stats.json && codegen)
      compiledStats = mnv4::modelStatsJSON(entry, modelOptions.model());
    else if (stats.json)
      outs() << formatv("{0:2}", json::Value(mnv4::modelStatsJSON(
                                     entry, modelOptions.model())))
             << "\n";
    if (stats.table) {
      outs() << "model: " << modelOptions.model();
      if (std::optional<int64_t> r = mnv4::inputResolution(entry))
        outs() << "  resolution: " << *r;
      outs() << "\n";
      mnv4::printStatsTable(mnv4::computeStats(entry), outs());
    }
    // The IR is written too only when asked for.
    if (emitKind.getNumOccurrences() == 0 && outputFile.empty())
      return 0;
  }
  if (codegen)
    return mnv4::compile::compileAndWrite(
        *module, modelOptions.model(), emitKind, outputFile,
        compiledStats ? &*compiledStats : nullptr);
  if (emitKind == "onnx-qdq")
    return mnv4::compile::emitQDQ(*module, outputFile,
                                  int8Model || quantizeOptions.requested());
  if (emitKind == "tflite") {
    mnv4::tflite::TFLiteWriteOptions options;
    options.everyOpOutput = tfliteEveryOpOutput;
    options.int8IO = io == "int8";
    return mnv4::compile::emitTFLite(*module, outputFile, options,
                                     edgetpuReport.scheduled());
  }
  return emitModule(*module);
}
