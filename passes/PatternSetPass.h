//===- PatternSetPass.h - a pass running one pattern set ---------*- C++
//-*-===//
//-*-===//
//
// Every single-stage raising pass is the same: one greedy run of its pattern
// set over the module (see applyRaisingPatterns). Each pass file declares
//
//   struct XPass : PatternSetPass<impl::XBase<XPass>, populateXPatterns> {};
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_PASSES_PATTERNSETPASS_H
#define MNV4_PASSES_PATTERNSETPASS_H

#include "passes/Raising.h"

#include "mlir/Pass/Pass.h"

namespace mnv4 {

/// `PassBase` is the tablegen'd impl::XBase<XPass>; `Populate` fills the
/// pass's pattern set.
template <typename PassBase, void (*Populate)(mlir::RewritePatternSet &)>
struct PatternSetPass : PassBase {
  using PassBase::PassBase;
  void runOnOperation() override {
    if (failed(applyRaisingPatterns(this->getOperation(), Populate)))
      this->signalPassFailure();
  }
};

} // namespace mnv4

#endif // MNV4_PASSES_PATTERNSETPASS_H
