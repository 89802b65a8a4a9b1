//===- ShapeChecks.h - shape checks shared by mnv4 verifiers ---*- C++ -*-===//
//
// Every verifier reports a shape problem in the same words: which operand,
// what it has and what it must have. These helpers keep that consistent.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_DIALECTS_MNV4_SHAPECHECKS_H
#define MNV4_DIALECTS_MNV4_SHAPECHECKS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>

namespace mnv4::detail {

/// "[1, 56, 56, 96]".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// The static shape of `value`; emits an error naming `what` and fails when
/// the value is unranked, dynamic, not of rank `rank` (rank < 0: any) or has a
/// zero-sized dimension.
mlir::LogicalResult getStaticShape(mlir::Operation *op, mlir::Value value,
                                   llvm::StringRef what, int64_t rank,
                                   llvm::SmallVectorImpl<int64_t> &shape);

/// Emits "`what` must have shape [..], got [..]" unless the shapes agree.
mlir::LogicalResult expectShape(mlir::Operation *op, mlir::Value value,
                                llvm::StringRef what,
                                llvm::ArrayRef<int64_t> expected);

/// Emits "pad must be four non-negative integers [top, left, bottom, right]"
/// unless `pad` is.
mlir::LogicalResult verifyPad4(mlir::Operation *op,
                               llvm::ArrayRef<int64_t> pad);

/// Output size of a convolution/pool window: floor((in + lo + hi - k) / s) + 1,
/// or 0 when the window does not fit the padded input at all.
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t padLo, int64_t padHi);

} // namespace mnv4::detail

#endif // MNV4_DIALECTS_MNV4_SHAPECHECKS_H
