//===- ObjectEmitter.h - LLVM dialect -> object / assembly / IR -*- C++ -*-===//

#ifndef MNV4_LIB_TARGETS_OBJECTEMITTER_H
#define MNV4_LIB_TARGETS_OBJECTEMITTER_H

#include "mnv4/Targets/Compiler.h"

namespace mnv4::targets {

/// Translates an LLVM-dialect module, optimizes it at O3 for `target` and
/// returns the object, the assembly or the LLVM IR text. `features` is
/// embedded as `<name>_cpu_features` for the run-time check.
llvm::Expected<std::string> emitMachineCode(mlir::ModuleOp module,
                                            const TargetDescription &target,
                                            const CompileOptions &options,
                                            EmitKind kind);

} // namespace mnv4::targets

#endif // MNV4_LIB_TARGETS_OBJECTEMITTER_H
