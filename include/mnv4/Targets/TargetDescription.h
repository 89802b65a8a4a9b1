//===- TargetDescription.h - what a target is, as one table row -*- C++ -*-===//
//
// Everything target-specific in the CPU lowering: the triple, the LLVM CPU
// and features, and the tile sizes of the kernels. The passes are shared by
// all targets and read only this description (docs/lowering.md, section 3).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TARGETS_TARGETDESCRIPTION_H
#define MNV4_TARGETS_TARGETDESCRIPTION_H

#include "llvm/Support/Error.h"
#include "llvm/TargetParser/Triple.h"

#include <string>
#include <vector>

namespace mnv4::targets {

/// A register tile: rows (pixels) x columns (channels, in floats).
struct Tile {
  int64_t rows = 1;
  int64_t cols = 1;
};

struct TargetDescription {
  std::string name; // "x86_64", "aarch64", "hexagon"
  llvm::Triple triple;
  std::string cpu;      // resolved LLVM CPU name
  std::string features; // LLVM feature string, "+avx2,+fma,..."
  /// Features the object needs at run time, checked before the first call.
  std::string requiredFeatures; // "avx2,fma"
  int64_t vectorBits = 128;
  /// Byte alignment of loop headers (0: LLVM's default for the CPU).
  unsigned loopAlignment = 0;
  Tile pointwise; // 1x1 conv register tile
  Tile depthwise; // depthwise register tile
  /// The target runs int8 models only (hexagon: no HVX float under QEMU,
  /// docs/hexagon.md); a float model is refused before lowering.
  bool int8Only = false;
  /// LLVM backend options (`name=value`, as llc takes them) set before the
  /// object is emitted; they are process-wide, so only options of this
  /// target's own backend belong here.
  std::vector<std::string> backendOptions;
  /// The int8 1x1 dot-product kernels' tile (i32 accumulators); the other
  /// integer kernels take `pointwise`/`depthwise` (docs/int8-codegen.md).
  Tile int8Pointwise;
  /// The int8 1x1 kernels' dot product: "avx512vnni", "avx2" or "none".
  std::string int8DotProduct = "none";
  /// An int8 UIB/FusedIB chain is fused only when its expanded tensor has
  /// more bytes than this (docs/int8-codegen.md section 4).
  int64_t int8FuseMinBytes = 0;
  /// The instruction the integer kernels' vectorized
  /// SaturatingRoundingDoublingHighMul runs on instead of i64 lanes:
  /// "hvx" or "none" (mnv4-high-multiply-to-instruction).
  std::string int8HighMultiply = "none";
  /// Features an int8 model's code needs beyond `requiredFeatures`.
  std::string int8RequiredFeatures;
};

/// The targets `--target` accepts.
std::vector<std::string> knownTargets();

/// Resolves `--target` and `--cpu` ("host" = this machine) to a description.
/// Errors name the bad value and list the valid targets or say how to list
/// the CPUs.
llvm::Expected<TargetDescription> resolveTarget(llvm::StringRef target,
                                                llvm::StringRef cpu);

} // namespace mnv4::targets

#endif // MNV4_TARGETS_TARGETDESCRIPTION_H
