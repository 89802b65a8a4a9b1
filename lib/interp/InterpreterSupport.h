//===- InterpreterSupport.h - pieces of the IR interpreter ------*- C++ -*-===//
//
// Private to lib/interp: turning weight attributes into tensors and running
// one op with the reference kernels.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_INTERP_INTERPRETERSUPPORT_H
#define MNV4_LIB_INTERP_INTERPRETERSUPPORT_H

#include "mnv4/Interp/Tensor.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mnv4::interp::detail {

/// "'mnv4.conv2d' at loc(...)": how errors name an op.
std::string describeOp(mlir::Operation *op);

/// "[1,2,3]".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// The type as the IR prints it, e.g. "tensor<1x2xf32>".
std::string formatType(mlir::Type type);

/// The f32 data of a weight attribute: a dense_resource blob or a plain
/// DenseElementsAttr (splats included).
llvm::Expected<Tensor> tensorFromElements(mlir::ElementsAttr attr);

/// The tensor bound to an SSA value; values are looked up, never copied.
using ValueLookup = llvm::function_ref<const Tensor &(mlir::Value)>;

/// Runs one single-result op with its kernel (mnv4.const yields its weight).
/// Fails, naming the op, when no kernel implements it or a weight is bad.
llvm::Expected<Tensor> executeOp(mlir::Operation *op, ValueLookup lookup);

} // namespace mnv4::interp::detail

#endif // MNV4_LIB_INTERP_INTERPRETERSUPPORT_H
