//===- CompiledEngine.h - mnv4-run --engine=compiled ------------*- C++ -*-===//
//
// Compiles the model in-process exactly as `mnv4-compile --emit=obj` does,
// loads that object with LLVM's ORC JIT linker and calls its entry point, so
// the code that runs is the code users ship.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_COMPILEDENGINE_H
#define MNV4_TOOLS_MNV4_RUN_COMPILEDENGINE_H

#include "mnv4/Interp/Tensor.h"
#include "mnv4/Targets/Compiler.h"
#include "runtime/ThreadPool.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace llvm::orc {
class LLJIT;
}

namespace mnv4::run {

/// The symbol prefix of the code the engines run (`mnv4_model_run_packed`).
inline constexpr const char *kEngineSymbolPrefix = "mnv4_model";

/// Compiles `module` (consumed) for `target` and `cpu` into an object exactly
/// as `mnv4-compile --emit=obj --name=mnv4_model` does; `resolvedCpu`, when
/// given, receives the LLVM CPU `cpu` names (`host` -> this machine's).
llvm::Expected<targets::CompiledModel>
compileEngineObject(mlir::ModuleOp module, llvm::StringRef target,
                    llvm::StringRef cpu, bool fuse,
                    std::string *resolvedCpu = nullptr, bool profile = false);

class CompiledEngine {
public:
  ~CompiledEngine();
  /// Compiles `module` (consumed) for CPU `cpu` of `target`, this machine's
  /// architecture; runs it on a pool of `threads` threads (the caller
  /// included). With `profile`, a separate build with a timestamp probe
  /// between blocks (CompiledProfiler.h), not the object --emit=obj writes.
  static llvm::Expected<std::unique_ptr<CompiledEngine>>
  create(mlir::ModuleOp module, llvm::StringRef target, llvm::StringRef cpu,
         bool fuse, int threads, bool profile = false);

  /// Copies `input` (model layout: NHWC for rank 4, as the reference engine
  /// takes it) into the ABI's input buffer.
  llvm::Error setInput(const interp::Tensor &input);
  /// Runs one inference on the ABI buffers; nothing else is timed.
  void run();
  /// The outputs of the last run, in model layout.
  std::vector<interp::Tensor> results() const;

  int64_t arenaBytes() const { return model.arenaBytes; }
  /// What the compile produced (the object, its signature, memory figures).
  const targets::CompiledModel &compiledModel() const { return model; }

private:
  CompiledEngine() = default;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  targets::CompiledModel model;
  void (*entry)(void **) = nullptr;
  std::vector<float> input;
  std::vector<std::vector<float>> outputs;
  float *arena = nullptr;
  mnv4_thread_pool *pool = nullptr; // NULL: the calling thread
};

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_COMPILEDENGINE_H
