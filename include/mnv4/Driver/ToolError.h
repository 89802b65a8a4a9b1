//===- ToolError.h - how the tools report an error --------------*- C++ -*-===//

#ifndef MNV4_DRIVER_TOOLERROR_H
#define MNV4_DRIVER_TOOLERROR_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

namespace mnv4 {

/// Prints `error: <message>` to stderr, as LLVM's tools do; returns 1, the
/// tool's exit code.
int reportToolError(const llvm::Twine &message);

/// Reports a failure of llvm::writeToOutput(path, ...) as
/// `error: cannot write output '<path>': <reason>`; returns 1.
int reportWriteError(llvm::StringRef path, llvm::Error error);

} // namespace mnv4

#endif // MNV4_DRIVER_TOOLERROR_H
