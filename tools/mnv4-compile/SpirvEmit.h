//===- SpirvEmit.h - mnv4-compile --target=vulkan --emit=spirv --*- C++ -*-===//

#ifndef MNV4_TOOLS_MNV4_COMPILE_SPIRVEMIT_H
#define MNV4_TOOLS_MNV4_COMPILE_SPIRVEMIT_H

#include "mnv4/Targets/Compiler.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

namespace mnv4::compile {

/// Compiles `module` for Vulkan and writes the program directory `dir`
/// (docs/vulkan.md); `f16Storage`: --vulkan-fp16. Returns the exit code; a
/// failure leaves no manifest.
int emitSpirv(mlir::ModuleOp module, const targets::CompileOptions &options,
              bool f16Storage, llvm::StringRef emitKind, llvm::StringRef dir);

} // namespace mnv4::compile

#endif // MNV4_TOOLS_MNV4_COMPILE_SPIRVEMIT_H
