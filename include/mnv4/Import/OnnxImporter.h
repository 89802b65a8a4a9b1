//===- OnnxImporter.h - timm ONNX exports to the mnv4 dialect ---*- C++ -*-===//

#ifndef MNV4_IMPORT_ONNXIMPORTER_H
#define MNV4_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

namespace mnv4 {

/// Reads an ONNX file and returns `module { func.func @main(NHWC input) }`
/// with timm's patterns raised to mnv4 blocks. On failure emits a diagnostic
/// naming the problem (and the node, for graph errors) and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(mlir::MLIRContext &ctx,
                                                 llvm::StringRef path);

struct OnnxImportOptions {
  /// Raise timm's patterns to blocks; false keeps the 1:1 generic ops
  /// (for tests of the raising patterns and for debugging).
  bool raise = true;
};
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxFile(mlir::MLIRContext &ctx, llvm::StringRef path,
               const OnnxImportOptions &options);

} // namespace mnv4

#endif // MNV4_IMPORT_ONNXIMPORTER_H
