// Round trip of batch_norm, the pools, activation and add.
// RUN: mnv4-opt %s | FileCheck %s
// RUN: mnv4-opt %s | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --emit-bytecode | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @batch_norm
// CHECK: mnv4.batch_norm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
// CHECK: mnv4.batch_norm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
func.func @batch_norm(%x: tensor<1x8x8x32xf32>, %s: tensor<32xf32>, %b: tensor<32xf32>, %v: tensor<5xf32>) -> (tensor<1x8x8x32xf32>, tensor<5xf32>) {
  %0 = mnv4.batch_norm %x, %s, %b : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %1 = mnv4.batch_norm %v, %v, %v : (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %0, %1 : tensor<1x8x8x32xf32>, tensor<5xf32>
}

// The head's pool, the 2x2/2 anti-aliasing pool (floor) and a 3x3/1 pool,
// and the blur pool (ceil) on an odd map.
// CHECK-LABEL: func.func @pools
// CHECK: mnv4.global_avg_pool %{{.*}} : tensor<1x7x7x960xf32> -> tensor<1x1x1x960xf32>
// CHECK: mnv4.avg_pool2d %{{.*}} {kernel = 2 : i64, stride = 2 : i64} : tensor<1x7x7x960xf32> -> tensor<1x3x3x960xf32>
// CHECK: mnv4.avg_pool2d %{{.*}} {kernel = 3 : i64, stride = 1 : i64} : tensor<1x7x7x960xf32> -> tensor<1x5x5x960xf32>
// CHECK: mnv4.blur_pool %{{.*}} : tensor<1x7x7x960xf32> -> tensor<1x4x4x960xf32>
// GENERIC-LABEL: sym_name = "pools"
// GENERIC: "mnv4.global_avg_pool"(%{{.*}}) : (tensor<1x7x7x960xf32>) -> tensor<1x1x1x960xf32>
// GENERIC: "mnv4.avg_pool2d"(%{{.*}}) <{kernel = 2 : i64, stride = 2 : i64}>
// GENERIC: "mnv4.blur_pool"(%{{.*}}) : (tensor<1x7x7x960xf32>) -> tensor<1x4x4x960xf32>
func.func @pools(%x: tensor<1x7x7x960xf32>) -> (tensor<1x1x1x960xf32>, tensor<1x3x3x960xf32>, tensor<1x5x5x960xf32>, tensor<1x4x4x960xf32>) {
  %0 = mnv4.global_avg_pool %x : tensor<1x7x7x960xf32> -> tensor<1x1x1x960xf32>
  %1 = mnv4.avg_pool2d %x {kernel = 2 : i64, stride = 2 : i64} : tensor<1x7x7x960xf32> -> tensor<1x3x3x960xf32>
  %2 = mnv4.avg_pool2d %x {kernel = 3 : i64, stride = 1 : i64} : tensor<1x7x7x960xf32> -> tensor<1x5x5x960xf32>
  %3 = mnv4.blur_pool %x : tensor<1x7x7x960xf32> -> tensor<1x4x4x960xf32>
  return %0, %1, %2, %3 : tensor<1x1x1x960xf32>, tensor<1x3x3x960xf32>, tensor<1x5x5x960xf32>, tensor<1x4x4x960xf32>
}

// CHECK-LABEL: func.func @elementwise
// CHECK: %[[A:.*]] = mnv4.activation <gelu> %{{.*}} : tensor<1x4x4x8xf32>
// CHECK: %[[B:.*]] = mnv4.activation <none> %[[A]] : tensor<1x4x4x8xf32>
// CHECK: mnv4.add %[[A]], %[[B]] : tensor<1x4x4x8xf32>
// GENERIC-LABEL: sym_name = "elementwise"
// GENERIC: "mnv4.activation"(%{{.*}}) <{kind = #mnv4.act<gelu>}> : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
// GENERIC: "mnv4.add"(%{{.*}}, %{{.*}}) : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
func.func @elementwise(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %0 = mnv4.activation <gelu> %x : tensor<1x4x4x8xf32>
  %1 = mnv4.activation <none> %0 : tensor<1x4x4x8xf32>
  %2 = mnv4.add %0, %1 : tensor<1x4x4x8xf32>
  return %2 : tensor<1x4x4x8xf32>
}
