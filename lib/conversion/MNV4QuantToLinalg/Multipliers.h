//===- Multipliers.h - the requantization factors of int8 ops ---*- C++ -*-===//
//
// The compile-time half of requantization: the scales and zero points of an
// op's tensors, and the multipliers its requantizations use, each computed
// from the scales exactly as the int8 reference engine computes it
// (lib/interp/int8/Int8Kernels.cpp), through TFLite's QuantizeMultiplier.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4QUANTTOLINALG_MULTIPLIERS_H
#define MNV4_CONVERSION_MNV4QUANTTOLINALG_MULTIPLIERS_H

#include "lib/interp/int8/TfliteArith.h"

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

#include <vector>

namespace mnv4::conversion {

namespace tflite = mnv4::interp::tflite;

/// A per-tensor int8 activation's parameters, as float32 (TFLite's).
struct QuantParams {
  float scale = 1.0f;
  int32_t zeroPoint = 0;
};

QuantParams paramsOf(mlir::Value v);
/// The scales of a weight: one per channel of its axis, or one.
std::vector<float> scalesOf(mlir::Value v);

/// The real multipliers of `op`'s requantizations, in the order its
/// lowering uses them (per output channel for convolutions; lhs, rhs and
/// output for qadd; softmax's input beta); empty for ops without one.
std::vector<double> realMultipliers(mlir::Operation *op);

/// QuantizeMultiplier of each of realMultipliers(op); an error naming the op
/// and the multiplier when one is not representable (not finite and
/// positive, or a left shift above 31).
llvm::FailureOr<std::vector<tflite::Multiplier>>
quantizedMultipliers(mlir::Operation *op);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4QUANTTOLINALG_MULTIPLIERS_H
