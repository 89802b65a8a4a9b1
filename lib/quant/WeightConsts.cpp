//===- WeightConsts.cpp - reading and replacing mnv4.const weights --------===//

#include "WeightConsts.h"

#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace mnv4::quant {

std::vector<float> constValues(ConstOp c) {
  Attribute attr = c.getValue();
  if (auto res = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (std::optional<ArrayRef<float>> data = res.tryGetAsArrayRef())
      return std::vector<float>(data->begin(), data->end());
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto values = dense.tryGetValues<float>();
    if (succeeded(values))
      return std::vector<float>(values->begin(), values->end());
  }
  return {};
}

void setConstValues(ConstOp c, ArrayRef<float> values, StringRef name) {
  std::string key = name.str();
  if (auto res = dyn_cast<DenseResourceElementsAttr>(c.getValue()))
    key = res.getRawHandle().getKey().str();
  c.setValueAttr(cast<ElementsAttr>(DenseResourceElementsAttr::get(
      cast<ShapedType>(c.getType()), key,
      HeapAsmResourceBlob::allocateAndCopyInferAlign(values))));
}

} // namespace mnv4::quant
