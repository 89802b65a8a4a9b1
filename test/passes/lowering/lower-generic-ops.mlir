// mnv4-lower-to-linalg on the generic ops the importer leaves in a graph it
// could not raise: mul with numpy broadcasting, batched matmul with
// broadcast batch dims, softmax, transpose, reshape and pad.
// RUN: mnv4-opt %s --mnv4-lower-to-linalg | FileCheck %s
// RUN: mnv4-opt %s --mnv4-lower-to-linalg | FileCheck %s --check-prefix=GONE
// GONE-NOT: = mnv4.

// rhs broadcast to lhs: a vector over C, a scalar, a [1,1,1,C] tensor.
// CHECK-DAG: #[[ID4:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[LASTDIM:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[SCALAR:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> ()>
// CHECK-DAG: #[[BCAST:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>
// Batch dims: lhs [2,1,3,4] x rhs [3,4,5] -> [2,3,3,5] (loops b0 b1 n m k).
// CHECK-DAG: #[[LHS:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[RHS:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[OUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[RHS0:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d4, d3)>
// CHECK-DAG: #[[Q:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[ROW:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>

// CHECK-LABEL: func.func @mul
// CHECK: %[[A:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[LASTDIM]], #[[ID4]]], {{.*}} ins(%arg0, %arg1 : tensor<1x4x4x8xf32>, tensor<8xf32>) {{.*}} attrs = {mnv4.kernel = "mul"}
// CHECK: arith.mulf
// CHECK: %[[B:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[SCALAR]], #[[ID4]]], {{.*}} ins(%[[A]], %arg2 : tensor<1x4x4x8xf32>, tensor<f32>)
// CHECK: arith.mulf
// CHECK: %[[C:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[BCAST]], #[[ID4]]], {{.*}} ins(%[[B]], %arg3 : tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>)
// CHECK: arith.mulf
// CHECK: return %[[C]]
func.func @mul(%x: tensor<1x4x4x8xf32>, %g: tensor<8xf32>, %s: tensor<f32>, %c: tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32> {
  %0 = mnv4.mul %x, %g : (tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %1 = mnv4.mul %0, %s : (tensor<1x4x4x8xf32>, tensor<f32>) -> tensor<1x4x4x8xf32>
  %2 = mnv4.mul %1, %c : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  return %2 : tensor<1x4x4x8xf32>
}

// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x3x5xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<2x1x3x4xf32>, tensor<3x4x5xf32>) outs(%[[Z]] : tensor<2x3x3x5xf32>) attrs = {mnv4.kernel = "matmul"}
// CHECK-NEXT: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[L]], %[[R]]
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[P]]
// CHECK-NEXT: linalg.yield %[[S]]
func.func @matmul_broadcast_batch(%a: tensor<2x1x3x4xf32>, %b: tensor<3x4x5xf32>) -> tensor<2x3x3x5xf32> {
  %y = mnv4.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x3x5xf32>
  return %y : tensor<2x3x3x5xf32>
}

// The unraised MQA attention: transpose, matmul, softmax, matmul.
// Softmax is max, exp(x - max), sum, divide over the last axis; the exp is
// arithmetic (2^n from the exponent bits), not a math.exp libm call.
// CHECK-LABEL: func.func @attention
// CHECK: %[[KT:.*]] = linalg.transpose ins(%arg1 : tensor<1x16x8xf32>) outs(%{{.*}} : tensor<1x8x16xf32>) permutation = [0, 2, 1]
// CHECK: %[[L:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[RHS0]], #[[OUT]]], {{.*}} ins(%arg0, %[[KT]] : tensor<1x4x64x8xf32>, tensor<1x8x16xf32>) outs(%{{.*}} : tensor<1x4x64x16xf32>) attrs = {mnv4.kernel = "matmul"}
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<1x4x64xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[ROW]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[L]] : tensor<1x4x64x16xf32>) outs(%[[MAXINIT]] : tensor<1x4x64xf32>) attrs = {mnv4.kernel = "softmax"}
// CHECK: arith.maximumf
// CHECK: %[[E:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[ROW]], #[[ID4]]], {{.*}} ins(%[[L]], %[[MAX]] : {{.*}}) {{.*}} attrs = {mnv4.kernel = "softmax"}
// CHECK: arith.subf
// CHECK-NOT: math.exp
// CHECK: arith.shli %{{.*}} : i32
// CHECK: arith.bitcast %{{.*}} : i32 to f32
// CHECK: arith.select
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[E]] : tensor<1x4x64x16xf32>) outs(%{{.*}} : tensor<1x4x64xf32>) attrs = {mnv4.kernel = "softmax"}
// CHECK: arith.addf
// CHECK: %[[A:.*]] = linalg.generic {{.*}} ins(%[[E]], %[[SUM]] : {{.*}}) {{.*}} attrs = {mnv4.kernel = "softmax"}
// CHECK: arith.divf
// CHECK: %[[O:.*]] = linalg.generic {{.*}} ins(%[[A]], %arg2 : tensor<1x4x64x16xf32>, tensor<1x16x8xf32>) outs(%{{.*}} : tensor<1x4x64x8xf32>) attrs = {mnv4.kernel = "matmul"}
// CHECK: return %[[O]]
func.func @attention(%q: tensor<1x4x64x8xf32>, %k: tensor<1x16x8xf32>, %v: tensor<1x16x8xf32>) -> tensor<1x4x64x8xf32> {
  %kt = mnv4.transpose %k {perm = array<i64: 0, 2, 1>} : tensor<1x16x8xf32> -> tensor<1x8x16xf32>
  %l = mnv4.matmul %q, %kt : (tensor<1x4x64x8xf32>, tensor<1x8x16xf32>) -> tensor<1x4x64x16xf32>
  %a = mnv4.softmax %l : tensor<1x4x64x16xf32>
  %o = mnv4.matmul %a, %v : (tensor<1x4x64x16xf32>, tensor<1x16x8xf32>) -> tensor<1x4x64x8xf32>
  return %o : tensor<1x4x64x8xf32>
}

// CHECK-LABEL: func.func @transpose_nchw
// CHECK: linalg.transpose ins(%arg0 : tensor<1x3x5x7xf32>) outs(%{{.*}} : tensor<1x5x7x3xf32>) permutation = [0, 2, 3, 1]
func.func @transpose_nchw(%x: tensor<1x3x5x7xf32>) -> tensor<1x5x7x3xf32> {
  %y = mnv4.transpose %x {perm = array<i64: 0, 2, 3, 1>} : tensor<1x3x5x7xf32> -> tensor<1x5x7x3xf32>
  return %y : tensor<1x5x7x3xf32>
}

// Reshape: collapse to 1-D, expand to the result; a reshape to the same
// shape is nothing. Pad: tensor.pad of H and W by [top, left, bottom, right].
// CHECK-LABEL: func.func @reshape_pad
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2, 3]] : tensor<1x8x8x32xf32> into tensor<2048xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2, 3]] output_shape [1, 64, 4, 8] : tensor<2048xf32> into tensor<1x64x4x8xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %arg0 low[0, 0, 1, 0] high[0, 2, 3, 0]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x8x8x32xf32> to tensor<1x10x12x32xf32>
// CHECK: return %[[R]], %[[P]], %arg0
func.func @reshape_pad(%x: tensor<1x8x8x32xf32>) -> (tensor<1x64x4x8xf32>, tensor<1x10x12x32xf32>, tensor<1x8x8x32xf32>) {
  %0 = mnv4.reshape %x : tensor<1x8x8x32xf32> -> tensor<1x64x4x8xf32>
  %1 = mnv4.pad %x {pad = array<i64: 0, 1, 2, 3>} : tensor<1x8x8x32xf32> -> tensor<1x10x12x32xf32>
  %2 = mnv4.reshape %x : tensor<1x8x8x32xf32> -> tensor<1x8x8x32xf32>
  return %0, %1, %2 : tensor<1x64x4x8xf32>, tensor<1x10x12x32xf32>, tensor<1x8x8x32xf32>
}
