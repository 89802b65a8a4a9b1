//===- ToolError.cpp - how the tools report an error ----------------------===//

#include "mnv4/Driver/ToolError.h"

#include "llvm/Support/WithColor.h"

int mnv4::reportToolError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs()) << message << "\n";
  return 1;
}

int mnv4::reportWriteError(llvm::StringRef path, llvm::Error error) {
  // Some failures name the file already ("'<path>': <reason>"), some do not.
  std::string reason = llvm::toString(std::move(error));
  llvm::StringRef text(reason);
  text.consume_front(("'" + path + "': ").str());
  return reportToolError("cannot write output '" + path + "': " + text);
}
