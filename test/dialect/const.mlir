// mnv4.const round trip: dense, splat and dense_resource values; the
// dialect_resources section must survive text, generic and bytecode forms.
// RUN: mnv4-opt %s | FileCheck %s
// RUN: mnv4-opt %s | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --emit-bytecode | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @weights
// CHECK: mnv4.const dense_resource<stem_w> : tensor<2x1x1x3xf32>
// CHECK: mnv4.const dense<[5.000000e-01, -2.500000e-01]> : tensor<2xf32>
// CHECK: mnv4.const dense<1.000000e+00> : tensor<2x3xf32>
// CHECK: mnv4.const dense_resource<scale> : tensor<2xf32>
// GENERIC: "mnv4.const"() <{value = dense_resource<stem_w> : tensor<2x1x1x3xf32>}> : () -> tensor<2x1x1x3xf32>
func.func @weights() -> (tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<2x3xf32>, tensor<2xf32>) {
  %w = mnv4.const dense_resource<stem_w> : tensor<2x1x1x3xf32>
  %b = mnv4.const dense<[0.5, -0.25]> : tensor<2xf32>
  %s = mnv4.const dense<1.0> : tensor<2x3xf32>
  %r = mnv4.const dense_resource<scale> : tensor<2xf32>
  return %w, %b, %s, %r : tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<2x3xf32>, tensor<2xf32>
}

// The resource section: alignment 4, then the little-endian f32 payload.
// CHECK: {-#
// CHECK-NEXT: dialect_resources: {
// CHECK-NEXT: builtin: {
// CHECK-DAG: scale: "0x040000000000803F00000040"
// CHECK-DAG: stem_w: "0x040000000000803F000000400000404000008040000000410000C040"
// CHECK: #-}
{-#
  dialect_resources: {
    builtin: {
      stem_w: "0x040000000000803F000000400000404000008040000000410000C040",
      scale: "0x040000000000803F00000040"
    }
  }
#-}
