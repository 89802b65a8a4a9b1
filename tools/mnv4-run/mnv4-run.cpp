//===- mnv4-run.cpp - run a MobileNetV4 model on one input ----------------===//
//
//   mnv4-run MODEL --input IN.bin (--output OUT.bin | --output-dir DIR)
//            [--engine=reference|compiled [--target=T] [--cpu=C]]
//            [--compare=REF.bin [--tolerance=1e-4]]
//            [--time] [--bench=N] [--bench-warmup=W] [--profile]
//            [--profile-json] (--output optional with these; Benchmark.h,
//            Profile.h; with --engine=compiled a separate probed build)
//            [--batch=N --resolution=R | --input-shape=N,C,H,W]
//            [--seed=N]                           (zoo models only)
//
// Tensor files are raw float32, rank-4 ones NCHW (see TensorFiles.h); several
// outputs are written concatenated, or one file each (ModelOutputs.h).
//
//===----------------------------------------------------------------------===//

#include "Benchmark.h"
#include "CompareTensors.h"
#include "CompiledEngine.h"
#include "CompiledProfiler.h"
#include "EmulatedEngine.h"
#include "Int8IO.h"
#include "ModelOutputs.h"
#include "ReferenceProfiler.h"
#include "TensorFiles.h"
#include "VulkanEngine.h"

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/ModelOptions.h"
#include "mnv4/Driver/ToolError.h"
#include "mnv4/InitAll.h"
#include "mnv4/Interp/Int8Interpreter.h"
#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Interp/SizeLimits.h"
#include "mnv4/Support/Stats.h"
#include "mnv4/Targets/MemoryStats.h"

#include "dialects/mnv4/MNV4Dialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <chrono>

using namespace llvm;
using mnv4::interp::Tensor;

namespace {

cl::OptionCategory category("mnv4-run options");

mnv4::ModelOptions modelOptions(category);
cl::opt<std::string> inputFile("input",
                               cl::desc("input tensor: raw float32, NCHW"),
                               cl::value_desc("file"), cl::init(""),
                               cl::cat(category));
cl::opt<std::string>
    outputFile("output",
               cl::desc("where to write the outputs, concatenated in output "
                        "order (rank 4 as NCHW)"),
               cl::value_desc("file"), cl::init(""), cl::cat(category));
cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("write one file per output, DIR/<output name>.bin"),
              cl::value_desc("dir"), cl::init(""), cl::cat(category));
cl::opt<std::string>
    io("io",
       cl::desc("file format of --input and --output: float (raw float32, "
                "default) or int8 (an int8 model's raw int8 input and output "
                "tensors, without its quantize and dequantize)"),
       cl::value_desc("float|int8"), cl::init("float"), cl::cat(category));
cl::opt<std::string> engine("engine",
                            cl::desc("execution engine: reference (the fp32 "
                                     "interpreter), compiled (the x86-64 "
                                     "code mnv4-compile --emit=obj writes) "
                                     "or vulkan (SPIR-V on a Vulkan device, "
                                     "docs/vulkan.md)"),
                            cl::init("reference"), cl::cat(category));
cl::opt<std::string> cpu("cpu",
                         cl::desc("compiled engine: the LLVM CPU to compile "
                                  "for (default: host; generic for aarch64 "
                                  "and hexagonv68 for hexagon under qemu)"),
                         cl::init("host"), cl::cat(category));
cl::opt<std::string>
    target("target",
           cl::desc("compiled engine: x86_64, aarch64 or hexagon (default: "
                    "this machine's); aarch64 and hexagon code on another "
                    "host runs under qemu-aarch64 or qemu-hexagon "
                    "(EmulatedEngine.h)"),
           cl::init(""), cl::cat(category));
cl::opt<std::string>
    qemuCpu("qemu-cpu",
            cl::desc("emulated code: qemu's -cpu (aarch64 default: the --cpu "
                     "when qemu models it, else max; hexagon: v67)"),
            cl::init(""), cl::cat(category));
cl::opt<bool> noFusion("no-fusion",
                       cl::desc("compiled engine: do not fuse blocks"),
                       cl::cat(category));
cl::opt<std::string>
    compareFile("compare",
                cl::desc("reference outputs (concatenated like --output): "
                         "print max_abs_err and max_rel_err, fail when "
                         "max_rel_err > --tolerance"),
                cl::value_desc("file"), cl::init(""), cl::cat(category));
cl::opt<double> tolerance("tolerance",
                          cl::desc("largest max_rel_err (max|out-ref| / "
                                   "max|ref|) that --compare accepts"),
                          cl::init(1e-4), cl::cat(category));
cl::opt<int64_t> maxTensorElements(
    "max-tensor-elements",
    cl::desc("largest tensor (elements) the model may have; checked before "
             "anything is allocated (default 2^28, 1 GiB of float32)"),
    cl::value_desc("N"), cl::init(mnv4::interp::kDefaultMaxTensorElements),
    cl::cat(category));
cl::opt<bool> printTime("time", cl::desc("print the run time to stderr"),
                        cl::cat(category));
mnv4::run::BenchmarkOptions benchOptions(category);
mnv4::run::VulkanOptions vulkanOptions(category);

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // libLLVM registers a hidden --threads of its own; this one replaces it.
  if (cl::Option *llvmThreads = cl::getRegisteredOptions().lookup("threads"))
    llvmThreads->removeArgument();
  static cl::opt<int> threads("threads",
                              cl::desc("compiled engine: threads to run on, "
                                       "the calling one included (default 1)"),
                              cl::value_desc("N"), cl::init(1),
                              cl::cat(category));
  cl::HideUnrelatedOptions(category);
  // libLLVM registers an inert --stats-json (LLVM statistics) as parsing
  // starts; ours takes the name over.
  if (cl::Option *llvmOption = cl::getRegisteredOptions().lookup("stats-json"))
    llvmOption->removeArgument();
  static cl::opt<bool> statsJSON(
      "stats-json",
      cl::desc("compiled engine: print the model's --stats-json with the "
               "compiled code's arena_bytes and per-block scratch_bytes "
               "(docs/stats.md); --input and --output are then optional"),
      cl::cat(category));
  cl::ParseCommandLineOptions(
      argc, argv,
      "mnv4-run: run a MobileNetV4 model (zoo name, .onnx, .mlir or .mlirbc) "
      "on one input tensor\n");

  if (modelOptions.printModelListIfAsked(outs()))
    return 0;
  std::optional<mnv4::ModelLoadOptions> loadOptions =
      modelOptions.getLoadOptions();
  if (!loadOptions)
    return 1;
  if (benchOptions.requested() && inputFile.empty())
    return mnv4::reportToolError("--bench and --profile need an --input");
  // With --stats-json alone, the model is compiled but not run.
  bool runs = !(statsJSON && inputFile.empty());
  if (runs && (inputFile.empty() || (outputFile.empty() && outputDir.empty() &&
                                     !benchOptions.requested())))
    return mnv4::reportToolError(
        "both --input and --output must be given (or --output-dir)");
  if (threads < 1)
    return mnv4::reportToolError(
        formatv("--threads must be at least 1, not {0}", threads.getValue()));
  if (threads != 1 && engine != "compiled")
    return mnv4::reportToolError(
        "--threads applies to --engine=compiled; the reference engine runs "
        "on one thread");
  std::optional<mnv4::run::BenchmarkPlan> benchPlan;
  if (benchOptions.requested() &&
      !(benchPlan = benchOptions.getPlan(static_cast<unsigned>(threads))))
    return 1;
  if (engine != "reference" && engine != "compiled" && engine != "vulkan")
    return mnv4::reportToolError(
        formatv("unknown engine '{0}': expected reference, compiled or vulkan",
                engine));
  if (engine == "reference")
    for (const cl::Option *option :
         {static_cast<const cl::Option *>(&cpu),
          static_cast<const cl::Option *>(&noFusion)})
      if (option->getNumOccurrences())
        return mnv4::reportToolError(
            formatv("--{0} applies to --engine=compiled only", option->ArgStr));
  if (statsJSON && engine != "compiled")
    return mnv4::reportToolError(
        "--stats-json applies to --engine=compiled (mnv4-compile MODEL "
        "--stats-json prints the model's stats)");
  if (Error error = benchOptions.checkProfileOptions(printTime))
    return mnv4::reportToolError(toString(std::move(error)));

  mlir::DialectRegistry registry;
  mnv4::registerAllDialects(registry);
  mnv4::registerAllPasses();
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mnv4::loadModel(context, modelOptions.model(), *loadOptions);
  if (!module)
    return 1;
  mlir::func::FuncOp func = mnv4::getEntryFunction(*module);
  if (!func)
    return 1;
  std::optional<mnv4::run::ModelSignature> signature =
      mnv4::run::getModelSignature(func);
  if (!signature)
    return 1;

  // Every size and input is validated before the (possibly long) run.
  if (Error error = mnv4::interp::checkTensorSizes(func, maxTensorElements))
    return mnv4::reportToolError(toString(std::move(error)));
  if (io != "float" && io != "int8")
    return mnv4::reportToolError(
        formatv("unknown --io '{0}': expected float or int8", io));
  std::optional<mnv4::run::Int8Edges> int8Edges;
  if (io == "int8") {
    if (!mnv4::interp::isInt8Function(func))
      return mnv4::reportToolError(
          "--io=int8 reads and writes the raw int8 tensors of an int8 model, "
          "but '" +
          modelOptions.model() +
          "' computes in float32 (quantize it with mnv4-compile "
          "--quantize=int8)");
    if (!outputDir.empty() || !compareFile.empty())
      return mnv4::reportToolError(
          "--io=int8 writes one raw int8 --output; --output-dir and --compare "
          "read and write float32");
    if (!(int8Edges = mnv4::run::getInt8Edges(func)))
      return 1;
  }
  std::optional<Tensor> input;
  if (runs &&
      !(input = int8Edges ? mnv4::run::readInt8Input(
                                inputFile, signature->inputShape, *int8Edges)
                          : mnv4::run::readTensorFile("input", inputFile,
                                                      signature->inputShape)))
    return 1;
  std::optional<Tensor> reference;
  if (!compareFile.empty() && !(reference = mnv4::run::readReferenceFile(
                                    compareFile, signature->outputs)))
    return 1;

  // Read before the compiled engine lowers the module in place.
  bool int8 = mnv4::interp::isInt8Function(func);
  if (int8 && benchOptions.profileRequested() && engine != "compiled")
    return mnv4::reportToolError(
        "--profile times an int8 model's compiled code only "
        "(--engine=compiled): the int8 reference engine is not profiled");
  // The profilers read the blocks before the compiled engine lowers `func`.
  std::unique_ptr<mnv4::run::BlockProfiler> profiler;
  mnv4::run::ReferenceProfiler *referenceProfiler = nullptr;
  if (benchOptions.profileRequested() && engine == "compiled") {
    profiler = std::make_unique<mnv4::run::CompiledProfiler>(func);
  } else if (benchOptions.profileRequested() && engine == "reference") {
    auto reference = std::make_unique<mnv4::run::ReferenceProfiler>(func);
    referenceProfiler = reference.get();
    profiler = std::move(reference);
  }
  std::optional<json::Object> stats;
  std::vector<std::optional<int64_t>> expandedBytes;
  if (statsJSON) {
    stats = mnv4::modelStatsJSON(func, modelOptions.model());
    expandedBytes = mnv4::targets::expandedTensorBytes(func);
  }
  std::unique_ptr<mnv4::run::CompiledEngine> compiled;
  std::unique_ptr<mnv4::run::EmulatedEngine> emulated;
  std::string targetName =
      target.empty() ? Triple(sys::getProcessTriple()).getArchName().str()
                     : target.getValue();
  if (engine == "compiled" && mnv4::run::needsEmulation(targetName) &&
      mnv4::run::isEmulatedTarget(targetName)) {
    if (benchOptions.requested())
      return mnv4::reportToolError(
          formatv("--bench and --profile time native code only: emulated {0} "
                  "time says nothing about {1} performance (--time prints it)",
                  targetName, targetName == "hexagon" ? "Hexagon" : "ARM"));
    if (threads != 1)
      return mnv4::reportToolError(
          formatv("--threads runs native code only: the emulated {0} program "
                  "runs on one thread",
                  targetName));
    if (statsJSON)
      return mnv4::reportToolError(
          formatv("--stats-json reports the native compiled engine's code; for "
                  "{0} use mnv4-compile MODEL --target={0} --emit=obj -o "
                  "FILE --stats-json",
                  targetName));
    std::string emulatedCpu = cpu.getNumOccurrences()
                                  ? cpu.getValue()
                                  : mnv4::run::defaultEmulatedCpu(targetName);
    auto created = mnv4::run::EmulatedEngine::create(
        *module, targetName, emulatedCpu,
        qemuCpu.empty() ? mnv4::run::defaultQemuCpu(targetName, emulatedCpu)
                        : qemuCpu,
        !noFusion, argv[0]);
    if (!created)
      return mnv4::reportToolError(toString(created.takeError()));
    emulated = std::move(*created);
    if (Error error = emulated->setInput(*input))
      return mnv4::reportToolError(toString(std::move(error)));
  } else if (engine == "compiled") {
    if (mnv4::run::needsEmulation(targetName) &&
        llvm::is_contained(mnv4::targets::knownTargets(), targetName))
      return mnv4::reportToolError(
          formatv("{0} code runs on a {0} host only (aarch64 and hexagon "
                  "code runs under qemu on other hosts)",
                  targetName));
    auto created = mnv4::run::CompiledEngine::create(
        *module, targetName, cpu, !noFusion, threads,
        /*profile=*/profiler != nullptr);
    if (!created)
      return mnv4::reportToolError(toString(created.takeError()));
    compiled = std::move(*created);
    if (stats) {
      mnv4::targets::addMemoryStats(*stats, expandedBytes,
                                    compiled->compiledModel());
      outs() << formatv("{0:2}", json::Value(std::move(*stats))) << "\n";
    }
    if (!runs)
      return 0;
    if (Error error = compiled->setInput(*input))
      return mnv4::reportToolError(toString(std::move(error)));
  }
  std::unique_ptr<mnv4::run::VulkanEngine> vulkan;
  if (engine == "vulkan") {
    if (int8)
      return mnv4::reportToolError(
          "the vulkan engine runs fp32 models only: an int8 model runs on "
          "the int8 reference (--engine=reference)");
    auto created = mnv4::run::VulkanEngine::create(
        *module, vulkanOptions, benchOptions.profileRequested());
    if (!created)
      return mnv4::reportToolError(toString(created.takeError()));
    vulkan = std::move(*created);
    if (Error error = vulkan->setInput(*input))
      return mnv4::reportToolError(toString(std::move(error)));
  }
  std::vector<Tensor> results;
  auto afterOp = [&](mlir::Operation &op) { referenceProfiler->afterOp(op); };
  auto inference = [&]() -> Error {
    if (emulated)
      return emulated->run();
    if (vulkan)
      return vulkan->run();
    if (profiler)
      profiler->startRun();
    if (compiled) {
      compiled->run(); // results are read once, after the last run
      return profiler ? profiler->finishRun() : Error::success();
    }
    // An int8 model runs on the TFLite-exact int8 reference (docs/int8.md).
    Expected<std::vector<Tensor>> outputs =
        int8       ? mnv4::interp::runInt8Function(func, {*input})
        : profiler ? mnv4::interp::runFunction(func, {*input}, afterOp)
                   : mnv4::interp::runFunction(func, {*input});
    if (!outputs)
      return outputs.takeError();
    results = std::move(*outputs);
    return profiler ? profiler->finishRun() : Error::success();
  };
  if (benchPlan) {
    Expected<mnv4::run::BenchmarkResult> bench =
        benchOptions.runRounds(inference, *benchPlan, outs(), [&] {
          if (profiler)
            profiler->recording = true;
          if (vulkan)
            vulkan->recording = true;
        });
    if (!bench)
      return mnv4::reportToolError(toString(bench.takeError()));
    mnv4::run::ProfileContext context;
    context.engine = engine;
    context.probes = compiled && profiler;
    context.int8 = int8;
    context.threads = bench->threads;
    ArrayRef<mnv4::run::BlockTimes> times;
    ArrayRef<double> runMicros;
    if (vulkan) {
      times = vulkan->blockTimes();
    } else if (profiler) {
      times = profiler->times();
      runMicros = profiler->runMicros();
    }
    if (benchOptions.profileTableRequested()) {
      mnv4::run::printProfileTable(outs(), times, runMicros, context);
      if (vulkan)
        vulkan->printDispatchProfile(outs());
    }
    if (benchOptions.profileJSONRequested())
      outs() << formatv("{0:2}\n",
                        mnv4::run::profileToJSON(times, runMicros, context));
  } else {
    auto start = std::chrono::steady_clock::now();
    if (Error error = inference())
      return mnv4::reportToolError(toString(std::move(error)));
    auto stop = std::chrono::steady_clock::now();
    if (printTime)
      errs() << formatv(
          "mnv4-run: {0} engine: {1:f1} ms\n",
          int8 && engine == "reference" ? std::string("int8 reference")
                                        : engine.getValue(),
          std::chrono::duration<double, std::milli>(stop - start).count());
    if (printTime && emulated)
      errs() << formatv("mnv4-run: qemu-{0} cpu time: {1:f1} ms\n", targetName,
                        emulated->lastCpuMs());
  }

  if (compiled)
    results = compiled->results();
  if (emulated) {
    auto outputs = emulated->results();
    if (!outputs)
      return mnv4::reportToolError(toString(outputs.takeError()));
    results = std::move(*outputs);
  }
  if (vulkan)
    results = vulkan->results();
  if (int8Edges) {
    if (!outputFile.empty() &&
        !mnv4::run::writeInt8Output(outputFile, results.front(), *int8Edges))
      return 1;
  } else if (!mnv4::run::writeOutputs(outputFile, outputDir, signature->outputs,
                                      results)) {
    return 1;
  }

  if (!reference)
    return 0;
  mnv4::run::TensorErrors errors = mnv4::run::compareTensors(
      mnv4::run::concatenateOutputs(results), *reference);
  outs() << formatv("max_abs_err={0:e} max_rel_err={1:e}\n", errors.maxAbs,
                    errors.maxRel);
  // Written so that NaN fails too.
  return errors.maxRel <= tolerance ? 0 : 1;
}
