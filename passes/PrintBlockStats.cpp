//===- PrintBlockStats.cpp - print per-block params, weights and MACs -----===//
//
// An analysis printout in the manner of upstream -print-op-stats: it writes
// to stdout and leaves the IR untouched.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mnv4/Support/Stats.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

namespace mnv4 {
#define GEN_PASS_DEF_PRINTBLOCKSTATS
#include "passes/Passes.h.inc"
} // namespace mnv4

namespace {

struct PrintBlockStatsPass
    : public mnv4::impl::PrintBlockStatsBase<PrintBlockStatsPass> {
  using Base::Base;

  void runOnOperation() override {
    llvm::raw_ostream &os = llvm::outs();
    for (auto func : getOperation().getOps<mlir::func::FuncOp>()) {
      if (func.isExternal())
        continue;
      mnv4::ModelStats stats = mnv4::computeStats(func);
      if (json) {
        llvm::json::Value value = mnv4::toJSON(stats);
        value.getAsObject()->try_emplace("function", func.getSymName());
        os << llvm::formatv("{0:2}", value) << "\n";
      } else {
        os << "mnv4 block stats of @" << func.getSymName() << ":\n";
        mnv4::printStatsTable(stats, os);
      }
    }
    os.flush();
    markAllAnalysesPreserved();
  }
};

} // namespace
