//===- TextNesting.h - the deepest nesting of MLIR text we parse -*- C++
//-*-===//
//
// MLIR's text parser recurses once per nested region, attribute or type, so
// a file of a few thousand '(' or '[' overflows its stack. The loader
// measures the nesting first and rejects files nested deeper than the limit
// (docs/bad-input.md); real models nest about ten levels.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_DRIVER_TEXTNESTING_H
#define MNV4_DRIVER_TEXTNESTING_H

#include "llvm/ADT/StringRef.h"

namespace mnv4 {

/// The deepest nesting of .mlir text the loader accepts.
constexpr unsigned kMaxTextNesting = 256;

/// The deepest nesting of the brackets ( [ { < in MLIR text, skipping string
/// literals, comments and the '>' of '->'. Counting stops past `limit`.
unsigned textNestingDepth(llvm::StringRef text, unsigned limit);

} // namespace mnv4

#endif // MNV4_DRIVER_TEXTNESTING_H
