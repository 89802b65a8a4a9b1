//===- OpShapes.h - shape rules shared by f32 and int8 ops ------*- C++ -*-===//
//
// The shape contract of an op does not depend on its element type: the f32
// ops and their int8 counterparts (MNV4QuantOps.td) verify shapes with these
// functions, so both report a shape problem in the same words.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_DIALECTS_MNV4_OPSHAPES_H
#define MNV4_DIALECTS_MNV4_OPSHAPES_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/Operation.h"

namespace mnv4::detail {

/// A loaded `dense_resource` blob must hold exactly the bytes its type needs
/// (MLIR does not check it); other attributes pass.
mlir::LogicalResult verifyResourceBlobSize(mlir::Operation *op,
                                           mlir::ElementsAttr value);

mlir::LogicalResult verifyConv2DShapes(mlir::Operation *op, mlir::Value input,
                                       mlir::Value filter, mlir::Value bias,
                                       llvm::ArrayRef<int64_t> strides,
                                       llvm::ArrayRef<int64_t> pad,
                                       mlir::Value output);
mlir::LogicalResult verifyDepthwiseShapes(mlir::Operation *op,
                                          mlir::Value input, mlir::Value filter,
                                          mlir::Value bias,
                                          llvm::ArrayRef<int64_t> strides,
                                          llvm::ArrayRef<int64_t> pad,
                                          mlir::Value output);
mlir::LogicalResult verifyFullyConnectedShapes(mlir::Operation *op,
                                               mlir::Value input,
                                               mlir::Value weight,
                                               mlir::Value bias,
                                               mlir::Value output);
mlir::LogicalResult verifyGlobalPoolShapes(mlir::Operation *op,
                                           mlir::Value input,
                                           mlir::Value output);
mlir::LogicalResult verifyAvgPoolShapes(mlir::Operation *op, mlir::Value input,
                                        int64_t kernel, int64_t stride,
                                        mlir::Value output);
mlir::LogicalResult verifyBroadcastMulShapes(mlir::Operation *op,
                                             mlir::Value lhs, mlir::Value rhs,
                                             mlir::Value output);
mlir::LogicalResult verifyMatMulShapes(mlir::Operation *op, mlir::Value lhs,
                                       mlir::Value rhs, mlir::Value output);
mlir::LogicalResult verifyTransposeShapes(mlir::Operation *op,
                                          mlir::Value input,
                                          llvm::ArrayRef<int64_t> perm,
                                          mlir::Value output);
mlir::LogicalResult verifyReshapeShapes(mlir::Operation *op, mlir::Value input,
                                        mlir::Value output);

} // namespace mnv4::detail

#endif // MNV4_DIALECTS_MNV4_OPSHAPES_H
