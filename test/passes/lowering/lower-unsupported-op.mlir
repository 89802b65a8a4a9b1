// An op without a lowering (here an int8 op) is an error naming the op at
// its location, and the pass fails.
// RUN: mnv4-opt %s --mnv4-lower-to-linalg --verify-diagnostics
// RUN: not mnv4-opt %s --mnv4-lower-to-linalg 2>&1 | FileCheck %s
// CHECK: lower-unsupported-op.mlir:[[# @LINE + 5]]:8: error: failed to legalize operation 'mnv4.quantize'

!act = !quant.uniform<i8:f32, 0.5:-3>
func.func @int8(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2x!act> {
  // expected-error @below {{failed to legalize operation 'mnv4.quantize'}}
  %q = mnv4.quantize %x : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!act>
  return %q : tensor<1x4x4x2x!act>
}
