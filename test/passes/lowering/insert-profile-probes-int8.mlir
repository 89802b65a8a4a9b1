// mnv4-insert-profile-probes on int8 IR: the ops mnv4-decompose-blocks made
// of one block record it in their locations (mnv4::blockPartLoc), and the
// probes bracket them as one block; mnv4.qconst is no block; an op without a
// recorded block is a block of its own, joined by the next ones of the same
// name (a conv and the activation split out of it).
// RUN: mnv4-opt %s --mnv4-insert-profile-probes | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK: %[[M0:.*]] = arith.constant 0 : i32
// CHECK-NEXT: call @mnv4_profile_mark(%[[M0]])
// CHECK-NEXT: mnv4.quantize
// CHECK-NEXT: arith.constant 1 : i32
// CHECK-NEXT: call @mnv4_profile_mark
// CHECK-NEXT: mnv4.qconst
// CHECK-NEXT: mnv4.qconst
// CHECK-NEXT: mnv4.qdepthwise_conv2d
// CHECK-NEXT: mnv4.qlut
// CHECK-NEXT: arith.constant 2 : i32
// CHECK-NEXT: call @mnv4_profile_mark
// CHECK-NEXT: mnv4.qmul
// CHECK-NEXT: mnv4.qconst
// CHECK-NEXT: mnv4.qdepthwise_conv2d
// CHECK-NEXT: mnv4.qadd
// CHECK-NEXT: arith.constant 3 : i32
// CHECK-NEXT: call @mnv4_profile_mark
// CHECK-NEXT: mnv4.qadd
// CHECK-NEXT: arith.constant 4 : i32
// CHECK-NEXT: call @mnv4_profile_mark
// CHECK-NEXT: mnv4.dequantize
// CHECK-NEXT: arith.constant 5 : i32
// CHECK-NEXT: call @mnv4_profile_mark
// CHECK-NEXT: return
!a = !quant.uniform<i8:f32, 0.0625:5>
!w = !quant.uniform<i8<-127:127>:f32:2, {0.5, 0.25}>
!b = !quant.uniform<i32:f32:0, {0.03125, 0.015625}>
#blk = loc("blocks.1.0")
#part = loc(fused<{mnv4.block_kind = "uib"}>[#blk])
func.func @main(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %q = mnv4.quantize %x : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!a>
  %w = mnv4.qconst dense<[[[1, -2]]]> : tensor<1x1x2xi8> -> tensor<1x1x2x!w> loc("stem")
  %bias = mnv4.qconst dense<[3, -4]> : tensor<2xi32> -> tensor<2x!b> loc("stem")
  %c = mnv4.qdepthwise_conv2d %q, %w, %bias {pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2x!a>, tensor<1x1x2x!w>, tensor<2x!b>) -> tensor<1x2x2x2x!a> loc("stem")
  %g = mnv4.qlut <gelu> %c : tensor<1x2x2x2x!a> -> tensor<1x2x2x2x!a> loc("stem")
  %sm = mnv4.qmul %g, %g : (tensor<1x2x2x2x!a>, tensor<1x2x2x2x!a>) -> tensor<1x2x2x2x!a> loc("blocks.1.0.mul"(#part))
  %w2 = mnv4.qconst dense<[[[1, 2]]]> : tensor<1x1x2xi8> -> tensor<1x1x2x!w> loc("blocks.1.0.dw"(#part))
  %d = mnv4.qdepthwise_conv2d %sm, %w2, %bias {pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2x!a>, tensor<1x1x2x!w>, tensor<2x!b>) -> tensor<1x2x2x2x!a> loc("blocks.1.0.dw"(#part))
  %r = mnv4.qadd %g, %d : (tensor<1x2x2x2x!a>, tensor<1x2x2x2x!a>) -> tensor<1x2x2x2x!a> loc("blocks.1.0.add"(#part))
  %r2 = mnv4.qadd %r, %r : (tensor<1x2x2x2x!a>, tensor<1x2x2x2x!a>) -> tensor<1x2x2x2x!a> loc("blocks.1.0")
  %y = mnv4.dequantize %r2 : tensor<1x2x2x2x!a> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
