//===- FuzzSupport.h - what every mnv4 fuzz target shares -------*- C++ -*-===//
//
// The fuzz targets feed bytes to the readers the tools use, through the same
// entry points (file paths included), then do with the result what the tools
// do: find the entry function, count stats, print text and bytecode, and run
// the reference interpreter on models small enough to run in microseconds.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TEST_FUZZ_FUZZSUPPORT_H
#define MNV4_TEST_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace mnv4::fuzz {

/// Writes `bytes` to this process's scratch file whose name ends in
/// `suffix` (".onnx", ".mlir", ...) and returns its path. The file is
/// rewritten by every call and removed at exit.
std::string writeScratchFile(llvm::StringRef bytes, llvm::StringRef suffix);

/// This process's scratch directory whose name ends in `suffix`, created
/// empty by every call and removed with its files at exit.
const std::string &emptyScratchDirectory(llvm::StringRef suffix);

/// A single-threaded context with every dialect the tools register.
std::unique_ptr<mlir::MLIRContext> makeContext();

/// Stats, printing, bytecode and (for small models) the interpreter.
void exerciseModule(mlir::ModuleOp module);

/// Loads `bytes` as a MODEL file of kind `suffix` with the tools' loader and
/// exercises the module when it loads. Diagnostics are dropped.
void loadAndExercise(llvm::StringRef bytes, llvm::StringRef suffix);

inline llvm::StringRef asStringRef(const uint8_t *data, size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

} // namespace mnv4::fuzz

#endif // MNV4_TEST_FUZZ_FUZZSUPPORT_H
