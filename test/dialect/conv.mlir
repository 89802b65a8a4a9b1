// Round trip of conv2d, depthwise_conv2d and fully_connected, with and
// without the optional bias, and every #mnv4.act value.
// RUN: mnv4-opt %s | FileCheck %s
// RUN: mnv4-opt %s | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --emit-bytecode | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// The stem: 3x3 stride 2, symmetric padding 1, 224 -> 112.
// CHECK-LABEL: func.func @stem
// CHECK-SAME: (%[[X:.*]]: tensor<1x224x224x3xf32>, %[[W:.*]]: tensor<32x3x3x3xf32>, %[[B:.*]]: tensor<32xf32>)
// CHECK: mnv4.conv2d %[[X]], %[[W]], %[[B]] {act = #mnv4.act<relu>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x224x224x3xf32>, tensor<32x3x3x3xf32>, tensor<32xf32>) -> tensor<1x112x112x32xf32>
// GENERIC-LABEL: sym_name = "stem"
// GENERIC: "mnv4.conv2d"(%{{.*}}, %{{.*}}, %{{.*}}) <{act = #mnv4.act<relu>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}>
func.func @stem(%x: tensor<1x224x224x3xf32>, %w: tensor<32x3x3x3xf32>, %b: tensor<32xf32>) -> tensor<1x112x112x32xf32> {
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>, act = #mnv4.act<relu>} : (tensor<1x224x224x3xf32>, tensor<32x3x3x3xf32>, tensor<32xf32>) -> tensor<1x112x112x32xf32>
  return %y : tensor<1x112x112x32xf32>
}

// No bias, the default act (none, elided), asymmetric padding and strides.
// CHECK-LABEL: func.func @conv_no_bias
// CHECK: mnv4.conv2d %{{.*}}, %{{.*}} {pad = array<i64: 0, 1, 2, 0>, strides = array<i64: 1, 2>} : (tensor<2x7x9x4xf32>, tensor<5x3x2x4xf32>) -> tensor<2x7x5x5xf32>
// GENERIC-LABEL: sym_name = "conv_no_bias"
// The generic form spells out the default activation.
// GENERIC: "mnv4.conv2d"(%{{.*}}, %{{.*}}) <{act = #mnv4.act<none>, pad = array<i64: 0, 1, 2, 0>, strides = array<i64: 1, 2>}>
func.func @conv_no_bias(%x: tensor<2x7x9x4xf32>, %w: tensor<5x3x2x4xf32>) -> tensor<2x7x5x5xf32> {
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 2>, pad = array<i64: 0, 1, 2, 0>} : (tensor<2x7x9x4xf32>, tensor<5x3x2x4xf32>) -> tensor<2x7x5x5xf32>
  return %y : tensor<2x7x5x5xf32>
}

// Every activation; `none` is the default and is not printed.
// CHECK-LABEL: func.func @activations
// CHECK: mnv4.conv2d %{{.*}}, %{{.*}}, %{{.*}} {pad
// CHECK: mnv4.conv2d %{{.*}}, %{{.*}}, %{{.*}} {act = #mnv4.act<relu>, pad
// CHECK: mnv4.conv2d %{{.*}}, %{{.*}}, %{{.*}} {act = #mnv4.act<relu6>, pad
// CHECK: mnv4.conv2d %{{.*}}, %{{.*}}, %{{.*}} {act = #mnv4.act<gelu>, pad
// CHECK: mnv4.conv2d %{{.*}}, %{{.*}}, %{{.*}} {act = #mnv4.act<hardswish>, pad
func.func @activations(%x: tensor<1x4x4x8xf32>, %w: tensor<8x1x1x8xf32>, %b: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  %0 = mnv4.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<none>} : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %1 = mnv4.conv2d %0, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<relu>} : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %2 = mnv4.conv2d %1, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<relu6>} : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %3 = mnv4.conv2d %2, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<gelu>} : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %4 = mnv4.conv2d %3, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<hardswish>} : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return %4 : tensor<1x4x4x8xf32>
}

// Depthwise 5x5 stride 2 on an even map: ceil(56 / 2) = 28.
// CHECK-LABEL: func.func @depthwise
// CHECK: mnv4.depthwise_conv2d %{{.*}}, %{{.*}}, %{{.*}} {act = #mnv4.act<relu6>, pad = array<i64: 2, 2, 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x56x56x96xf32>, tensor<5x5x96xf32>, tensor<96xf32>) -> tensor<1x28x28x96xf32>
// CHECK: mnv4.depthwise_conv2d %{{.*}}, %{{.*}} {pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x28x28x96xf32>, tensor<3x3x96xf32>) -> tensor<1x28x28x96xf32>
// GENERIC-LABEL: sym_name = "depthwise"
// GENERIC: "mnv4.depthwise_conv2d"(%{{.*}}, %{{.*}}, %{{.*}}) <{act = #mnv4.act<relu6>
// GENERIC: "mnv4.depthwise_conv2d"(%{{.*}}, %{{.*}}) <{act = #mnv4.act<none>, pad
func.func @depthwise(%x: tensor<1x56x56x96xf32>, %w5: tensor<5x5x96xf32>, %b: tensor<96xf32>, %w3: tensor<3x3x96xf32>) -> tensor<1x28x28x96xf32> {
  %0 = mnv4.depthwise_conv2d %x, %w5, %b {strides = array<i64: 2, 2>, pad = array<i64: 2, 2, 2, 2>, act = #mnv4.act<relu6>} : (tensor<1x56x56x96xf32>, tensor<5x5x96xf32>, tensor<96xf32>) -> tensor<1x28x28x96xf32>
  %1 = mnv4.depthwise_conv2d %0, %w3 {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x28x28x96xf32>, tensor<3x3x96xf32>) -> tensor<1x28x28x96xf32>
  return %1 : tensor<1x28x28x96xf32>
}

// The classifier on the pooled map and on a flat input, with/without bias.
// CHECK-LABEL: func.func @classifier
// CHECK: mnv4.fully_connected %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x1x1x1280xf32>, tensor<1000x1280xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
// CHECK: mnv4.fully_connected %{{.*}}, %{{.*}} : (tensor<3x1000xf32>, tensor<10x1000xf32>) -> tensor<3x10xf32>
// GENERIC-LABEL: sym_name = "classifier"
// GENERIC: "mnv4.fully_connected"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<1x1x1x1280xf32>
// GENERIC: "mnv4.fully_connected"(%{{.*}}, %{{.*}}) : (tensor<3x1000xf32>
func.func @classifier(%x: tensor<1x1x1x1280xf32>, %w: tensor<1000x1280xf32>, %b: tensor<1000xf32>, %f: tensor<3x1000xf32>, %w2: tensor<10x1000xf32>) -> (tensor<1x1000xf32>, tensor<3x10xf32>) {
  %0 = mnv4.fully_connected %x, %w, %b : (tensor<1x1x1x1280xf32>, tensor<1000x1280xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  %1 = mnv4.fully_connected %f, %w2 : (tensor<3x1000xf32>, tensor<10x1000xf32>) -> tensor<3x10xf32>
  return %0, %1 : tensor<1x1000xf32>, tensor<3x10xf32>
}
