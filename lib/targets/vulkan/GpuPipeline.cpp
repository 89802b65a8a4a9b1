//===- GpuPipeline.cpp - the Vulkan target's passes -----------------------===//
//
// The CPU pipeline's front half unchanged (mnv4 -> linalg, the entry ABI,
// bufferization, one planned arena), then what a GPU needs: kernels as
// launches, outlined, given a SPIR-V entry ABI, converted by upstream.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Targets/VulkanCompiler.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace mnv4::targets {

void buildGpuPipeline(OpPassManager &pm, const GpuTargetDescription &target,
                      const CompileOptions &options) {
  // The CPU's block fusion and MQA score tiles put host loops around
  // kernels: a dispatch list must be static, so the GPU lowers whole
  // kernels (docs/vulkan.md, section 1).
  addPipeline(
      pm,
      llvm::formatv(
          "mnv4-lower-to-linalg{{panel-width={0} fuse-blocks=0 score-tiles=0 "
          "polynomial-exp=0},"
          "mnv4-build-entry-abi{{name={1} input-layout={2}},canonicalize,"
          "cse,one-shot-bufferize{{bufferize-function-boundaries "
          "function-boundary-type-conversion=identity-layout-map},"
          "canonicalize,cse,mnv4-fuse-blocks-in-workgroup{{workgroup-size={4} "
          "shared-memory-bytes={7} max-loop-iterations={8}},"
          "mnv4-plan-arena{{alignment={3}},"
          "mnv4-map-kernels-to-gpu{{workgroup-size={4}},"
          "mnv4-register-accumulators,{5}"
          "gpu-kernel-outlining,mnv4-spirv-entry-abi{{f16-storage={6}},"
          "gpu.module(lower-affine,mnv4-approximate-erf,canonicalize,"
          "cse)",
          target.panelWidth, options.name, options.inputLayout,
          target.bufferAlignment, target.workgroupSize,
          target.f16Storage ? "mnv4-gpu-f16-storage," : "",
          target.f16Storage ? "1" : "0", target.sharedMemoryBytes,
          target.maxLoopIterations)
          .str());
}

void buildSpirvConversion(OpPassManager &pm) {
  addPipeline(pm, "gpu.module(convert-math-to-spirv),convert-gpu-to-spirv,"
                  "spirv.module(spirv-lower-abi-attrs,spirv-update-vce)");
}

namespace {

struct GpuPipelineOptions : public PassPipelineOptions<GpuPipelineOptions> {
  Option<std::string> name{*this, "name",
                           llvm::cl::desc("symbol prefix of the entry point"),
                           llvm::cl::init("model")};
  Option<int64_t> workgroupSize{*this, "workgroup-size",
                                llvm::cl::desc("invocations per workgroup"),
                                llvm::cl::init(64)};
  Option<int64_t> sharedMemoryBytes{
      *this, "shared-memory-bytes",
      llvm::cl::desc("workgroup memory of a fused block (0: no block fusion)"),
      llvm::cl::init(16384)};
  Option<bool> f16Storage{*this, "f16-storage",
                          llvm::cl::desc("f16 arena and weights, f32 "
                                         "arithmetic (--vulkan-fp16)"),
                          llvm::cl::init(false)};
};

GpuTargetDescription targetFrom(const GpuPipelineOptions &opts) {
  GpuTargetDescription target;
  target.workgroupSize = opts.workgroupSize;
  target.f16Storage = opts.f16Storage;
  target.sharedMemoryBytes = opts.sharedMemoryBytes;
  return target;
}

CompileOptions compileOptionsFrom(const GpuPipelineOptions &opts) {
  CompileOptions options;
  options.name = opts.name;
  options.fuse = false;
  return options;
}

} // namespace

void registerVulkanPipelines() {
  PassPipelineRegistration<GpuPipelineOptions>(
      "mnv4-lower-to-gpu",
      "mnv4 blocks -> a host function of gpu.launch_func over one arena and "
      "gpu.module kernels with their SPIR-V entry ABI",
      [](OpPassManager &pm, const GpuPipelineOptions &opts) {
        buildGpuPipeline(pm, targetFrom(opts), compileOptionsFrom(opts));
      });
  PassPipelineRegistration<GpuPipelineOptions>(
      "mnv4-lower-to-spirv",
      "mnv4 blocks -> spirv.module kernels (what mnv4-compile "
      "--target=vulkan --emit=spirv serializes)",
      [](OpPassManager &pm, const GpuPipelineOptions &opts) {
        buildGpuPipeline(pm, targetFrom(opts), compileOptionsFrom(opts));
        buildSpirvConversion(pm);
      });
}

} // namespace mnv4::targets
