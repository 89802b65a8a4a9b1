//===- Specs.h - the 12 MobileNetV4 variants as data ------------*- C++ -*-===//
//
// Private to lib/zoo. A variant is timm's block-string arch def plus a width
// multiplier; `planNetwork` expands it into the resolved layer list (rounded
// widths, strides, feature-map sizes) that calibration and IR construction
// both walk.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_ZOO_SPECS_H
#define MNV4_LIB_ZOO_SPECS_H

#include "dialects/mnv4/MNV4Dialect.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace mnv4::zoo::detail {

/// One stage of timm's arch def: block strings such as
/// "uir_r2_a3_k5_s1_e4_c256".
using StageDef = llvm::ArrayRef<llvm::StringRef>;

/// A family's architecture as timm writes it (channels at multiplier 1.0).
struct ArchDef {
  int64_t stemWidth;
  Activation act;
  bool layerScale; ///< hybrids: every UIB and MQA block has one
  llvm::ArrayRef<StageDef> stages;
};

struct VariantSpec {
  llvm::StringRef name; ///< without the "mobilenetv4_" prefix
  const ArchDef *arch;
  double multiplier;
  int64_t defaultResolution;
  Antialias antialias; ///< how the stride-2 blocks of stages 0-3 downsample
  /// The default tag's eval transform: mean/std 0.5 (else ImageNet's) and
  /// the crop fraction.
  bool halfMeanStd;
  double cropPct;
};

llvm::ArrayRef<VariantSpec> variantSpecs();
/// Null when `name` is not a zoo model.
const VariantSpec *findVariant(llvm::StringRef name);

enum class LayerKind {
  Conv,           ///< stem, ConvBnAct and conv_head: conv + folded BN + act
  FusedIB,        ///< timm EdgeResidual
  UIB,            ///< UniversalInvertedResidual
  MQA,            ///< MobileAttention (multi-query)
  GlobalPool,     ///< the head's global average pool
  FullyConnected, ///< the classifier
};

/// One layer of the canonical IR, with every width already rounded.
struct LayerSpec {
  LayerKind kind;
  std::string name; ///< timm module name: "conv_stem", "blocks.2.1", ...
  int64_t inChannels = 0, outChannels = 0;
  int64_t inSize = 0, outSize = 0; ///< square feature map H = W
  int64_t stride = 1;
  int64_t kernel = 0;      ///< Conv and FusedIB expand conv
  int64_t startKernel = 0; ///< UIB dw_start, 0 when absent
  int64_t midKernel = 0;   ///< UIB dw_mid, 0 when absent
  int64_t expanded = 0;    ///< FusedIB / UIB mid width
  int64_t numHeads = 0, keyDim = 0, valueDim = 0, kvStride = 1; ///< MQA
  Activation act = Activation::none;
  Antialias antialias = Antialias::none;
  bool residual = false;
  bool layerScale = false;
};

struct NetworkPlan {
  const VariantSpec *variant;
  int64_t resolution;
  std::vector<LayerSpec> layers; ///< network order, classifier last
};

/// timm's make_divisible(v, 8, min 8, round_limit 0.9).
int64_t makeDivisible(double value);

/// Expands the variant at `resolution` (a positive multiple of 32).
NetworkPlan planNetwork(const VariantSpec &variant, int64_t resolution);

} // namespace mnv4::zoo::detail

#endif // MNV4_LIB_ZOO_SPECS_H
