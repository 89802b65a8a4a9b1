//===- Int8IO.h - mnv4-run --io=int8: raw int8 input and output -*- C++ -*-===//
//
// An int8 model (docs/int8.md) takes f32 in and gives f32 out through its
// mnv4.quantize / mnv4.dequantize. With --io=int8 the files hold the raw
// int8 tensors instead (rank 4 stored NCHW, as the float files): the input
// is dequantized with the mnv4.quantize's parameters, which the model's
// quantize turns back into exactly those integers, and the f32 result is
// quantized with the mnv4.dequantize's parameters, which gives back the
// integers it dequantized.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_INT8IO_H
#define MNV4_TOOLS_MNV4_RUN_INT8IO_H

#include "mnv4/Interp/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mnv4::run {

/// The scale and zero point of an int8 model's raw input and output; prints
/// an `error:` and returns nullopt when `func` has no mnv4.quantize at its
/// (single) input or no mnv4.dequantize at its (single) result.
struct Int8Edges {
  float inScale, outScale;
  int32_t inZeroPoint, outZeroPoint;
};
std::optional<Int8Edges> getInt8Edges(mlir::func::FuncOp func);

/// Reads raw int8 `path` of model shape `shape` as the f32 values the
/// model's quantize maps back to those integers; prints an `error:` naming
/// the file on a bad size.
std::optional<interp::Tensor> readInt8Input(llvm::StringRef path,
                                            llvm::ArrayRef<int64_t> shape,
                                            const Int8Edges &edges);

/// Writes the f32 result `t` (model layout) as the raw int8 values its
/// dequantize came from; prints an `error:` on failure.
bool writeInt8Output(llvm::StringRef path, const interp::Tensor &t,
                     const Int8Edges &edges);

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_INT8IO_H
