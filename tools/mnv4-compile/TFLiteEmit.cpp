//===- TFLiteEmit.cpp - mnv4-compile --emit=tflite, --edgetpu-report ------===//

#include "TFLiteEmit.h"

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/ToolError.h"
#include "mnv4/Targets/EdgeTPUReport.h"
#include "mnv4/Targets/TFLiteWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace mnv4::compile {

static Expected<std::string> tfliteBytes(mlir::ModuleOp module,
                                         bool everyOpOutput = false) {
  mlir::func::FuncOp entry = getEntryFunction(module);
  if (!entry)
    return createStringError("the model has no entry function");
  return tflite::writeTFLite(entry, everyOpOutput);
}

int emitTFLite(mlir::ModuleOp module, StringRef output, bool everyOpOutput) {
  if (output.empty() || output == "-")
    return reportToolError("--emit=tflite writes binary data: name the "
                           "output with -o FILE");
  Expected<std::string> bytes = tfliteBytes(module, everyOpOutput);
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
             cl::value_desc("json"), cl::ValueOptional, cl::cat(category)) {}

int EdgeTPUReportOption::print(mlir::ModuleOp module, bool quantized) const {
  if (!report.empty() && report != "json")
    return reportToolError(formatv(
        "unknown --edgetpu-report format '{0}': expected json or nothing",
        report));
  if (!quantized)
    return reportToolError("--edgetpu-report needs --quantize=int8: the "
                           "EdgeTPU runs int8 models only");
  Expected<std::string> bytes = tfliteBytes(module);
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
