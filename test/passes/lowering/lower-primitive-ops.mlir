// mnv4-lower-to-linalg on the primitive ops: convolutions (1x1 ones as a
// matmul on weights packed into [Co/nr][Ci][nr] panels), depthwise, the
// classifier, batch norm, pools, activations and add. No mnv4 op survives.
// RUN: mnv4-opt %s --mnv4-lower-to-linalg=panel-width=2 --mlir-elide-resource-strings-if-larger=16 | FileCheck %s
// RUN: mnv4-opt %s --mnv4-lower-to-linalg --mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=NR16
// RUN: mnv4-opt %s --mnv4-lower-to-linalg | FileCheck %s --check-prefix=GONE
// GONE-NOT: = mnv4.

// A 1x1 stride-1 conv: w[co][ci] = 3 co + ci, packed with nr = 2 into
// p[cb][ci][j] = w[2 cb + j][ci]; the matmul reads [M, Ci] x [Co/nr, Ci, nr].
// CHECK-LABEL: func.func @pointwise_packed
// CHECK: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2], [3]] : tensor<1x2x2x3xf32> into tensor<4x3xf32>
// CHECK: %[[P:.*]] = arith.constant dense<{{\[\[\[}}0.000000e+00, 3.000000e+00], [1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00]], {{\[\[}}6.000000e+00, 9.000000e+00], [7.000000e+00, 1.000000e+01], [8.000000e+00, 1.100000e+01]]]> : tensor<2x3x2xf32>
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x2x2xf32>)
// CHECK: %[[MM:.*]] = linalg.generic {{{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[P]] : tensor<4x3xf32>, tensor<2x3x2xf32>) outs(%[[Z]] : tensor<4x2x2xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[MM]] {{\[\[}}0], [1, 2]] : tensor<4x2x2xf32> into tensor<4x4xf32>
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[C]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 2, 2, 4]
// CHECK: return %[[Y]] : tensor<1x2x2x4xf32>
func.func @pointwise_packed(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x2x4xf32> {
  %w = mnv4.const dense<[[[[0.0, 1.0, 2.0]]], [[[3.0, 4.0, 5.0]]], [[[6.0, 7.0, 8.0]]], [[[9.0, 10.0, 11.0]]]]> : tensor<4x1x1x3xf32>
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x2x2x3xf32>, tensor<4x1x1x3xf32>) -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}

// The panel width is the largest power of two <= panel-width dividing Co:
// 48 output channels in panels of 16, the bias read as [Co/nr, nr].
// NR16-LABEL: func.func @pointwise_bias_relu
// NR16: arith.constant dense_resource<packed_1x1{{[_0-9]*}}> : tensor<3x8x16xf32>
// NR16: tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [3, 16] : tensor<48xf32> into tensor<3x16xf32>
// NR16: linalg.generic {{.*}} outs(%{{.*}} : tensor<64x3x16xf32>) attrs = {mnv4.kernel = "bias"}
// NR16: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<64x8xf32>, tensor<3x8x16xf32>) outs(%{{.*}} : tensor<64x3x16xf32>) attrs = {mnv4.kernel = "pointwise"}
// NR16: linalg.generic {{.*}} attrs = {mnv4.kernel = "activation"}
// NR16-NEXT: ^bb0
// NR16-NEXT: arith.constant 0.000000e+00
// NR16-NEXT: arith.maximumf
// NR16-NEXT: linalg.yield
// NR16: return {{.*}} : tensor<1x8x8x48xf32>
func.func @pointwise_bias_relu(%x: tensor<1x8x8x8xf32>, %b: tensor<48xf32>) -> tensor<1x8x8x48xf32> {
  %w = mnv4.const dense<0.5> : tensor<48x1x1x8xf32>
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<relu>} : (tensor<1x8x8x8xf32>, tensor<48x1x1x8xf32>, tensor<48xf32>) -> tensor<1x8x8x48xf32>
  return %y : tensor<1x8x8x48xf32>
}

// A strided 1x1 conv is not a matmul: it stays a convolution.
// CHECK-LABEL: func.func @pointwise_strided
// CHECK-NOT: mnv4.kernel = "pointwise"
// CHECK: linalg.conv_2d_nhwc_hwcf {{{.*}}mnv4.kernel = "conv", strides = dense<2> : tensor<2xi64>}
func.func @pointwise_strided(%x: tensor<1x4x4x8xf32>, %w: tensor<8x1x1x8xf32>) -> tensor<1x2x2x8xf32> {
  %y = mnv4.conv2d %x, %w {strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>) -> tensor<1x2x2x8xf32>
  return %y : tensor<1x2x2x8xf32>
}

// A full conv: zero padding, the bias as the init, relu6 after. A filter
// that is not a constant is transposed OHWI -> HWCF in the IR.
// CHECK-LABEL: func.func @stem
// CHECK: %[[XP:.*]] = tensor.pad %arg0 low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: } : tensor<1x8x8x3xf32> to tensor<1x10x10x3xf32>
// CHECK: %[[B:.*]] = linalg.generic {{.*}} ins(%arg2 : tensor<16xf32>) outs(%{{.*}} : tensor<1x4x4x16xf32>) attrs = {mnv4.kernel = "bias"}
// CHECK: %[[F:.*]] = linalg.transpose ins(%arg1 : tensor<16x3x3x3xf32>) outs(%{{.*}} : tensor<3x3x3x16xf32>) permutation = [1, 2, 3, 0]
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, mnv4.kernel = "conv", strides = dense<2> : tensor<2xi64>} ins(%[[XP]], %[[F]] : tensor<1x10x10x3xf32>, tensor<3x3x3x16xf32>) outs(%[[B]] : tensor<1x4x4x16xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x4x4x16xf32>) {{.*}} attrs = {mnv4.kernel = "activation"}
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.constant 0.000000e+00
// CHECK-NEXT: arith.maximumf
// CHECK-NEXT: arith.constant 6.000000e+00
// CHECK-NEXT: arith.minimumf
func.func @stem(%x: tensor<1x8x8x3xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x4x4x16xf32> {
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>, act = #mnv4.act<relu6>} : (tensor<1x8x8x3xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// Asymmetric padding and strides per axis.
// CHECK-LABEL: func.func @conv_no_bias
// CHECK: tensor.pad %arg0 low[0, 0, 1, 0] high[0, 2, 0, 0]
// CHECK: linalg.fill
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, mnv4.kernel = "conv", strides = dense<[1, 2]> : tensor<2xi64>} {{.*}} -> tensor<2x7x5x5xf32>
// CHECK-NOT: mnv4.kernel = "activation"
// CHECK: return
func.func @conv_no_bias(%x: tensor<2x7x9x4xf32>, %w: tensor<5x3x2x4xf32>) -> tensor<2x7x5x5xf32> {
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 2>, pad = array<i64: 0, 1, 2, 0>} : (tensor<2x7x9x4xf32>, tensor<5x3x2x4xf32>) -> tensor<2x7x5x5xf32>
  return %y : tensor<2x7x5x5xf32>
}

// A constant filter is permuted OHWI -> HWCF at compile time:
// w[o][0][j][c] = 4 o + 2 j + c becomes p[0][j][c][o].
// CHECK-LABEL: func.func @conv_constant_filter
// CHECK: %[[F:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00, 4.000000e+00], [1.000000e+00, 5.000000e+00]], {{\[\[}}2.000000e+00, 6.000000e+00], [3.000000e+00, 7.000000e+00]]]]> : tensor<1x2x2x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%arg0, %[[F]] : tensor<1x3x3x2xf32>, tensor<1x2x2x2xf32>) outs(%{{.*}} : tensor<1x3x2x2xf32>)
func.func @conv_constant_filter(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x2x2xf32> {
  %w = mnv4.const dense<[[[[0.0, 1.0], [2.0, 3.0]]], [[[4.0, 5.0], [6.0, 7.0]]]]> : tensor<2x1x2x2xf32>
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x3x3x2xf32>, tensor<2x1x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// Depthwise with hardswish: x * clamp(x + 3, 0, 6) / 6.
// CHECK-LABEL: func.func @depthwise
// CHECK: tensor.pad %arg0 low[0, 2, 2, 0] high[0, 2, 2, 0]
// CHECK: linalg.generic {{.*}} ins(%arg2 : tensor<16xf32>) {{.*}} attrs = {mnv4.kernel = "bias"}
// CHECK: %[[DW:.*]] = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, mnv4.kernel = "depthwise", strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %arg1 : tensor<1x12x12x16xf32>, tensor<5x5x16xf32>) outs(%{{.*}} : tensor<1x4x4x16xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[DW]] : {{.*}}) {{.*}} attrs = {mnv4.kernel = "activation"}
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[THREE:.*]] = arith.constant 3.000000e+00
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[IN]], %[[THREE]]
// CHECK-NEXT: arith.constant 0.000000e+00
// CHECK-NEXT: %[[LO:.*]] = arith.maximumf %[[S]]
// CHECK-NEXT: arith.constant 6.000000e+00
// CHECK-NEXT: %[[CL:.*]] = arith.minimumf %[[LO]]
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[IN]], %[[CL]]
// CHECK-NEXT: %[[SIX:.*]] = arith.constant 6.000000e+00
// CHECK-NEXT: arith.divf %[[M]], %[[SIX]]
func.func @depthwise(%x: tensor<1x8x8x16xf32>, %w: tensor<5x5x16xf32>, %b: tensor<16xf32>) -> tensor<1x4x4x16xf32> {
  %y = mnv4.depthwise_conv2d %x, %w, %b {strides = array<i64: 2, 2>, pad = array<i64: 2, 2, 2, 2>, act = #mnv4.act<hardswish>} : (tensor<1x8x8x16xf32>, tensor<5x5x16xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// The classifier: [1,1,1,Ci] flattened to [1,Ci], then the packed matmul.
// CHECK-LABEL: func.func @fully_connected
// CHECK: %[[F:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [1, 64] : tensor<64xf32> into tensor<1x64xf32>
// CHECK: %[[W:.*]] = arith.constant dense_resource<packed_1x1{{[_0-9]*}}> : tensor<16x64x2xf32>
// CHECK: %[[MM:.*]] = linalg.generic {{.*}} ins(%[[F]], %[[W]] : tensor<1x64xf32>, tensor<16x64x2xf32>) outs(%{{.*}} : tensor<1x16x2xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: %[[Y:.*]] = tensor.collapse_shape %[[MM]] {{\[\[}}0], [1, 2]] : tensor<1x16x2xf32> into tensor<1x32xf32>
// CHECK: return %[[Y]]
func.func @fully_connected(%x: tensor<1x1x1x64xf32>, %b: tensor<32xf32>) -> tensor<1x32xf32> {
  %w = mnv4.const dense<0.5> : tensor<32x64xf32>
  %y = mnv4.fully_connected %x, %w, %b : (tensor<1x1x1x64xf32>, tensor<32x64xf32>, tensor<32xf32>) -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// Weights that are not constants are read in place (panels of 1).
// CHECK-LABEL: func.func @pointwise_runtime_weight
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2]] output_shape [16, 8, 1] : tensor<16x8xf32> into tensor<16x8x1xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<16x8xf32>, tensor<16x8x1xf32>) outs(%{{.*}} : tensor<16x16x1xf32>) attrs = {mnv4.kernel = "pointwise"}
func.func @pointwise_runtime_weight(%x: tensor<1x4x4x8xf32>, %w: tensor<16x1x1x8xf32>) -> tensor<1x4x4x16xf32> {
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x8xf32>, tensor<16x1x1x8xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// Batch norm folded to x * scale[c] + shift[c].
// CHECK-LABEL: func.func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#[[ID4:map[0-9]*]], #[[LAST:map[0-9]*]], #[[LAST]], #[[ID4]]], {{.*}} ins(%arg0, %arg1, %arg2 : tensor<1x4x4x8xf32>, tensor<8xf32>, tensor<8xf32>) {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[X]], %[[S]]
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[M]], %[[B]]
// CHECK-NEXT: linalg.yield %[[R]]
func.func @batch_norm(%x: tensor<1x4x4x8xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  %y = mnv4.batch_norm %x, %s, %b : (tensor<1x4x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// Global average pool: a sum over H and W, then * 1/49.
// CHECK-LABEL: func.func @global_avg_pool
// CHECK: %[[SUM:.*]] = linalg.generic {{{.*}}iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%arg0 : tensor<1x7x7x8xf32>) outs(%{{.*}} : tensor<1x8xf32>) attrs = {mnv4.kernel = "pool"}
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x8xf32>) {{.*}} attrs = {mnv4.kernel = "scale"}
// CHECK: arith.constant 0.0204081628 : f32
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] output_shape [1, 1, 1, 8] : tensor<1x8xf32> into tensor<1x1x1x8xf32>
func.func @global_avg_pool(%x: tensor<1x7x7x8xf32>) -> tensor<1x1x1x8xf32> {
  %y = mnv4.global_avg_pool %x : tensor<1x7x7x8xf32> -> tensor<1x1x1x8xf32>
  return %y : tensor<1x1x1x8xf32>
}

// Floor-mode average pool: a window sum, then * 1/k^2.
// CHECK-LABEL: func.func @avg_pool
// CHECK: %[[SUM:.*]] = linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, mnv4.kernel = "pool", strides = dense<2> : tensor<2xi64>} ins(%arg0, %{{.*}} : tensor<1x7x7x8xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<1x3x3x8xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x3x3x8xf32>)
// CHECK: arith.constant 2.500000e-01 : f32
func.func @avg_pool(%x: tensor<1x7x7x8xf32>) -> tensor<1x3x3x8xf32> {
  %y = mnv4.avg_pool2d %x {kernel = 2 : i64, stride = 2 : i64} : tensor<1x7x7x8xf32> -> tensor<1x3x3x8xf32>
  return %y : tensor<1x3x3x8xf32>
}

// BlurPool: a stride-2 depthwise conv with the binomial [1,2,1]^2/16 filter.
// CHECK-LABEL: func.func @blur_pool
// CHECK: %[[F:.*]] = arith.constant dense<{{\[\[\[}}6.250000e-02], [1.250000e-01], [6.250000e-02]], {{\[\[}}1.250000e-01], [2.500000e-01], [1.250000e-01]], {{\[\[}}6.250000e-02], [1.250000e-01], [6.250000e-02]]]> : tensor<3x3x1xf32>
// CHECK: tensor.pad %arg0 low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{{.*}}strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %[[F]] : tensor<1x9x9x1xf32>, tensor<3x3x1xf32>) outs(%{{.*}} : tensor<1x4x4x1xf32>)
func.func @blur_pool(%x: tensor<1x7x7x1xf32>) -> tensor<1x4x4x1xf32> {
  %y = mnv4.blur_pool %x : tensor<1x7x7x1xf32> -> tensor<1x4x4x1xf32>
  return %y : tensor<1x4x4x1xf32>
}

// Activation kinds (none is the identity, no kernel) and add.
// CHECK-LABEL: func.func @activations_add
// CHECK: %[[GELU:.*]] = linalg.generic {{.*}} ins(%arg0 : {{.*}}) {{.*}} attrs = {mnv4.kernel = "activation"}
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[R2:.*]] = arith.constant 0.707106769 : f32
// CHECK-NEXT: %[[S:.*]] = arith.mulf %[[IN]], %[[R2]]
// CHECK-NEXT: %[[E:.*]] = math.erf %[[S]]
// CHECK-NEXT: arith.constant 1.000000e+00
// CHECK-NEXT: %[[E1:.*]] = arith.addf %[[E]]
// CHECK-NEXT: arith.constant 5.000000e-01
// CHECK-NEXT: %[[H:.*]] = arith.mulf %[[IN]]
// CHECK-NEXT: arith.mulf %[[H]], %[[E1]]
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[GELU]] : {{.*}}) {{.*}} attrs = {mnv4.kernel = "activation"}
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[RELU]], %arg0 : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {{.*}} attrs = {mnv4.kernel = "add"}
// CHECK: arith.addf
// CHECK: return %[[SUM]]
func.func @activations_add(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %0 = mnv4.activation <gelu> %x : tensor<1x4x4x8xf32>
  %1 = mnv4.activation <none> %0 : tensor<1x4x4x8xf32>
  %2 = mnv4.activation <relu> %1 : tensor<1x4x4x8xf32>
  %3 = mnv4.add %2, %x : tensor<1x4x4x8xf32>
  return %3 : tensor<1x4x4x8xf32>
}
