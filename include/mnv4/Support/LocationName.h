//===- LocationName.h - the model layer an op comes from --------*- C++ -*-===//

#ifndef MNV4_SUPPORT_LOCATIONNAME_H
#define MNV4_SUPPORT_LOCATIONNAME_H

#include "mlir/IR/Location.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mnv4 {

/// The first name in `loc` (a NameLoc anywhere inside it, outermost first):
/// the model layer an op comes from, such as a timm module name; `fallback`
/// when there is none.
std::string locationName(mlir::Location loc, llvm::StringRef fallback = "");

} // namespace mnv4

#endif // MNV4_SUPPORT_LOCATIONNAME_H
