//===- Passes.td - mnv4 pass definitions --------------------*- tablegen -*-===//

#ifndef MNV4_PASSES_TD
#define MNV4_PASSES_TD

include "mlir/Pass/PassBase.td"

def PrintBlockStats : Pass<"mnv4-print-block-stats", "mlir::ModuleOp"> {
  let summary = "print each function's per-block table: params, weights, MACs";
  let description = [{
    Like upstream `-print-op-stats`, an analysis printout that leaves the IR
    unchanged: one row per block (stem, ConvBnAct, FusedIB, UIB, Mobile MQA,
    head, classifier) with its attributes, trainable parameters as timm counts
    them, stored weights and multiply-accumulates, then the totals. With
    `json=true` it prints the `--stats-json` object instead.
  }];
  let options = [
    Option<"json", "json", "bool", /*default=*/"false",
           "print the stats JSON object instead of the table">
  ];
}

#endif // MNV4_PASSES_TD
