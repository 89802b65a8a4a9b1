//===- InputShapeFlags.h - --batch, --resolution, --input-shape -*- C++ -*-===//
//
// The flags that fix a model's input shape at compile time, shared by
// mnv4-compile, mnv4-run (through ModelOptions) and mnv4-import.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_DRIVER_INPUTSHAPEFLAGS_H
#define MNV4_DRIVER_INPUTSHAPEFLAGS_H

#include "mnv4/Import/OnnxImporter.h"

#include "llvm/Support/CommandLine.h"

#include <optional>

namespace mnv4 {

/// Construct one (statically, like any cl::opt) before parsing the command
/// line.
class InputShapeFlags {
public:
  explicit InputShapeFlags(llvm::cl::OptionCategory &category);

  /// Any of the three flags was given.
  bool given() const;

  /// The flags' values, checked: --batch and --resolution integers from 1 to
  /// 65536, --input-shape four of them and not combined with the other two.
  /// Prints an `error:` and returns nullopt on the first problem.
  std::optional<InputShapeOptions> parse() const;

private:
  // Integers are read as text so that bad values get an `error:` naming them.
  llvm::cl::opt<std::string> batchArg;
  llvm::cl::opt<std::string> resolutionArg;
  llvm::cl::opt<std::string> inputShapeArg;
};

/// Parses `--name=text` as an integer in [min, max]; prints an `error:`
/// naming the flag otherwise.
std::optional<uint64_t> parseIntegerFlag(llvm::StringRef name,
                                         llvm::StringRef text, uint64_t min,
                                         uint64_t max);

} // namespace mnv4

#endif // MNV4_DRIVER_INPUTSHAPEFLAGS_H
