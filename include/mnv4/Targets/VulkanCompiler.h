//===- VulkanCompiler.h - mnv4 IR -> SPIR-V compute shaders + manifest ----===//
//
// The Vulkan target (docs/vulkan.md): the CPU targets' lowering up to the
// planned arena, then one compute shader per kernel through the gpu dialect
// and upstream's convert-gpu-to-spirv. The result is a vulkan::Program, what
// the host runtime in runtime/vulkan runs.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TARGETS_VULKANCOMPILER_H
#define MNV4_TARGETS_VULKANCOMPILER_H

#include "mnv4/Targets/Compiler.h"
#include "runtime/vulkan/Program.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Error.h"

namespace mnv4::targets {

/// The Vulkan row of the target table: what the shared passes read.
struct GpuTargetDescription {
  std::string name = "vulkan";
  int64_t workgroupSize = 64; // invocations per workgroup
  int64_t panelWidth = 16;    // packed 1x1 weights: consecutive invocations
                              // read consecutive floats of a panel
  int64_t bufferAlignment = vulkan::kBufferAlignment;
  int64_t sharedMemoryBytes = 16384; // workgroup memory of a fused UIB
                                     // (Vulkan's minimum; 0: unfused)
  // Loop iterations one invocation of a fused block may run: lavapipe ends
  // every loop once an invocation has run 65535 in total (gallivm's
  // LP_MAX_TGSI_LOOP_ITERATIONS), silently; a GPU has no such bound.
  int64_t maxLoopIterations = 60000;
  bool f16Storage = false; // --vulkan-fp16: f16 arena and weights, f32
                           // arithmetic (mnv4-gpu-f16-storage)
};

/// mnv4 blocks -> host function of gpu.launch_func + gpu.module kernels with
/// their SPIR-V entry ABI (mnv4-opt --mnv4-lower-to-gpu).
void buildGpuPipeline(mlir::OpPassManager &pm,
                      const GpuTargetDescription &target,
                      const CompileOptions &options);
/// The kernels -> spirv.module ops (upstream's conversion).
void buildSpirvConversion(mlir::OpPassManager &pm);
/// Registers `mnv4-lower-to-gpu{name=...}` and `mnv4-lower-to-spirv{...}`.
void registerVulkanPipelines();

/// Compiles `module` (consumed) into SPIR-V modules, weights and manifest.
llvm::Expected<vulkan::Program>
compileToSpirv(mlir::ModuleOp module, const GpuTargetDescription &target,
               const CompileOptions &options);

/// The dispatches of the lowered host function (after buildGpuPipeline): the
/// manifest's dispatch list and the weights blob. Exposed for testing.
llvm::Error collectDispatches(mlir::ModuleOp module, vulkan::Program &program);

} // namespace mnv4::targets

#endif // MNV4_TARGETS_VULKANCOMPILER_H
