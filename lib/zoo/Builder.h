//===- Builder.h - a zoo model's canonical mnv4 IR --------------*- C++ -*-===//

#ifndef MNV4_LIB_ZOO_BUILDER_H
#define MNV4_LIB_ZOO_BUILDER_H

#include "Calibration.h"
#include "Specs.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mnv4::zoo::detail {

/// Builds `module { func.func @main(tensor<NxRxRx3xf32>) ->
/// tensor<Nx1000xf32> }` (N = `batch`) for `plan`: one mnv4 op per layer with
/// timm's module name as its NameLoc, each weight a `mnv4.const` of its own
/// resource blob. Weights come from `calibrator`, layer by layer, so only one
/// layer's weights exist outside the blobs at a time.
mlir::OwningOpRef<mlir::ModuleOp> buildNetwork(mlir::MLIRContext &ctx,
                                               const NetworkPlan &plan,
                                               Calibrator &calibrator,
                                               int64_t batch);

} // namespace mnv4::zoo::detail

#endif // MNV4_LIB_ZOO_BUILDER_H
