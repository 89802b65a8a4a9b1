//===- CompiledEngine.cpp - run the object mnv4-compile writes ------------===//

#include "CompiledEngine.h"

#include "runtime/CpuFeatures.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdlib>

using namespace llvm;

namespace mnv4::run {

namespace {

constexpr const char *kName = "mnv4_model";

/// NHWC <-> NCHW for rank-4 tensors; other ranks are copied.
std::vector<float> toABI(const interp::Tensor &t) {
  if (t.rank() != 4)
    return t.data;
  int64_t n = t.dim(0), h = t.dim(1), w = t.dim(2), c = t.dim(3);
  std::vector<float> out(t.data.size());
  for (int64_t in = 0; in < n; ++in)
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x)
        for (int64_t ch = 0; ch < c; ++ch)
          out[((in * c + ch) * h + y) * w + x] = t.at(in, y, x, ch);
  return out;
}

interp::Tensor fromABI(const std::vector<int64_t> &abiShape,
                       const std::vector<float> &data) {
  if (abiShape.size() != 4)
    return interp::Tensor(abiShape, data);
  int64_t n = abiShape[0], c = abiShape[1], h = abiShape[2], w = abiShape[3];
  interp::Tensor t({n, h, w, c});
  for (int64_t in = 0; in < n; ++in)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x)
          t.at(in, y, x, ch) = data[((in * c + ch) * h + y) * w + x];
  return t;
}

} // namespace

CompiledEngine::~CompiledEngine() { std::free(arena); }

Expected<std::unique_ptr<CompiledEngine>>
CompiledEngine::create(mlir::ModuleOp module, StringRef cpu, bool fuse) {
  Expected<targets::TargetDescription> target =
      targets::resolveTarget("x86_64", cpu);
  if (!target)
    return target.takeError();
  targets::CompileOptions options;
  options.name = kName;
  options.fuse = fuse;
  Expected<targets::CompiledModel> model = targets::compileModule(
      module, *target, options, targets::EmitKind::Object);
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
  engine->jit->getMainJITDylib().addGenerator(std::move(*generator));
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
        missing, target->cpu));
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
  return engine;
}

void CompiledEngine::run() {
  SmallVector<void *> args;
  args.push_back(input.data());
  for (std::vector<float> &out : outputs)
    args.push_back(out.data());
  args.push_back(arena);
  entry(args.data());
}

Error CompiledEngine::setInput(const interp::Tensor &in) {
  std::vector<float> abiInput = toABI(in);
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
    tensors.push_back(fromABI(shape, data));
  return tensors;
}

} // namespace mnv4::run
