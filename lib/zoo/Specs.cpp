//===- Specs.cpp - the 12 MobileNetV4 variants as data
//---------------------===//
//
// The arch defs are timm's `_gen_mobilenet_v4` block strings (timm 1.0.x):
// `cn` ConvBnAct, `er` EdgeResidual (FusedIB), `uir` UIB with start/mid dw
// kernels `a`/`k` (0 = absent), `mqa` Mobile MQA with `h` heads, key/value dim
// `d`, kv stride `v` and K/V down-sampling dw kernel `k`; `rN` repeats a block
// N times, stride 1 after the first.
//
//===----------------------------------------------------------------------===//

#include "Specs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <cmath>

using namespace llvm;

namespace mnv4::zoo::detail {

//===----------------------------------------------------------------------===//
// Arch defs
//===----------------------------------------------------------------------===//

static const StringRef kConvSmall0[] = {"cn_r1_k3_s2_e1_c32",
                                        "cn_r1_k1_s1_e1_c32"};
static const StringRef kConvSmall1[] = {"cn_r1_k3_s2_e1_c96",
                                        "cn_r1_k1_s1_e1_c64"};
static const StringRef kConvSmall2[] = {"uir_r1_a5_k5_s2_e3_c96",
                                        "uir_r4_a0_k3_s1_e2_c96",
                                        "uir_r1_a3_k0_s1_e4_c96"};
static const StringRef kConvSmall3[] = {
    "uir_r1_a3_k3_s2_e6_c128", "uir_r1_a5_k5_s1_e4_c128",
    "uir_r1_a0_k5_s1_e4_c128", "uir_r1_a0_k5_s1_e3_c128",
    "uir_r2_a0_k3_s1_e4_c128"};
static const StringRef kLastConv[] = {"cn_r1_k1_s1_c960"};
static const StageDef kConvSmallStages[] = {
    kConvSmall0, kConvSmall1, kConvSmall2, kConvSmall3, kLastConv};

static const StringRef kMediumStem[] = {"er_r1_k3_s2_e4_c48"};
static const StringRef kConvMedium1[] = {"uir_r1_a3_k5_s2_e4_c80",
                                         "uir_r1_a3_k3_s1_e2_c80"};
static const StringRef kConvMedium2[] = {
    "uir_r1_a3_k5_s2_e6_c160", "uir_r2_a3_k3_s1_e4_c160",
    "uir_r1_a3_k5_s1_e4_c160", "uir_r1_a3_k3_s1_e4_c160",
    "uir_r1_a3_k0_s1_e4_c160", "uir_r1_a0_k0_s1_e2_c160",
    "uir_r1_a3_k0_s1_e4_c160"};
static const StringRef kConvMedium3[] = {
    "uir_r1_a5_k5_s2_e6_c256", "uir_r1_a5_k5_s1_e4_c256",
    "uir_r2_a3_k5_s1_e4_c256", "uir_r1_a0_k0_s1_e4_c256",
    "uir_r1_a3_k0_s1_e4_c256", "uir_r1_a3_k5_s1_e2_c256",
    "uir_r1_a5_k5_s1_e4_c256", "uir_r2_a0_k0_s1_e4_c256",
    "uir_r1_a5_k0_s1_e2_c256"};
static const StageDef kConvMediumStages[] = {
    kMediumStem, kConvMedium1, kConvMedium2, kConvMedium3, kLastConv};

static const StringRef kLargeStem[] = {"er_r1_k3_s2_e4_c48"};
static const StringRef kLarge1[] = {"uir_r1_a3_k5_s2_e4_c96",
                                    "uir_r1_a3_k3_s1_e4_c96"};
static const StringRef kConvLarge2[] = {
    "uir_r1_a3_k5_s2_e4_c192", "uir_r3_a3_k3_s1_e4_c192",
    "uir_r1_a3_k5_s1_e4_c192", "uir_r5_a5_k3_s1_e4_c192",
    "uir_r1_a3_k0_s1_e4_c192"};
static const StringRef kConvLarge3[] = {
    "uir_r4_a5_k5_s2_e4_c512", "uir_r1_a5_k0_s1_e4_c512",
    "uir_r1_a5_k3_s1_e4_c512", "uir_r2_a5_k0_s1_e4_c512",
    "uir_r1_a5_k3_s1_e4_c512", "uir_r1_a5_k5_s1_e4_c512",
    "uir_r3_a5_k0_s1_e4_c512"};
static const StageDef kConvLargeStages[] = {kLargeStem, kLarge1, kConvLarge2,
                                            kConvLarge3, kLastConv};

static const StringRef kHybridMedium2[] = {
    "uir_r1_a3_k5_s2_e6_c160",     "uir_r1_a0_k0_s1_e2_c160",
    "uir_r1_a3_k3_s1_e4_c160",     "uir_r1_a3_k5_s1_e4_c160",
    "mqa_r1_k3_h4_s1_v2_d64_c160", "uir_r1_a3_k3_s1_e4_c160",
    "mqa_r1_k3_h4_s1_v2_d64_c160", "uir_r1_a3_k0_s1_e4_c160",
    "mqa_r1_k3_h4_s1_v2_d64_c160", "uir_r1_a3_k3_s1_e4_c160",
    "mqa_r1_k3_h4_s1_v2_d64_c160", "uir_r1_a3_k0_s1_e4_c160"};
static const StringRef kHybridMedium3[] = {
    "uir_r1_a5_k5_s2_e6_c256", "uir_r1_a5_k5_s1_e4_c256",
    "uir_r2_a3_k5_s1_e4_c256", "uir_r1_a0_k0_s1_e2_c256",
    "uir_r1_a3_k5_s1_e2_c256", "uir_r1_a0_k0_s1_e2_c256",
    "uir_r1_a0_k0_s1_e4_c256", "mqa_r1_k3_h4_s1_d64_c256",
    "uir_r1_a3_k0_s1_e4_c256", "mqa_r1_k3_h4_s1_d64_c256",
    "uir_r1_a5_k5_s1_e4_c256", "mqa_r1_k3_h4_s1_d64_c256",
    "uir_r1_a5_k0_s1_e4_c256", "mqa_r1_k3_h4_s1_d64_c256",
    "uir_r1_a5_k0_s1_e4_c256"};
static const StageDef kHybridMediumStages[] = {
    kMediumStem, kConvMedium1, kHybridMedium2, kHybridMedium3, kLastConv};

static const StringRef kHybridLarge2[] = {
    "uir_r1_a3_k5_s2_e4_c192",     "uir_r3_a3_k3_s1_e4_c192",
    "uir_r1_a3_k5_s1_e4_c192",     "uir_r2_a5_k3_s1_e4_c192",
    "mqa_r1_k3_h8_s1_v2_d48_c192", "uir_r1_a5_k3_s1_e4_c192",
    "mqa_r1_k3_h8_s1_v2_d48_c192", "uir_r1_a5_k3_s1_e4_c192",
    "mqa_r1_k3_h8_s1_v2_d48_c192", "uir_r1_a5_k3_s1_e4_c192",
    "mqa_r1_k3_h8_s1_v2_d48_c192", "uir_r1_a3_k0_s1_e4_c192"};
static const StringRef kHybridLarge3[] = {
    "uir_r4_a5_k5_s2_e4_c512",  "uir_r1_a5_k0_s1_e4_c512",
    "uir_r1_a5_k3_s1_e4_c512",  "uir_r2_a5_k0_s1_e4_c512",
    "uir_r1_a5_k3_s1_e4_c512",  "uir_r1_a5_k5_s1_e4_c512",
    "mqa_r1_k3_h8_s1_d64_c512", "uir_r1_a5_k0_s1_e4_c512",
    "mqa_r1_k3_h8_s1_d64_c512", "uir_r1_a5_k0_s1_e4_c512",
    "mqa_r1_k3_h8_s1_d64_c512", "uir_r1_a5_k0_s1_e4_c512",
    "mqa_r1_k3_h8_s1_d64_c512", "uir_r1_a5_k0_s1_e4_c512"};
static const StageDef kHybridLargeStages[] = {
    kLargeStem, kLarge1, kHybridLarge2, kHybridLarge3, kLastConv};

static const ArchDef kConvSmall{32, Activation::relu, false, kConvSmallStages};
static const ArchDef kConvMedium{32, Activation::relu, false,
                                 kConvMediumStages};
static const ArchDef kConvLarge{24, Activation::relu, false, kConvLargeStages};
static const ArchDef kHybridMedium{32, Activation::relu, true,
                                   kHybridMediumStages};
static const ArchDef kHybridLarge{24, Activation::gelu, true,
                                  kHybridLargeStages};

// Default resolutions, mean/std and crop fractions are those of timm's default
// pretrained tags (../shared/docs/mnv4-architectures.md §3.1).
static const VariantSpec kVariants[] = {
    {"conv_small_035", &kConvSmall, 0.35, 224, Antialias::none, true, 0.875},
    {"conv_small_050", &kConvSmall, 0.5, 224, Antialias::none, true, 0.875},
    {"conv_small", &kConvSmall, 1.0, 224, Antialias::none, false, 0.875},
    {"conv_medium", &kConvMedium, 1.0, 256, Antialias::none, false, 0.95},
    {"conv_aa_medium", &kConvMedium, 1.0, 256, Antialias::avg, false, 0.95},
    {"conv_blur_medium", &kConvMedium, 1.0, 224, Antialias::blur, false, 0.95},
    {"conv_large", &kConvLarge, 1.0, 384, Antialias::none, false, 0.95},
    {"conv_aa_large", &kConvLarge, 1.0, 448, Antialias::avg, false, 0.95},
    {"hybrid_medium_075", &kHybridMedium, 0.75, 224, Antialias::none, false,
     0.95},
    {"hybrid_medium", &kHybridMedium, 1.0, 256, Antialias::none, false, 0.95},
    {"hybrid_large_075", &kHybridLarge, 0.75, 256, Antialias::none, false,
     0.95},
    {"hybrid_large", &kHybridLarge, 1.0, 384, Antialias::none, false, 0.95},
};

ArrayRef<VariantSpec> variantSpecs() { return kVariants; }

const VariantSpec *findVariant(StringRef name) {
  for (const VariantSpec &v : kVariants)
    if (v.name == name)
      return &v;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Expansion
//===----------------------------------------------------------------------===//

int64_t makeDivisible(double value) {
  constexpr int64_t divisor = 8;
  int64_t rounded = std::max<int64_t>(
      divisor, static_cast<int64_t>(value + divisor / 2.0) / divisor * divisor);
  // Never round down by more than 10 %.
  if (static_cast<double>(rounded) < 0.9 * value)
    rounded += divisor;
  return rounded;
}

namespace {
/// A decoded block string; fields absent from the string keep their default.
struct BlockArgs {
  StringRef type;
  int64_t repeats = 1, stride = 1, kernel = 0, startKernel = 0, channels = 0;
  double expansion = 1.0;
  int64_t heads = 0, keyDim = 0, kvStride = 1;
};
} // namespace

/// Decodes timm block strings. The strings are compiled-in data, so a
/// malformed one is a programming error, not a user error.
static BlockArgs decodeBlock(StringRef text) {
  SmallVector<StringRef, 8> parts;
  text.split(parts, '_');
  BlockArgs args;
  args.type = parts.front();
  for (StringRef part : drop_begin(parts)) {
    char key = part.front();
    StringRef value = part.drop_front();
    if (key == 'e') {
      if (value.getAsDouble(args.expansion))
        llvm_unreachable("bad expansion in a zoo block string");
      continue;
    }
    int64_t number;
    if (value.getAsInteger(10, number))
      llvm_unreachable("bad number in a zoo block string");
    switch (key) {
    case 'r':
      args.repeats = number;
      break;
    case 's':
      args.stride = number;
      break;
    case 'k':
      args.kernel = number;
      break;
    case 'a':
      args.startKernel = number;
      break;
    case 'c':
      args.channels = number;
      break;
    case 'h':
      args.heads = number;
      break;
    case 'd':
      args.keyDim = number;
      break;
    case 'v':
      args.kvStride = number;
      break;
    default:
      llvm_unreachable("unknown key in a zoo block string");
    }
  }
  return args;
}

/// Output size of a layer of symmetric padding (k-1)/2 or an anti-alias pool.
static int64_t downsampledSize(int64_t in, int64_t stride, Antialias aa) {
  if (stride == 1)
    return in;
  return aa == Antialias::avg ? in / 2 : (in + stride - 1) / stride;
}

static LayerSpec convLayer(std::string name, int64_t in, int64_t out,
                           int64_t size, int64_t kernel, int64_t stride,
                           Activation act) {
  LayerSpec layer{LayerKind::Conv, std::move(name)};
  layer.inChannels = in;
  layer.outChannels = out;
  layer.inSize = size;
  layer.outSize = downsampledSize(size, stride, Antialias::none);
  layer.kernel = kernel;
  layer.stride = stride;
  layer.act = act;
  return layer;
}

/// The layer of one repeat of a block string, given its input width/size.
static LayerSpec blockLayer(const BlockArgs &args, std::string name,
                            int64_t stride, int64_t in, int64_t size,
                            const VariantSpec &variant) {
  const ArchDef &arch = *variant.arch;
  int64_t out = makeDivisible(args.channels * variant.multiplier);
  if (args.type == "cn")
    return convLayer(std::move(name), in, out, size, args.kernel, stride,
                     arch.act);

  LayerSpec layer{LayerKind::UIB, std::move(name)};
  layer.inChannels = in;
  layer.outChannels = out;
  layer.inSize = size;
  layer.stride = stride;
  layer.act = arch.act;
  // The aa pool replaces the stride of every strided FusedIB/UIB.
  layer.antialias = stride > 1 ? variant.antialias : Antialias::none;
  layer.outSize = downsampledSize(size, stride, layer.antialias);
  layer.residual = in == out && stride == 1;
  if (args.type == "er") {
    layer.kind = LayerKind::FusedIB;
    layer.kernel = args.kernel;
    layer.expanded = makeDivisible(in * args.expansion);
  } else if (args.type == "uir") {
    layer.startKernel = args.startKernel;
    layer.midKernel = args.kernel;
    layer.expanded = makeDivisible(in * args.expansion);
    layer.layerScale = arch.layerScale;
  } else if (args.type == "mqa") {
    layer.kind = LayerKind::MQA;
    layer.act = Activation::none;
    layer.kernel = args.kernel;
    layer.numHeads = args.heads;
    layer.keyDim = layer.valueDim = args.keyDim;
    layer.kvStride = args.kvStride;
    layer.layerScale = arch.layerScale;
    layer.residual = true;
  } else {
    llvm_unreachable("unknown block type in a zoo block string");
  }
  return layer;
}

NetworkPlan planNetwork(const VariantSpec &variant, int64_t resolution) {
  const ArchDef &arch = *variant.arch;
  NetworkPlan plan{&variant, resolution, {}};
  // timm's fix_stem: the stem is not scaled when the multiplier is below 1.
  int64_t width = variant.multiplier < 1.0
                      ? arch.stemWidth
                      : makeDivisible(arch.stemWidth * variant.multiplier);
  int64_t size = resolution;
  plan.layers.push_back(convLayer("conv_stem", 3, width, size, 3, 2, arch.act));
  size = plan.layers.back().outSize;

  for (auto [stageIndex, stage] : enumerate(arch.stages)) {
    int64_t blockIndex = 0;
    for (StringRef text : stage) {
      BlockArgs args = decodeBlock(text);
      for (int64_t r = 0; r < args.repeats; ++r) {
        std::string name =
            ("blocks." + Twine(stageIndex) + "." + Twine(blockIndex++)).str();
        LayerSpec layer =
            blockLayer(args, std::move(name), r == 0 ? args.stride : 1, width,
                       size, variant);
        width = layer.outChannels;
        size = layer.outSize;
        plan.layers.push_back(std::move(layer));
      }
    }
  }

  LayerSpec pool{LayerKind::GlobalPool, "global_pool"};
  pool.inChannels = pool.outChannels = width;
  pool.inSize = size;
  pool.outSize = 1;
  plan.layers.push_back(std::move(pool));
  // The head width (1280) and the classifier are never scaled.
  plan.layers.push_back(convLayer("conv_head", width, 1280, 1, 1, 1, arch.act));
  LayerSpec classifier{LayerKind::FullyConnected, "classifier"};
  classifier.inChannels = 1280;
  classifier.outChannels = 1000;
  classifier.inSize = classifier.outSize = 1;
  plan.layers.push_back(std::move(classifier));
  return plan;
}

} // namespace mnv4::zoo::detail
