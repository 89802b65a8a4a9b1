//===- InsertProfileProbes.cpp - a timestamp probe between blocks ---------===//
//
// mnv4-run --engine=compiled --profile times every block of the compiled
// code. On mnv4 IR, before lowering, each block (mnv4::blockSpans: every op
// of the entry function's body but mnv4.const and func.return, the entries
// of --stats-json, in an fp32 model; the ops of one decomposed block in an
// int8 model) is bracketed by calls to the runtime's `mnv4_profile_mark`
// (runtime/Profile.h): mark 0 before block 0, mark i + 1 after block i. The
// lowering keeps ops in program order and the calls have side effects, so
// the code of block i runs between marks i and i + 1.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mnv4/Support/SourceBlocks.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_INSERTPROFILEPROBES
#include "passes/Passes.h.inc"

namespace {

constexpr StringLiteral kProbe = "mnv4_profile_mark";

struct InsertProfileProbesPass
    : impl::InsertProfileProbesBase<InsertProfileProbesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> publics;
    for (auto f : module.getOps<func::FuncOp>())
      if (f.isPublic() && !f.isExternal())
        publics.push_back(f);
    if (publics.size() != 1) {
      module.emitError() << "expected exactly one public function to profile, "
                            "found "
                         << publics.size();
      return signalPassFailure();
    }
    if (module.lookupSymbol(kProbe)) {
      module.emitError() << "the module already defines @" << kProbe;
      return signalPassFailure();
    }
    OpBuilder b(module.getBodyRegion());
    Location loc = module.getLoc();
    auto probe = func::FuncOp::create(b, loc, kProbe,
                                      b.getFunctionType({b.getI32Type()}, {}));
    probe.setPrivate();

    std::vector<BlockSpan> blocks = blockSpans(publics.front());
    auto mark = [&](int32_t id) {
      Value v = arith::ConstantIntOp::create(b, loc, id, 32);
      func::CallOp::create(b, loc, probe, ValueRange{v});
    };
    for (auto [i, block] : llvm::enumerate(blocks)) {
      if (i == 0) {
        b.setInsertionPoint(block.ops.front());
        mark(0);
      }
      b.setInsertionPointAfter(block.ops.back());
      mark(static_cast<int32_t>(i + 1));
    }
  }
};

} // namespace
} // namespace mnv4
