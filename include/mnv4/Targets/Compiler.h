//===- Compiler.h - mnv4 IR -> object, assembly, LLVM IR, header -*- C++
//-*-===//
//
// The one lowering pipeline of the CPU targets (docs/lowering.md), driven by
// a TargetDescription, and the artifacts of a compile: the object file the
// C ABI of docs/abi.md describes, and its header.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TARGETS_COMPILER_H
#define MNV4_TARGETS_COMPILER_H

#include "mnv4/Targets/TargetDescription.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>
#include <vector>

namespace mnv4::targets {

struct CompileOptions {
  std::string name = "model";       // symbol prefix
  std::string inputLayout = "nchw"; // or "nhwc"
  bool fuse = true;                 // UIB / MQA fusion
  /// A timestamp probe between blocks (mnv4-insert-profile-probes, for
  /// mnv4-run --profile); the object then needs runtime/Profile.h.
  bool profile = false;
};

enum class EmitKind { Object, Assembly, LLVM, Linalg };

/// Shapes at the C ABI: the input as the caller passes it, each output as it
/// is written (NCHW for rank-4 results).
struct EntrySignature {
  std::vector<std::vector<int64_t>> inputs;
  std::vector<std::vector<int64_t>> outputs;
};

/// Number of elements of an ABI shape.
inline int64_t elementCount(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

struct CompiledModel {
  std::string code; // object bytes, assembly, LLVM IR or linalg IR text
  EntrySignature signature;
  int64_t arenaBytes = 0; // 0 for EmitKind::Linalg (no memory plan yet)
  /// Per block (--stats-json's order): the bytes of its tile buffers, -1 for
  /// a block without a tile loop (unfused); blocks past the end have none.
  /// Empty for EmitKind::Linalg.
  std::vector<int64_t> blockScratchBytes;
};

/// The ABI shapes of the single public function, before lowering.
llvm::Expected<EntrySignature> entrySignature(mlir::ModuleOp module,
                                              const CompileOptions &options);

/// Appends the textual pipeline `text` to `pm`; the built-in pipelines are
/// constants, so a parse failure is a bug (a fatal error).
void addPipeline(mlir::OpPassManager &pm, llvm::StringRef text);
/// The passes from mnv4 blocks to linalg on tensors (--emit=linalg).
void buildLinalgPipeline(mlir::OpPassManager &pm,
                         const TargetDescription &target,
                         const CompileOptions &options);
/// The whole pipeline to the LLVM dialect.
void buildLLVMPipeline(mlir::OpPassManager &pm, const TargetDescription &target,
                       const CompileOptions &options);
/// Registers `mnv4-lower-to-llvm{target=... cpu=... name=...}` and
/// `mnv4-lower-to-linalg-pipeline` for mnv4-opt.
void registerLoweringPipelines();

/// Compiles `module` (consumed: it is lowered in place).
llvm::Expected<CompiledModel> compileModule(mlir::ModuleOp module,
                                            const TargetDescription &target,
                                            const CompileOptions &options,
                                            EmitKind kind);

/// The C header of a compiled model (docs/abi.md).
std::string writeHeader(const CompileOptions &options,
                        const TargetDescription &target,
                        const CompiledModel &model);

} // namespace mnv4::targets

#endif // MNV4_TARGETS_COMPILER_H
