//===- ExpandMathForSpirv.cpp - math ops SPIR-V has no instruction for ----===//
//
// convert-math-to-spirv maps math ops to GLSL.std.450 instructions; erf (the
// exact GELU of the hybrid models) has none, so it becomes upstream's
// polynomial approximation (arith and math.exp/fma only) first.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_EXPANDMATHFORSPIRV
#include "passes/Passes.h.inc"

namespace {

struct ExpandMathForSpirvPass
    : public impl::ExpandMathForSpirvBase<ExpandMathForSpirvPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populatePolynomialApproximateErfPattern(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mnv4
