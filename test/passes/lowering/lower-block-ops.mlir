// mnv4-lower-to-linalg on the block ops: the UIB in its four sub-forms, the
// FusedIB (unfused: fuse-blocks=0; fuse-blocks.mlir has the fused forms) and
// Mobile MQA lower to their layers in order. Mobile MQA projects
// K and V once for all heads: exactly four pointwise kernels (Q, K, V and
// the output projection) and score/value contractions whose K and V
// operands have no head dimension.
// RUN: mnv4-opt %s --mnv4-lower-to-linalg=fuse-blocks=0 | FileCheck %s
// RUN: mnv4-opt %s --mnv4-lower-to-linalg | FileCheck %s --check-prefix=GONE
// GONE-NOT: = mnv4.

// Scores read Q[n, i, h, d] and K transposed, K^T[n, d, j]; values read
// A[n, h, i, j] and V[n, j, e]: both contractions have the same maps.
// CHECK-DAG: #[[SCORE_Q:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, d4)>
// CHECK-DAG: #[[SCORE_K:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d4, d3)>
// CHECK-DAG: #[[SCORE_OUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>

// ExtraDW: start dw (stride 1 when a mid dw takes the stride), expand with
// the activation, mid dw with the stride and the activation, projection,
// layer scale.
// CHECK-LABEL: func.func @uib_extra_dw
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %arg1 : tensor<1x10x10x16xf32>, tensor<3x3x16xf32>) outs(%{{.*}} : tensor<1x8x8x16xf32>)
// CHECK-NOT: mnv4.kernel = "activation"
// CHECK: outs(%{{.*}} : tensor<64x64x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: math.erf
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %arg5 : tensor<1x12x12x64xf32>, tensor<5x5x64xf32>) outs(%{{.*}} : tensor<1x4x4x64xf32>)
// CHECK: math.erf
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<16x64xf32>, tensor<24x64x1xf32>) outs(%{{.*}} : tensor<16x24x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK-NOT: math.erf
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %arg9 : tensor<1x4x4x24xf32>, tensor<24xf32>) {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK-NOT: mnv4.kernel = "add"
// CHECK: return %[[Y]]
func.func @uib_extra_dw(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) -> tensor<1x4x4x24xf32> {
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64, act = #mnv4.act<gelu>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return %y : tensor<1x4x4x24xf32>
}

// IB (mid dw only), residual: the input is added last.
// CHECK-LABEL: func.func @uib_inverted_bottleneck
// CHECK: outs(%{{.*}} : tensor<64x64x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: arith.maximumf
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %arg3 : tensor<1x10x10x64xf32>, tensor<3x3x64xf32>)
// CHECK: arith.maximumf
// CHECK: outs(%{{.*}} : tensor<64x16x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %{{.*}} : tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) {{.*}} attrs = {mnv4.kernel = "add"}
// CHECK: return %[[Y]]
func.func @uib_inverted_bottleneck(%x: tensor<1x8x8x16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<3x3x64xf32>, %mb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %y = mnv4.uib %x expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// ConvNeXt-like (start dw only): the start dw takes the stride.
// CHECK-LABEL: func.func @uib_convnext_strided
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %arg1 : tensor<1x12x12x16xf32>, tensor<5x5x16xf32>) outs(%{{.*}} : tensor<1x4x4x16xf32>)
// CHECK: outs(%{{.*}} : tensor<16x64x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: mnv4.kernel = "activation"
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: outs(%{{.*}} : tensor<16x16x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: return
func.func @uib_convnext_strided(%x: tensor<1x8x8x16xf32>, %sf: tensor<5x5x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>) -> tensor<1x4x4x16xf32> {
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<5x5x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// FFN (no dw), layer scale then the residual add.
// CHECK-LABEL: func.func @uib_ffn
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: mnv4.kernel = "pointwise"
// CHECK: mnv4.kernel = "activation"
// CHECK: mnv4.kernel = "pointwise"
// CHECK: %[[S:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %arg5 : tensor<1x8x8x16xf32>, tensor<16xf32>) {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %[[S]] : {{.*}}) {{.*}} attrs = {mnv4.kernel = "add"}
// CHECK: return %[[Y]]
func.func @uib_ffn(%x: tensor<1x8x8x16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>, %ls: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %y = mnv4.uib %x expand(%ef, %eb) project(%pf, %pb) layer_scale(%ls) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// Anti-aliased UIB: the mid dw runs at stride 1 and the pool downsamples
// (avg: floor, blur: the binomial stride-2 dw) before the projection.
// CHECK-LABEL: func.func @uib_antialias
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %arg5 : tensor<1x11x11x64xf32>, tensor<3x3x64xf32>) outs(%{{.*}} : tensor<1x9x9x64xf32>)
// CHECK: linalg.pooling_nhwc_sum {{{.*}}strides = dense<2> : tensor<2xi64>} {{.*}} outs(%{{.*}} : tensor<1x4x4x64xf32>)
// CHECK: outs(%{{.*}} : tensor<16x24x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %arg5 : tensor<1x11x11x64xf32>, tensor<3x3x64xf32>) outs(%{{.*}} : tensor<1x9x9x64xf32>)
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x11x11x64xf32>, tensor<3x3x64xf32>) outs(%{{.*}} : tensor<1x5x5x64xf32>)
// CHECK: outs(%{{.*}} : tensor<25x24x1xf32>) attrs = {mnv4.kernel = "pointwise"}
func.func @uib_antialias(%x: tensor<1x9x9x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<3x3x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>) -> (tensor<1x4x4x24xf32>, tensor<1x5x5x24xf32>) {
  %0 = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<avg>} : (tensor<1x9x9x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  %1 = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<blur>} : (tensor<1x9x9x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>) -> tensor<1x5x5x24xf32>
  return %0, %1 : tensor<1x4x4x24xf32>, tensor<1x5x5x24xf32>
}

// FusedIB: full kxk expand conv with the activation, 1x1 projection
// without one, residual add.
// CHECK-LABEL: func.func @fused_ib_residual
// CHECK: tensor.pad %arg0 low[0, 2, 2, 0] high[0, 2, 2, 0]
// CHECK: linalg.conv_2d_nhwc_hwcf {{{.*}}strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x12x12x16xf32>, tensor<5x5x16x64xf32>) outs(%{{.*}} : tensor<1x8x8x64xf32>)
// CHECK: mnv4.kernel = "activation"
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<64x64xf32>, tensor<16x64x1xf32>) outs(%{{.*}} : tensor<64x16x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK-NOT: mnv4.kernel = "activation"
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %{{.*}} : tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) {{.*}} attrs = {mnv4.kernel = "add"}
// CHECK: return %[[Y]]
func.func @fused_ib_residual(%x: tensor<1x8x8x16xf32>, %ef: tensor<64x5x5x16xf32>, %eb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<64x5x5x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// Strided FusedIB with blur anti-aliasing: the conv at stride 1, then blur.
// CHECK-LABEL: func.func @fused_ib_blur
// CHECK: linalg.conv_2d_nhwc_hwcf {{{.*}}strides = dense<1> : tensor<2xi64>} {{.*}} outs(%{{.*}} : tensor<1x9x9x32xf32>)
// CHECK: arith.minimumf
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<2> : tensor<2xi64>} {{.*}} outs(%{{.*}} : tensor<1x5x5x32xf32>)
// CHECK: outs(%{{.*}} : tensor<25x24x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK-NOT: mnv4.kernel = "add"
// CHECK: return
func.func @fused_ib_blur(%x: tensor<1x9x9x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) -> tensor<1x5x5x24xf32> {
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, act = #mnv4.act<relu6>, antialias = #mnv4.aa<blur>} : (tensor<1x9x9x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x5x5x24xf32>
  return %y : tensor<1x5x5x24xf32>
}

// Mobile MQA at full resolution, batch 1: 4 heads of key_dim 8, value_dim 4.
// The pre-norm, then Q (32 channels), K (8) and V (4) each projected once.
// Attention runs on score tiles: the heads' queries are the 64 rows of
// Q[(i, h), d]; K (scaled by key_dim^-0.5) and V become the panels of
// pointwise kernels, [M/nr][kd][nr] and [vd/nr][M][nr]; per tile of rows,
// scores, softmax and values (here one 64-row tile, 3 x 4 KiB of scratch).
// CHECK-LABEL: func.func @mqa_full_resolution
// CHECK: %[[XN:.*]] = linalg.generic {{.*}} ins(%arg0, %arg1, %arg2 : tensor<1x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>) {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK-COUNT-3: attrs = {mnv4.kernel = "pointwise"}
// CHECK: arith.constant 0.353553385 : f32
// CHECK: %[[KP:.*]] = linalg.transpose ins(%{{.*}} : tensor<1x16x8xf32>) outs(%{{.*}} : tensor<1x8x16xf32>) permutation = [0, 2, 1]
// CHECK: %[[VP:.*]] = linalg.transpose ins(%{{.*}} : tensor<16x1x4xf32>) outs(%{{.*}} : tensor<1x16x4xf32>) permutation = [1, 0, 2]
// CHECK: scf.for %[[R:.*]] = %{{.*}} to %c64 step %c64{{.*}} iter_args(%[[O:.*]] = %{{.*}}) -> (tensor<64x1x4xf32>)
// CHECK: %[[QT:.*]] = tensor.extract_slice %{{.*}}[%[[R]], 0] [64, 8] [1, 1] : tensor<64x8xf32> to tensor<64x8xf32>
// CHECK: linalg.generic {{.*}} ins(%[[QT]], %[[KP]] : tensor<64x8xf32>, tensor<1x8x16xf32>) outs(%{{.*}} : tensor<64x1x16xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK-COUNT-4: mnv4.kernel = "softmax"
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[VP]] : tensor<64x16xf32>, tensor<1x16x4xf32>) outs(%{{.*}} : tensor<64x1x4xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: tensor.insert_slice %{{.*}} into %[[O]][%[[R]], 0, 0] [64, 1, 4] [1, 1, 1]
// CHECK: } {mnv4.block_index = 0 : i64, mnv4.scratch_bytes = 12288 : i64}
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<16x16xf32>, tensor<24x16x1xf32>) outs(%{{.*}} : tensor<16x24x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK-NOT: mnv4.kernel = "pointwise"
// CHECK: %[[LS:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %arg7 : tensor<1x4x4x24xf32>, tensor<24xf32>) {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %[[LS]] : {{.*}}) {{.*}} attrs = {mnv4.kernel = "add"}
// CHECK: return %[[Y]]
func.func @mqa_full_resolution(%x: tensor<1x4x4x24xf32>, %ns: tensor<24xf32>, %nb: tensor<24xf32>, %q: tensor<32x1x1x24xf32>, %k: tensor<8x1x1x24xf32>, %v: tensor<4x1x1x24xf32>, %o: tensor<24x1x1x16xf32>, %ls: tensor<24xf32>) -> tensor<1x4x4x24xf32> {
  %0 = mnv4.mqa %x norm(%ns, %nb) query(%q) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 4 : i64, kv_stride = 1 : i64} : (tensor<1x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<32x1x1x24xf32>, tensor<8x1x1x24xf32>, tensor<4x1x1x24xf32>, tensor<24x1x1x16xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return %0 : tensor<1x4x4x24xf32>
}

// Mobile MQA at batch 2: 4 heads of key_dim 8, value_dim 4. The pre-norm,
// then Q (32 channels), K (8) and V (4) each projected once; the scores
// [N, heads, HW, M] as one contraction of Q with K transposed once.
// CHECK-LABEL: func.func @mqa_batch
// CHECK: %[[XN:.*]] = linalg.generic {{.*}} ins(%arg0, %arg1, %arg2 : tensor<2x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>) {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK-COUNT-3: attrs = {mnv4.kernel = "pointwise"}
// CHECK-NOT: mnv4.kernel = "pointwise"
// CHECK: %[[KT:.*]] = linalg.transpose ins(%{{.*}} : tensor<2x16x8xf32>) outs(%{{.*}} : tensor<2x8x16xf32>) permutation = [0, 2, 1]
// CHECK: %[[SCORES:.*]] = linalg.generic {indexing_maps = [#[[SCORE_Q]], #[[SCORE_K]], #[[SCORE_OUT]]], {{.*}} ins(%{{.*}}, %[[KT]] : tensor<2x16x4x8xf32>, tensor<2x8x16xf32>) outs(%{{.*}} : tensor<2x4x16x16xf32>) attrs = {mnv4.kernel = "attention_scores"}
// CHECK: arith.constant 0.353553385 : f32
// CHECK-COUNT-4: mnv4.kernel = "softmax"
// CHECK: linalg.generic {indexing_maps = [#[[SCORE_Q]], #[[SCORE_K]], #[[SCORE_OUT]]], {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x4x16x16xf32>, tensor<2x16x4xf32>) outs(%{{.*}} : tensor<2x16x4x4xf32>) attrs = {mnv4.kernel = "attention_values"}
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<32x16xf32>, tensor<24x16x1xf32>) outs(%{{.*}} : tensor<32x24x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK-NOT: mnv4.kernel = "pointwise"
// CHECK: %[[LS:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %arg7 : tensor<2x4x4x24xf32>, tensor<24xf32>) {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%arg0, %[[LS]] : {{.*}}) {{.*}} attrs = {mnv4.kernel = "add"}
// CHECK: return %[[Y]]
func.func @mqa_batch(%x: tensor<2x4x4x24xf32>, %ns: tensor<24xf32>, %nb: tensor<24xf32>, %q: tensor<32x1x1x24xf32>, %k: tensor<8x1x1x24xf32>, %v: tensor<4x1x1x24xf32>, %o: tensor<24x1x1x16xf32>, %ls: tensor<24xf32>) -> tensor<2x4x4x24xf32> {
  %0 = mnv4.mqa %x norm(%ns, %nb) query(%q) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 4 : i64, kv_stride = 1 : i64} : (tensor<2x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<32x1x1x24xf32>, tensor<8x1x1x24xf32>, tensor<4x1x1x24xf32>, tensor<24x1x1x16xf32>, tensor<24xf32>) -> tensor<2x4x4x24xf32>
  return %0 : tensor<2x4x4x24xf32>
}

// With kv_stride 2: K and V are downsampled by their strided dw convs and
// then projected once each, at the 4 kv positions of a 4x4 map; the score
// tile is [64, 4] (rows (i, h)).
// CHECK-LABEL: func.func @mqa_kv_stride
// CHECK: %[[XN:.*]] = linalg.generic {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK: %[[Q:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<16x24xf32>, tensor<32x24x1xf32>) outs(%{{.*}} : tensor<16x32x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: %[[KD:.*]] = linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %arg4 : tensor<1x6x6x24xf32>, tensor<3x3x24xf32>) outs(%{{.*}} : tensor<1x2x2x24xf32>)
// CHECK: %[[K:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x24xf32>, tensor<8x24x1xf32>) outs(%{{.*}} : tensor<4x8x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: %[[VD:.*]] = linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %arg6 : tensor<1x6x6x24xf32>, tensor<3x3x24xf32>) outs(%{{.*}} : tensor<1x2x2x24xf32>)
// CHECK: %[[V:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x24xf32>, tensor<4x24x1xf32>) outs(%{{.*}} : tensor<4x4x1xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: scf.for
// CHECK: ins(%{{.*}}, %{{.*}} : tensor<64x8xf32>, tensor<1x8x4xf32>) outs(%{{.*}} : tensor<64x1x4xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: ins(%{{.*}}, %{{.*}} : tensor<64x4xf32>, tensor<1x4x4xf32>) outs(%{{.*}} : tensor<64x1x4xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: scf.yield
// CHECK: mnv4.kernel = "pointwise"
// CHECK-NOT: mnv4.kernel = "pointwise"
// CHECK-NOT: mnv4.kernel = "scale"
// CHECK: mnv4.kernel = "add"
// CHECK: return
func.func @mqa_kv_stride(%x: tensor<1x4x4x24xf32>, %ns: tensor<24xf32>, %nb: tensor<24xf32>, %q: tensor<32x1x1x24xf32>, %kdf: tensor<3x3x24xf32>, %kdb: tensor<24xf32>, %vdf: tensor<3x3x24xf32>, %vdb: tensor<24xf32>, %k: tensor<8x1x1x24xf32>, %v: tensor<4x1x1x24xf32>, %o: tensor<24x1x1x16xf32>) -> tensor<1x4x4x24xf32> {
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) {num_heads = 4 : i64, kv_stride = 2 : i64} : (tensor<1x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<32x1x1x24xf32>, tensor<3x3x24xf32>, tensor<24xf32>, tensor<3x3x24xf32>, tensor<24xf32>, tensor<8x1x1x24xf32>, tensor<4x1x1x24xf32>, tensor<24x1x1x16xf32>) -> tensor<1x4x4x24xf32>
  return %y : tensor<1x4x4x24xf32>
}
