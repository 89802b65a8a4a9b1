// mnv4-lower-quant-to-linalg: int8 ops -> linalg on i8/i32 tensors. The input
// zero point is folded into the bias at compile time (bias - z_in * sum(w))
// and the padding reads it; the requantization is the `activation` epilogue
// (per-channel Q31 multipliers and shifts from QuantizeMultiplier).
// RUN: mnv4-opt %s --split-input-file --mnv4-lower-quant-to-linalg | FileCheck %s
// RUN: mnv4-opt %s --split-input-file --mnv4-lower-quant-to-linalg=srdhm-division=1 | FileCheck %s --check-prefix=DIVISION

// conv 3x3, z_in = -3: channel 0 sums 9 ones, channel 1 nine twos, so the
// folded bias is 10 + 3 * 9 = 37 and 20 + 3 * 18 = 74. Multipliers
// 0.5 * 0.125 / 0.25 = 2^30 x 2^-31 x 2^-1 and 0.5 * 0.0625 / 0.25 = ... 2^-2.
// CHECK-LABEL: func.func @conv
// CHECK: %[[Q:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x4x4x1xi8>) attrs = {mnv4.kernel = "map"}
// CHECK:   arith.divf
// CHECK:   arith.fptosi
// CHECK: %[[P:.*]] = tensor.pad %[[Q]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:   tensor.yield %c-3_i8{{[_0-9]*}} : i8
// CHECK: arith.constant dense<[37, 74]> : tensor<2xi32>
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} attrs = {mnv4.kernel = "bias"}
// CHECK: %[[ACC:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}}mnv4.kernel = "conv"{{.*}} ins(%[[P]], %{{.*}} : tensor<1x6x6x1xi8>, tensor<3x3x1x2xi8>) outs(%[[INIT]] : tensor<1x4x4x2xi32>)
// CHECK-DAG: arith.constant dense<1073741824> : tensor<2xi32>
// CHECK-DAG: arith.constant dense<0> : tensor<2xi32>
// CHECK-DAG: arith.constant dense<[1, 2]> : tensor<2xi32>
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], {{.*}} outs(%{{.*}} : tensor<1x4x4x2xi8>) attrs = {mnv4.kernel = "activation"}
// CHECK:   arith.muli %{{.*}}, %{{.*}} : i64
// SaturatingRoundingDoublingHighMul's nudge and division: (p + 2^30) >> 31.
// CHECK-NOT: arith.divsi
// CHECK:   arith.addi %{{.*}}, %c1073741824_i64{{[_0-9]*}} : i64
// CHECK:   arith.shrui %{{.*}}, %c31_i64{{[_0-9]*}} : i64
// srdhm-division (Hexagon): TFLite's nudge select and truncating division.
// DIVISION-LABEL: func.func @conv
// DIVISION:   arith.select %{{.*}}, %c1073741824_i64{{[_0-9]*}}, %c-1073741823_i64
// DIVISION:   arith.divsi %{{.*}}, %c2147483648_i64{{[_0-9]*}} : i64
// relu: the clamp's low end is the output zero point 5.
// CHECK:   arith.maxsi %{{.*}}, %c5_i32{{[_0-9]*}} : i32
// CHECK:   arith.minsi %{{.*}}, %c127_i32{{[_0-9]*}} : i32
// CHECK:   arith.trunci %{{.*}} : i32 to i8
// dequantize: s * (float)(q - z) in float32, no double (docs/int8-codegen.md).
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK-NEXT: arith.constant 2.500000e-01 : f32
// CHECK-NEXT: arith.mulf %{{.*}}, %{{.*}} : f32
!in = !quant.uniform<i8:f32, 0.5:-3>
!out = !quant.uniform<i8:f32, 0.25:5>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>
!b = !quant.uniform<i32:f32:0, {0.0625, 0.03125}>
func.func @conv(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32> {
  %q = mnv4.quantize %x : tensor<1x4x4x1xf32> -> tensor<1x4x4x1x!in>
  %w = mnv4.qconst dense<[[[[1], [1], [1]], [[1], [1], [1]], [[1], [1], [1]]], [[[2], [2], [2]], [[2], [2], [2]], [[2], [2], [2]]]]> : tensor<2x3x3x1xi8> -> tensor<2x3x3x1x!w>
  %b = mnv4.qconst dense<[10, 20]> : tensor<2xi32> -> tensor<2x!b>
  %c = mnv4.qconv2d %q, %w, %b {act = #mnv4.qact<relu>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x4x1x!in>, tensor<2x3x3x1x!w>, tensor<2x!b>) -> tensor<1x4x4x2x!out>
  %y = mnv4.dequantize %c : tensor<1x4x4x2x!out> -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// A 1x1 conv as a matmul on [Co/nr][Ci][nr] panels (nr = 2): bias
// 100 + 3 * (1 + 2 + 3) = 118 and -100 + 3 * (-4 + 5 - 6) = -115. FC with
// z_in = 5: 7 - 5 * 3 = -8 and 8 - 5 * 7 = -27. Softmax: compile-time exp
// tables, one row pass each for the maximum and the sum.
// CHECK-LABEL: func.func @pointwise
// CHECK: arith.constant dense<{{\[}}[118, -115]]> : tensor<1x2xi32>
// CHECK: arith.constant dense<{{\[}}[
// CHECK-SAME: [1, -4], [2, 5], [3, -6]]]> : tensor<1x3x2xi8>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x3xi8>, tensor<1x3x2xi8>) outs(%{{.*}} : tensor<4x1x2xi32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK:   arith.extsi %{{.*}} : i8 to i32
// CHECK:   arith.extsi %{{.*}} : i8 to i32
// CHECK:   arith.muli
// CHECK:   arith.addi
// CHECK: mnv4.kernel = "activation"
// CHECK: mnv4.kernel = "add"
// qadd: TFLite's left shift of 20.
// CHECK:   arith.constant 1048576 : i32
// relu6 at scale 0.25, zero point 5: [5, 29].
// CHECK:   arith.maxsi %{{.*}}, %c5_i32
// CHECK:   arith.minsi %{{.*}}, %c29_i32
// CHECK: mnv4.kernel = "pool"
// CHECK: arith.constant dense<{{\[}}[-8, -27]]> : tensor<1x2xi32>
// CHECK: mnv4.kernel = "pointwise"
// CHECK: arith.constant dense_resource<qexp> : tensor<256xi32>
// CHECK: arith.constant dense_resource<qexp_summand> : tensor<256xi32>
// CHECK-COUNT-4: mnv4.kernel = "softmax"
!in = !quant.uniform<i8:f32, 0.5:-3>
!out = !quant.uniform<i8:f32, 0.25:5>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.125, 0.125}>
!b = !quant.uniform<i32:f32:0, {0.0625, 0.0625}>
!fcw = !quant.uniform<i8<-127:127>:f32, 0.125>
!fcb = !quant.uniform<i32:f32, 0.03125>
!sm = !quant.uniform<i8:f32, 0.00390625:-128>
func.func @pointwise(%x: tensor<1x2x2x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2xf32>, tensor<1x2x2x2xf32>) {
  %q = mnv4.quantize %x : tensor<1x2x2x3xf32> -> tensor<1x2x2x3x!in>
  %w = mnv4.qconst dense<[[[[1, 2, 3]]], [[[-4, 5, -6]]]]> : tensor<2x1x1x3xi8> -> tensor<2x1x1x3x!w>
  %b = mnv4.qconst dense<[100, -100]> : tensor<2xi32> -> tensor<2x!b>
  %c = mnv4.qconv2d %q, %w, %b {pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x3x!in>, tensor<2x1x1x3x!w>, tensor<2x!b>) -> tensor<1x2x2x2x!out>
  %a = mnv4.qadd %c, %c {act = #mnv4.qact<relu6>} : (tensor<1x2x2x2x!out>, tensor<1x2x2x2x!out>) -> tensor<1x2x2x2x!out>
  %m = mnv4.qmean %a : tensor<1x2x2x2x!out> -> tensor<1x1x1x2x!out>
  %fw = mnv4.qconst dense<[[1, 2], [3, 4]]> : tensor<2x2xi8> -> tensor<2x2x!fcw>
  %fb = mnv4.qconst dense<[7, 8]> : tensor<2xi32> -> tensor<2x!fcb>
  %f = mnv4.qfully_connected %m, %fw, %fb : (tensor<1x1x1x2x!out>, tensor<2x2x!fcw>, tensor<2x!fcb>) -> tensor<1x2x!out>
  %s = mnv4.qsoftmax %c : tensor<1x2x2x2x!out> -> tensor<1x2x2x2x!sm>
  %y = mnv4.dequantize %a : tensor<1x2x2x2x!out> -> tensor<1x2x2x2xf32>
  %z = mnv4.dequantize %f : tensor<1x2x!out> -> tensor<1x2xf32>
  %t = mnv4.dequantize %s : tensor<1x2x2x2x!sm> -> tensor<1x2x2x2xf32>
  return %y, %z, %t : tensor<1x2x2x2xf32>, tensor<1x2xf32>, tensor<1x2x2x2xf32>
}
