//===- DialectTestSupport.cpp - fixture for building mnv4 ops in C++ ------===//

#include "DialectTestSupport.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace mnv4::test {

DialectTest::DialectTest()
    : builder(&context), loc(FileLineColLoc::get(&context, "test", 1, 1)) {
  context.loadDialect<MNV4Dialect>();
  module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
}

RankedTensorType DialectTest::f32(ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, builder.getF32Type());
}

Value DialectTest::tensor(ArrayRef<int64_t> shape, float value) {
  RankedTensorType type = f32(shape);
  auto attr = DenseElementsAttr::get(type, value);
  return ConstOp::create(builder, loc, type, cast<ElementsAttr>(attr));
}

VerifyResult DialectTest::verify(Operation *op) {
  VerifyResult result;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    if (!result.messages.empty())
      result.messages += "\n";
    result.messages += diag.str();
    return success();
  });
  result.ok = succeeded(mlir::verify(op));
  return result;
}

} // namespace mnv4::test
