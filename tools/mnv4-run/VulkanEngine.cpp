//===- VulkanEngine.cpp - compile for Vulkan, run on the host runtime -----===//

#include "VulkanEngine.h"

#include "Benchmark.h"
#include "TensorFiles.h"

#include "mnv4/Targets/VulkanCompiler.h"
#ifdef MNV4_HAVE_VULKAN
#include "runtime/vulkan/Engine.h"
#endif

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace mnv4::run {

VulkanOptions::VulkanOptions(cl::OptionCategory &category)
    : device("device",
             cl::desc("vulkan engine: the physical device to run on (default: "
                      "the first with a compute queue)"),
             cl::init(-1), cl::cat(category)),
      validation("vulkan-validation",
                 cl::desc("vulkan engine: enable the Khronos validation "
                          "layer; any message it reports is an error"),
                 cl::cat(category)),
      fp16("vulkan-fp16",
           cl::desc("vulkan engine: f16 intermediates and weights, f32 "
                    "arithmetic (the device needs 16-bit storage buffers and "
                    "float16)"),
           cl::cat(category)),
      sharedMemory("vulkan-shared-memory",
                   cl::desc("vulkan engine: bytes of workgroup memory a fused "
                            "UIB may use (default 16384, what every device "
                            "has; 0: unfused blocks)"),
                   cl::init(16384), cl::cat(category)),
      programDir("vulkan-program",
                 cl::desc("vulkan engine: run the program mnv4-compile "
                          "--target=vulkan --emit=spirv wrote to DIR instead "
                          "of compiling MODEL (which it must match)"),
                 cl::value_desc("dir"), cl::init(""), cl::cat(category)) {}

#ifdef MNV4_HAVE_VULKAN

namespace {

std::string shapeText(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

/// A program read from disk must have the model's ABI shapes.
Error checkMatchesModel(const vulkan::Manifest &m,
                        const targets::EntrySignature &sig) {
  if (m.input != sig.inputs.front())
    return createStringError(
        formatv("the Vulkan program takes input {0}, the model {1}: it was "
                "compiled for another model or resolution",
                shapeText(m.input), shapeText(sig.inputs.front())));
  if (m.outputs != sig.outputs)
    return createStringError(
        formatv("the Vulkan program has {0} output(s) of other shapes than "
                "the model's {1}",
                m.outputs.size(), sig.outputs.size()));
  return Error::success();
}

} // namespace

struct VulkanEngine::Impl {
  vulkan::Manifest manifest;
  std::unique_ptr<vulkan::Engine> engine;
  std::vector<size_t> blockOfDispatch;
  std::vector<SmallVector<double>> dispatchMicros;
};

VulkanEngine::VulkanEngine(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
VulkanEngine::~VulkanEngine() = default;

Expected<std::unique_ptr<VulkanEngine>>
VulkanEngine::create(mlir::ModuleOp module, const VulkanOptions &options,
                     bool profile) {
  mlir::func::FuncOp func;
  for (auto f : module.getOps<mlir::func::FuncOp>())
    if (f.isPublic() && !f.isExternal())
      func = f;
  if (!func)
    return createStringError("the module has no function to run");
  std::vector<BlockTimes> blocks = blocksOf(func);

  targets::CompileOptions compileOptions;
  compileOptions.name = "mnv4_model";
  compileOptions.fuse = false;
  vulkan::Program program;
  if (!options.programDir.empty()) {
    Expected<targets::EntrySignature> sig =
        targets::entrySignature(module, compileOptions);
    if (!sig)
      return sig.takeError();
    std::string error;
    if (!vulkan::readProgram(options.programDir, program, error))
      return createStringError(formatv("the Vulkan program in '{0}': {1}",
                                       options.programDir.getValue(), error));
    if (Error e = checkMatchesModel(program.manifest, *sig))
      return std::move(e);
    if (program.manifest.f16Storage != options.fp16)
      return createStringError(
          formatv("the Vulkan program in '{0}' stores {1}: {2}",
                  options.programDir.getValue(),
                  program.manifest.f16Storage ? "f16" : "f32",
                  options.fp16 ? "drop --vulkan-fp16 or compile it with "
                                 "--vulkan-fp16"
                               : "run it with --vulkan-fp16"));
  } else {
    targets::GpuTargetDescription target;
    target.f16Storage = options.fp16;
    if (options.sharedMemory < 0 ||
        options.sharedMemory > int64_t(vulkan::kMaxSharedBytes))
      return createStringError(
          formatv("--vulkan-shared-memory={0}: expected 0 to {1} bytes",
                  options.sharedMemory.getValue(), vulkan::kMaxSharedBytes));
    target.sharedMemoryBytes = options.sharedMemory;
    Expected<vulkan::Program> compiled =
        targets::compileToSpirv(module, target, compileOptions);
    if (!compiled)
      return compiled.takeError();
    program = std::move(*compiled);
  }

  vulkan::EngineOptions engineOptions;
  engineOptions.device = options.device;
  engineOptions.validation = options.validation;
  engineOptions.profile = profile;
  std::string error;
  auto impl = std::make_unique<Impl>();
  impl->engine = vulkan::Engine::create(program, engineOptions, error);
  if (!impl->engine)
    return createStringError(error);
  impl->manifest = program.manifest;

  // Each dispatch's time goes to the block it was lowered from; the entry
  // point's transposes (labelled with the model's name) get a row of their
  // own.
  StringMap<size_t> byName;
  for (auto [i, b] : enumerate(blocks))
    byName.try_emplace(b.name, i);
  for (const vulkan::Dispatch &d : impl->manifest.dispatches) {
    auto it = byName.find(d.label);
    if (it == byName.end()) {
      BlockTimes extra;
      extra.name = d.label;
      extra.kind = "abi";
      blocks.push_back(extra);
      it = byName.try_emplace(d.label, blocks.size() - 1).first;
    }
    impl->blockOfDispatch.push_back(it->second);
  }
  impl->dispatchMicros.resize(impl->manifest.dispatches.size());
  std::unique_ptr<VulkanEngine> engine(new VulkanEngine(std::move(impl)));
  engine->blocks = std::move(blocks);
  return engine;
}

Error VulkanEngine::setInput(const interp::Tensor &in) {
  std::string error;
  if (!impl->engine->setInput(toFileLayout(in).data, error))
    return createStringError(error);
  return Error::success();
}

Error VulkanEngine::run() {
  std::string error;
  if (!impl->engine->run(error))
    return createStringError(error);
  if (!recording)
    return Error::success();
  std::vector<double> micros = impl->engine->dispatchMicros();
  for (BlockTimes &b : blocks)
    b.micros.push_back(0.0);
  for (auto [i, us] : enumerate(micros)) {
    blocks[impl->blockOfDispatch[i]].micros.back() += us;
    impl->dispatchMicros[i].push_back(us);
  }
  return Error::success();
}

std::vector<interp::Tensor> VulkanEngine::results() const {
  std::vector<interp::Tensor> tensors;
  for (auto [i, shape] : enumerate(impl->manifest.outputs))
    tensors.push_back(
        fromFileLayout(interp::Tensor(shape, impl->engine->output(i))));
  return tensors;
}

void VulkanEngine::printDispatchProfile(raw_ostream &os) const {
  vulkan::EngineStats stats = impl->engine->stats();
  os << formatv("vulkan: device '{0}', {1} dispatches, {2} barriers per "
                "inference, arena {3} bytes, weights {4} bytes\n",
                impl->engine->deviceName(), stats.dispatches, stats.barriers,
                stats.arenaBytes, stats.weightsBytes);
  os << formatv("{0,5} {1,-18} {2,-28} {3,12} {4,10}\n", "#", "kernel", "block",
                "groups", "median_us");
  for (auto [i, d] : enumerate(impl->manifest.dispatches)) {
    double median = impl->dispatchMicros[i].empty()
                        ? 0.0
                        : summarizeRunTimes(impl->dispatchMicros[i]).median;
    os << formatv(
        "{0,5} {1,-18} {2,-28} {3,12} {4,10:f1}\n", i, d.kernel, d.label,
        formatv("{0}x{1}x{2}", d.groups[0], d.groups[1], d.groups[2]), median);
  }
}

#else // !MNV4_HAVE_VULKAN

struct VulkanEngine::Impl {};
VulkanEngine::VulkanEngine(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
VulkanEngine::~VulkanEngine() = default;

Expected<std::unique_ptr<VulkanEngine>>
VulkanEngine::create(mlir::ModuleOp, const VulkanOptions &, bool) {
  return createStringError("this mnv4-run was built without Vulkan (the "
                           "Vulkan headers were missing at configure time: "
                           "Debian package libvulkan-dev)");
}
Error VulkanEngine::setInput(const interp::Tensor &) {
  return Error::success();
}
Error VulkanEngine::run() { return Error::success(); }
std::vector<interp::Tensor> VulkanEngine::results() const { return {}; }
void VulkanEngine::printDispatchProfile(raw_ostream &) const {}

#endif // MNV4_HAVE_VULKAN

} // namespace mnv4::run
