//===- GraphToMNV4.h - ONNX nodes to generic mnv4 ops, 1:1 ------*- C++ -*-===//

#ifndef MNV4_LIB_IMPORT_GRAPHTOMNV4_H
#define MNV4_LIB_IMPORT_GRAPHTOMNV4_H

#include "OnnxModel.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mnv4::onnx_import {

/// Emits `func.func @main` with one mnv4 op per ONNX node (plus the layout
/// transposes NCHW -> NHWC needs); constant subgraphs are evaluated on the
/// host. Emits "error: <path>: node '...' (Op): ..." and returns null on
/// failure.
mlir::OwningOpRef<mlir::ModuleOp> convertGraph(mlir::MLIRContext &ctx,
                                               const OnnxModel &model,
                                               llvm::StringRef path);

/// timm's module name for an ONNX node name: "blocks.2.4" for
/// "/blocks/blocks.2/blocks.2.4/attn/MatMul", "conv_stem" for
/// "/conv_stem/Conv".
std::string moduleNameOf(llvm::StringRef nodeName);

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_GRAPHTOMNV4_H
