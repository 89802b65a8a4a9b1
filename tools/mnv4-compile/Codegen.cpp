//===- Codegen.cpp - mnv4-compile's code generation options ---------------===//

#include "Codegen.h"
#include "SpirvEmit.h"

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/ToolError.h"
#include "mnv4/Targets/Compiler.h"
#include "mnv4/Targets/MemoryStats.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace llvm;

namespace mnv4::compile {

cl::OptionCategory &codegenCategory() {
  static cl::OptionCategory c("mnv4-compile code generation options");
  return c;
}

namespace {

cl::opt<std::string> target("target",
                            cl::desc("code generation target: x86_64, "
                                     "aarch64 or hexagon (int8 models; with "
                                     "--emit=obj|asm|llvm|linalg), or vulkan "
                                     "(--emit=spirv)"),
                            cl::init("x86_64"), cl::cat(codegenCategory()));
cl::opt<std::string> cpu("cpu",
                         cl::desc("LLVM CPU name (e.g. x86-64-v3, "
                                  "x86-64-v4, znver4, sapphirerapids), or "
                                  "host"),
                         cl::init("host"), cl::cat(codegenCategory()));
cl::opt<std::string> symbolName("name",
                                cl::desc("symbol prefix of the entry point "
                                         "(default: the model name)"),
                                cl::init(""), cl::cat(codegenCategory()));
cl::opt<std::string> inputLayout("input-layout",
                                 cl::desc("layout of the caller's input: "
                                          "nchw (timm/ONNX) or nhwc"),
                                 cl::init("nchw"), cl::cat(codegenCategory()));
cl::opt<bool> noFusion("no-fusion",
                       cl::desc("do not fuse UIB/FusedIB/MQA blocks (for "
                                "measuring what fusion gains)"),
                       cl::cat(codegenCategory()));

cl::opt<bool> vulkanFp16("vulkan-fp16",
                         cl::desc("--target=vulkan: f16 intermediates and "
                                  "weights, f32 arithmetic (the device needs "
                                  "16-bit storage buffers and float16)"),
                         cl::cat(codegenCategory()));

cl::opt<int64_t> vulkanSharedMemory(
    "vulkan-shared-memory",
    cl::desc("--target=vulkan: bytes of workgroup memory a fused UIB may use "
             "(default 16384, what every Vulkan device has; the device's "
             "maxComputeSharedMemorySize allows more; 0: unfused blocks)"),
    cl::init(16384), cl::cat(codegenCategory()));

cl::opt<bool> printTarget("print-target",
                          cl::desc("print what --target and --cpu resolve to "
                                   "(triple, features, tiles) and exit; needs "
                                   "no MODEL"),
                          cl::cat(codegenCategory()));

/// A C identifier from a model name or file name.
std::string defaultSymbol(StringRef model) {
  std::string stem = sys::path::stem(model).str();
  std::string s;
  for (char c : stem)
    s += isAlnum(c) ? c : '_';
  if (s.empty() || isDigit(s[0]))
    s = "m_" + s;
  return s;
}

bool isCIdentifier(StringRef s) {
  if (s.empty() || isDigit(s[0]))
    return false;
  return llvm::all_of(s, [](char c) { return isAlnum(c) || c == '_'; });
}

} // namespace

std::optional<int> printTargetIfAsked(raw_ostream &os) {
  if (!printTarget)
    return std::nullopt;
  Expected<targets::TargetDescription> desc =
      targets::resolveTarget(target, cpu);
  if (!desc)
    return reportToolError(toString(desc.takeError()));
  os << formatv("target: {0}\ntriple: {1}\ncpu: {2}\ncpu_features: {3}\n"
                "vector_bits: {4}\npointwise_tile: {5}x{6}\n"
                "depthwise_tile: {7}x{8}\n",
                desc->name, desc->triple.str(), desc->cpu,
                desc->requiredFeatures, desc->vectorBits, desc->pointwise.rows,
                desc->pointwise.cols, desc->depthwise.rows,
                desc->depthwise.cols);
  return 0;
}

bool isCodegenEmit(StringRef kind) {
  return kind == "obj" || kind == "asm" || kind == "llvm" || kind == "linalg" ||
         kind == "spirv";
}

int compileAndWrite(mlir::ModuleOp module, StringRef modelName,
                    StringRef emitKind, StringRef output, json::Object *stats) {
  if (output.empty() && emitKind == "spirv")
    return reportToolError("--emit=spirv writes a directory (SPIR-V modules, "
                           "weights, manifest.txt): name it with -o DIR");
  if (output.empty())
    return reportToolError(
        formatv("--emit={0} needs an output file: -o FILE", emitKind));
  if (emitKind == "obj" && output == "-")
    return reportToolError("--emit=obj writes an object and its header: name "
                           "the object file with -o FILE.o");
  if (inputLayout != "nchw" && inputLayout != "nhwc")
    return reportToolError(formatv(
        "unknown --input-layout '{0}': expected nchw or nhwc", inputLayout));
  targets::CompileOptions options;
  options.name =
      symbolName.empty() ? defaultSymbol(modelName) : symbolName.getValue();
  if (!isCIdentifier(options.name))
    return reportToolError(
        formatv("--name '{0}' is not a C identifier", options.name));
  options.inputLayout = inputLayout;
  options.fuse = !noFusion;
  if (target == "vulkan") {
    // The memory figures are the CPU code's (docs/stats.md section 4).
    if (stats)
      outs() << formatv("{0:2}", json::Value(std::move(*stats))) << "\n";
    targets::GpuTargetDescription gpu;
    gpu.f16Storage = vulkanFp16;
    if (vulkanSharedMemory < 0 ||
        vulkanSharedMemory > int64_t(vulkan::kMaxSharedBytes))
      return reportToolError(formatv("--vulkan-shared-memory={0}: expected 0 "
                                     "to {1} bytes",
                                     vulkanSharedMemory.getValue(),
                                     vulkan::kMaxSharedBytes));
    gpu.sharedMemoryBytes = vulkanSharedMemory;
    return emitSpirv(module, options, gpu, emitKind, output);
  }
  if (emitKind == "spirv")
    return reportToolError("--emit=spirv needs --target=vulkan");
  if (vulkanFp16)
    return reportToolError("--vulkan-fp16 applies to --target=vulkan only");
  if (vulkanSharedMemory.getNumOccurrences())
    return reportToolError(
        "--vulkan-shared-memory applies to --target=vulkan only");

  Expected<targets::TargetDescription> desc =
      targets::resolveTarget(target, cpu);
  if (!desc)
    return reportToolError(toString(desc.takeError()));
  targets::EmitKind kind = StringSwitch<targets::EmitKind>(emitKind)
                               .Case("obj", targets::EmitKind::Object)
                               .Case("asm", targets::EmitKind::Assembly)
                               .Case("llvm", targets::EmitKind::LLVM)
                               .Default(targets::EmitKind::Linalg);
  // --stats-json's memory figures describe the machine code: --emit=linalg
  // stops before the memory plan, so a copy is compiled for them.
  std::vector<std::optional<int64_t>> expanded;
  std::optional<targets::CompiledModel> figures;
  if (stats) {
    mlir::func::FuncOp entry = getEntryFunction(module);
    if (!entry)
      return 1;
    expanded = targets::expandedTensorBytes(entry);
    if (kind == targets::EmitKind::Linalg) {
      mlir::OwningOpRef<mlir::ModuleOp> copy = module.clone();
      Expected<targets::CompiledModel> machine = targets::compileModule(
          *copy, *desc, options, targets::EmitKind::LLVM);
      if (!machine)
        return reportToolError(toString(machine.takeError()));
      figures = std::move(*machine);
    }
  }
  Expected<targets::CompiledModel> compiled =
      targets::compileModule(module, *desc, options, kind);
  if (!compiled)
    return reportToolError(toString(compiled.takeError()));
  if (stats) {
    targets::addMemoryStats(*stats, expanded, figures ? *figures : *compiled);
    outs() << formatv("{0:2}", json::Value(std::move(*stats))) << "\n";
  }

  // ToolOutputFile removes its file unless kept, and both are kept only
  // once both are written: a failure leaves neither behind.
  std::error_code error;
  auto objectFile =
      std::make_unique<ToolOutputFile>(output, error, sys::fs::OF_None);
  if (error)
    return reportToolError(
        formatv("cannot write output '{0}': {1}", output, error.message()));
  std::unique_ptr<ToolOutputFile> headerFile;
  std::string headerPath;
  if (kind == targets::EmitKind::Object) {
    SmallString<256> h(output);
    sys::path::replace_extension(h, ".h");
    headerPath = h.str().str();
    headerFile =
        std::make_unique<ToolOutputFile>(headerPath, error, sys::fs::OF_Text);
    if (error)
      return reportToolError(formatv("cannot write header '{0}': {1}",
                                     headerPath, error.message()));
    headerFile->os() << targets::writeHeader(options, *desc, *compiled);
  }
  objectFile->os() << compiled->code;
  objectFile->os().flush();
  if (objectFile->os().has_error())
    return reportToolError(formatv("cannot write output '{0}'", output));
  if (headerFile) {
    headerFile->os().flush();
    if (headerFile->os().has_error())
      return reportToolError(formatv("cannot write header '{0}'", headerPath));
    headerFile->keep();
  }
  objectFile->keep();
  return 0;
}

} // namespace mnv4::compile
