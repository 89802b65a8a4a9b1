//===- RaiseUtils.h - matching helpers shared by the raising patterns -----===//

#ifndef MNV4_PASSES_RAISEUTILS_H
#define MNV4_PASSES_RAISEUTILS_H

#include "dialects/mnv4/MNV4Ops.h"

#include <optional>

namespace mnv4 {

inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return mlir::cast<mlir::RankedTensorType>(v.getType()).getShape();
}

/// The float values of an mnv4.const (dense or dense_resource), if `v` is
/// one.
std::optional<llvm::SmallVector<float>> getConstFloats(mlir::Value v);

/// `v` is produced by an mnv4.const.
inline bool isConst(mlir::Value v) { return v && v.getDefiningOp<ConstOp>(); }

/// A conv whose padding is the symmetric (k-1)/2 every block op assumes and
/// whose strides are equal; returns that stride, or 0.
int64_t blockConvStride(llvm::ArrayRef<int64_t> strides,
                        llvm::ArrayRef<int64_t> pad, int64_t kernel);

/// A depthwise conv usable inside a block: kernel 3 or 5, symmetric padding,
/// folded-BN bias. Returns its stride, or 0.
int64_t blockDepthwiseStride(DepthwiseConv2DOp dw);

/// A 1x1, stride 1, unpadded mnv4.conv2d.
bool isPointwise(Conv2DOp conv);

/// `mul` scales its lhs by a layer scale: an mnv4.const of shape [C], C the
/// lhs's channel (last) dim.
bool isLayerScaleMul(MulOp mul);

} // namespace mnv4

#endif // MNV4_PASSES_RAISEUTILS_H
