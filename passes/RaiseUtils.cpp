//===- RaiseUtils.cpp - helpers shared by the raising patterns ------------===//

#include "passes/RaiseUtils.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace mnv4 {

std::optional<SmallVector<float>> getConstFloats(Value v) {
  auto c = v ? v.getDefiningOp<ConstOp>() : ConstOp();
  if (!c)
    return std::nullopt;
  Attribute attr = c.getValue();
  if (auto res = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    if (auto data = res.tryGetAsArrayRef())
      return SmallVector<float>(data->begin(), data->end());
    return std::nullopt;
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto values = dense.tryGetValues<float>();
    if (failed(values))
      return std::nullopt;
    return SmallVector<float>(values->begin(), values->end());
  }
  return std::nullopt;
}

int64_t blockConvStride(ArrayRef<int64_t> strides, ArrayRef<int64_t> pad,
                        int64_t kernel) {
  int64_t p = (kernel - 1) / 2;
  if (strides.size() != 2 || strides[0] != strides[1] || pad.size() != 4 ||
      llvm::any_of(pad, [&](int64_t x) { return x != p; }))
    return 0;
  return strides[0];
}

int64_t blockDepthwiseStride(DepthwiseConv2DOp dw) {
  ArrayRef<int64_t> f = shapeOf(dw.getFilter());
  if (!dw.getBias() || f[0] != f[1] || (f[0] != 3 && f[0] != 5))
    return 0;
  return blockConvStride(dw.getStrides(), dw.getPad(), f[0]);
}

bool isPointwise(Conv2DOp conv) {
  ArrayRef<int64_t> f = shapeOf(conv.getFilter());
  return f[1] == 1 && f[2] == 1 &&
         blockConvStride(conv.getStrides(), conv.getPad(), 1) == 1;
}

bool isLayerScaleMul(MulOp mul) {
  ArrayRef<int64_t> lhs = shapeOf(mul.getLhs());
  return !lhs.empty() && isConst(mul.getRhs()) &&
         shapeOf(mul.getRhs()) == ArrayRef<int64_t>{lhs.back()};
}

} // namespace mnv4
