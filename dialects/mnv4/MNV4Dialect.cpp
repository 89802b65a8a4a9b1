//===- MNV4Dialect.cpp - mnv4 dialect registration ------------------------===//

#include "dialects/mnv4/MNV4Dialect.h"
#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mnv4;

#include "dialects/mnv4/MNV4Dialect.cpp.inc"
#include "dialects/mnv4/MNV4Enums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/mnv4/MNV4Attrs.cpp.inc"

void MNV4Dialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/mnv4/MNV4Ops.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/mnv4/MNV4Attrs.cpp.inc"
      >();
}
