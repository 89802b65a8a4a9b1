//===- OnnxImporter.h - timm ONNX exports to the mnv4 dialect ---*- C++ -*-===//

#ifndef MNV4_IMPORT_ONNXIMPORTER_H
#define MNV4_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace mnv4 {

/// Reads an ONNX file and returns `module { func.func @main(NHWC input) ->
/// (every graph output, in graph order) }` with timm's patterns raised to
/// mnv4 blocks. On failure emits a diagnostic
/// naming the problem (and the node, for graph errors) and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(mlir::MLIRContext &ctx,
                                                 llvm::StringRef path);

/// How the graph input's dimensions are fixed at compile time (the tools'
/// --input-shape, --batch and --resolution). A value given for a static
/// dimension must equal it; a dynamic batch defaults to 1, any other dynamic
/// dimension needs a value.
struct InputShapeOptions {
  llvm::SmallVector<int64_t, 4> shape; ///< N,C,H,W; empty when not given
  int64_t batch = 0;                   ///< 0: not given
  int64_t resolution = 0;              ///< H = W; 0: not given
};

struct OnnxImportOptions {
  /// Raise timm's patterns to blocks; false keeps the 1:1 generic ops
  /// (for tests of the raising patterns and for debugging).
  bool raise = true;
  InputShapeOptions input;
};
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxFile(mlir::MLIRContext &ctx, llvm::StringRef path,
               const OnnxImportOptions &options);

} // namespace mnv4

#endif // MNV4_IMPORT_ONNXIMPORTER_H
