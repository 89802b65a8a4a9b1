//===- CompiledEngine.cpp - run the object mnv4-compile writes ------------===//

#include "CompiledEngine.h"

#include "TensorFiles.h"

#include "runtime/CpuFeatures.h"
#include "runtime/Profile.h"

#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdlib>

using namespace llvm;

namespace mnv4::run {

namespace {

constexpr const char *kName = kEngineSymbolPrefix;

} // namespace

CompiledEngine::~CompiledEngine() {
  mnv4_thread_pool_destroy(pool);
  std::free(arena);
}

Expected<targets::CompiledModel>
compileEngineObject(mlir::ModuleOp module, StringRef targetName, StringRef cpu,
                    bool fuse, std::string *resolvedCpu, bool profile) {
  Expected<targets::TargetDescription> target =
      targets::resolveTarget(targetName, cpu);
  if (!target)
    return target.takeError();
  if (resolvedCpu)
    *resolvedCpu = target->cpu;
  targets::CompileOptions options;
  options.name = kEngineSymbolPrefix;
  options.fuse = fuse;
  options.profile = profile;
  return targets::compileModule(module, *target, options,
                                targets::EmitKind::Object);
}

Expected<std::unique_ptr<CompiledEngine>>
CompiledEngine::create(mlir::ModuleOp module, StringRef targetName,
                       StringRef cpu, bool fuse, int threads, bool profile) {
  std::string resolvedCpu;
  Expected<targets::CompiledModel> model =
      compileEngineObject(module, targetName, cpu, fuse, &resolvedCpu, profile);
  if (!model)
    return model.takeError();

  std::unique_ptr<CompiledEngine> engine(new CompiledEngine());
  engine->model = std::move(*model);
  auto jit = orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
  engine->jit = std::move(*jit);
  // memcpy, memset and libm come from this process.
  auto generator = orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      engine->jit->getDataLayout().getGlobalPrefix());
  if (!generator)
    return generator.takeError();
  orc::JITDylib &lib = engine->jit->getMainJITDylib();
  lib.addGenerator(std::move(*generator));
  // The runtime is linked into this tool, not exported from it.
  orc::MangleAndInterner mangle(engine->jit->getExecutionSession(),
                                engine->jit->getDataLayout());
  if (Error e = lib.define(orc::absoluteSymbols(
          {{mangle("mnv4_parallel_for"),
            {orc::ExecutorAddr::fromPtr(&mnv4_parallel_for),
             JITSymbolFlags::Exported | JITSymbolFlags::Callable}}})))
    return std::move(e);
  if (profile) {
    // The probes, too, call into this process's runtime.
    if (Error e = lib.define(orc::absoluteSymbols(
            {{mangle("mnv4_profile_mark"),
              {orc::ExecutorAddr::fromPtr(&mnv4_profile_mark),
               JITSymbolFlags::Exported | JITSymbolFlags::Callable}}})))
      return std::move(e);
  }
  if (Error e = engine->jit->addObjectFile(
          MemoryBuffer::getMemBufferCopy(engine->model.code, "mnv4_model.o")))
    return std::move(e);

  auto features = engine->jit->lookup(std::string(kName) + "_cpu_features");
  if (!features)
    return features.takeError();
  char missing[256];
  if (!mnv4_cpu_supports(features->toPtr<const char *>(), missing,
                         sizeof(missing)))
    return createStringError(formatv(
        "this CPU lacks {0}, which the code compiled for --cpu={1} needs; "
        "compile for --cpu=host",
        missing, resolvedCpu));
  auto entry = engine->jit->lookup(std::string(kName) + "_run_packed");
  if (!entry)
    return entry.takeError();
  engine->entry = entry->toPtr<void (*)(void **)>();

  const targets::EntrySignature &sig = engine->model.signature;
  engine->input.resize(targets::elementCount(sig.inputs.front()));
  for (const std::vector<int64_t> &out : sig.outputs)
    engine->outputs.emplace_back(targets::elementCount(out));
  size_t arenaBytes = (engine->model.arenaBytes + 63) / 64 * 64;
  engine->arena = static_cast<float *>(
      std::aligned_alloc(64, std::max<size_t>(arenaBytes, 64)));
  if (threads > 1 && !(engine->pool = mnv4_thread_pool_create(threads)))
    return createStringError(
        formatv("cannot start a pool of {0} threads", threads));
  return engine;
}

void CompiledEngine::run() {
  SmallVector<void *> args;
  args.push_back(input.data());
  for (std::vector<float> &out : outputs)
    args.push_back(out.data());
  args.push_back(arena);
  args.push_back(pool);
  entry(args.data());
}

Error CompiledEngine::setInput(const interp::Tensor &in) {
  // The ABI takes the input as tensor files store it (NCHW for rank 4).
  std::vector<float> abiInput = toFileLayout(in).data;
  if (abiInput.size() != input.size())
    return createStringError(
        formatv("input has {0} elements, the model takes {1}", abiInput.size(),
                input.size()));
  input = std::move(abiInput);
  return Error::success();
}

std::vector<interp::Tensor> CompiledEngine::results() const {
  std::vector<interp::Tensor> tensors;
  for (auto [shape, data] : llvm::zip(model.signature.outputs, outputs))
    tensors.push_back(fromFileLayout(interp::Tensor(shape, data)));
  return tensors;
}

} // namespace mnv4::run
