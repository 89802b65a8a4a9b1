//===- ConstantTensors.cpp - weight attributes as tensors -----------------===//

#include "InterpreterSupport.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace mnv4::interp::detail {

using llvm::createStringError;

llvm::Expected<Tensor> tensorFromElements(mlir::ElementsAttr attr) {
  auto type = mlir::cast<mlir::ShapedType>(attr.getType());
  if (!type.hasStaticShape() || !type.getElementType().isF32())
    return createStringError("weight of type %s is not a static f32 tensor",
                             formatType(type).c_str());
  llvm::ArrayRef<int64_t> shape = type.getShape();
  size_t count = static_cast<size_t>(type.getNumElements());

  if (auto resource =
          mlir::dyn_cast<mlir::DenseF32ResourceElementsAttr>(attr)) {
    std::optional<llvm::ArrayRef<float>> data = resource.tryGetAsArrayRef();
    std::string key = resource.getRawHandle().getKey().str();
    if (!data)
      return createStringError("dense_resource blob '%s' has no data",
                               key.c_str());
    if (data->size() != count)
      return createStringError(
          "dense_resource blob '%s' holds %zu floats but its type %s needs %zu",
          key.c_str(), data->size(), formatShape(shape).c_str(), count);
    return Tensor(shape, std::vector<float>(data->begin(), data->end()));
  }
  if (auto dense = mlir::dyn_cast<mlir::DenseElementsAttr>(attr)) {
    auto values = dense.getValues<float>(); // expands splats
    return Tensor(shape, std::vector<float>(values.begin(), values.end()));
  }
  return createStringError("unsupported weight attribute kind for %s",
                           formatShape(shape).c_str());
}

} // namespace mnv4::interp::detail
