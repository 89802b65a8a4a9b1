//===- IntegerLinalg.h - linalg-on-tensors pieces of int8 ops ---*- C++ -*-===//
//
// The linalg building blocks of the integer lowering, on tensors of any
// element type (i8 activations and weights, i32 accumulators). Each kernel
// carries the `mnv4.kernel` tag of the fp32 lowering's kernel of the same
// shape (docs/lowering.md section 2), so mnv4-tile-and-vectorize tiles both
// alike: `pointwise`, `conv`, `depthwise` with their requantization as the
// fused `activation`, the rest as vectors of their innermost dimension.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4QUANTTOLINALG_INTEGERLINALG_H
#define MNV4_CONVERSION_MNV4QUANTTOLINALG_INTEGERLINALG_H

#include "FixedPoint.h"
#include "Multipliers.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mnv4::conversion {

/// The body of an elementwise map: the scalar result from the scalar
/// inputs, with TFLite's arithmetic at hand.
using ScalarFn =
    llvm::function_ref<mlir::Value(FixedPoint &, mlir::ValueRange)>;

/// bias[c] - offset * (sum of channel c's `taps` weights, at
/// `w[c * channelStride + t * tapStride]`), wrapping as int32: the constant
/// term of `sum w (x - offset)` folded into the bias.
std::vector<int32_t> foldInputOffset(llvm::ArrayRef<int32_t> bias,
                                     llvm::ArrayRef<int8_t> w, int64_t taps,
                                     int64_t channelStride, int64_t tapStride,
                                     int32_t offset);

/// A requantization's multipliers as IR: one multiplier for every channel,
/// or i32 constants of the channels' Q31 multipliers and shifts.
struct RequantConstants {
  bool uniform = true;
  tflite::Multiplier first;
  mlir::Value m, left, right; // per channel, when not uniform
  /// The multiplier of one element (or vector): the constants, or the
  /// channel's `m`, `left`, `right` as read by the caller.
  MultiplierValues values(FixedPoint &fp,
                          mlir::ValueRange perChannel = {}) const;
};

class IntegerLinalg {
public:
  /// `highMultiply`: the FixedPoint arithmetic of its maps' bodies.
  IntegerLinalg(mlir::OpBuilder &b, mlir::Location loc,
                HighMultiply highMultiply = HighMultiply::generic)
      : b(b), loc(loc), highMultiply(highMultiply) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() { return loc; }
  HighMultiply highMultiplyOfMaps() const { return highMultiply; }

  /// A new tensor: tensor.empty, or in a tile loop's body (`allocateHere`)
  /// a bufferization.alloc_tensor allocated where it is created (as
  /// LinalgBuilder's).
  mlir::Value empty(llvm::ArrayRef<int64_t> shape, mlir::Type element);
  void allocateHere() { allocHere = true; }
  mlir::Value fill(llvm::ArrayRef<int64_t> shape, mlir::Type element,
                   int64_t value);
  /// An integer constant tensor (a dense_resource blob when large).
  mlir::Value constant(llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<int8_t> values, llvm::StringRef name);
  mlir::Value constant(llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<int16_t> values, llvm::StringRef name);
  mlir::Value constant(llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<int32_t> values, llvm::StringRef name);

  /// Pads H and W of an NHWC tensor by `[top, left, bottom, right]` (and C
  /// by `extraChannels` at its end) with
  /// `value` (the input zero point: TFLite skips the taps outside the image,
  /// which is the same as reading z_in there once z_in * sum(w) is folded).
  mlir::Value padHW(mlir::Value x, llvm::ArrayRef<int64_t> pad, int64_t value,
                    int64_t extraChannels = 0);
  /// `shape` filled with `perChannel[c]` (an i32 tensor of the trailing
  /// dims of `shape`), tagged `bias`.
  mlir::Value broadcast(llvm::ArrayRef<int64_t> shape, mlir::Value perChannel);

  /// `fn(x0, x1, ...)` elementwise over `shape` (default: the shape of
  /// `inputs[0]`), inputs of lower rank broadcast numpy-style.
  mlir::Value map(mlir::ValueRange inputs, mlir::Type result, ScalarFn fn,
                  llvm::StringRef tag, llvm::ArrayRef<int64_t> shape = {});

  RequantConstants requantConstants(llvm::ArrayRef<tflite::Multiplier> mults,
                                    llvm::ArrayRef<int64_t> channelShape);

  /// `clamp(mbqm(acc, mult[c]) + zOut, lo, hi)` as i8, the requantization
  /// epilogue of an i32 accumulator whose trailing dims `channelShape` are
  /// the channels of `mults` (one multiplier: the same for every element).
  /// Tagged `activation` so that the tiling fuses it into its kernel's tile.
  mlir::Value requantize(mlir::Value acc,
                         llvm::ArrayRef<tflite::Multiplier> mults,
                         llvm::ArrayRef<int64_t> channelShape, int32_t zOut,
                         tflite::ClampRange range);
  mlir::Value requantize(mlir::Value acc, const RequantConstants &rc,
                         int32_t zOut, tflite::ClampRange range);
  /// Channels [offset, offset + size) of the last dimension of `x`, and of
  /// per-channel multipliers.
  mlir::Value channelSlice(mlir::Value x, mlir::Value offset, int64_t size);
  RequantConstants sliceChannels(const RequantConstants &rc, mlir::Value offset,
                                 int64_t size);

  /// `init[m, cb, j] += x2[m, k] * packed[cb, k, j]` (i8 x i8 -> i32).
  mlir::Value pointwiseProduct(mlir::Value x2, mlir::Value packed,
                               mlir::Value init);
  mlir::Value conv(mlir::Value xp, mlir::Value hwcf, mlir::Value init,
                   llvm::ArrayRef<int64_t> strides);
  mlir::Value depthwise(mlir::Value xp, mlir::Value hwc, mlir::Value init,
                        llvm::ArrayRef<int64_t> strides);

  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape);
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> perm);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
  HighMultiply highMultiply;
  bool allocHere = false;
};

llvm::ArrayRef<int64_t> shapeOfValue(mlir::Value v);

/// `acc + sext(x) * sext(y)` in wrapping i32: the body of every int8
/// contraction.
mlir::Value multiplyAddI32(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value x, mlir::Value y, mlir::Value acc);

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4QUANTTOLINALG_INTEGERLINALG_H
