// mnv4-tile-and-vectorize on the kernels mnv4-lower-to-linalg tags: register
// tiles of the sizes given (the target table's), bias and activation fused
// into the tile, and no linalg kernel left. The tile loops are scf.forall
// (mnv4-outline-parallel-loops hands them to the thread pool); the reduction
// loops inside a tile are scf.for.
// RUN: mnv4-opt %s --mnv4-lower-to-linalg=panel-width=16 --mnv4-tile-and-vectorize="pw-rows=4 dw-pixels=4 dw-channels=16 vector-width=8" | FileCheck %s
// RUN: mnv4-opt %s --mnv4-lower-to-linalg=panel-width=16 --mnv4-tile-and-vectorize="pw-rows=4 dw-pixels=4 dw-channels=16 vector-width=8" 2>&1 >/dev/null | FileCheck %s --allow-empty --check-prefix=QUIET
// QUIET-NOT: warning

// Pointwise: per panel of 16 channels, tiles of 4 pixels; the K loop keeps
// the 4x16 accumulator in vector registers (one FMA per row and k), then
// relu6 runs on the accumulator before the single write.
// CHECK-LABEL: func.func @pointwise
// CHECK-NOT: linalg.generic
// CHECK: scf.forall (%[[PANEL:.*]], %[[ROWS:.*]]) = (0, 0) to (2, 16) step (1, 4)
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args({{.*}}) -> (tensor<4x1x16xf32>, vector<4x1x16xf32>)
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: arith.maximumf {{.*}} : vector<4x1x16xf32>
// CHECK-NEXT: arith.minimumf {{.*}} : vector<4x1x16xf32>
// CHECK-NEXT: vector.transfer_write {{.*}} : vector<4x1x16xf32>, tensor<4x1x16xf32>
// CHECK: scf.forall.in_parallel
// CHECK-NEXT: tensor.parallel_insert_slice {{.*}} into %{{.*}}[%[[ROWS]], %[[PANEL]], 0] [4, 1, 16] [1, 1, 1] : tensor<4x1x16xf32> into tensor<16x2x16xf32>
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @pointwise(%x: tensor<1x4x4x8xf32>, %b: tensor<32xf32>) -> tensor<1x4x4x32xf32> {
  %w = mnv4.const dense<0.5> : tensor<32x1x1x8xf32>
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<relu6>} : (tensor<1x4x4x8xf32>, tensor<32x1x1x8xf32>, tensor<32xf32>) -> tensor<1x4x4x32xf32>
  return %y : tensor<1x4x4x32xf32>
}

// Depthwise: one output row x 4 pixels x 16 channels, the kernel-height loop
// of step 1 (a 1-D convolution of 3 taps per step), relu fused.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0, 0) to (1, 8, 32, 8) step (1, 1, 16, 4)
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args({{.*}}) -> (tensor<1x1x4x16xf32>, vector<1x4x16xf32>)
// CHECK-COUNT-3: vector.fma {{.*}} : vector<4x16xf32>
// CHECK: scf.yield
// CHECK: arith.maximumf {{.*}} : vector<4x16xf32>
// CHECK-NEXT: vector.transfer_write {{.*}} : vector<4x16xf32>, tensor<1x1x4x16xf32>
// CHECK: tensor.parallel_insert_slice
// CHECK-NOT: linalg.
// CHECK: return
func.func @depthwise(%x: tensor<1x8x8x32xf32>, %w: tensor<3x3x32xf32>, %b: tensor<32xf32>) -> tensor<1x8x8x32xf32> {
  %y = mnv4.depthwise_conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, act = #mnv4.act<relu>} : (tensor<1x8x8x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return %y : tensor<1x8x8x32xf32>
}

// Full conv: a tile of 4 pixels x 16 channels; kh, kw and the input
// channels are scf.for loops of step 1, so each step is one broadcast per
// pixel and one filter vector (a GEMM micro-kernel), and the filter is never
// held whole in registers (which spilled it).
// CHECK-LABEL: func.func @conv
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0, 0) to (1, 4, 16, 4) step (1, 1, 16, 4)
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c4 step %c1
// CHECK-COUNT-1: vector.transfer_read %cst{{.*}} : tensor<3x3x4x16xf32>, vector<16xf32>
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: arith.maximumf {{.*}} : vector<4x16xf32>
// CHECK: tensor.parallel_insert_slice
// CHECK-NOT: linalg.conv
// CHECK: return
func.func @conv(%x: tensor<1x8x8x4xf32>, %b: tensor<16xf32>) -> tensor<1x4x4x16xf32> {
  %w = mnv4.const dense<0.5> : tensor<16x3x3x4xf32>
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>, act = #mnv4.act<relu>} : (tensor<1x8x8x4xf32>, tensor<16x3x3x4xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// A layout transpose (NCHW -> NHWC): vectors along the input's contiguous W
// (one read of 3 rows of 8) and the output's C, stored as one [8, 3] tile.
// CHECK-LABEL: func.func @transpose
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0, 0) to (1, 8, 32, 3) step (1, 1, 8, 3)
// CHECK: vector.transfer_read {{.*}} : tensor<1x3x8x32xf32>, vector<3x1x8xf32>
// CHECK: vector.transpose
// CHECK: vector.transfer_write {{.*}} : vector<8x3xf32>, tensor<1x1x8x3xf32>
func.func @transpose(%x: tensor<1x3x8x32xf32>) -> tensor<1x8x32x3xf32> {
  %e = tensor.empty() : tensor<1x8x32x3xf32>
  %t = linalg.transpose ins(%x : tensor<1x3x8x32xf32>) outs(%e : tensor<1x8x32x3xf32>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x8x32x3xf32>
}

// Other kernels: the innermost dimension in vectors of at most 8 floats.
// CHECK-LABEL: func.func @add
// CHECK-NOT: linalg.generic
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0, 0) to (1, 4, 4, 24) step (1, 1, 1, 8)
// CHECK: arith.addf {{.*}} : vector<8xf32>
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @add(%x: tensor<1x4x4x24xf32>, %y: tensor<1x4x4x24xf32>) -> tensor<1x4x4x24xf32> {
  %z = mnv4.add %x, %y : tensor<1x4x4x24xf32>
  return %z : tensor<1x4x4x24xf32>
}

// A reduction (the pool's rows and columns): the parallel dimensions as
// scf.forall, the reduction dimensions inside each tile as scf.for, so no
// two threads accumulate into one element (and tiling does not warn).
// CHECK-LABEL: func.func @pool
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (1, 16) step (1, 8)
// CHECK: scf.for %{{.*}} = %c0 to %c7 step %c1 iter_args({{.*}}) -> (tensor<1x8xf32>, vector<1x8xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c7 step %c1 iter_args({{.*}}) -> (tensor<1x8xf32>, vector<1x8xf32>)
// CHECK: arith.addf {{.*}} : vector<8xf32>
// CHECK: return
func.func @pool(%x: tensor<1x7x7x16xf32>) -> tensor<1x1x1x16xf32> {
  %y = mnv4.global_avg_pool %x : tensor<1x7x7x16xf32> -> tensor<1x1x1x16xf32>
  return %y : tensor<1x1x1x16xf32>
}
