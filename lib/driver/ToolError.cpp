//===- ToolError.cpp - how the tools report an error ----------------------===//

#include "mnv4/Driver/ToolError.h"

#include "llvm/Support/WithColor.h"

int mnv4::reportToolError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs()) << message << "\n";
  return 1;
}
