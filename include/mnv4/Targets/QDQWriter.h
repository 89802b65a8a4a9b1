//===- QDQWriter.h - int8 mnv4 IR as a QDQ ONNX model -----------*- C++ -*-===//
//
// Writes an int8 function (docs/int8.md) as an ONNX model in the QDQ format
// (docs/onnx-qdq.md): every int8 tensor is a QuantizeLinear output, every op
// reads DequantizeLinear outputs and computes in float, so that a runtime
// with int8 kernels (ONNX Runtime's QDQ fusion: QLinearConv, QGemm, ...)
// runs the same quantization, and any other runs it in float.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TARGETS_QDQWRITER_H
#define MNV4_TARGETS_QDQWRITER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mnv4::onnx {

/// The serialized ModelProto of `func`: a float NCHW input like the timm
/// export's, float outputs named as the function's results; fails naming the
/// op when one has no QDQ form.
llvm::Expected<std::string> writeQDQ(mlir::func::FuncOp func);

} // namespace mnv4::onnx

#endif // MNV4_TARGETS_QDQWRITER_H
