//===- ApproximateErf.cpp - erf as a rational polynomial ------------------===//
//
// The exact GELU of the hybrid models needs erf. On the CPU targets libm's
// erff is one scalar call per element (convert-math-to-libm unrolls a vector
// erf), and GLSL.std.450, which convert-math-to-spirv targets, has no erf at
// all. Upstream's polynomial approximation keeps it in vector arithmetic
// (arith ops and math.fma only) on every target.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_APPROXIMATEERF
#include "passes/Passes.h.inc"

namespace {

struct ApproximateErfPass
    : public impl::ApproximateErfBase<ApproximateErfPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populatePolynomialApproximateErfPattern(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mnv4
