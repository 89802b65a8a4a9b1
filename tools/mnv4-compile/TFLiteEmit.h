//===- TFLiteEmit.h - mnv4-compile --emit=tflite, --edgetpu-report -*- C++
//-*-===//
//
//   mnv4-compile MODEL --quantize=int8 --emit=tflite -o FILE
//   mnv4-compile MODEL --quantize=int8 --edgetpu-report[=json]
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_COMPILE_TFLITEEMIT_H
#define MNV4_TOOLS_MNV4_COMPILE_TFLITEEMIT_H

#include "mnv4/Targets/TFLiteWriter.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

namespace mnv4::compile {

/// Writes the module's entry function as a .tflite file to `output` (never
/// stdout: it is binary); prints an `error:` and returns 1 on failure, leaving
/// no partial file. `options` as tflite::writeTFLite takes them;
/// `edgetpuSchedule`: the ops in the order of tflite::edgeTPUSchedule.
int emitTFLite(mlir::ModuleOp module, llvm::StringRef output,
               const tflite::TFLiteWriteOptions &options, bool edgetpuSchedule);

class EdgeTPUReportOption {
public:
  explicit EdgeTPUReportOption(llvm::cl::OptionCategory &category);
  bool requested() const { return report.getNumOccurrences() > 0; }
  /// --edgetpu-schedule: the TFLite ops in the EdgeTPU-friendly order.
  bool scheduled() const { return schedule; }
  /// Prints the EdgeTPU report (table or JSON) of the quantized module's
  /// TFLite form to stdout; `quantized` says --quantize=int8 was given.
  int print(mlir::ModuleOp module, bool quantized) const;

private:
  llvm::cl::opt<std::string> report;
  llvm::cl::opt<bool> schedule;
};

} // namespace mnv4::compile

#endif // MNV4_TOOLS_MNV4_COMPILE_TFLITEEMIT_H
