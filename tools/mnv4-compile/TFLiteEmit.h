//===- TFLiteEmit.h - mnv4-compile --emit=tflite, --edgetpu-report -*- C++
//-*-===//
//
//   mnv4-compile MODEL --quantize=int8 --emit=tflite -o FILE
//   mnv4-compile MODEL --quantize=int8 --edgetpu-report[=json]
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_COMPILE_TFLITEEMIT_H
#define MNV4_TOOLS_MNV4_COMPILE_TFLITEEMIT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

namespace mnv4::compile {

/// Writes the module's entry function as a .tflite file to `output` (never
/// stdout: it is binary); prints an `error:` and returns 1 on failure, leaving
/// no partial file. `everyOpOutput`: every op's result is a model output too
/// (tflite::writeTFLite).
int emitTFLite(mlir::ModuleOp module, llvm::StringRef output,
               bool everyOpOutput);

class EdgeTPUReportOption {
public:
  explicit EdgeTPUReportOption(llvm::cl::OptionCategory &category);
  bool requested() const { return report.getNumOccurrences() > 0; }
  /// Prints the EdgeTPU report (table or JSON) of the quantized module's
  /// TFLite form to stdout; `quantized` says --quantize=int8 was given.
  int print(mlir::ModuleOp module, bool quantized) const;

private:
  llvm::cl::opt<std::string> report;
};

} // namespace mnv4::compile

#endif // MNV4_TOOLS_MNV4_COMPILE_TFLITEEMIT_H
