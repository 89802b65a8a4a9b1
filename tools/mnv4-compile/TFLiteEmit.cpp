//===- TFLiteEmit.cpp - mnv4-compile --emit=tflite, --edgetpu-report ------===//

#include "TFLiteEmit.h"

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/ToolError.h"
#include "mnv4/Targets/EdgeTPUReport.h"
#include "mnv4/Targets/TFLiteWriter.h"

#include "dialects/mnv4/MNV4Ops.h"
#include "passes/Passes.h"

#include "mlir/Pass/PassManager.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace mnv4::compile {

/// The TFLite form of the module's entry function; with `edgetpuSchedule`,
/// its ops in the order tflite::edgeTPUSchedule picks.
static Expected<std::string> tfliteBytes(mlir::ModuleOp module,
                                         tflite::TFLiteWriteOptions options,
                                         bool edgetpuSchedule) {
  mlir::func::FuncOp entry = getEntryFunction(module);
  if (!entry)
    return createStringError("the model has no entry function");
  if (!edgetpuSchedule)
    return tflite::writeTFLite(entry, options);
  Expected<std::string> bytes = tflite::writeTFLite(entry, options);
  if (!bytes)
    return bytes.takeError();
  Expected<tflite::EdgeTPUReport> analysis = tflite::analyzeEdgeTPU(*bytes);
  if (!analysis)
    return analysis.takeError();
  Expected<std::vector<int>> order = tflite::edgeTPUSchedule(*bytes, *analysis);
  if (!order)
    return order.takeError();
  options.operatorOrder = std::move(*order);
  return tflite::writeTFLite(entry, options);
}

int emitTFLite(mlir::ModuleOp module, StringRef output,
               const tflite::TFLiteWriteOptions &options,
               bool edgetpuSchedule) {
  if (output.empty() || output == "-")
    return reportToolError("--emit=tflite writes binary data: name the "
                           "output with -o FILE");
  bool int8 = false;
  module.walk([&](QuantizeOp) { int8 = true; });
  if (options.int8IO && !int8)
    return reportToolError("--io=int8 writes the int8 input and output of an "
                           "int8 model, but this model computes in float32: "
                           "add --quantize=int8");
  if (!int8) {
    // A float model is written as the primitive ops TFLite has (the blocks
    // decomposed as --quantize=int8 decomposes them).
    mlir::PassManager decompose(module.getContext());
    decompose.addPass(createDecomposeBlocks());
    if (mlir::failed(decompose.run(module)))
      return reportToolError("cannot decompose the model's blocks");
  }
  Expected<std::string> bytes = tfliteBytes(module, options, edgetpuSchedule);
  if (!bytes)
    return reportToolError("cannot write TFLite: " +
                           toString(bytes.takeError()));
  // writeToOutput writes a temporary file and renames it.
  if (Error error = writeToOutput(output, [&](raw_ostream &os) {
        os << *bytes;
        return Error::success();
      }))
    return reportToolError("cannot write output " + toString(std::move(error)));
  return 0;
}

EdgeTPUReportOption::EdgeTPUReportOption(cl::OptionCategory &category)
    : report("edgetpu-report",
             cl::desc("print which ops of the int8 TFLite model an EdgeTPU "
                      "would run, with the rule behind each (=json: as JSON; "
                      "needs --quantize=int8 or an int8 model file; "
                      "docs/edgetpu.md)"),
             cl::value_desc("json"), cl::ValueOptional, cl::cat(category)),
      schedule("edgetpu-schedule",
               cl::desc("order the TFLite ops (--emit=tflite, "
                        "--edgetpu-report) so that every supported op whose "
                        "inputs are ready comes before the next unsupported "
                        "one: the one-subgraph EdgeTPU cut comes as late as "
                        "possible, with the same results (docs/edgetpu.md)"),
               cl::cat(category)) {}

int EdgeTPUReportOption::print(mlir::ModuleOp module, bool quantized) const {
  if (!report.empty() && report != "json")
    return reportToolError(formatv(
        "unknown --edgetpu-report format '{0}': expected json or nothing",
        report));
  if (!quantized)
    return reportToolError("--edgetpu-report needs --quantize=int8: the "
                           "EdgeTPU runs int8 models only");
  Expected<std::string> bytes = tfliteBytes(module, {}, schedule);
  if (!bytes)
    return reportToolError("cannot write TFLite: " +
                           toString(bytes.takeError()));
  Expected<tflite::EdgeTPUReport> analysis = tflite::analyzeEdgeTPU(*bytes);
  if (!analysis)
    return reportToolError(toString(analysis.takeError()));
  if (report == "json")
    outs() << formatv("{0:2}", tflite::toJSON(*analysis)) << "\n";
  else
    tflite::printEdgeTPUReport(*analysis, outs());
  return 0;
}

} // namespace mnv4::compile
