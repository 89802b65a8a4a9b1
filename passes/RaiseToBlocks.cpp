//===- RaiseToBlocks.cpp - the importer's raising pipeline ----------------===//
//
// Cleanup and folding first (so that layout pairs cancel and convs carry
// their activations), then the antialias pools and the head, then MQA, then
// the inverted bottlenecks, whose projections MQA's output conv must not be
// mistaken for. Each stage is its own pass as well.
//
//===----------------------------------------------------------------------===//

#include "dialects/mnv4/MNV4Ops.h"
#include "passes/Passes.h"
#include "passes/Raising.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_RAISETOBLOCKS
#include "passes/Passes.h.inc"

LogicalResult applyRaisingPatterns(ModuleOp module,
                                   void (*populate)(RewritePatternSet &)) {
  RewritePatternSet patterns(module.getContext());
  populate(patterns);
  GreedyRewriteConfig config;
  config.enableConstantCSE(false).enableFolding(false);
  return applyPatternsGreedily(module, std::move(patterns), config);
}

LogicalResult raiseToBlocks(ModuleOp module) {
  using Populate = void (*)(RewritePatternSet &);
  static const Populate stages[] = {[](RewritePatternSet &p) {
                                      populateLayoutCleanupPatterns(p);
                                      populateFoldActivationPatterns(p);
                                    },
                                    [](RewritePatternSet &p) {
                                      populateAntialiasPatterns(p);
                                      populateHeadPatterns(p);
                                    },
                                    populateMobileMQAPatterns,
                                    populateInvertedBottleneckPatterns};
  for (Populate populate : stages)
    if (failed(applyRaisingPatterns(module, populate)))
      return module.emitError("raising to blocks did not converge");
  return success();
}

namespace {
struct RaiseToBlocksPass : impl::RaiseToBlocksBase<RaiseToBlocksPass> {
  void runOnOperation() override {
    if (failed(raiseToBlocks(getOperation())))
      signalPassFailure();
  }
};
} // namespace

} // namespace mnv4
