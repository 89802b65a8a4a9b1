//===- TFLiteWriter.h - int8 mnv4 IR as a .tflite flatbuffer ----*- C++ -*-===//
//
// Writes an int8 function (docs/int8.md) as a TFLite model (docs/tflite.md):
// one TFLite op per int8 op, float input and output through QUANTIZE and
// DEQUANTIZE, op versions and the min_runtime_version metadata as TFLite's
// converter sets them, tensors named after the timm modules.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TARGETS_TFLITEWRITER_H
#define MNV4_TARGETS_TFLITEWRITER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mnv4::tflite {

/// The bytes of the .tflite file of `func`, verified by the flatbuffers
/// verifier; fails naming the op when one has no TFLite form.
struct TFLiteWriteOptions {
  /// Besides the function's results, every op's int8 result is a subgraph
  /// output too, in op order (QUANTIZE first; the PADs the writer inserts
  /// are not), so that a validator can compare each op (docs/tflite.md).
  bool everyOpOutput = false;
  /// The model's inputs and outputs are the int8 tensors: no QUANTIZE at an
  /// input, no DEQUANTIZE at a result (mnv4-compile --io=int8).
  bool int8IO = false;
  /// When not empty: the written operators in this order (indices into the
  /// default order, a topological order of them: edgeTPUSchedule).
  std::vector<int> operatorOrder;
};

llvm::Expected<std::string> writeTFLite(mlir::func::FuncOp func,
                                        const TFLiteWriteOptions &options = {});

} // namespace mnv4::tflite

#endif // MNV4_TARGETS_TFLITEWRITER_H
