//===- QDQEmit.h - mnv4-compile --emit=onnx-qdq -----------------*- C++ -*-===//

#ifndef MNV4_TOOLS_MNV4_COMPILE_QDQEMIT_H
#define MNV4_TOOLS_MNV4_COMPILE_QDQEMIT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

namespace mnv4::compile {

/// Writes the int8 model `module` as a QDQ ONNX file to `output`
/// (docs/onnx-qdq.md); `int8` says whether it is one. Returns the exit code.
int emitQDQ(mlir::ModuleOp module, llvm::StringRef output, bool int8);

} // namespace mnv4::compile

#endif // MNV4_TOOLS_MNV4_COMPILE_QDQEMIT_H
