//===- SpirvEmit.cpp - mnv4-compile --target=vulkan --emit=spirv ----------===//

#include "SpirvEmit.h"

#include "mnv4/Driver/ToolError.h"
#include "mnv4/Targets/VulkanCompiler.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace mnv4::compile {

int emitSpirv(mlir::ModuleOp module, const targets::CompileOptions &options,
              StringRef emitKind, StringRef dir) {
  if (emitKind != "spirv")
    return reportToolError(formatv("--target=vulkan writes SPIR-V: use "
                                   "--emit=spirv -o DIR, not --emit={0}",
                                   emitKind));
  if (dir.empty() || dir == "-")
    return reportToolError("--emit=spirv writes a directory (SPIR-V modules, "
                           "weights, manifest.txt): name it with -o DIR");
  Expected<vulkan::Program> program =
      targets::compileToSpirv(module, targets::GpuTargetDescription(), options);
  if (!program)
    return reportToolError(toString(program.takeError()));
  std::string error;
  if (!vulkan::writeProgram(*program, dir.str(), error))
    return reportToolError(error);
  return 0;
}

} // namespace mnv4::compile
