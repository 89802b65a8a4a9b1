//===- EmulatedEngine.h - aarch64/Hexagon code under qemu ------*- C++ -*-===//
//
// `mnv4-run --engine=compiled --target=aarch64|hexagon` on a host of another
// architecture: compiles the model exactly as `mnv4-compile --emit=obj` does,
// links the object with a driver and the cross-built runtime
// (lib/<dir>/libMNV4Runtime.a beside bin/) into a static program with
// clang-22, and runs it under qemu-aarch64 (docs/aarch64.md) or qemu-hexagon
// (docs/hexagon.md). aarch64 programs use Debian's aarch64 libc and a C driver
// written here; Hexagon ones are freestanding, the driver and all they need
// are in the Hexagon runtime (runtime/hexagon/). Both drivers take the same
// command line. Each error names what is missing and the Debian package that
// provides it.
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

/// True for the targets this engine can emulate (aarch64, hexagon).
bool isEmulatedTarget(llvm::StringRef target);

/// The LLVM CPU `--cpu` defaults to: generic (aarch64), hexagonv68.
std::string defaultEmulatedCpu(llvm::StringRef target);

/// The `-cpu` qemu emulates for code compiled for LLVM CPU `cpu`: for
/// aarch64 the same core when qemu models it (cortex-a53, cortex-a76,
/// neoverse-n1, ...), otherwise `max`; for Hexagon always v67, the one core
/// QEMU 7.2 has (it refuses the e_flags of v68 and later objects otherwise).
std::string defaultQemuCpu(llvm::StringRef target, llvm::StringRef cpu);

class EmulatedEngine {
public:
  ~EmulatedEngine();
  /// Compiles `module` (consumed) for CPU `cpu` of `target` and builds the
  /// program that runs it under `qemu-<target> -cpu qemuCpu`. `argv0`
  /// locates the cross-built runtime.
  static llvm::Expected<std::unique_ptr<EmulatedEngine>>
  create(mlir::ModuleOp module, llvm::StringRef target, llvm::StringRef cpu,
         llvm::StringRef qemuCpu, bool fuse, const char *argv0);

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
  std::string target, qemu, qemuCpu;
  targets::CompiledModel model;
  double cpuMs = 0.0;
};

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_EMULATEDENGINE_H
