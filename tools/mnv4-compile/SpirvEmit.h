//===- SpirvEmit.h - mnv4-compile --target=vulkan --emit=spirv --*- C++ -*-===//

#ifndef MNV4_TOOLS_MNV4_COMPILE_SPIRVEMIT_H
#define MNV4_TOOLS_MNV4_COMPILE_SPIRVEMIT_H

#include "mnv4/Targets/VulkanCompiler.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

namespace mnv4::compile {

/// Compiles `module` for Vulkan and writes the program directory `dir`
/// (docs/vulkan.md) for `target` (--vulkan-fp16, --vulkan-shared-memory).
/// Returns the exit code; a failure leaves no manifest.
int emitSpirv(mlir::ModuleOp module, const targets::CompileOptions &options,
              const targets::GpuTargetDescription &target,
              llvm::StringRef emitKind, llvm::StringRef dir);

} // namespace mnv4::compile

#endif // MNV4_TOOLS_MNV4_COMPILE_SPIRVEMIT_H
