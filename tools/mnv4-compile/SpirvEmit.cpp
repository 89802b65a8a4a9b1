//===- SpirvEmit.cpp - mnv4-compile --target=vulkan --emit=spirv ----------===//

#include "SpirvEmit.h"

#include "mnv4/Driver/ToolError.h"
#include "mnv4/Targets/VulkanCompiler.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Signals.h"

using namespace llvm;

namespace mnv4::compile {

int emitSpirv(mlir::ModuleOp module, const targets::CompileOptions &options,
              const targets::GpuTargetDescription &target, StringRef emitKind,
              StringRef dir) {
  if (emitKind != "spirv")
    return reportToolError(formatv("--target=vulkan writes SPIR-V: use "
                                   "--emit=spirv -o DIR, not --emit={0}",
                                   emitKind));
  if (dir.empty() || dir == "-")
    return reportToolError("--emit=spirv writes a directory (SPIR-V modules, "
                           "weights, manifest.txt): name it with -o DIR");
  Expected<vulkan::Program> program =
      targets::compileToSpirv(module, target, options);
  if (!program)
    return reportToolError(toString(program.takeError()));
  // An interrupted write (Ctrl-C, SIGTERM) removes the files it wrote, as
  // the other outputs' temporary files (docs/bad-input.md).
  std::vector<std::string> files = {
      (dir + "/manifest.txt").str(),
      (dir + "/" + program->manifest.weightsFile).str()};
  for (const auto &module : program->modules)
    files.push_back((dir + "/" + module.first).str());
  for (const std::string &file : files)
    (void)sys::RemoveFileOnSignal(file);
  std::string error;
  bool written = vulkan::writeProgram(*program, dir.str(), error);
  for (const std::string &file : files)
    sys::DontRemoveFileOnSignal(file);
  if (!written)
    return reportToolError(error);
  return 0;
}

} // namespace mnv4::compile
