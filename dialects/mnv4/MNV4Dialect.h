//===- MNV4Dialect.h - the mnv4 dialect, enums and attributes ---*- C++ -*-===//

#ifndef MNV4_DIALECTS_MNV4_MNV4DIALECT_H
#define MNV4_DIALECTS_MNV4_MNV4DIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Dialect.h"

#include "dialects/mnv4/MNV4Dialect.h.inc"
#include "dialects/mnv4/MNV4Enums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/mnv4/MNV4Attrs.h.inc"

#endif // MNV4_DIALECTS_MNV4_MNV4DIALECT_H
