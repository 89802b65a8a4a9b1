// Every verifier error of the generic tensor ops.
// RUN: mnv4-opt %s -split-input-file -verify-diagnostics

func.func @mul_not_broadcastable(%a: tensor<1x4x4x8xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'mnv4.mul' op rhs [4] does not broadcast to lhs [1, 4, 4, 8]}}
  %y = mnv4.mul %a, %b : (tensor<1x4x4x8xf32>, tensor<4xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

// The result has the shape of lhs, so rhs may not widen it.
func.func @mul_widens_lhs(%a: tensor<1x1x1x8xf32>, %b: tensor<1x4x4x8xf32>) {
  // expected-error @+1 {{'mnv4.mul' op rhs [1, 4, 4, 8] does not broadcast to lhs [1, 1, 1, 8]}}
  %y = mnv4.mul %a, %b : (tensor<1x1x1x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @mul_result(%a: tensor<1x4x4x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'mnv4.mul' op result must have shape [1, 4, 4, 8], got [4, 4, 8]}}
  %y = mnv4.mul %a, %b : (tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<4x4x8xf32>
  return
}

// -----

func.func @mul_dynamic(%a: tensor<?x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'mnv4.mul' op lhs must have a static shape, got 'tensor<?x8xf32>'}}
  %y = mnv4.mul %a, %b : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{'mnv4.matmul' op operands must have rank >= 2, got lhs [8] and rhs [8, 4]}}
  %y = mnv4.matmul %a, %b : (tensor<8xf32>, tensor<8x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'mnv4.matmul' op contraction sizes differ: lhs [2, 3], rhs [4, 5]}}
  %y = mnv4.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x4x8x16xf32>, %b: tensor<3x16x5xf32>) {
  // expected-error @+1 {{'mnv4.matmul' op batch dims of [2, 4, 8, 16] and [3, 16, 5] do not broadcast}}
  %y = mnv4.matmul %a, %b : (tensor<2x4x8x16xf32>, tensor<3x16x5xf32>) -> tensor<2x4x8x5xf32>
  return
}

// -----

func.func @matmul_result(%a: tensor<1x4x8x16xf32>, %b: tensor<1x16x5xf32>) {
  // expected-error @+1 {{'mnv4.matmul' op result must have shape [1, 4, 8, 5], got [1, 4, 5, 8]}}
  %y = mnv4.matmul %a, %b : (tensor<1x4x8x16xf32>, tensor<1x16x5xf32>) -> tensor<1x4x5x8xf32>
  return
}

// -----

func.func @softmax_type(%a: tensor<2x8xf32>) {
  // expected-error @+1 {{'mnv4.softmax' op requires the same type for all operands and results}}
  %y = "mnv4.softmax"(%a) : (tensor<2x8xf32>) -> tensor<16xf32>
  return
}

// -----

func.func @softmax_dynamic(%a: tensor<2x?xf32>) {
  // expected-error @+1 {{'mnv4.softmax' op input must have a static shape, got 'tensor<2x?xf32>'}}
  %y = mnv4.softmax %a : tensor<2x?xf32>
  return
}

// -----

func.func @softmax_scalar(%a: tensor<f32>) {
  // expected-error @+1 {{'mnv4.softmax' op input must have at least one dimension}}
  %y = mnv4.softmax %a : tensor<f32>
  return
}

// -----

func.func @transpose_perm_size(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'mnv4.transpose' op perm [1, 0] is not a permutation of rank 3}}
  %y = mnv4.transpose %a {perm = array<i64: 1, 0>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return
}

// -----

func.func @transpose_perm_repeat(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'mnv4.transpose' op perm [0, 1, 1] is not a permutation of rank 3}}
  %y = mnv4.transpose %a {perm = array<i64: 0, 1, 1>} : tensor<2x3x4xf32> -> tensor<2x3x3xf32>
  return
}

// -----

func.func @transpose_perm_range(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'mnv4.transpose' op perm [0, 3, 1] is not a permutation of rank 3}}
  %y = mnv4.transpose %a {perm = array<i64: 0, 3, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
  return
}

// -----

func.func @transpose_perm_negative(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'mnv4.transpose' op perm [0, -1, 1] is not a permutation of rank 3}}
  %y = mnv4.transpose %a {perm = array<i64: 0, -1, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
  return
}

// -----

func.func @transpose_result(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'mnv4.transpose' op result must have shape [4, 2, 3], got [3, 4, 2]}}
  %y = mnv4.transpose %a {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  return
}

// -----

func.func @reshape_count(%a: tensor<1x8x8x32xf32>) {
  // expected-error @+1 {{'mnv4.reshape' op cannot reshape [1, 8, 8, 32] (2048 elements) to [1, 64, 16] (1024 elements)}}
  %y = mnv4.reshape %a : tensor<1x8x8x32xf32> -> tensor<1x64x16xf32>
  return
}

// -----

func.func @reshape_dynamic_result(%a: tensor<1x8x8x32xf32>) {
  // expected-error @+1 {{'mnv4.reshape' op result must have a static shape, got 'tensor<1x?x32xf32>'}}
  %y = mnv4.reshape %a : tensor<1x8x8x32xf32> -> tensor<1x?x32xf32>
  return
}

// -----

func.func @pad_count(%a: tensor<1x8x8x32xf32>) {
  // expected-error @+1 {{'mnv4.pad' op pad must be four non-negative integers [top, left, bottom, right], got [1, 1]}}
  %y = mnv4.pad %a {pad = array<i64: 1, 1>} : tensor<1x8x8x32xf32> -> tensor<1x10x10x32xf32>
  return
}

// -----

func.func @pad_negative(%a: tensor<1x8x8x32xf32>) {
  // expected-error @+1 {{'mnv4.pad' op pad must be four non-negative integers [top, left, bottom, right], got [0, 0, -1, 0]}}
  %y = mnv4.pad %a {pad = array<i64: 0, 0, -1, 0>} : tensor<1x8x8x32xf32> -> tensor<1x7x8x32xf32>
  return
}

// -----

func.func @pad_rank(%a: tensor<8x8x32xf32>) {
  // expected-error @+1 {{'mnv4.pad' op input must have rank 4, got rank 3 [8, 8, 32]}}
  %y = mnv4.pad %a {pad = array<i64: 1, 1, 1, 1>} : tensor<8x8x32xf32> -> tensor<10x10x32xf32>
  return
}

// -----

func.func @pad_result(%a: tensor<1x8x8x32xf32>) {
  // expected-error @+1 {{'mnv4.pad' op result must have shape [1, 10, 12, 32], got [1, 12, 10, 32]}}
  %y = mnv4.pad %a {pad = array<i64: 0, 1, 2, 3>} : tensor<1x8x8x32xf32> -> tensor<1x12x10x32xf32>
  return
}
