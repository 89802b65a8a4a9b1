//===- SizeLimits.h - the largest tensors mnv4-run allocates ----*- C++ -*-===//
//
// A model may claim any tensor size; the interpreter (and mnv4-run, which
// reads and writes its tensors) checks every size against a limit before it
// allocates anything, so an absurd model gets an error, not an out-of-memory
// kill. docs/bad-input.md states the limit.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_INTERP_SIZELIMITS_H
#define MNV4_INTERP_SIZELIMITS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>

namespace mnv4::interp {

/// The default largest tensor: 2^28 float32 elements (1 GiB), 160 times
/// the largest activation of the zoo's models at their own resolutions.
constexpr int64_t kDefaultMaxTensorElements = int64_t(1) << 28;

/// The number of elements of `shape`; nullopt when a dimension is negative
/// (dynamic) or the product overflows int64.
std::optional<int64_t> elementCount(llvm::ArrayRef<int64_t> shape);

/// Checks that every tensor `func` takes, computes or returns has at most
/// `maxElements` elements. Fails with a message naming the value (argument
/// or op) and its type when one has more or overflows.
llvm::Error checkTensorSizes(mlir::func::FuncOp func, int64_t maxElements);

} // namespace mnv4::interp

#endif // MNV4_INTERP_SIZELIMITS_H
