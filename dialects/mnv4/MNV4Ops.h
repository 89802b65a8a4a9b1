//===- MNV4Ops.h - mnv4 operations ------------------------------*- C++ -*-===//

#ifndef MNV4_DIALECTS_MNV4_MNV4OPS_H
#define MNV4_DIALECTS_MNV4_MNV4OPS_H

#include "dialects/mnv4/MNV4Dialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/Error.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#define GET_OP_CLASSES
#include "dialects/mnv4/MNV4Ops.h.inc"

#endif // MNV4_DIALECTS_MNV4_MNV4OPS_H
