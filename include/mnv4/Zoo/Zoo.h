//===- Zoo.h - the 12 MobileNetV4 variants, built as mnv4 IR ----*- C++ -*-===//

#ifndef MNV4_ZOO_ZOO_H
#define MNV4_ZOO_ZOO_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <optional>

namespace mnv4::zoo {

/// The zoo names (timm's without the `mobilenetv4_` prefix), in timm order.
llvm::ArrayRef<llvm::StringRef> modelNames();
/// The variant's default input resolution (timm's default pretrained tag).
int64_t defaultResolution(llvm::StringRef model);
bool isModelName(llvm::StringRef model);

/// timm's eval transform of the variant's default pretrained tag: bicubic
/// resize of the shorter side to floor(R / cropPct), center crop to R x R,
/// then (x / 255 - mean) / std per RGB channel.
struct EvalTransform {
  std::array<float, 3> mean, std;
  double cropPct;
};
/// Null when `model` is not a zoo name.
std::optional<EvalTransform> evalTransform(llvm::StringRef model);

struct BuildOptions {
  int64_t resolution = 0; ///< 0: the variant's default.
  uint64_t seed = 0;
  int64_t batch = 1; ///< N of the input; the weights do not depend on it.
};

/// Builds `module { func.func @main(%input: tensor<NxRxRx3xf32>) ->
/// tensor<Nx1000xf32> attributes {mnv4.output_names = ["logits"]} }` with
/// deterministic pseudo-random weights, calibrated so activations stay O(1).
/// Emits a diagnostic at `loc` and returns null on an unknown name or an
/// unsupported resolution.
mlir::OwningOpRef<mlir::ModuleOp> buildModel(mlir::MLIRContext &ctx,
                                             llvm::StringRef model,
                                             const BuildOptions &options);

} // namespace mnv4::zoo

#endif // MNV4_ZOO_ZOO_H
