// mnv4-lower-to-linalg's block fusion (docs/lowering.md, "Block fusion"): a
// UIB or FusedIB becomes an scf.for over tiles of its expanded channels.
// Each iteration expands its tile over the whole image (a slice of the
// packed 1x1 panels, or of the kxk filter packed tile-major), runs the
// middle depthwise conv on the tile (its filter packed tile-major: no halo,
// no mask), and accumulates the projection into the block's output, whose
// initial value is the projection bias; layer scale and residual follow in
// one epilogue. No tensor of the expanded size exists.
// RUN: mnv4-opt %s --mnv4-lower-to-linalg=panel-width=4 | FileCheck %s
// RUN: mnv4-opt %s --mnv4-lower-to-linalg=panel-width=4 | FileCheck %s --check-prefix=EXPANDED
// RUN: mnv4-opt %s --mnv4-lower-to-linalg=panel-width=32 | FileCheck %s --check-prefix=EXPANDED
// RUN: mnv4-opt %s --mnv4-lower-to-linalg=panel-width=32 | FileCheck %s --check-prefix=NARROW
// RUN: mnv4-opt %s --mnv4-lower-to-linalg="panel-width=4 fuse-strategy=rows fuse-min-bytes=0" | FileCheck %s --check-prefix=ROWS
// RUN: not mnv4-opt %s --mnv4-lower-to-linalg=fuse-strategy=diagonal 2>&1 | FileCheck %s --check-prefix=BAD

// The expanded tensor of every shape class (IB, FusedIB, XDW with a
// strided middle dw, CNX, FFN, and a 7x7 IB whose tiles are narrower than
// the widest panel), and its [pixels, channels] and panel forms, never
// appear, whatever the panel width.
// EXPANDED-NOT: 1x16x16x64xf32>
// EXPANDED-NOT: 256x64xf32>
// EXPANDED-NOT: 256x16x4xf32>
// EXPANDED-NOT: 1x8x8x32xf32>
// EXPANDED-NOT: 64x32xf32>
// EXPANDED-NOT: 1x16x16x48xf32>
// EXPANDED-NOT: 256x48xf32>
// EXPANDED-NOT: 256x12x4xf32>
// EXPANDED-NOT: 1x8x8x48xf32>
// EXPANDED-NOT: 64x48xf32>
// EXPANDED-NOT: 64x12x4xf32>
// EXPANDED-NOT: 1x8x8x128xf32>
// EXPANDED-NOT: 64x128xf32>
// EXPANDED-NOT: 64x32x4xf32>
// EXPANDED-NOT: 1x7x7x64xf32>
// EXPANDED-NOT: 49x64xf32>
// EXPANDED-NOT: 49x16x4xf32>
// EXPANDED-NOT: 49x2x32xf32>

// IB with layer scale and residual, E = 64: tiles of 8 channels (a multiple
// of the panel width 4 whose buffers stay under half the expanded tensor):
// per tile the 16x16x8 expansion, its padded copy 18x18x8 and the depthwise
// output, 8 x 3344 bytes of scratch.
// CHECK-LABEL: func.func @uib_ib
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<256x4x4xf32>) attrs = {mnv4.kernel = "bias"}
// CHECK: %[[ACC:.*]] = scf.for %[[T:.*]] = %{{.*}} to %c8 step %{{.*}} iter_args(%[[A:.*]] = %[[INIT]]) -> (tensor<256x4x4xf32>)
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}, 0, 0] [2, 16, 4] [1, 1, 1] : tensor<16x16x4xf32> to tensor<2x16x4xf32>
// CHECK: bufferization.alloc_tensor() : tensor<256x2x4xf32>
// CHECK: attrs = {mnv4.kernel = "pointwise"}
// CHECK: mnv4.kernel = "activation"
// CHECK: tensor.extract_slice %{{.*}}[%[[T]], 0, 0, 0] [1, 3, 3, 8] [1, 1, 1, 1] : tensor<8x3x3x8xf32> to tensor<3x3x8xf32>
// CHECK: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x18x18x8xf32>, tensor<3x3x8xf32>) outs(%{{.*}} : tensor<1x16x16x8xf32>)
// CHECK: mnv4.kernel = "activation"
// CHECK: tensor.extract_slice %{{.*}}[%[[T]], 0, 0, 0] [1, 4, 8, 4] [1, 1, 1, 1] : tensor<8x4x8x4xf32> to tensor<4x8x4xf32>
// CHECK: %[[P:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<256x8xf32>, tensor<4x8x4xf32>) outs(%[[A]] : tensor<256x4x4xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: scf.yield %[[P]]
// CHECK: } {mnv4.block_index = 0 : i64, mnv4.scratch_bytes = 26752 : i64}
// CHECK: tensor.collapse_shape %[[ACC]]
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %arg0 : tensor<1x16x16x16xf32>, tensor<16xf32>, tensor<1x16x16x16xf32>) {{.*}} attrs = {mnv4.kernel = "add"}
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: return %[[Y]]
// ROWS-LABEL: func.func @uib_ib
// ROWS: scf.for
// ROWS: mnv4.kernel = "mask"
// ROWS: mnv4.scratch_bytes
func.func @uib_ib(%x: tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
  %ef = mnv4.const dense<0.25> : tensor<64x1x1x16xf32>
  %eb = mnv4.const dense<0.5> : tensor<64xf32>
  %mf = mnv4.const dense<0.125> : tensor<3x3x64xf32>
  %mb = mnv4.const dense<0.0625> : tensor<64xf32>
  %pf = mnv4.const dense<0.75> : tensor<16x1x1x64xf32>
  %pb = mnv4.const dense<1.0> : tensor<16xf32>
  %ls = mnv4.const dense<2.0> : tensor<16xf32>
  %y = mnv4.uib %x expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 1 : i64, residual} : (tensor<1x16x16x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
  return %y : tensor<1x16x16x16xf32>
}

// FusedIB, stride 2, E = 32: the input is padded once, outside the loop;
// tiles of 16 channels read [3, 3, 8, 16] slices of the filter packed
// [E/16][3][3][Ci][16] at compile time. The projection bias is the
// accumulator's initial value; there is no epilogue.
// CHECK-LABEL: func.func @fused_ib
// CHECK: %[[XP:.*]] = tensor.pad %arg0 low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %c2 step
// CHECK: %[[F:.*]] = tensor.extract_slice %{{.*}}[%[[T]], 0, 0, 0, 0] [1, 3, 3, 8, 16] [1, 1, 1, 1, 1] : tensor<2x3x3x8x16xf32> to tensor<3x3x8x16xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}strides = dense<2> : tensor<2xi64>} ins(%[[XP]], %[[F]] : tensor<1x18x18x8xf32>, tensor<3x3x8x16xf32>) outs(%{{.*}} : tensor<1x8x8x16xf32>)
// CHECK: ins(%{{.*}}, %{{.*}} : tensor<64x16xf32>, tensor<2x16x4xf32>) outs(%{{.*}} : tensor<64x2x4xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: } {mnv4.block_index = 0 : i64, mnv4.scratch_bytes = 4096 : i64}
// CHECK-NOT: mnv4.kernel = "add"
// CHECK: return
func.func @fused_ib(%x: tensor<1x16x16x8xf32>) -> tensor<1x8x8x8xf32> {
  %ef = mnv4.const dense<0.25> : tensor<32x3x3x8xf32>
  %eb = mnv4.const dense<0.5> : tensor<32xf32>
  %pf = mnv4.const dense<0.75> : tensor<8x1x1x32xf32>
  %pb = mnv4.const dense<1.0> : tensor<8xf32>
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x16x16x8xf32>, tensor<32x3x3x8xf32>, tensor<32xf32>, tensor<8x1x1x32xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// XDW, stride 2 on the middle dw, E = 48: the start dw runs once before
// the loop; tiles of 12 channels (per channel the 16x16 plane, its 18x18
// padded copy and the 8x8 output: 2576 bytes, under 3/4 of the 48 KiB
// expanded tensor).
// CHECK-LABEL: func.func @uib_xdw_s2
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x18x18x8xf32>, tensor<3x3x8xf32>)
// CHECK: scf.for %{{.*}} = %{{.*}} to %c4 step
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{.*}}strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x18x18x12xf32>, tensor<3x3x12xf32>) outs(%{{.*}} : tensor<1x8x8x12xf32>)
// CHECK: outs(%{{.*}} : tensor<64x4x4xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: } {mnv4.block_index = 0 : i64, mnv4.scratch_bytes = 30912 : i64}
func.func @uib_xdw_s2(%x: tensor<1x16x16x8xf32>) -> tensor<1x8x8x16xf32> {
  %sf = mnv4.const dense<0.5> : tensor<3x3x8xf32>
  %sb = mnv4.const dense<0.25> : tensor<8xf32>
  %ef = mnv4.const dense<0.25> : tensor<48x1x1x8xf32>
  %eb = mnv4.const dense<0.5> : tensor<48xf32>
  %mf = mnv4.const dense<0.125> : tensor<3x3x48xf32>
  %mb = mnv4.const dense<0.0625> : tensor<48xf32>
  %pf = mnv4.const dense<0.75> : tensor<16x1x1x48xf32>
  %pb = mnv4.const dense<1.0> : tensor<16xf32>
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x16x16x8xf32>, tensor<3x3x8xf32>, tensor<8xf32>, tensor<48x1x1x8xf32>, tensor<48xf32>, tensor<3x3x48xf32>, tensor<48xf32>, tensor<16x1x1x48xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// CNX (start dw only), E = 48: tiles of 24 channels, the expansion of a tile
// feeds the projection directly.
// CHECK-LABEL: func.func @uib_cnx
// CHECK: scf.for %{{.*}} = %{{.*}} to %c2 step
// CHECK: ins(%{{.*}}, %{{.*}} : tensor<64x16xf32>, tensor<6x16x4xf32>) outs(%{{.*}} : tensor<64x6x4xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK-NOT: depthwise
// CHECK: ins(%{{.*}}, %{{.*}} : tensor<64x24xf32>, tensor<4x24x4xf32>) outs(%{{.*}} : tensor<64x4x4xf32>) attrs = {mnv4.kernel = "pointwise"}
// CHECK: mnv4.scratch_bytes = 6144 : i64
func.func @uib_cnx(%x: tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32> {
  %sf = mnv4.const dense<0.5> : tensor<3x3x16xf32>
  %sb = mnv4.const dense<0.25> : tensor<16xf32>
  %ef = mnv4.const dense<0.25> : tensor<48x1x1x16xf32>
  %eb = mnv4.const dense<0.5> : tensor<48xf32>
  %pf = mnv4.const dense<0.75> : tensor<16x1x1x48xf32>
  %pb = mnv4.const dense<1.0> : tensor<16xf32>
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) project(%pf, %pb) {residual, stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<48x1x1x16xf32>, tensor<48xf32>, tensor<16x1x1x48xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// FFN (no dw), E = 128: tiles of 64 channels.
// CHECK-LABEL: func.func @uib_ffn
// CHECK: scf.for %{{.*}} = %{{.*}} to %c2 step
// CHECK: mnv4.scratch_bytes = 16384 : i64
func.func @uib_ffn(%x: tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32> {
  %ef = mnv4.const dense<0.25> : tensor<128x1x1x16xf32>
  %eb = mnv4.const dense<0.5> : tensor<128xf32>
  %pf = mnv4.const dense<0.75> : tensor<16x1x1x128xf32>
  %pb = mnv4.const dense<1.0> : tensor<16xf32>
  %y = mnv4.uib %x expand(%ef, %eb) project(%pf, %pb) {residual, stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<128x1x1x16xf32>, tensor<128xf32>, tensor<16x1x1x128xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// IB at 7x7, E = 64: per channel the plane, its 9x9 padded copy and the dw
// output are 716 bytes, so with panels of 32 no tile of 32 or 16 channels
// stays under 3/4 of the 12544-byte expanded tensor; tiles of 8 channels
// read expand panels of 8 (prefix NARROW, panel width 32).
// NARROW-LABEL: func.func @uib_7x7
// NARROW: scf.for %{{.*}} = %{{.*}} to %c8 step
// NARROW: tensor.extract_slice %{{.*}}[%{{.*}}, 0, 0] [1, 16, 8] [1, 1, 1] : tensor<8x16x8xf32> to tensor<1x16x8xf32>
// NARROW: outs(%{{.*}} : tensor<49x1x8xf32>) attrs = {mnv4.kernel = "pointwise"}
// NARROW: mnv4.scratch_bytes = 5728 : i64
func.func @uib_7x7(%x: tensor<1x7x7x16xf32>) -> tensor<1x7x7x16xf32> {
  %ef = mnv4.const dense<0.25> : tensor<64x1x1x16xf32>
  %eb = mnv4.const dense<0.5> : tensor<64xf32>
  %mf = mnv4.const dense<0.125> : tensor<3x3x64xf32>
  %mb = mnv4.const dense<0.0625> : tensor<64xf32>
  %pf = mnv4.const dense<0.75> : tensor<16x1x1x64xf32>
  %pb = mnv4.const dense<1.0> : tensor<16xf32>
  %y = mnv4.uib %x expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) {residual, stride = 1 : i64} : (tensor<1x7x7x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x7x7x16xf32>
  return %y : tensor<1x7x7x16xf32>
}

// BAD: fuse-strategy must be auto or rows, not 'diagonal'
