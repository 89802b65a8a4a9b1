//===- ModelLoader.h - the MODEL argument shared by every tool --*- C++ -*-===//

#ifndef MNV4_DRIVER_MODELLOADER_H
#define MNV4_DRIVER_MODELLOADER_H

#include "mnv4/Zoo/Zoo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mnv4 {

/// MODEL is a zoo name, or a path ending in .onnx, .mlir or .mlirbc.
/// `zooOptions` applies to zoo names only. Emits a diagnostic and returns
/// null on an unknown name, an unreadable file or IR that fails to verify.
mlir::OwningOpRef<mlir::ModuleOp>
loadModel(mlir::MLIRContext &ctx, llvm::StringRef model,
          const zoo::BuildOptions &zooOptions);

/// The module's entry function (`@main`, or its only function); null with a
/// diagnostic when there is none.
mlir::func::FuncOp getEntryFunction(mlir::ModuleOp module);

} // namespace mnv4

#endif // MNV4_DRIVER_MODELLOADER_H
