//===- TargetDescription.cpp - the per-target table -----------------------===//
//
// Tile sizes are those measured in ../shared/docs/cpu-codegen-notes.md: the
// register tile must fit the vector register file without spills, and its
// width must be a power of two (other widths legalize badly).
//
//===----------------------------------------------------------------------===//

#include "mnv4/Targets/TargetDescription.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

#include <memory>

using namespace llvm;

namespace mnv4::targets {

namespace {

struct Arch {
  const char *name;
  const char *triple;
  const char *hostArch; // Triple::getArchName() of a host of this kind
  unsigned loopAlignment;
};

// x86-64 loops start on a cache line: the same 7x32 kernel ran at 102 or 110
// GFLOP/s on Zen 4 depending only on where its loop fell in a line
// (cpu-codegen-notes.md section 8).
const Arch kArchs[] = {
    {"x86_64", "x86_64-unknown-linux-gnu", "x86_64", 64},
    {"aarch64", "aarch64-unknown-linux-gnu", "aarch64", 0},
    {"hexagon", "hexagon-unknown-none-elf", "hexagon", 0},
};

/// One row per vector ISA level: the first whose feature the CPU has wins.
struct IsaRow {
  const char *arch;
  const char *feature; // LLVM feature name; "" matches any CPU
  int64_t vectorBits;
  Tile pointwise, depthwise;
  const char *required; // run-time check, comma separated
  Tile int8Pointwise;
  int64_t int8FuseMinBytes; // fuse int8 chains whose expanded tensor is larger
};

const IsaRow kIsaTable[] = {
    // x86-64 int8 fusion: only expanded tensors that leave L2 (1 MiB per
    // core on Zen 4, Skylake-SP, Ice Lake-SP; 256 KiB on Haswell): below, an
    // unfused block was 5% faster on conv_small and 1-2% on hybrid_medium
    // (docs/int8-codegen.md section 4).
    {"x86_64",
     "avx512f",
     512,
     {7, 32},
     {7, 32},
     "avx2,fma,avx512f",
     {7, 32},
     1 << 20},
    {"x86_64", "avx2", 256, {4, 16}, {7, 16}, "avx2,fma", {4, 16}, 256 << 10},
    {"x86_64", "", 128, {4, 8}, {7, 8}, "", {4, 8}, 256 << 10},
    // AArch64: 32 128-bit q registers on every core (NEON is baseline), so
    // one row serves them all. Pointwise 7x8: 7 pixels (7 divides every
    // MobileNet spatial size, 7*2^k) x 8 channels (two q registers, a power
    // of two) = 14 accumulators + 2 weight vectors + the broadcast pixels,
    // spill-free; 7x16 spills 40 q registers and 7x32 258
    // (cpu-codegen-notes.md section 7, neoverse-n1). Depthwise 7x8: the same
    // 14 accumulators, with the taps' weight vectors in the remaining 18.
    // int8 7x8 (sdot: 14 accumulators of 4 i32 lanes; plain NEON: the panel
    // of the generic kernel), measured under qemu-aarch64 on conv_small_035
    // (docs/int8-codegen.md section 4): 6x16 and 4x16 sdot tiles were 15%
    // slower on cortex-a76, a 16-channel panel 5-35% slower on cortex-a53.
    {"aarch64", "", 128, {7, 8}, {7, 8}, "neon", {7, 8}, 0},
    // Hexagon runs int8 models only (TargetDescription::int8Only): its
    // pointwise and depthwise tiles serve the generic integer kernels (the
    // int8 lowering tiles them as fp32 ones). HVX: 128-byte vectors; without
    // HVX (v5, v55, the tiny cores) the scalar core's 64-bit register pairs.
    // The required features are not checked at run time: a freestanding program
    // has no way to ask (docs/hexagon.md).
    // int8 on HVX: vrmpy accumulates 32 i32 lanes, so a panel of 32
    // channels is one vector; 4 pixels = 4 accumulators, their weight vector
    // and activation splats, far inside the 32 vector registers (7x32, 8x32
    // and 4x64 ran within 2% of it under QEMU). The generic kernels keep
    // 8-lane tiles: 16 and 32 lanes were bit-exact but slower under QEMU
    // (conv_small_035, docs/int8-codegen.md section 5).
    {"hexagon", "hvx-length128b", 1024, {7, 8}, {7, 8}, "", {4, 32}, 0},
    {"hexagon", "", 64, {7, 8}, {7, 8}, "", {7, 8}, 0},
};

/// Extensions an AArch64 CPU may add to NEON. Code compiled for the CPU may
/// use any of them, so the object lists those the CPU has and the run-time
/// check refuses a CPU without them (cortex-a76 code on a cortex-a53).
const char *const kAArch64Extensions[] = {"fullfp16", "dotprod", "i8mm",
                                          "bf16",     "sve",     "sve2"};

/// The LLVM CPUs of a target, for the message that refuses another name.
std::string cpuList(const MCSubtargetInfo &sti, StringRef skip) {
  SmallVector<StringRef> names;
  for (const SubtargetSubTypeKV &cpu : sti.getAllProcessorDescriptions())
    if (StringRef(cpu.Key) != skip)
      names.push_back(cpu.Key);
  return join(names, ", ");
}

/// Hexagon CPUs from v60 on have HVX, used with 128-byte vectors and without
/// its float instructions, which QEMU 7.2 cannot run (backends-execution.md
/// section 5.3); v5, v55 and the tiny cores (v67t, v71t) have none.
/// The HVX version of a Hexagon CPU, 0 for none.
unsigned hvxVersion(StringRef cpu) {
  unsigned version = 0;
  if (!cpu.consume_front("hexagonv") || cpu.consumeInteger(10, version) ||
      !cpu.empty() || version < 60)
    return 0;
  return version;
}

void initializeTargets() {
  static bool done = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    return true;
  }();
  (void)done;
}

} // namespace

std::vector<std::string> knownTargets() {
  std::vector<std::string> names;
  for (const Arch &a : kArchs)
    names.push_back(a.name);
  return names;
}

Expected<TargetDescription> resolveTarget(StringRef target, StringRef cpu) {
  initializeTargets();
  const Arch *arch = nullptr;
  for (const Arch &a : kArchs)
    if (target == a.name)
      arch = &a;
  if (!arch)
    return createStringError(
        formatv("unknown target '{0}': valid targets are {1}", target,
                join(knownTargets(), ", ")));

  TargetDescription desc;
  desc.name = arch->name;
  desc.triple = Triple(arch->triple);
  desc.loopAlignment = arch->loopAlignment;
  std::string error;
  const Target *llvmTarget = TargetRegistry::lookupTarget(desc.triple, error);
  if (!llvmTarget)
    return createStringError(formatv("target '{0}' is not available in this "
                                     "LLVM: {1}",
                                     target, error));

  SmallVector<std::string> features;
  if (cpu == "host") {
    if (Triple(sys::getProcessTriple()).getArchName() != arch->hostArch)
      return createStringError(formatv(
          "--cpu=host names this machine's CPU, which is not a {0} CPU; "
          "pass an explicit --cpu for target {0}",
          target));
    desc.cpu = sys::getHostCPUName().str();
    for (const auto &f : sys::getHostCPUFeatures())
      features.push_back((f.second ? "+" : "-") + f.first().str());
    llvm::sort(features); // deterministic feature strings
  } else {
    desc.cpu = cpu.str();
  }
  desc.features = join(features, ",");
  unsigned hvx = desc.name == "hexagon" ? hvxVersion(desc.cpu) : 0;
  if (hvx)
    desc.features =
        formatv("+hvxv{0},+hvx-length128b,-hvx-qfloat,-hvx-ieee-fp", hvx);
  desc.int8Only = desc.name == "hexagon";
  // Two scalar bit-manipulation passes of the Hexagon backend took 60% of
  // the code generation of an int8 HVX model (conv_small_035: 19 of 31 s)
  // for 4% less code; off, an HVX compile takes 13 s.
  if (desc.name == "hexagon")
    desc.backendOptions = {"hexagon-bit=false", "hexagon-insert=false"};

  // Validated on a generic subtarget first: building one for an unknown CPU
  // prints LLVM's own warning.
  std::unique_ptr<MCSubtargetInfo> generic(
      llvmTarget->createMCSubtargetInfo(desc.triple, "", ""));
  std::unique_ptr<MCSubtargetInfo> sti;
  // Hexagon's "generic" is no particular core: a Hexagon CPU is named.
  bool hexagonGeneric = desc.name == "hexagon" && desc.cpu == "generic";
  if (generic && generic->isCPUStringValid(desc.cpu) && !hexagonGeneric)
    sti.reset(llvmTarget->createMCSubtargetInfo(desc.triple, desc.cpu,
                                                desc.features));
  if (!sti && generic && desc.name == "hexagon")
    return createStringError(
        formatv("unknown CPU '{0}' for target hexagon: valid CPUs are {1}",
                desc.cpu, cpuList(*generic, "generic")));
  if (!sti)
    return createStringError(
        formatv("unknown CPU '{0}' for target {1}: run `llc-22 -mtriple={2} "
                "-mcpu=help` to list the valid CPUs, or pass --cpu=host",
                desc.cpu, target, arch->triple));

  for (const IsaRow &row : kIsaTable) {
    if (StringRef(row.arch) != desc.name)
      continue;
    if (*row.feature && !sti->checkFeatures(std::string("+") + row.feature))
      continue;
    desc.vectorBits = row.vectorBits;
    desc.pointwise = row.pointwise;
    desc.depthwise = row.depthwise;
    desc.int8Pointwise = row.int8Pointwise;
    desc.int8FuseMinBytes = row.int8FuseMinBytes;
    desc.requiredFeatures = row.required;
    break;
  }
  // int8 1x1 kernels: vpdpbusd where the CPU has AVX-512 VNNI (an int8
  // object then also checks for it at run time), else vpmaddwd with AVX2.
  if (desc.name == "x86_64") {
    if (desc.vectorBits == 512 && sti->checkFeatures("+avx512vnni")) {
      desc.int8DotProduct = "avx512vnni";
      desc.int8RequiredFeatures = "avx512vnni";
    } else if (desc.vectorBits >= 256) {
      desc.int8DotProduct = "avx2";
    }
  }
  // AArch64: sdot where the CPU has dotprod (which its object then needs
  // anyway), plain NEON multiply-adds otherwise. Hexagon: HVX vrmpy.
  if (desc.name == "aarch64" && sti->checkFeatures("+dotprod"))
    desc.int8DotProduct = "sdot";
  // HVX has no i64 lanes: the generic kernels' requantization goes on its
  // rounding doubling high multiply.
  if (hvx) {
    desc.int8DotProduct = "vrmpy";
    desc.int8HighMultiply = "hvx";
  }
  if (desc.name == "aarch64")
    for (const char *extension : kAArch64Extensions)
      if (sti->checkFeatures(std::string("+") + extension))
        desc.requiredFeatures += std::string(",") + extension;
  if (hvx)
    desc.requiredFeatures = formatv("hvxv{0},hvx-length128b", hvx);
  return desc;
}

} // namespace mnv4::targets
