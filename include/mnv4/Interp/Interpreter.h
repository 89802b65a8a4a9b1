//===- Interpreter.h - fp32 reference execution of mnv4 IR ------*- C++ -*-===//

#ifndef MNV4_INTERP_INTERPRETER_H
#define MNV4_INTERP_INTERPRETER_H

#include "mnv4/Interp/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

namespace mnv4::interp {

/// Executes `func` op by op with the reference kernels. Fails with a message
/// naming the op when it meets an op it cannot execute or inputs whose
/// shapes differ from the function's argument types. `afterOp`, when given,
/// is called after each op of the body has executed (for profiling);
/// `observe`, when given, sees every argument and every op result once
/// computed, and may change it before later ops read it (the int8
/// calibration records ranges; the int8 error analysis rounds a value to its
/// int8 grid).
using ValueObserver = llvm::function_ref<void(mlir::Value, Tensor &)>;
llvm::Expected<std::vector<Tensor>>
runFunction(mlir::func::FuncOp func, llvm::ArrayRef<Tensor> inputs,
            llvm::function_ref<void(mlir::Operation &)> afterOp = nullptr,
            ValueObserver observe = nullptr);

/// Runs one single-result op of a function body with its reference kernel
/// (an mnv4.const yields its weight); `lookup` gives the tensor of each
/// operand. For drivers that step through a body themselves (the int8 weight
/// optimization runs every sample op by op in lockstep).
llvm::Expected<Tensor>
runOp(mlir::Operation *op,
      llvm::function_ref<const Tensor &(mlir::Value)> lookup);

} // namespace mnv4::interp

#endif // MNV4_INTERP_INTERPRETER_H
