//===- DialectTestSupport.h - mnv4 op test fixture -------------*- C++ -*-===//
//
// Tests build ops with `Op::create` into a module whose operands are splat
// `mnv4.const` tensors, then check what the verifier says about them.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TEST_UNIT_DIALECT_DIALECTTESTSUPPORT_H
#define MNV4_TEST_UNIT_DIALECT_DIALECTTESTSUPPORT_H

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <gtest/gtest.h>

#include <string>

namespace mnv4::test {

/// What `mlir::verify` reported for one op.
struct VerifyResult {
  bool ok = false;
  /// Every diagnostic text, one per line ("'mnv4.uib' op ...").
  std::string messages;
};

class DialectTest : public ::testing::Test {
protected:
  DialectTest();

  mlir::RankedTensorType f32(llvm::ArrayRef<int64_t> shape);
  /// A splat `mnv4.const` of the given shape (an activation or a weight).
  mlir::Value tensor(llvm::ArrayRef<int64_t> shape, float value = 0.5f);

  /// Verifies `op` with diagnostics captured instead of printed.
  VerifyResult verify(mlir::Operation *op);

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::OpBuilder builder;
  mlir::Location loc;
};

} // namespace mnv4::test

#endif // MNV4_TEST_UNIT_DIALECT_DIALECTTESTSUPPORT_H
