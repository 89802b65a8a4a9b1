//===- Zoo.cpp - the 12 MobileNetV4 variants, built as mnv4 IR ------------===//

#include "mnv4/Zoo/Zoo.h"

#include "Builder.h"
#include "Calibration.h"
#include "Specs.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <vector>

using namespace mlir;
using namespace mnv4::zoo::detail;

namespace mnv4::zoo {

llvm::ArrayRef<llvm::StringRef> modelNames() {
  static const std::vector<llvm::StringRef> names = [] {
    std::vector<llvm::StringRef> result;
    for (const VariantSpec &v : variantSpecs())
      result.push_back(v.name);
    return result;
  }();
  return names;
}

int64_t defaultResolution(llvm::StringRef model) {
  const VariantSpec *variant = findVariant(model);
  return variant ? variant->defaultResolution : 0;
}

bool isModelName(llvm::StringRef model) {
  return findVariant(model) != nullptr;
}

std::optional<EvalTransform> evalTransform(llvm::StringRef model) {
  const VariantSpec *variant = findVariant(model);
  if (!variant)
    return std::nullopt;
  if (variant->halfMeanStd)
    return EvalTransform{
        {0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f}, variant->cropPct};
  return EvalTransform{
      {0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}, variant->cropPct};
}

OwningOpRef<ModuleOp> buildModel(MLIRContext &ctx, llvm::StringRef model,
                                 const BuildOptions &options) {
  Location loc = UnknownLoc::get(&ctx);
  const VariantSpec *variant = findVariant(model);
  if (!variant) {
    InFlightDiagnostic diag = emitError(loc) << "unknown zoo model '" << model
                                             << "'; expected one of:";
    for (llvm::StringRef name : modelNames())
      diag << " " << name;
    return nullptr;
  }
  int64_t resolution =
      options.resolution ? options.resolution : variant->defaultResolution;
  // Five stride-2 stages: a multiple of 32 keeps every feature map even.
  if (resolution <= 0 || resolution % 32 != 0) {
    emitError(loc) << "unsupported resolution " << resolution << " for '"
                   << model << "': it must be a positive multiple of 32";
    return nullptr;
  }
  if (options.batch < 1) {
    emitError(loc) << "unsupported batch " << options.batch << " for '" << model
                   << "': it must be at least 1";
    return nullptr;
  }
  NetworkPlan plan = planNetwork(*variant, resolution);
  Calibrator calibrator(plan, options.seed);
  return buildNetwork(ctx, plan, calibrator, options.batch);
}

} // namespace mnv4::zoo
