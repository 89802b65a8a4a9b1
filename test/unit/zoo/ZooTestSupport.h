//===- ZooTestSupport.h - helpers of the zoo's GoogleTests ------*- C++ -*-===//

#ifndef MNV4_TEST_UNIT_ZOO_ZOOTESTSUPPORT_H
#define MNV4_TEST_UNIT_ZOO_ZOOTESTSUPPORT_H

#include "mnv4/Zoo/Zoo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"

#include <string>
#include <vector>

namespace mnv4::test {

/// A context with the dialects zoo models use; diagnostics are collected in
/// `diagnostics` instead of being printed.
struct ZooContext {
  ZooContext();
  ~ZooContext();
  mlir::MLIRContext ctx;
  std::vector<std::string> diagnostics;

private:
  mlir::DiagnosticEngine::HandlerID handler;
};

/// A mnv4.const's resource key and raw blob bytes.
struct ConstBlob {
  std::string key;
  llvm::ArrayRef<char> bytes;
};

/// The blobs of every mnv4.const of `module`, in op order.
std::vector<ConstBlob> constBlobs(mlir::ModuleOp module);

mlir::func::FuncOp mainFunction(mlir::ModuleOp module);

/// Mean and standard deviation of `values`.
struct Moments {
  double mean, stddev;
};
Moments moments(llvm::ArrayRef<float> values);

} // namespace mnv4::test

#endif // MNV4_TEST_UNIT_ZOO_ZOOTESTSUPPORT_H
