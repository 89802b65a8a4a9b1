// Every verifier error of batch_norm, the pools, activation and add.
// RUN: mnv4-opt %s -split-input-file -verify-diagnostics

func.func @batch_norm_scalar(%x: tensor<f32>, %s: tensor<1xf32>) {
  // expected-error @+1 {{'mnv4.batch_norm' op input must have at least one dimension}}
  %y = mnv4.batch_norm %x, %s, %s : (tensor<f32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @batch_norm_scale(%x: tensor<1x4x4x8xf32>, %s: tensor<4xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'mnv4.batch_norm' op scale must have shape [8], got [4]}}
  %y = mnv4.batch_norm %x, %s, %b : (tensor<1x4x4x8xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @batch_norm_shift(%x: tensor<1x4x4x8xf32>, %s: tensor<8xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+1 {{'mnv4.batch_norm' op shift must have shape [8], got [1, 8]}}
  %y = mnv4.batch_norm %x, %s, %b : (tensor<1x4x4x8xf32>, tensor<8xf32>, tensor<1x8xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @batch_norm_result(%x: tensor<1x4x4x8xf32>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'mnv4.batch_norm' op result must have shape [1, 4, 4, 8], got [1, 4, 8, 4]}}
  %y = mnv4.batch_norm %x, %s, %s : (tensor<1x4x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8x4xf32>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<1x49x8xf32>) {
  // expected-error @+1 {{'mnv4.global_avg_pool' op input must have rank 4, got rank 3 [1, 49, 8]}}
  %y = mnv4.global_avg_pool %x : tensor<1x49x8xf32> -> tensor<1x1x1x8xf32>
  return
}

// -----

// The pool keeps H and W as 1; flattening is the classifier's job.
func.func @global_pool_result(%x: tensor<1x7x7x8xf32>) {
  // expected-error @+1 {{'mnv4.global_avg_pool' op result must have shape [1, 1, 1, 8], got [1, 8]}}
  %y = mnv4.global_avg_pool %x : tensor<1x7x7x8xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @global_pool_channels(%x: tensor<1x7x7x8xf32>) {
  // expected-error @+1 {{'mnv4.global_avg_pool' op result must have shape [1, 1, 1, 8], got [1, 1, 1, 7]}}
  %y = mnv4.global_avg_pool %x : tensor<1x7x7x8xf32> -> tensor<1x1x1x7xf32>
  return
}

// -----

func.func @avg_pool_kernel_zero(%x: tensor<1x8x8x4xf32>) {
  // expected-error @+1 {{'mnv4.avg_pool2d' op attribute 'kernel' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %y = mnv4.avg_pool2d %x {kernel = 0 : i64, stride = 2 : i64} : tensor<1x8x8x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @avg_pool_stride_zero(%x: tensor<1x8x8x4xf32>) {
  // expected-error @+1 {{'mnv4.avg_pool2d' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %y = mnv4.avg_pool2d %x {kernel = 2 : i64, stride = 0 : i64} : tensor<1x8x8x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @avg_pool_missing_kernel(%x: tensor<1x8x8x4xf32>) {
  // expected-error @+1 {{'mnv4.avg_pool2d' op requires attribute 'kernel'}}
  %y = mnv4.avg_pool2d %x {stride = 2 : i64} : tensor<1x8x8x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @avg_pool_rank(%x: tensor<8x8x4xf32>) {
  // expected-error @+1 {{'mnv4.avg_pool2d' op input must have rank 4, got rank 3 [8, 8, 4]}}
  %y = mnv4.avg_pool2d %x {kernel = 2 : i64, stride = 2 : i64} : tensor<8x8x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @avg_pool_too_large(%x: tensor<1x2x8x4xf32>) {
  // expected-error @+1 {{'mnv4.avg_pool2d' op kernel 3 is larger than the input [1, 2, 8, 4]}}
  %y = mnv4.avg_pool2d %x {kernel = 3 : i64, stride = 1 : i64} : tensor<1x2x8x4xf32> -> tensor<1x1x6x4xf32>
  return
}

// -----

// Floor mode: a 2x2/2 pool on 7 rows gives 3, not ceil(7 / 2) = 4.
func.func @avg_pool_result(%x: tensor<1x7x7x4xf32>) {
  // expected-error @+1 {{'mnv4.avg_pool2d' op result must have shape [1, 3, 3, 4], got [1, 4, 4, 4]}}
  %y = mnv4.avg_pool2d %x {kernel = 2 : i64, stride = 2 : i64} : tensor<1x7x7x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @blur_pool_rank(%x: tensor<7x7x4xf32>) {
  // expected-error @+1 {{'mnv4.blur_pool' op input must have rank 4, got rank 3 [7, 7, 4]}}
  %y = mnv4.blur_pool %x : tensor<7x7x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

// Stride 2 with padding 1 on each side: ceil(7 / 2) = 4, not floor.
func.func @blur_pool_result(%x: tensor<1x7x7x4xf32>) {
  // expected-error @+1 {{'mnv4.blur_pool' op result must have shape [1, 4, 4, 4], got [1, 3, 3, 4]}}
  %y = mnv4.blur_pool %x : tensor<1x7x7x4xf32> -> tensor<1x3x3x4xf32>
  return
}

// -----

func.func @activation_type(%x: tensor<1x4x4x8xf32>) {
  // expected-error @+1 {{'mnv4.activation' op requires the same type for all operands and results}}
  %y = "mnv4.activation"(%x) <{kind = #mnv4.act<relu>}> : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @activation_missing_kind(%x: tensor<1x4x4x8xf32>) {
  // expected-error @+1 {{'mnv4.activation' op requires attribute 'kind'}}
  %y = "mnv4.activation"(%x) : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @activation_f64(%x: tensor<4xf64>) {
  // expected-error @+1 {{'mnv4.activation' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xf64>'}}
  %y = mnv4.activation <relu> %x : tensor<4xf64>
  return
}

// -----

// Residual adds never broadcast.
func.func @add_shapes(%a: tensor<1x4x4x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'mnv4.add' op requires the same type for all operands and results}}
  %y = "mnv4.add"(%a, %b) : (tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @activation_dynamic(%x: tensor<1x?x4x8xf32>) {
  // expected-error @+1 {{'mnv4.activation' op input must have a static shape, got 'tensor<1x?x4x8xf32>'}}
  %y = mnv4.activation <relu6> %x : tensor<1x?x4x8xf32>
  return
}

// -----

func.func @add_zero_sized(%a: tensor<1x0x4x8xf32>) {
  // expected-error @+1 {{'mnv4.add' op lhs must not have a zero-sized dimension, got [1, 0, 4, 8]}}
  %y = mnv4.add %a, %a : tensor<1x0x4x8xf32>
  return
}
