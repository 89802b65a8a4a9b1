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
// RUN: mnv4-opt %s --mnv4-lower-to-linalg="panel-width=4 fuse-strategy=rows fuse-min-bytes=0" | FileCheck %s --check-prefix=ROWS
// RUN: not mnv4-opt %s --mnv4-lower-to-linalg=fuse-strategy=diagonal 2>&1 | FileCheck %s --check-prefix=BAD

// The expanded tensors [1, 16, 16, 64] and [1, 8, 8, 32] (and their
// [pixels, channels] forms) never appear.
// EXPANDED-NOT: 1x16x16x64xf32>
// EXPANDED-NOT: 256x64xf32>
// EXPANDED-NOT: 256x16x4xf32>
// EXPANDED-NOT: 1x8x8x32xf32>
// EXPANDED-NOT: 64x32xf32>

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

// BAD: fuse-strategy must be auto or rows, not 'diagonal'
