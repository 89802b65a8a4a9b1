//===- Int8Interpreter.h - TFLite-exact execution of int8 mnv4 IR -*- C++
//-*-===//
//
// Runs a function of int8 ops (docs/int8.md) with integers exactly as
// TFLite's int8 reference kernels compute
// (../shared/docs/int8-tflite-edgetpu.md §2, default double-rounding build).
// Inputs and outputs are f32 at the function's edges (mnv4.quantize /
// mnv4.dequantize).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_INTERP_INT8INTERPRETER_H
#define MNV4_INTERP_INT8INTERPRETER_H

#include "mnv4/Interp/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mnv4::interp {

/// Whether `func` computes in int8 (it holds int8 ops).
bool isInt8Function(mlir::func::FuncOp func);

/// Sees the stored int8 values of every op result once computed (in the
/// value's row-major order) and may change them before later ops read them:
/// the TFLite validators compare each op with another runtime's result and
/// then continue from that runtime's values (docs/tflite.md).
using Int8Observer =
    llvm::function_ref<void(mlir::Operation &, std::vector<int8_t> &)>;

/// Executes `func` op by op with the int8 kernels; fails naming the op when
/// it meets one without an int8 kernel or a weight without data.
llvm::Expected<std::vector<Tensor>>
runInt8Function(mlir::func::FuncOp func, llvm::ArrayRef<Tensor> inputs,
                Int8Observer observe = nullptr);

} // namespace mnv4::interp

#endif // MNV4_INTERP_INT8INTERPRETER_H
