//===- QuantTypeRules.h - TFLite int8 rules on quant types ------*- C++ -*-===//
//
// The TFLite int8 spec (docs/int8.md) as checks on upstream quant types: what
// an activation, a weight and a bias type must be. The verifiers of the int8
// ops and the post-training quantizer share them.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_DIALECTS_MNV4_QUANTTYPERULES_H
#define MNV4_DIALECTS_MNV4_QUANTTYPERULES_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Operation.h"

namespace mnv4::detail {

/// The int8 activation type of `value`: per-tensor, i8 storage over the full
/// range [-128, 127], f32 expressed, a positive scale exactly representable
/// as float32 (TFLite stores float32) and a zero point in [-128, 127].
mlir::FailureOr<mlir::quant::UniformQuantizedType>
getActivationType(mlir::Operation *op, mlir::Value value, llvm::StringRef what);

/// A weight type: i8 narrow range [-127, 127], zero point 0, per-axis on
/// `axis` with one scale per slice, or (when `allowPerTensor`) per-tensor.
/// Returns the scales (one for a per-tensor type).
mlir::FailureOr<llvm::SmallVector<double>>
getWeightScales(mlir::Operation *op, mlir::Value value, llvm::StringRef what,
                int32_t axis, bool allowPerTensor);

/// The bias scale TFLite's converter stores: float32(s_in * s_w).
double biasScale(double inputScale, double weightScale);

/// A bias type: i32 storage, zero point 0, one scale per weight scale (axis 0,
/// or per-tensor for a per-tensor weight), each `biasScale(s_in, s_w[c])`.
mlir::LogicalResult verifyBiasType(mlir::Operation *op, mlir::Value bias,
                                   double inputScale,
                                   llvm::ArrayRef<double> weightScales);

/// Input and output share scale and zero point (ops that do not rescale).
mlir::LogicalResult verifySameQuantParams(mlir::Operation *op,
                                          mlir::Value input,
                                          mlir::Value output);

/// The result must have exactly scale `scale` and zero point `zeroPoint`.
mlir::LogicalResult verifyFixedOutputParams(mlir::Operation *op,
                                            mlir::Value output, double scale,
                                            int64_t zeroPoint);

/// Whether `value` is exactly representable as float32.
bool isFloat32Exact(double value);

} // namespace mnv4::detail

#endif // MNV4_DIALECTS_MNV4_QUANTTYPERULES_H
