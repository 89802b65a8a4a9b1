//===- Calibration.h - ranges of every value for int8 quantization -*- C++
//-*-===//
//
// Post-training calibration: the fp32 reference interpreter runs the
// (decomposed) function on sample inputs and every argument and op result
// gets the range `mnv4.range = array<f32: min, max>` that the
// mnv4-quantize-int8 pass turns into int8 parameters.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_QUANT_CALIBRATION_H
#define MNV4_QUANT_CALIBRATION_H

#include "mnv4/Interp/Tensor.h"
#include "mnv4/Zoo/Zoo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <optional>

namespace mnv4::quant {

/// The attribute holding a calibrated range on an op or a function argument.
inline constexpr llvm::StringLiteral kRangeAttrName = "mnv4.range";

/// The attribute on a weight's mnv4.const that fixes its int8 scales (one
/// per channel, or one for a per-tensor weight) after the weight
/// optimization (WeightOptimization.h) put its values on that grid;
/// mnv4-quantize-int8 then keeps those scales instead of max|w| / 127.
inline constexpr llvm::StringLiteral kWeightScalesAttrName =
    "mnv4.weight_scales";

/// How the samples' values become one range per tensor:
/// * minmax: the smallest and largest value over all samples;
/// * percentile: per sample the 0.01% and 99.99% quantiles, averaged;
/// * mse: per sample the range min/max x t, t in {1, 0.95, ..., 0.5}, whose
///   int8 rounding has the least squared error, averaged.
enum class CalibrationMethod { minmax, percentile, mse };

std::optional<CalibrationMethod> parseCalibrationMethod(llvm::StringRef name);

/// Runs `func` on every sample and sets the range of every argument and op
/// result; fails with the interpreter's message. `progress`, when given, is
/// called with the number of samples done after each.
llvm::Error calibrate(mlir::func::FuncOp func,
                      llvm::ArrayRef<interp::Tensor> samples,
                      CalibrationMethod method,
                      llvm::function_ref<void(size_t done)> progress = nullptr);

/// `count` calibration inputs of NHWC shape `shape`: the first `count` files
/// of `dir` in name order, `.bin` tensors (float32 NCHW, as PyTorch writes
/// them) or JPEG/PNG images through `transform` (CalibrationImage.h), or,
/// when `dir` is empty, `count` tensors of seeded N(0, 1) values. Fails naming
/// the file when the directory is missing or empty, a file has the wrong
/// size, is neither kind or does not decode, or an image meets no transform.
llvm::Expected<std::vector<interp::Tensor>>
loadCalibrationInputs(llvm::StringRef dir, unsigned count,
                      llvm::ArrayRef<int64_t> shape, uint64_t seed,
                      const std::optional<zoo::EvalTransform> &transform);

} // namespace mnv4::quant

#endif // MNV4_QUANT_CALIBRATION_H
