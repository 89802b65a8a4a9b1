//===- EmulatedEngine.cpp - compiled aarch64/Hexagon code under qemu ------===//

#include "EmulatedEngine.h"

#include "CompiledEngine.h"
#include "TensorFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <chrono>

using namespace llvm;

namespace mnv4::run {

namespace {

constexpr const char *kSysroot = "/usr/aarch64-linux-gnu";
constexpr const char *kCrossPackages =
    "libc6-dev-arm64-cross libgcc-12-dev-arm64-cross";

/// The program around the object: `runner IN OUT ARENA_BYTES INPUT_SIZE
/// OUTPUT_SIZE...` reads IN (the ABI's input), calls the packed entry point
/// once and writes the outputs concatenated to OUT.
constexpr const char *kDriver = R"c(
#include <stdio.h>
#include <stdlib.h>

int mnv4_cpu_supports(const char *features, char *missing, size_t size);
extern const char mnv4_model_cpu_features[];
void mnv4_model_run_packed(void **args);

int main(int argc, char **argv) {
  if (argc < 6)
    return 2;
  char missing[256];
  if (!mnv4_cpu_supports(mnv4_model_cpu_features, missing, sizeof missing)) {
    fprintf(stderr, "this CPU lacks %s, which the code needs\n", missing);
    return 3;
  }
  long inputSize = atol(argv[4]), arenaBytes = atol(argv[3]);
  int numOutputs = argc - 5;
  /* input, outputs, arena, and a NULL thread pool: one thread. */
  void **args = calloc((size_t)numOutputs + 3, sizeof(void *));
  float *input = malloc((size_t)inputSize * sizeof(float));
  FILE *in = fopen(argv[1], "rb");
  if (!args || !input || !in ||
      fread(input, sizeof(float), (size_t)inputSize, in) != (size_t)inputSize)
    return 4;
  fclose(in);
  args[0] = input;
  for (int i = 0; i < numOutputs; ++i)
    args[1 + i] = malloc((size_t)atol(argv[5 + i]) * sizeof(float));
  args[1 + numOutputs] = aligned_alloc(64, (size_t)(arenaBytes + 127) / 64 * 64);
  mnv4_model_run_packed(args);
  FILE *out = fopen(argv[2], "wb");
  for (int i = 0; i < numOutputs; ++i) {
    size_t n = (size_t)atol(argv[5 + i]);
    if (!out || fwrite(args[1 + i], sizeof(float), n, out) != n)
      return 4;
  }
  return fclose(out) == 0 ? 0 : 4;
}
)c";

std::string pathIn(StringRef dir, StringRef file) {
  SmallString<128> path(dir);
  sys::path::append(path, file);
  return path.str().str();
}

/// Runs `argv` with stdout and stderr in `log`; fails with what it printed.
/// `cpuMs`, when given, receives the process's CPU time.
Error execute(StringRef what, ArrayRef<StringRef> argv, StringRef log,
              double *cpuMs = nullptr) {
  std::optional<StringRef> redirects[] = {std::nullopt, log, log};
  std::string message;
  std::optional<sys::ProcessStatistics> stats;
  int rc = sys::ExecuteAndWait(argv.front(), argv, std::nullopt, redirects, 0,
                               0, &message, nullptr, &stats);
  if (cpuMs && stats)
    *cpuMs =
        std::chrono::duration<double, std::milli>(stats->TotalTime).count();
  if (rc == 0)
    return Error::success();
  std::string output;
  if (auto text = MemoryBuffer::getFile(log))
    output = StringRef((*text)->getBuffer()).trim().str();
  return createStringError(
      formatv("{0} failed ({1}): {2}", what,
              message.empty() ? formatv("exit {0}", rc).str() : message,
              output.empty() ? "no output" : output));
}

Error writeFile(StringRef path, StringRef bytes) {
  std::error_code error;
  raw_fd_ostream os(path, error, sys::fs::OF_None);
  if (error)
    return createStringError(
        formatv("cannot write '{0}': {1}", path, error.message()));
  os << bytes;
  return Error::success();
}

} // namespace

bool needsEmulation(StringRef target) {
  return Triple(sys::getProcessTriple()).getArchName() != target;
}

bool isEmulatedTarget(StringRef target) {
  return target == "aarch64" || target == "hexagon";
}

std::string defaultEmulatedCpu(StringRef target) {
  return target == "hexagon" ? "hexagonv68" : "generic";
}

std::string defaultQemuCpu(StringRef target, StringRef cpu) {
  if (target == "hexagon")
    return "v67";
  static const char *const kModelled[] = {
      "cortex-a35", "cortex-a53",  "cortex-a57", "cortex-a72",
      "cortex-a76", "neoverse-n1", "a64fx"};
  for (const char *name : kModelled)
    if (cpu == name)
      return name;
  return "max";
}

EmulatedEngine::~EmulatedEngine() {
  if (!dir.empty())
    sys::fs::remove_directories(dir);
}

namespace {

/// The checks and the link command of one architecture's program.
struct ProgramLink {
  std::vector<std::string> linkFlags;  // before the inputs
  std::vector<std::string> linkInputs; // after the object and runtime
};

Expected<ProgramLink> aarch64Link(StringRef dir) {
  if (!sys::fs::exists(pathIn(kSysroot, "lib/libc.a")))
    return createStringError(
        formatv("--target=aarch64 links the code against Debian's aarch64 "
                "libc ({0}), which is not installed: apt-get install {1}",
                kSysroot, kCrossPackages));
  std::string driver = pathIn(dir, "driver.c");
  if (Error e = writeFile(driver, kDriver))
    return std::move(e);
  return ProgramLink{
      {"--target=aarch64-linux-gnu", "-fuse-ld=lld", "-static", "-O1", driver},
      {"-lm", "-lpthread"}};
}

/// Hexagon programs are freestanding: _start, main and everything else the
/// object needs come from the Hexagon runtime.
ProgramLink hexagonLink() {
  return ProgramLink{{"--target=hexagon-unknown-none-elf", "-nostdlib",
                      "-static", "-fuse-ld=lld", "-Wl,-e,_start"},
                     {}};
}

} // namespace

Expected<std::unique_ptr<EmulatedEngine>>
EmulatedEngine::create(mlir::ModuleOp module, StringRef target, StringRef cpu,
                       StringRef qemuCpu, bool fuse, const char *argv0) {
  std::string host = Triple(sys::getProcessTriple()).getArchName().str();
  std::string qemuName = ("qemu-" + target).str();
  auto qemu = sys::findProgramByName(qemuName);
  if (!qemu)
    return createStringError(formatv(
        "--target={0} on this {1} host runs the code under {2}, which is not "
        "installed: apt-get install qemu-user",
        target, host, qemuName));
  auto clang = sys::findProgramByName("clang-22");
  if (!clang)
    return createStringError(
        formatv("--target={0} links the code with clang-22, which is not "
                "installed: apt-get install clang-22 lld-22",
                target));
  std::string exe = sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&needsEmulation));
  SmallString<128> runtime(sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(runtime, "lib",
                    target == "hexagon" ? "hexagon" : "aarch64-linux-gnu",
                    "libMNV4Runtime.a");
  if (!sys::fs::exists(runtime))
    return createStringError(formatv("the {0} runtime '{1}' is missing: build "
                                     "mnv4 with -DMNV4_{2}_RUNTIME=ON",
                                     target, runtime, target.upper()));

  std::unique_ptr<EmulatedEngine> engine(new EmulatedEngine());
  if (std::error_code error =
          sys::fs::createUniqueDirectory("mnv4-run-" + target, engine->dir))
    return createStringError(
        formatv("cannot create a temporary directory: {0}", error.message()));
  Expected<ProgramLink> link =
      target == "hexagon" ? hexagonLink() : aarch64Link(engine->dir);
  if (!link)
    return link.takeError();

  Expected<targets::CompiledModel> model =
      compileEngineObject(module, target, cpu, fuse);
  if (!model)
    return model.takeError();
  engine->model = std::move(*model);
  engine->target = target.str();
  engine->qemu = *qemu;
  engine->qemuCpu = qemuCpu.str();
  std::string object = pathIn(engine->dir, "model.o");
  if (Error e = writeFile(object, engine->model.code))
    return std::move(e);
  std::string runner = pathIn(engine->dir, "runner");
  std::vector<std::string> args = {*clang};
  llvm::append_range(args, link->linkFlags);
  llvm::append_range(args,
                     std::vector<std::string>{object, runtime.str().str()});
  llvm::append_range(args, link->linkInputs);
  llvm::append_range(args, std::vector<std::string>{"-o", runner});
  SmallVector<StringRef> argv(args.begin(), args.end());
  if (Error e = execute(formatv("linking the {0} program", target).str(), argv,
                        pathIn(engine->dir, "link.log")))
    return std::move(e);
  return engine;
}

Error EmulatedEngine::setInput(const interp::Tensor &in) {
  std::vector<float> abiInput = toFileLayout(in).data;
  int64_t expected = targets::elementCount(model.signature.inputs.front());
  if (static_cast<int64_t>(abiInput.size()) != expected)
    return createStringError(formatv("input has {0} elements, the model takes "
                                     "{1}",
                                     abiInput.size(), expected));
  return writeFile(pathIn(dir, "in.bin"),
                   StringRef(reinterpret_cast<const char *>(abiInput.data()),
                             abiInput.size() * sizeof(float)));
}

Error EmulatedEngine::run() {
  std::vector<std::string> args = {
      qemu,
      "-cpu",
      qemuCpu,
      pathIn(dir, "runner"),
      pathIn(dir, "in.bin"),
      pathIn(dir, "out.bin"),
      std::to_string(model.arenaBytes),
      std::to_string(targets::elementCount(model.signature.inputs.front()))};
  for (const std::vector<int64_t> &out : model.signature.outputs)
    args.push_back(std::to_string(targets::elementCount(out)));
  SmallVector<StringRef> argv(args.begin(), args.end());
  return execute(formatv("qemu-{0} -cpu {1}", target, qemuCpu).str(), argv,
                 pathIn(dir, "run.log"), &cpuMs);
}

Expected<std::vector<interp::Tensor>> EmulatedEngine::results() const {
  auto file = MemoryBuffer::getFile(pathIn(dir, "out.bin"));
  if (!file)
    return createStringError(
        formatv("the {0} program wrote no output", target));
  const float *data =
      reinterpret_cast<const float *>((*file)->getBufferStart());
  size_t available = (*file)->getBufferSize() / sizeof(float);
  std::vector<interp::Tensor> tensors;
  for (const std::vector<int64_t> &shape : model.signature.outputs) {
    size_t n = targets::elementCount(shape);
    if (n > available)
      return createStringError(
          formatv("the {0} program's output is truncated", target));
    tensors.push_back(fromFileLayout(
        interp::Tensor(shape, std::vector<float>(data, data + n))));
    data += n;
    available -= n;
  }
  return tensors;
}

} // namespace mnv4::run
