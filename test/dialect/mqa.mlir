// Round trip of mnv4.mqa with and without the key_down/value_down and
// layer_scale groups.
// RUN: mnv4-opt %s | FileCheck %s
// RUN: mnv4-opt %s | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --emit-bytecode | mnv4-opt | FileCheck %s
// RUN: mnv4-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Stage 2 of the hybrids: K/V downsampled by 2, layer scale. 2 heads of
// key/value dim 16 on 32 channels.
// CHECK-LABEL: func.func @downsampled
// CHECK: mnv4.mqa %{{.*}} norm(%{{.*}}, %{{.*}}) query(%{{.*}}) key_down(%{{.*}}, %{{.*}}) value_down(%{{.*}}, %{{.*}}) key(%{{.*}}) value(%{{.*}}) output(%{{.*}}) layer_scale(%{{.*}}) {kv_stride = 2 : i64, num_heads = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
// GENERIC-LABEL: sym_name = "downsampled"
// GENERIC: "mnv4.mqa"({{.*}}) <{kv_stride = 2 : i64, num_heads = 2 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1>}>
func.func @downsampled(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) -> tensor<1x8x8x32xf32> {
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return %y : tensor<1x8x8x32xf32>
}

// Stage 3: kv_stride 1, no downsampling convs; once without layer scale.
// Key dim 8 and value dim 4 differ: query is [4*8,1,1,C], output [C,1,1,4*4].
// CHECK-LABEL: func.func @full_resolution
// CHECK: mnv4.mqa %{{.*}} norm(%{{.*}}, %{{.*}}) query(%{{.*}}) key(%{{.*}}) value(%{{.*}}) output(%{{.*}}) layer_scale(%{{.*}}) {kv_stride = 1 : i64, num_heads = 4 : i64} : (tensor<1x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<32x1x1x24xf32>, tensor<8x1x1x24xf32>, tensor<4x1x1x24xf32>, tensor<24x1x1x16xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
// CHECK: mnv4.mqa %{{.*}} norm(%{{.*}}, %{{.*}}) query(%{{.*}}) key(%{{.*}}) value(%{{.*}}) output(%{{.*}}) {kv_stride = 1 : i64, num_heads = 4 : i64} : (tensor<1x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<32x1x1x24xf32>, tensor<8x1x1x24xf32>, tensor<4x1x1x24xf32>, tensor<24x1x1x16xf32>) -> tensor<1x4x4x24xf32>
// GENERIC-LABEL: sym_name = "full_resolution"
// GENERIC: operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1>
// GENERIC: operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0>
func.func @full_resolution(%x: tensor<1x4x4x24xf32>, %ns: tensor<24xf32>, %nb: tensor<24xf32>, %q: tensor<32x1x1x24xf32>, %k: tensor<8x1x1x24xf32>, %v: tensor<4x1x1x24xf32>, %o: tensor<24x1x1x16xf32>, %ls: tensor<24xf32>) -> (tensor<1x4x4x24xf32>, tensor<1x4x4x24xf32>) {
  %0 = mnv4.mqa %x norm(%ns, %nb) query(%q) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 4 : i64, kv_stride = 1 : i64} : (tensor<1x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<32x1x1x24xf32>, tensor<8x1x1x24xf32>, tensor<4x1x1x24xf32>, tensor<24x1x1x16xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  %1 = mnv4.mqa %x norm(%ns, %nb) query(%q) key(%k) value(%v) output(%o) {num_heads = 4 : i64, kv_stride = 1 : i64} : (tensor<1x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<32x1x1x24xf32>, tensor<8x1x1x24xf32>, tensor<4x1x1x24xf32>, tensor<24x1x1x16xf32>) -> tensor<1x4x4x24xf32>
  return %0, %1 : tensor<1x4x4x24xf32>, tensor<1x4x4x24xf32>
}

// Downsampled K/V without layer scale.
// CHECK-LABEL: func.func @downsampled_no_scale
// CHECK: mnv4.mqa %{{.*}} norm(%{{.*}}, %{{.*}}) query(%{{.*}}) key_down(%{{.*}}, %{{.*}}) value_down(%{{.*}}, %{{.*}}) key(%{{.*}}) value(%{{.*}}) output(%{{.*}}) {kv_stride = 2 : i64, num_heads = 1 : i64}
// GENERIC-LABEL: sym_name = "downsampled_no_scale"
// GENERIC: operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0>
func.func @downsampled_no_scale(%x: tensor<1x7x7x8xf32>, %ns: tensor<8xf32>, %nb: tensor<8xf32>, %q: tensor<4x1x1x8xf32>, %kdf: tensor<3x3x8xf32>, %kdb: tensor<8xf32>, %vdf: tensor<3x3x8xf32>, %vdb: tensor<8xf32>, %k: tensor<4x1x1x8xf32>, %v: tensor<4x1x1x8xf32>, %o: tensor<8x1x1x4xf32>) -> tensor<1x7x7x8xf32> {
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) {num_heads = 1 : i64, kv_stride = 2 : i64} : (tensor<1x7x7x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<4x1x1x8xf32>, tensor<3x3x8xf32>, tensor<8xf32>, tensor<3x3x8xf32>, tensor<8xf32>, tensor<4x1x1x8xf32>, tensor<4x1x1x8xf32>, tensor<8x1x1x4xf32>) -> tensor<1x7x7x8xf32>
  return %y : tensor<1x7x7x8xf32>
}
