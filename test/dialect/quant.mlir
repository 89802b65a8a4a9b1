// Round trip of the int8 ops over quant dialect types: text, generic form and
// bytecode all print the same IR.
// RUN: mnv4-opt %s | FileCheck %s
// RUN: mnv4-opt %s | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --emit-bytecode | mnv4-opt | FileCheck %s

!act = !quant.uniform<i8:f32, 0.5:-3>
!act2 = !quant.uniform<i8:f32, 0.25:10>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>
!b = !quant.uniform<i32:f32:0, {0.0625, 0.03125}>
!dw = !quant.uniform<i8<-127:127>:f32:2, {0.125, 0.0625}>
!fcw = !quant.uniform<i8<-127:127>:f32, 0.125>
!fcb = !quant.uniform<i32:f32, 0.0625>
!prob = !quant.uniform<i8:f32, 0.00390625:-128>

// CHECK-LABEL: func.func @conv_chain
// CHECK: mnv4.quantize %{{.*}} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 5.000000e-01:-3>>
// CHECK: mnv4.qconst dense<{{.*}}> : tensor<2x3x3x2xi8> -> tensor<2x3x3x2x!quant.uniform<i8<-127:127>:f32:0, {1.250000e-01,6.250000e-02}>>
// CHECK: mnv4.qconv2d %{{.*}}, %{{.*}}, %{{.*}} {act = #mnv4.qact<relu6>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
// CHECK: mnv4.qdepthwise_conv2d
// CHECK: mnv4.qadd %{{.*}}, %{{.*}} {act = #mnv4.qact<relu>}
// CHECK: mnv4.qavg_pool2d %{{.*}} {kernel = 2 : i64, stride = 2 : i64}
// CHECK: mnv4.qmean
// CHECK: mnv4.qfully_connected
// CHECK: mnv4.qsoftmax
// CHECK: mnv4.dequantize %{{.*}} : tensor<1x2x!quant.uniform<i8:f32, 3.906250e-03:-128>> -> tensor<1x2xf32>
func.func @conv_chain(%x: tensor<1x4x4x2xf32>) -> tensor<1x2xf32> {
  %q = mnv4.quantize %x : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!act>
  %w = mnv4.qconst dense<[[[[1, -2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]], [[13, 14], [15, 16], [17, 18]]], [[[-127, 127], [0, 0], [1, 1]], [[2, 2], [3, 3], [4, 4]], [[5, 5], [6, 6], [7, 7]]]]> : tensor<2x3x3x2xi8> -> tensor<2x3x3x2x!w>
  %b = mnv4.qconst dense<[100, -100]> : tensor<2xi32> -> tensor<2x!b>
  %c = mnv4.qconv2d %q, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, act = #mnv4.qact<relu6>} : (tensor<1x4x4x2x!act>, tensor<2x3x3x2x!w>, tensor<2x!b>) -> tensor<1x4x4x2x!act2>
  %dwf = mnv4.qconst dense<1> : tensor<3x3x2xi8> -> tensor<3x3x2x!dw>
  %dwb = mnv4.qconst dense<0> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {0.03125, 0.015625}>>
  %d = mnv4.qdepthwise_conv2d %c, %dwf, %dwb {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x2x!act2>, tensor<3x3x2x!dw>, tensor<2x!quant.uniform<i32:f32:0, {0.03125, 0.015625}>>) -> tensor<1x4x4x2x!act2>
  %a = mnv4.qadd %c, %d {act = #mnv4.qact<relu>} : (tensor<1x4x4x2x!act2>, tensor<1x4x4x2x!act2>) -> tensor<1x4x4x2x!act>
  %p = mnv4.qavg_pool2d %a {kernel = 2 : i64, stride = 2 : i64} : tensor<1x4x4x2x!act> -> tensor<1x2x2x2x!act>
  %m = mnv4.qmean %p : tensor<1x2x2x2x!act> -> tensor<1x1x1x2x!act2>
  %fw = mnv4.qconst dense<3> : tensor<2x2xi8> -> tensor<2x2x!fcw>
  %fb = mnv4.qconst dense<7> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32, 0.03125>>
  %f = mnv4.qfully_connected %m, %fw, %fb : (tensor<1x1x1x2x!act2>, tensor<2x2x!fcw>, tensor<2x!quant.uniform<i32:f32, 0.03125>>) -> tensor<1x2x!act>
  %s = mnv4.qsoftmax %f : tensor<1x2x!act> -> tensor<1x2x!prob>
  %y = mnv4.dequantize %s : tensor<1x2x!prob> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// The attention ops of a hybrid model.
// CHECK-LABEL: func.func @attention
// CHECK: mnv4.qreshape
// CHECK: mnv4.qtranspose %{{.*}} {perm = array<i64: 0, 2, 1, 3>}
// CHECK: mnv4.qbatch_matmul
// CHECK: mnv4.qmul
// CHECK: mnv4.qlut <gelu>
// CHECK: mnv4.qlut <logistic>
// CHECK: mnv4.quantize %{{.*}} : tensor<1x2x4x4x!quant.uniform<i8:f32, 3.906250e-03:-128>> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 5.000000e-01:-3>>
func.func @attention(%x: tensor<1x2x2x8x!act>, %k: tensor<1x1x4x4x!act>, %g: tensor<4x!act2>) -> tensor<1x2x4x4x!act> {
  %r = mnv4.qreshape %x : tensor<1x2x2x8x!act> -> tensor<1x4x2x4x!act>
  %t = mnv4.qtranspose %r {perm = array<i64: 0, 2, 1, 3>} : tensor<1x4x2x4x!act> -> tensor<1x2x4x4x!act>
  %s = mnv4.qbatch_matmul %t, %k : (tensor<1x2x4x4x!act>, tensor<1x1x4x4x!act>) -> tensor<1x2x4x4x!act2>
  %m = mnv4.qmul %s, %g : (tensor<1x2x4x4x!act2>, tensor<4x!act2>) -> tensor<1x2x4x4x!act>
  %e = mnv4.qlut <gelu> %m : tensor<1x2x4x4x!act> -> tensor<1x2x4x4x!act2>
  %l = mnv4.qlut <logistic> %e : tensor<1x2x4x4x!act2> -> tensor<1x2x4x4x!prob>
  %y = mnv4.quantize %l : tensor<1x2x4x4x!prob> -> tensor<1x2x4x4x!act>
  return %y : tensor<1x2x4x4x!act>
}
