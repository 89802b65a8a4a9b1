//===- ModelLoader.h - the MODEL argument shared by every tool --*- C++ -*-===//

#ifndef MNV4_DRIVER_MODELLOADER_H
#define MNV4_DRIVER_MODELLOADER_H

#include "mnv4/Import/OnnxImporter.h"
#include "mnv4/Zoo/Zoo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mnv4 {

/// How a MODEL is built: `zoo` for zoo names (its batch and resolution
/// come from the same flags), `input` fixes an ONNX graph's input shape.
struct ModelLoadOptions {
  zoo::BuildOptions zoo;
  InputShapeOptions input;
};

/// MODEL is a zoo name, or a path ending in .onnx, .mlir or .mlirbc.
/// `options.zoo` applies to zoo names, `options.input` to .onnx files. Emits
/// a diagnostic and returns null on an unknown name, an unreadable file or
/// IR that fails to verify.
mlir::OwningOpRef<mlir::ModuleOp> loadModel(mlir::MLIRContext &ctx,
                                            llvm::StringRef model,
                                            const ModelLoadOptions &options);

/// The module's entry function (`@main`, or its only function); null with a
/// diagnostic when there is none.
mlir::func::FuncOp getEntryFunction(mlir::ModuleOp module);

} // namespace mnv4

#endif // MNV4_DRIVER_MODELLOADER_H
