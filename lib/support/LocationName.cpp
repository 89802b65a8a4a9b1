//===- LocationName.cpp - the model layer an op comes from ----------------===//

#include "mnv4/Support/LocationName.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Visitors.h"

using namespace mlir;

std::string mnv4::locationName(Location loc, llvm::StringRef fallback) {
  std::string name = fallback.str();
  loc->walk([&](Location l) {
    if (auto named = dyn_cast<NameLoc>(l)) {
      name = named.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}
