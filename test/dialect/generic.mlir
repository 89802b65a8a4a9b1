// Round trip of the generic tensor ops the importer falls back to.
// RUN: mnv4-opt %s | FileCheck %s
// RUN: mnv4-opt %s | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --emit-bytecode | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Layer scale as a broadcast mul, by a [C] vector and by a scalar.
// CHECK-LABEL: func.func @mul
// CHECK: mnv4.mul %{{.*}}, %{{.*}} : (tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
// CHECK: mnv4.mul %{{.*}}, %{{.*}} : (tensor<1x4x4x8xf32>, tensor<f32>) -> tensor<1x4x4x8xf32>
func.func @mul(%x: tensor<1x4x4x8xf32>, %g: tensor<8xf32>, %s: tensor<f32>) -> tensor<1x4x4x8xf32> {
  %0 = mnv4.mul %x, %g : (tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %1 = mnv4.mul %0, %s : (tensor<1x4x4x8xf32>, tensor<f32>) -> tensor<1x4x4x8xf32>
  return %1 : tensor<1x4x4x8xf32>
}

// The MQA attention as ONNX exports it: Q [1,h,N,kd] x K^T [1,kd,M] with a
// broadcast batch, softmax, then x V [1,M,vd].
// CHECK-LABEL: func.func @attention
// CHECK: mnv4.transpose %{{.*}} {perm = array<i64: 0, 2, 1>} : tensor<1x16x8xf32> -> tensor<1x8x16xf32>
// CHECK: mnv4.matmul %{{.*}}, %{{.*}} : (tensor<1x4x64x8xf32>, tensor<1x8x16xf32>) -> tensor<1x4x64x16xf32>
// CHECK: mnv4.softmax %{{.*}} : tensor<1x4x64x16xf32>
// CHECK: mnv4.matmul %{{.*}}, %{{.*}} : (tensor<1x4x64x16xf32>, tensor<1x16x8xf32>) -> tensor<1x4x64x8xf32>
// GENERIC-LABEL: sym_name = "attention"
// GENERIC: "mnv4.transpose"(%{{.*}}) <{perm = array<i64: 0, 2, 1>}> : (tensor<1x16x8xf32>) -> tensor<1x8x16xf32>
// GENERIC: "mnv4.matmul"
// GENERIC: "mnv4.softmax"(%{{.*}}) : (tensor<1x4x64x16xf32>) -> tensor<1x4x64x16xf32>
func.func @attention(%q: tensor<1x4x64x8xf32>, %k: tensor<1x16x8xf32>, %v: tensor<1x16x8xf32>) -> tensor<1x4x64x8xf32> {
  %kt = mnv4.transpose %k {perm = array<i64: 0, 2, 1>} : tensor<1x16x8xf32> -> tensor<1x8x16xf32>
  %l = mnv4.matmul %q, %kt : (tensor<1x4x64x8xf32>, tensor<1x8x16xf32>) -> tensor<1x4x64x16xf32>
  %a = mnv4.softmax %l : tensor<1x4x64x16xf32>
  %o = mnv4.matmul %a, %v : (tensor<1x4x64x16xf32>, tensor<1x16x8xf32>) -> tensor<1x4x64x8xf32>
  return %o : tensor<1x4x64x8xf32>
}

// CHECK-LABEL: func.func @reshape_pad
// CHECK: mnv4.reshape %{{.*}} : tensor<1x8x8x32xf32> -> tensor<1x64x4x8xf32>
// CHECK: mnv4.pad %{{.*}} {pad = array<i64: 0, 1, 2, 3>} : tensor<1x8x8x32xf32> -> tensor<1x10x12x32xf32>
// GENERIC-LABEL: sym_name = "reshape_pad"
// GENERIC: "mnv4.reshape"(%{{.*}}) : (tensor<1x8x8x32xf32>) -> tensor<1x64x4x8xf32>
// GENERIC: "mnv4.pad"(%{{.*}}) <{pad = array<i64: 0, 1, 2, 3>}> : (tensor<1x8x8x32xf32>) -> tensor<1x10x12x32xf32>
func.func @reshape_pad(%x: tensor<1x8x8x32xf32>) -> (tensor<1x64x4x8xf32>, tensor<1x10x12x32xf32>) {
  %0 = mnv4.reshape %x : tensor<1x8x8x32xf32> -> tensor<1x64x4x8xf32>
  %1 = mnv4.pad %x {pad = array<i64: 0, 1, 2, 3>} : tensor<1x8x8x32xf32> -> tensor<1x10x12x32xf32>
  return %0, %1 : tensor<1x64x4x8xf32>, tensor<1x10x12x32xf32>
}
