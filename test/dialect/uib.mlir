// Round trip of mnv4.uib in all four sub-forms, with the optional start, mid
// and layer_scale groups present and absent, residual and anti-aliasing.
// RUN: mnv4-opt %s | FileCheck %s
// RUN: mnv4-opt %s | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --emit-bytecode | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// ExtraDW, stride 2 on the mid conv, layer scale (hybrid models), GELU.
// CHECK-LABEL: func.func @extra_dw
// CHECK: mnv4.uib %{{.*}} start(%{{.*}}, %{{.*}}) expand(%{{.*}}, %{{.*}}) mid(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) layer_scale(%{{.*}}) {act = #mnv4.act<gelu>, stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
// GENERIC-LABEL: sym_name = "extra_dw"
// GENERIC: "mnv4.uib"({{.*}}) <{act = #mnv4.act<gelu>, antialias = #mnv4.aa<none>, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1, 1, 1, 1>, stride = 2 : i64}>
func.func @extra_dw(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) -> tensor<1x4x4x24xf32> {
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64, act = #mnv4.act<gelu>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return %y : tensor<1x4x4x24xf32>
}

// IB (mid only), residual, no layer scale.
// CHECK-LABEL: func.func @inverted_bottleneck
// CHECK: mnv4.uib %{{.*}} expand(%{{.*}}, %{{.*}}) mid(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) {residual, stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
// GENERIC-LABEL: sym_name = "inverted_bottleneck"
// GENERIC: "mnv4.uib"({{.*}}) <{act = #mnv4.act<relu>, antialias = #mnv4.aa<none>, operandSegmentSizes = array<i32: 1, 0, 0, 1, 1, 1, 1, 1, 1, 0>, residual, stride = 1 : i64}>
func.func @inverted_bottleneck(%x: tensor<1x8x8x16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<3x3x64xf32>, %mb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>) -> tensor<1x8x8x16xf32> {
  %y = mnv4.uib %x expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// ConvNeXt-like (start only): residual with layer scale, and a strided one
// whose stride sits on the start conv.
// CHECK-LABEL: func.func @convnext
// CHECK: mnv4.uib %{{.*}} start(%{{.*}}, %{{.*}}) expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) layer_scale(%{{.*}}) {residual, stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<5x5x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
// CHECK: mnv4.uib %{{.*}} start(%{{.*}}, %{{.*}}) expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<5x5x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
// GENERIC-LABEL: sym_name = "convnext"
// GENERIC: "mnv4.uib"({{.*}}) <{act = #mnv4.act<relu>, antialias = #mnv4.aa<none>, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0, 0, 1, 1, 1>, residual, stride = 1 : i64}>
// GENERIC: "mnv4.uib"({{.*}}) <{act = #mnv4.act<relu>, antialias = #mnv4.aa<none>, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0, 0, 1, 1, 0>, stride = 2 : i64}>
func.func @convnext(%x: tensor<1x8x8x16xf32>, %sf: tensor<5x5x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>, %ls: tensor<16xf32>) -> (tensor<1x8x8x16xf32>, tensor<1x4x4x16xf32>) {
  %0 = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) project(%pf, %pb) layer_scale(%ls) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<5x5x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  %1 = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<5x5x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return %0, %1 : tensor<1x8x8x16xf32>, tensor<1x4x4x16xf32>
}

// FFN (no depthwise conv), with and without layer scale.
// CHECK-LABEL: func.func @ffn
// CHECK: mnv4.uib %{{.*}} expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) layer_scale(%{{.*}}) {residual, stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
// CHECK: mnv4.uib %{{.*}} expand(%{{.*}}, %{{.*}}) project(%{{.*}}, %{{.*}}) {stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
// GENERIC-LABEL: sym_name = "ffn"
// GENERIC: operandSegmentSizes = array<i32: 1, 0, 0, 1, 1, 0, 0, 1, 1, 1>
// GENERIC: operandSegmentSizes = array<i32: 1, 0, 0, 1, 1, 0, 0, 1, 1, 0>
func.func @ffn(%x: tensor<1x8x8x16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>, %ls: tensor<16xf32>) -> (tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) {
  %0 = mnv4.uib %x expand(%ef, %eb) project(%pf, %pb) layer_scale(%ls) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  %1 = mnv4.uib %x expand(%ef, %eb) project(%pf, %pb) {stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %0, %1 : tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>
}

// Anti-aliased ExtraDW on an odd map: avg gives floor(9/2), blur ceil(9/2).
// CHECK-LABEL: func.func @antialias
// CHECK: mnv4.uib {{.*}} {antialias = #mnv4.aa<avg>, stride = 2 : i64} : ({{.*}}) -> tensor<1x4x4x24xf32>
// CHECK: mnv4.uib {{.*}} {antialias = #mnv4.aa<blur>, stride = 2 : i64} : ({{.*}}) -> tensor<1x5x5x24xf32>
func.func @antialias(%x: tensor<1x9x9x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<3x3x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>) -> (tensor<1x4x4x24xf32>, tensor<1x5x5x24xf32>) {
  %0 = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<avg>} : (tensor<1x9x9x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  %1 = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<blur>} : (tensor<1x9x9x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>) -> tensor<1x5x5x24xf32>
  return %0, %1 : tensor<1x4x4x24xf32>, tensor<1x5x5x24xf32>
}
