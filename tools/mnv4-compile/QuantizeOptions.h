//===- QuantizeOptions.h - mnv4-compile's int8 options ----------*- C++ -*-===//
//
//   --quantize=int8 [--calibration=DIR] [--calibration-samples=N]
//   [--calibration-method=minmax|percentile|mse] [--preprocess=VARIANT]
//   [--per-channel-fc] [--pad-zero-point-0] [--weight-rounding=gptq|nearest]
//   [--bias-correction=true|false] [--equalize-channels] [--quiet]
//   [--error-analysis=summary|tensors [--evaluation=DIR]
//    [--evaluation-samples=N]]
//
// Post-training quantization of the loaded model (docs/int8.md): the blocks
// are decomposed, the fp32 interpreter calibrates every value on the sample
// inputs, the weights are rounded and the biases corrected on the same inputs
// (quant::optimizeInt8Weights) and mnv4-quantize-int8 rewrites the function
// into int8 ops.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_COMPILE_QUANTIZEOPTIONS_H
#define MNV4_TOOLS_MNV4_COMPILE_QUANTIZEOPTIONS_H

#include "mnv4/Interp/Tensor.h"
#include "mnv4/Zoo/Zoo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/CommandLine.h"

namespace mnv4::compile {

class QuantizeOptions {
public:
  explicit QuantizeOptions(llvm::cl::OptionCategory &category);

  /// --quantize was given.
  bool requested() const;

  /// Checks the flags, then quantizes `module` in place; prints an `error:`
  /// and fails on bad flags, bad calibration inputs or a model op without an
  /// int8 form. `model` is the MODEL argument: its zoo name (or the file's
  /// stem) picks the eval transform of calibration images by default.
  mlir::LogicalResult apply(mlir::ModuleOp module, llvm::StringRef model) const;

  /// --error-analysis was given: apply() printed the table and left the
  /// model calibrated but unquantized; nothing else is written.
  bool analysisRequested() const;

private:
  /// Prints the int8 error analysis of the calibrated `entry`.
  mlir::LogicalResult
  analyze(mlir::func::FuncOp entry, mlir::func::FuncOp reference,
          llvm::ArrayRef<int64_t> shape,
          const std::optional<zoo::EvalTransform> &transform) const;

  llvm::cl::opt<std::string> quantize, calibration, method;
  llvm::cl::opt<unsigned> samples;
  llvm::cl::opt<std::string> preprocess;
  llvm::cl::opt<bool> perChannelFC, padZeroPoint0;
  llvm::cl::opt<std::string> weightRounding;
  llvm::cl::opt<bool> biasCorrection, equalizeChannels;
  llvm::cl::opt<std::string> errorAnalysis, evaluation;
  llvm::cl::opt<unsigned> evaluationSamples;
  llvm::cl::opt<bool> quiet;
  llvm::cl::opt<int64_t> maxTensorElements;
};

} // namespace mnv4::compile

#endif // MNV4_TOOLS_MNV4_COMPILE_QUANTIZEOPTIONS_H
