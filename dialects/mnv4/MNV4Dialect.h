//===- MNV4Dialect.h - the mnv4 dialect, enums and attributes ---*- C++ -*-===//

#ifndef MNV4_DIALECTS_MNV4_MNV4DIALECT_H
#define MNV4_DIALECTS_MNV4_MNV4DIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Dialect.h"

#include "dialects/mnv4/MNV4Dialect.h.inc"
#include "dialects/mnv4/MNV4Enums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/mnv4/MNV4Attrs.h.inc"

namespace mnv4 {
/// Attribute of a model's entry function: an array with the name of each
/// result ("logits", or the ONNX graph output's own name), in result order.
inline constexpr llvm::StringLiteral kOutputNamesAttr = "mnv4.output_names";
} // namespace mnv4

#endif // MNV4_DIALECTS_MNV4_MNV4DIALECT_H
