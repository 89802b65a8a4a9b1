//===- ErrorAnalysis.h - what int8 rounding costs, per tensor -*- C++ -*-===//
//
// Simulated quantization on a calibrated (decomposed) fp32 function: the fp32
// interpreter runs it with chosen tensors rounded to their int8 grid (the
// activation parameters of their calibrated range, or the per-channel /
// per-tensor weight scales mnv4-quantize-int8 would use) and compares the
// results with the unrounded run by cosine similarity.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_QUANT_ERRORANALYSIS_H
#define MNV4_QUANT_ERRORANALYSIS_H

#include "mnv4/Interp/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mnv4::quant {

/// One rounded tensor and what it costs.
struct TensorError {
  std::string name; ///< the producing op's timm name (weights: + ".weight")
  std::string kind; ///< "activation", "weight" or "layer-scale"
  int64_t elements;
  double meanCosine; ///< over the inputs, of the concatenated results
  double minCosine;
  /// mean cosine once the unrounded results' mean over the inputs is taken
  /// from both: how well the input-dependent part survives (NaN for one
  /// input)
  double centeredCosine;
};

/// Which tensors a run rounds: all of them, the activations, the weights,
/// the model's input alone, the input and the weights (what the model keeps
/// with its intermediate activations exact: the floor of the int8 scheme at
/// this input range and these weight scales), or each tensor alone.
enum class RoundingSet { all, activations, weights, input, inputWeights, each };

/// Runs `func` (calibrated: every value has its mnv4.range) on `inputs`
/// with the tensors of `set` rounded and compares with `reference` (the
/// same function before any weight optimization, or `func` itself) run
/// unrounded: one row for the tensors of `set` together, or (`each`) one row
/// per tensor, worst first.
llvm::Expected<std::vector<TensorError>>
analyzeInt8Error(mlir::func::FuncOp func, mlir::func::FuncOp reference,
                 llvm::ArrayRef<interp::Tensor> inputs, RoundingSet set,
                 bool perChannelFC);

} // namespace mnv4::quant

#endif // MNV4_QUANT_ERRORANALYSIS_H
