//===- EmulatedEngine.h - compiled aarch64 code under qemu ------*- C++ -*-===//
//
// `mnv4-run --engine=compiled --target=aarch64` on a host that is not
// aarch64: compiles the model exactly as `mnv4-compile --emit=obj` does, links
// the object with a small C driver and the cross-built runtime
// (lib/aarch64-linux-gnu/libMNV4Runtime.a beside bin/) into a static aarch64
// program with clang-22, and runs it under qemu-aarch64
// (docs/aarch64.md). Each error names what is missing and the Debian package
// that provides it.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_EMULATEDENGINE_H
#define MNV4_TOOLS_MNV4_RUN_EMULATEDENGINE_H

#include "mnv4/Interp/Tensor.h"
#include "mnv4/Targets/Compiler.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mnv4::run {

/// True when code for `target` cannot run in this process and needs an
/// emulator (aarch64 on an x86-64 host).
bool needsEmulation(llvm::StringRef target);

/// The `-cpu` qemu-aarch64 emulates for code compiled for LLVM CPU `cpu`:
/// the same core when qemu models it (cortex-a53, cortex-a76, neoverse-n1,
/// ...), otherwise `max`.
std::string defaultQemuCpu(llvm::StringRef cpu);

class EmulatedEngine {
public:
  ~EmulatedEngine();
  /// Compiles `module` (consumed) for aarch64 CPU `cpu` and builds the
  /// program that runs it under `qemu-aarch64 -cpu qemuCpu`. `argv0` locates
  /// the cross-built runtime.
  static llvm::Expected<std::unique_ptr<EmulatedEngine>>
  create(mlir::ModuleOp module, llvm::StringRef cpu, llvm::StringRef qemuCpu,
         bool fuse, const char *argv0);

  /// Writes `input` (model layout) as the program's input file.
  llvm::Error setInput(const interp::Tensor &input);
  /// Runs the program under qemu once; fails with its error output.
  llvm::Error run();
  /// The outputs of the last run, in model layout.
  llvm::Expected<std::vector<interp::Tensor>> results() const;
  /// CPU time of the last run's qemu process (user + system), in ms: on a
  /// busy machine a steadier figure than the wall time.
  double lastCpuMs() const { return cpuMs; }

private:
  EmulatedEngine() = default;
  llvm::SmallString<128> dir; // temporary, removed by the destructor
  std::string qemu, qemuCpu;
  targets::CompiledModel model;
  double cpuMs = 0.0;
};

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_EMULATEDENGINE_H
