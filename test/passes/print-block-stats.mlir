// RUN: mnv4-opt %s --mnv4-print-block-stats | FileCheck %s --check-prefix=TABLE
// RUN: mnv4-opt %s --mnv4-print-block-stats=json=true -o /dev/null | FileCheck %s --check-prefix=JSON
// The pass only prints: the IR it leaves is the IR it got.
// RUN: mnv4-opt %s --mnv4-print-block-stats -o %t.mlir > /dev/null
// RUN: mnv4-opt %s -o %t.ref.mlir
// RUN: diff %t.mlir %t.ref.mlir

// Small network with one op of each block kind; expected counts by hand
// (docs/stats.md, section 2.8 of mnv4-architectures.md):
//   stem   27*8*8*8 MACs; params 216 + 2*8 (folded BN), weights 216 + 8
//   fib    avg aa: expand conv at stride 1 on 8x8: 9*8*16*64 + 16*12*16
//   uib    blur aa: 9*12*16 + 12*24*16 + 25*24*16 + blur 9*24*4 + 24*12*4
//   mqa    N = 4, M = 1: 384 + 2*9*12 + 96 + 2*4*1*(4+4) + 384
//   head   12*16 MACs; classifier 16*10 (params = weights: a real bias)
//   stored weights: 224 + 1372 + 1368 + 564 + 208 + 170

// TABLE-LABEL: mnv4 block stats of @main:
// TABLE-NEXT: name         kind             stride  kernel  in->out  mid           act   aa    LS  res  params    MACs
// TABLE-NEXT: conv_stem    conv             2       3       3->8     -             relu  -     -   -       232   13824
// TABLE-NEXT: blocks.0.0   fused_ib         2       3       8->12    16            relu  avg   -   n      1400   76800
// TABLE-NEXT: blocks.1.0   uib:XDW          2       3/5     12->12   24            relu  blur  y   n      1440   17952
// TABLE-NEXT: blocks.1.1   mqa              1       kv:dw3  12->12   h2 k4 v4 kv2  -     -     y   y       588    1144
// TABLE-NEXT: global_pool  global_avg_pool  -       -       12->12   -             -     -     -   -         0       0
// TABLE-NEXT: conv_head    conv             1       1       12->16   -             relu  -     -   -       224     192
// TABLE-NEXT: classifier   fully_connected  -       -       16->10   -             -     -     -   -       170     160
// TABLE-NEXT: total                                                                                       4054  110072
// TABLE-NEXT: weights stored: 3906
// TABLE: func.func @main

// JSON:      "blocks": [
// JSON:          "kind": "conv",
// JSON:          "macs": 13824,
// JSON:          "name": "conv_stem",
// JSON:          "params": 232,
// JSON:          "weights": 224
// JSON:          "antialias": "avg",
// JSON:          "expanded_channels": 16,
// JSON:          "kind": "fused_ib",
// JSON:          "form": "XDW",
// JSON:          "layer_scale": true,
// JSON:          "mid_kernel": 5,
// JSON:          "start_kernel": 3,
// JSON:          "attention_macs": 64,
// JSON:          "keys": 1,
// JSON:          "kind": "mqa",
// JSON:          "kv_stride": 2,
// JSON:          "queries": 4,
// JSON:      "function": "main",
// JSON-NEXT: "macs": 110072,
// JSON-NEXT: "params": 4054,
// JSON-NEXT: "weights": 3906
// JSON-NEXT: }
// JSON-NOT: func.func

func.func @main(%input: tensor<1x16x16x3xf32>) -> tensor<1x10xf32> {
  %stem_w = mnv4.const dense<0.1> : tensor<8x3x3x3xf32>
  %stem_b = mnv4.const dense<0.0> : tensor<8xf32>
  %stem = mnv4.conv2d %input, %stem_w, %stem_b {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>, act = #mnv4.act<relu>} : (tensor<1x16x16x3xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32> loc("conv_stem")

  %fe_w = mnv4.const dense<0.1> : tensor<16x3x3x8xf32>
  %fe_b = mnv4.const dense<0.0> : tensor<16xf32>
  %fp_w = mnv4.const dense<0.1> : tensor<12x1x1x16xf32>
  %fp_b = mnv4.const dense<0.0> : tensor<12xf32>
  %fib = mnv4.fused_ib %stem expand(%fe_w, %fe_b) project(%fp_w, %fp_b) {stride = 2 : i64, act = #mnv4.act<relu>, antialias = #mnv4.aa<avg>} : (tensor<1x8x8x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>, tensor<12x1x1x16xf32>, tensor<12xf32>) -> tensor<1x4x4x12xf32> loc("blocks.0.0")

  %us_w = mnv4.const dense<0.1> : tensor<3x3x12xf32>
  %us_b = mnv4.const dense<0.0> : tensor<12xf32>
  %ue_w = mnv4.const dense<0.1> : tensor<24x1x1x12xf32>
  %ue_b = mnv4.const dense<0.0> : tensor<24xf32>
  %um_w = mnv4.const dense<0.1> : tensor<5x5x24xf32>
  %um_b = mnv4.const dense<0.0> : tensor<24xf32>
  %up_w = mnv4.const dense<0.1> : tensor<12x1x1x24xf32>
  %up_b = mnv4.const dense<0.0> : tensor<12xf32>
  %u_ls = mnv4.const dense<1.0> : tensor<12xf32>
  %uib = mnv4.uib %fib start(%us_w, %us_b) expand(%ue_w, %ue_b) mid(%um_w, %um_b) project(%up_w, %up_b) layer_scale(%u_ls) {stride = 2 : i64, act = #mnv4.act<relu>, antialias = #mnv4.aa<blur>} : (tensor<1x4x4x12xf32>, tensor<3x3x12xf32>, tensor<12xf32>, tensor<24x1x1x12xf32>, tensor<24xf32>, tensor<5x5x24xf32>, tensor<24xf32>, tensor<12x1x1x24xf32>, tensor<12xf32>, tensor<12xf32>) -> tensor<1x2x2x12xf32> loc("blocks.1.0")

  %n_s = mnv4.const dense<1.0> : tensor<12xf32>
  %n_t = mnv4.const dense<0.0> : tensor<12xf32>
  %q_w = mnv4.const dense<0.1> : tensor<8x1x1x12xf32>
  %kd_w = mnv4.const dense<0.1> : tensor<3x3x12xf32>
  %kd_b = mnv4.const dense<0.0> : tensor<12xf32>
  %vd_w = mnv4.const dense<0.1> : tensor<3x3x12xf32>
  %vd_b = mnv4.const dense<0.0> : tensor<12xf32>
  %k_w = mnv4.const dense<0.1> : tensor<4x1x1x12xf32>
  %v_w = mnv4.const dense<0.1> : tensor<4x1x1x12xf32>
  %o_w = mnv4.const dense<0.1> : tensor<12x1x1x8xf32>
  %m_ls = mnv4.const dense<1.0> : tensor<12xf32>
  %mqa = mnv4.mqa %uib norm(%n_s, %n_t) query(%q_w) key_down(%kd_w, %kd_b) value_down(%vd_w, %vd_b) key(%k_w) value(%v_w) output(%o_w) layer_scale(%m_ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x2x2x12xf32>, tensor<12xf32>, tensor<12xf32>, tensor<8x1x1x12xf32>, tensor<3x3x12xf32>, tensor<12xf32>, tensor<3x3x12xf32>, tensor<12xf32>, tensor<4x1x1x12xf32>, tensor<4x1x1x12xf32>, tensor<12x1x1x8xf32>, tensor<12xf32>) -> tensor<1x2x2x12xf32> loc("blocks.1.1")

  %pool = mnv4.global_avg_pool %mqa : tensor<1x2x2x12xf32> -> tensor<1x1x1x12xf32> loc("global_pool")
  %h_w = mnv4.const dense<0.1> : tensor<16x1x1x12xf32>
  %h_b = mnv4.const dense<0.0> : tensor<16xf32>
  %head = mnv4.conv2d %pool, %h_w, %h_b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<relu>} : (tensor<1x1x1x12xf32>, tensor<16x1x1x12xf32>, tensor<16xf32>) -> tensor<1x1x1x16xf32> loc("conv_head")
  %c_w = mnv4.const dense<0.1> : tensor<10x16xf32>
  %c_b = mnv4.const dense<0.0> : tensor<10xf32>
  %logits = mnv4.fully_connected %head, %c_w, %c_b : (tensor<1x1x1x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32> loc("classifier")
  return %logits : tensor<1x10xf32>
}
