//===- WeightOptimization.h - GPTQ rounding, bias correction -*- C++ -*-===//
//
// Post-training weight rounding and bias correction for int8, without
// retraining and within TFLite's format: every conv, depthwise conv and
// fully connected layer keeps TFLite's scales (max|w| / 127 per output
// channel, the classifier per tensor), but
// * its integers are chosen with the error feedback of the Gram matrix of
//   its int8 model inputs (HessianRounding.h: GPTQ), and
// * its bias absorbs the mean shift of its output that the rounding of its
//   weights and of everything before it causes (empirical bias correction,
//   Nagel et al. 2019, "Data-Free Quantization", §4.2), measured on the
//   calibration inputs.
// The layers are taken in order on all inputs at once, the int8 model
// simulated in fp32 (every activation rounded to its calibrated grid), so
// each layer corrects what the layers before it left.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_QUANT_WEIGHTOPTIMIZATION_H
#define MNV4_QUANT_WEIGHTOPTIMIZATION_H

#include "mnv4/Interp/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

namespace mnv4::quant {

struct WeightOptimizationOptions {
  bool hessianRounding = false; ///< GPTQ rounding; else round to nearest
  bool biasCorrection = false;
  bool perChannelFC = false; ///< as mnv4-quantize-int8's option
  /// GPTQ's dampening, a fraction of the Gram matrix's mean diagonal.
  double dampening = 0.01;
  /// Rows (output pixels) per input that go into a conv's Gram matrix, taken
  /// at an even stride.
  int64_t maxRowsPerSample = 1024;
  /// A layer is rounded to nearest when fewer than this many rows per
  /// weight of a row (input dimension) go into its Gram matrix.
  int64_t minRowsPerInput = 4;
};

/// Rewrites the weights and biases of every conv, depthwise conv and fully
/// connected op of the calibrated (decomposed) `func` in place: each weight
/// const then holds values on its int8 grid and the grid's scales
/// (kWeightScalesAttrName), which mnv4-quantize-int8 keeps. Runs the
/// function on all `samples` at once, op by op; fails with the
/// interpreter's message. `progress` is called with the layers done and
/// their total.
llvm::Error optimizeInt8Weights(
    mlir::func::FuncOp func, llvm::ArrayRef<interp::Tensor> samples,
    const WeightOptimizationOptions &options,
    llvm::function_ref<void(size_t done, size_t total)> progress = nullptr);

} // namespace mnv4::quant

#endif // MNV4_QUANT_WEIGHTOPTIMIZATION_H
