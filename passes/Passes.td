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

//===----------------------------------------------------------------------===//
// Raising: generic ops as imported from ONNX -> canonical blocks. The ONNX
// importer runs mnv4-raise-to-blocks; each stage is also a pass of its own.
//===----------------------------------------------------------------------===//

class RaisingPass<string arg, string sum, string desc>
    : Pass<arg, "mlir::ModuleOp"> {
  let summary = sum;
  let description = desc;
  let dependentDialects = ["::mnv4::MNV4Dialect"];
}

def FoldLayoutOps : RaisingPass<"mnv4-fold-layout-ops",
    "fold transpose and reshape chains left by NCHW->NHWC conversion", [{
    `transpose(transpose(x))` becomes one transpose (or `x`), and
    `reshape(reshape(x))` one reshape (or `x` when the types agree).
  }]>;

def FoldActivations : RaisingPass<"mnv4-fold-activations",
    "fold activations and zero pads into the producing / consuming conv", [{
    `conv2d`/`depthwise_conv2d` with `act = none` followed by
    `mnv4.activation` becomes the conv with that `act`; an unpadded conv of
    `mnv4.pad` takes the pad as its own padding.
  }]>;

def RaiseAntialias : RaisingPass<"mnv4-raise-antialias",
    "the fixed 3x3 binomial depthwise conv -> mnv4.blur_pool", [{
    A stride-2, pad-1 depthwise conv without bias whose filter is
    `[1,2,1]x[1,2,1]/16` on every channel (timm's BlurPool, blurpc).
  }]>;

def RaiseHead : RaisingPass<"mnv4-raise-head",
    "the classifier reads the pooled [N,1,1,C] map directly", [{
    `fully_connected(reshape(x))` with `x : [N,1,1,C]` becomes
    `fully_connected(x)` (the Flatten of the timm head).
  }]>;

def RaiseMobileMQA : RaisingPass<"mnv4-raise-mqa",
    "the Mobile MQA chain -> mnv4.mqa", [{
    Matches pre-norm batch_norm, q/k/v 1x1 projections (optionally after a
    3x3 strided depthwise down-sampling for k and v), the exported
    reshape/transpose chain, the kd^-0.5 scale, matmul-softmax-matmul, the
    output projection, layer scale and residual add, with every permutation
    and shape checked.
  }]>;

def RaiseInvertedBottleneck : RaisingPass<"mnv4-raise-blocks",
    "UIB (4 sub-forms) and FusedIB chains -> mnv4.uib / mnv4.fused_ib", [{
    Matched backwards from a 1x1 projection with bias and no activation:
    `[dw_start] -> expand{act} -> [dw_mid{act} -> [aa pool]] -> project ->
    [mul layer_scale] -> [add input]` (UIB) or
    `conv kxk{act} -> [aa pool] -> project -> [add input]` (FusedIB).
  }]>;

def RaiseToBlocks : RaisingPass<"mnv4-raise-to-blocks",
    "all raising stages in order (what the ONNX importer runs)", [{
    mnv4-fold-layout-ops + mnv4-fold-activations, then mnv4-raise-antialias
    + mnv4-raise-head, then mnv4-raise-mqa, then mnv4-raise-blocks.
  }]>;

#endif // MNV4_PASSES_TD
