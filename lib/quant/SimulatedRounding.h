//===- SimulatedRounding.h - int8 rounding of fp32 tensors ------*- C++ -*-===//
//
// Private to lib/quant: how mnv4-quantize-int8 will round each value of a
// calibrated (decomposed) fp32 function, applied to fp32 tensors in place.
// The error analysis and the weight optimization simulate the int8 model
// with it.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_QUANT_SIMULATEDROUNDING_H
#define MNV4_LIB_QUANT_SIMULATEDROUNDING_H

#include "mnv4/Interp/Tensor.h"
#include "mnv4/Quant/QuantParams.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace mnv4::quant {

/// How mnv4-quantize-int8 rounds one value (docs/int8.md).
struct Rounding {
  enum Kind { none, activation, layerScale, weight } kind = none;
  ActivationParams params{1.0f, 0};
  int64_t axis = -1; ///< weights: the per-channel axis, -1 per tensor
  /// weights: the scales fixed by the weight optimization, else empty
  std::vector<float> scales;
  std::string name, label;
};

/// The rounding of `v` in `func`: activations to the parameters of their
/// calibrated range (a SOFTMAX result to 1/256, -128; reshapes, transposes,
/// average pools keep their input's grid: none), weights per output channel
/// (the classifier per tensor unless `perChannelFC`), a layer scale per
/// tensor over its own range; biases stay exact (none).
Rounding roundingOf(mlir::func::FuncOp func, mlir::Value v, bool perChannelFC);

/// Rounds `t` to its int8 grid and back, as `r` says.
void applyRounding(const Rounding &r, interp::Tensor &t);

/// The per-channel (or, for `axis` < 0, per-tensor) TFLite scales of a
/// weight tensor of `shape`.
std::vector<float> weightScales(llvm::ArrayRef<float> weights,
                                llvm::ArrayRef<int64_t> shape, int64_t axis);

} // namespace mnv4::quant

#endif // MNV4_LIB_QUANT_SIMULATEDROUNDING_H
