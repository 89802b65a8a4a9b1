//===- ToolError.h - how the tools report an error --------------*- C++ -*-===//

#ifndef MNV4_DRIVER_TOOLERROR_H
#define MNV4_DRIVER_TOOLERROR_H

#include "llvm/ADT/Twine.h"

namespace mnv4 {

/// Prints `error: <message>` to stderr, as LLVM's tools do; returns 1, the
/// tool's exit code.
int reportToolError(const llvm::Twine &message);

} // namespace mnv4

#endif // MNV4_DRIVER_TOOLERROR_H
