//===- SpirvCompiler.cpp - run the GPU pipeline, serialize the kernels ----===//

#include "mnv4/Targets/VulkanCompiler.h"

#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Target/SPIRV/Serialization.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace mnv4::targets {

namespace {

/// The kernels index tensors with 32-bit integers (SPIR-V's index type):
/// every tensor has at most 2^31 elements, checked before lowering.
llvm::Error checkSpirvTensorSizes(ModuleOp module) {
  constexpr int64_t kMaxElements = int64_t(1) << 31;
  std::string error;
  auto check = [&](Type type, Operation *op) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return true;
    int64_t n = 1;
    bool overflow = false;
    for (int64_t d : tensor.getShape())
      overflow |= __builtin_mul_overflow(n, d, &n);
    if (!overflow && n <= kMaxElements)
      return true;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << tensor;
    error = llvm::formatv(
        "'{0}' has a tensor of {1} elements ({2}); the "
        "Vulkan target indexes at most 2^31",
        op->getName(),
        overflow ? std::string("more than 2^63") : std::to_string(n), text);
    return false;
  };
  module.walk([&](Operation *op) {
    for (Type type : op->getResultTypes())
      if (!check(type, op))
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (Type type : block.getArgumentTypes())
          if (!check(type, op))
            return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (!error.empty())
    return llvm::createStringError(error);
  return llvm::Error::success();
}

} // namespace

llvm::Expected<vulkan::Program>
compileToSpirv(ModuleOp module, const GpuTargetDescription &target,
               const CompileOptions &options) {
  llvm::Expected<EntrySignature> sig = entrySignature(module, options);
  if (!sig)
    return sig.takeError();
  if (llvm::Error e = checkSpirvTensorSizes(module))
    return std::move(e);
  vulkan::Program program;
  program.manifest.input = sig->inputs.front();
  program.manifest.outputs = sig->outputs;
  program.manifest.f16Storage = target.f16Storage;

  PassManager gpu = PassManager::on<ModuleOp>(module.getContext());
  buildGpuPipeline(gpu, target, options);
  if (failed(gpu.run(module)))
    return llvm::createStringError("lowering the model to GPU kernels failed");
  // The manifest comes from the gpu dialect form: launches name their
  // kernels, kernels show which arguments they load and store.
  if (llvm::Error e = collectDispatches(module, program))
    return std::move(e);

  PassManager spirv = PassManager::on<ModuleOp>(module.getContext());
  buildSpirvConversion(spirv);
  if (failed(spirv.run(module)))
    return llvm::createStringError(
        "converting the GPU kernels to SPIR-V failed");
  for (auto spv : module.getOps<spirv::ModuleOp>()) {
    std::optional<StringRef> name = spv.getName();
    if (!name || !name->consume_front("__spv__"))
      return llvm::createStringError("a SPIR-V module without its kernel's "
                                     "name");
    SmallVector<uint32_t> words;
    if (failed(spirv::serialize(spv, words)))
      return llvm::createStringError(
          llvm::formatv("serializing SPIR-V module {0} failed", *name));
    program.modules.emplace_back(
        name->str() + ".spv",
        std::vector<uint32_t>(words.begin(), words.end()));
  }
  std::string error;
  if (!vulkan::checkProgram(program, error))
    return llvm::createStringError("the compiled program is inconsistent: " +
                                   error);
  return program;
}

} // namespace mnv4::targets
