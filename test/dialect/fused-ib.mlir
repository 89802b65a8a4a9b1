// Round trip of mnv4.fused_ib: default and explicit activations, both
// anti-aliasing modes and the residual unit attribute.
// RUN: mnv4-opt %s | FileCheck %s
// RUN: mnv4-opt %s | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --emit-bytecode | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Stage 0 of the medium models: 3x3 stride 2 expand, default act (relu).
// CHECK-LABEL: func.func @strided
// CHECK: mnv4.fused_ib %{{.*}} expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
// GENERIC-LABEL: sym_name = "strided"
// GENERIC: "mnv4.fused_ib"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{act = #mnv4.act<relu>, antialias = #mnv4.aa<none>, stride = 2 : i64}>
func.func @strided(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) -> tensor<1x4x4x24xf32> {
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return %y : tensor<1x4x4x24xf32>
}

// Odd input size 9: a strided conv and blur give ceil(9/2) = 5, the 2x2
// average pool floor(9/2) = 4.
// CHECK-LABEL: func.func @antialias
// CHECK: mnv4.fused_ib %{{.*}} expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) {act = #mnv4.act<gelu>, stride = 2 : i64} : ({{.*}}) -> tensor<1x5x5x24xf32>
// CHECK: mnv4.fused_ib %{{.*}} expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) {antialias = #mnv4.aa<avg>, stride = 2 : i64} : ({{.*}}) -> tensor<1x4x4x24xf32>
// CHECK: mnv4.fused_ib %{{.*}} expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) {act = #mnv4.act<relu6>, antialias = #mnv4.aa<blur>, stride = 2 : i64} : ({{.*}}) -> tensor<1x5x5x24xf32>
func.func @antialias(%x: tensor<1x9x9x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) -> (tensor<1x5x5x24xf32>, tensor<1x4x4x24xf32>, tensor<1x5x5x24xf32>) {
  %0 = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, act = #mnv4.act<gelu>, antialias = #mnv4.aa<none>} : (tensor<1x9x9x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x5x5x24xf32>
  %1 = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<avg>} : (tensor<1x9x9x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  %2 = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, act = #mnv4.act<relu6>, antialias = #mnv4.aa<blur>} : (tensor<1x9x9x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x5x5x24xf32>
  return %0, %1, %2 : tensor<1x5x5x24xf32>, tensor<1x4x4x24xf32>, tensor<1x5x5x24xf32>
}

// A 5x5 expand with the residual add (in == out, stride 1).
// CHECK-LABEL: func.func @residual
// CHECK: mnv4.fused_ib %{{.*}} expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) {residual, stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<64x5x5x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
// GENERIC-LABEL: sym_name = "residual"
// GENERIC: "mnv4.fused_ib"({{.*}}) <{act = #mnv4.act<relu>, antialias = #mnv4.aa<none>, residual, stride = 1 : i64}>
func.func @residual(%x: tensor<1x8x8x16xf32>, %ef: tensor<64x5x5x16xf32>, %eb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<64x5x5x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}
