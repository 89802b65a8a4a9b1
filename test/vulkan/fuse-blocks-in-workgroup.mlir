// RUN: mnv4-opt %s --split-input-file --mnv4-fuse-blocks-in-workgroup="shared-memory-bytes=1024" --canonicalize --cse | FileCheck %s
// RUN: mnv4-opt %s --split-input-file --mnv4-fuse-blocks-in-workgroup="shared-memory-bytes=16" | FileCheck %s --check-prefix=NOFIT
// RUN: mnv4-opt %s --split-input-file --mnv4-fuse-blocks-in-workgroup="shared-memory-bytes=0" | FileCheck %s --check-prefix=NOFIT
// RUN: mnv4-opt %s --split-input-file --mnv4-fuse-blocks-in-workgroup="shared-memory-bytes=1024 max-loop-iterations=20" | FileCheck %s --check-prefix=BUDGET
// RUN: mnv4-opt %s --split-input-file --mnv4-fuse-blocks-in-workgroup="shared-memory-bytes=512" | FileCheck %s --check-prefix=SHRINK

// An IB block as the Vulkan target lowers it (expand into E, zero-padded
// copy P, depthwise into D, projection into the caller's buffer) becomes one
// launch. 1024 bytes hold the 4x4x8 projection accumulator (128 floats) and,
// for 2 of the 16 expanded channels, the 6x6 window and the 4x4 filtered
// tile (104 floats): 8 slices, each expanded into workgroup memory (zero
// outside the image), barrier, filtered, barrier, its share of the
// projection added to the accumulator (the bias in the first slice); after
// the last slice each invocation stores its output elements.
// CHECK-LABEL: func.func @ib
// CHECK-NOT:     memref.alloc() : memref<16x16xf32>
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c1) threads(%[[TID:[^,]*]], {{.*}}) in (%{{.*}} = %c64,
// CHECK:           %[[E:.*]] = memref.alloc() : memref<72xf32, #spirv.storage_class<Workgroup>>
// CHECK:           %[[Y:.*]] = memref.alloc() : memref<128xf32, #spirv.storage_class<Workgroup>>
// CHECK:           %[[D:.*]] = memref.alloc() : memref<32xf32, #spirv.storage_class<Workgroup>>
// CHECK:           scf.for %[[S:.*]] = %c0 to %c8 step %c1 {
// CHECK:             scf.for %{{.*}} = %c0 to %c2 step %c1 {
// CHECK:                 scf.for {{.*}} = %c0 to %c8 step %c1 iter_args
// CHECK:               memref.store %{{.*}}, %[[E]][
// CHECK:             gpu.barrier {mnv4.kernel = "expand+depthwise+project"}
// CHECK:               scf.for {{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK:                 scf.for {{.*}} = %c0 to %c3 step %c1 iter_args
// CHECK:                   memref.load %[[E]][
// CHECK:             memref.store %{{.*}}, %[[D]][%[[TID]]]
// CHECK:             gpu.barrier
// CHECK-NOT:         gpu.barrier
// CHECK:             scf.for %{{.*}} = %c0 to %c2 step %c1 {
// CHECK:                   memref.load %[[Y]][
// CHECK:                 memref.load %[[D]][
// CHECK:               memref.store %[[SUM:.*]], %[[Y]][
// CHECK:               scf.if
// CHECK-NEXT:            memref.store %[[SUM]], %collapse_shape
// CHECK:           gpu.terminator
// CHECK-NOT:     linalg.
// CHECK-NOT:     memref.copy
// CHECK:         return

// Without room for the accumulator and one channel of the window, or with
// no workgroup memory at all, the chains stay as they are.
// NOFIT-LABEL: func.func @ib
// NOFIT-NOT:     gpu.launch
// NOFIT:         linalg.map
// NOFIT:         memref.copy
// NOFIT:         linalg.depthwise_conv_2d_nhwc_hwc

#blk = loc("blocks.1.0")
module {
  func.func @ib(%x: memref<1x4x4x8xf32>, %y: memref<1x4x4x8xf32>) {
    %cst = arith.constant 0.000000e+00 : f32
    %we = memref.get_global @we : memref<16x8xf32>
    %be = memref.get_global @be : memref<16xf32>
    %wd = memref.get_global @wd : memref<3x3x16xf32>
    %bd = memref.get_global @bd : memref<16xf32>
    %wp = memref.get_global @wp : memref<8x16xf32>
    %bp = memref.get_global @bp : memref<8xf32>
    %x2 = memref.collapse_shape %x [[0, 1, 2], [3]] : memref<1x4x4x8xf32> into memref<16x8xf32>
    %e = memref.alloc() : memref<16x16xf32>
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%be : memref<16xf32>) outs(%e : memref<16x16xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c, k) -> (p, k)>, affine_map<(p, c, k) -> (c, k)>, affine_map<(p, c, k) -> (p, c)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x2, %we : memref<16x8xf32>, memref<16x8xf32>) outs(%e : memref<16x16xf32>) attrs = {mnv4.kernel = "pointwise"} {
    ^bb0(%in: f32, %w: f32, %out: f32):
      %m = arith.mulf %in, %w : f32
      %s = arith.addf %out, %m : f32
      linalg.yield %s : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (p, c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%e : memref<16x16xf32>) outs(%e : memref<16x16xf32>) attrs = {mnv4.kernel = "activation"} {
    ^bb0(%in: f32, %out: f32):
      %r = arith.maximumf %in, %cst : f32
      linalg.yield %r : f32
    } loc(#blk)
    %e4 = memref.expand_shape %e [[0, 1, 2], [3]] output_shape [1, 4, 4, 16] : memref<16x16xf32> into memref<1x4x4x16xf32>
    %p = memref.alloc() : memref<1x6x6x16xf32>
    linalg.map outs(%p : memref<1x6x6x16xf32>)
      (%init: f32) {
        linalg.yield %cst : f32
      } loc(#blk)
    %sub = memref.subview %p[0, 1, 1, 0] [1, 4, 4, 16] [1, 1, 1, 1] : memref<1x6x6x16xf32> to memref<1x4x4x16xf32, strided<[576, 96, 16, 1], offset: 112>>
    memref.copy %e4, %sub : memref<1x4x4x16xf32> to memref<1x4x4x16xf32, strided<[576, 96, 16, 1], offset: 112>> loc(#blk)
    %d = memref.alloc() : memref<1x4x4x16xf32>
    linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bd : memref<16xf32>) outs(%d : memref<1x4x4x16xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, mnv4.kernel = "depthwise", strides = dense<1> : tensor<2xi64>} ins(%p, %wd : memref<1x6x6x16xf32>, memref<3x3x16xf32>) outs(%d : memref<1x4x4x16xf32>) loc(#blk)
    %d2 = memref.collapse_shape %d [[0, 1, 2], [3]] : memref<1x4x4x16xf32> into memref<16x16xf32>
    %y2 = memref.collapse_shape %y [[0, 1, 2], [3]] : memref<1x4x4x8xf32> into memref<16x8xf32>
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%bp : memref<8xf32>) outs(%y2 : memref<16x8xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c, k) -> (p, k)>, affine_map<(p, c, k) -> (c, k)>, affine_map<(p, c, k) -> (p, c)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%d2, %wp : memref<16x16xf32>, memref<8x16xf32>) outs(%y2 : memref<16x8xf32>) attrs = {mnv4.kernel = "pointwise"} {
    ^bb0(%in: f32, %w: f32, %out: f32):
      %m = arith.mulf %in, %w : f32
      %s = arith.addf %out, %m : f32
      linalg.yield %s : f32
    } loc(#blk)
    return
  }
  memref.global "private" constant @we : memref<16x8xf32> = dense<1.0>
  memref.global "private" constant @be : memref<16xf32> = dense<1.0>
  memref.global "private" constant @wd : memref<3x3x16xf32> = dense<1.0>
  memref.global "private" constant @bd : memref<16xf32> = dense<1.0>
  memref.global "private" constant @wp : memref<8x16xf32> = dense<1.0>
  memref.global "private" constant @bp : memref<8xf32> = dense<1.0>
}

// -----

// Without a depthwise conv (an FFN block) the tile is 16 pixels of E and
// the projection reads it in place: a barrier ends every slice, before the
// next one overwrites E; 2 slices of 8 channels. The layer scale after the
// projection joins the launch: after the last slice each invocation scales
// the element it just computed.
// CHECK-LABEL: func.func @ffn
// CHECK:         gpu.launch
// CHECK:           %[[E:.*]] = memref.alloc() : memref<128xf32, #spirv.storage_class<Workgroup>>
// CHECK:           %[[Y:.*]] = memref.alloc() : memref<128xf32, #spirv.storage_class<Workgroup>>
// CHECK:           scf.for %{{.*}} = %c0 to %c2 step %c1 {
// CHECK:               memref.store %{{.*}}, %[[E]][
// CHECK:             gpu.barrier {mnv4.kernel = "expand+project"}
// CHECK:                 %[[SUM:.*]] = scf.for
// CHECK:                   memref.load %[[E]][
// CHECK:               memref.store %[[SUM]], %[[Y]][
// CHECK:               scf.if
// CHECK:                 %[[SCALED:.*]] = arith.mulf %[[SUM]],
// CHECK:                 memref.store %[[SCALED]], %collapse_shape
// CHECK:             gpu.barrier
// CHECK-NOT:     linalg.generic
// An iteration budget (lavapipe's loop limiter) the smallest tile exceeds
// leaves the block unfused too.
// BUDGET-LABEL: func.func @ib
// BUDGET-NOT:     gpu.launch
// BUDGET:         linalg.depthwise_conv_2d_nhwc_hwc
// NOFIT-LABEL: func.func @ffn
// NOFIT-NOT:     gpu.launch
// NOFIT:         linalg.generic

#blk = loc("blocks.1.0")
module {
  func.func @ffn(%x: memref<1x4x4x8xf32>, %y: memref<1x4x4x8xf32>) {
    %cst = arith.constant 0.000000e+00 : f32
    %we = memref.get_global @we : memref<16x8xf32>
    %be = memref.get_global @be : memref<16xf32>
    %wp = memref.get_global @wp : memref<8x16xf32>
    %bp = memref.get_global @bp : memref<8xf32>
    %x2 = memref.collapse_shape %x [[0, 1, 2], [3]] : memref<1x4x4x8xf32> into memref<16x8xf32>
    %e = memref.alloc() : memref<16x16xf32>
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%be : memref<16xf32>) outs(%e : memref<16x16xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c, k) -> (p, k)>, affine_map<(p, c, k) -> (c, k)>, affine_map<(p, c, k) -> (p, c)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x2, %we : memref<16x8xf32>, memref<16x8xf32>) outs(%e : memref<16x16xf32>) attrs = {mnv4.kernel = "pointwise"} {
    ^bb0(%in: f32, %w: f32, %out: f32):
      %m = arith.mulf %in, %w : f32
      %s = arith.addf %out, %m : f32
      linalg.yield %s : f32
    } loc(#blk)
    %y2 = memref.alloc() : memref<16x8xf32>
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%bp : memref<8xf32>) outs(%y2 : memref<16x8xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c, k) -> (p, k)>, affine_map<(p, c, k) -> (c, k)>, affine_map<(p, c, k) -> (p, c)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%e, %wp : memref<16x16xf32>, memref<8x16xf32>) outs(%y2 : memref<16x8xf32>) attrs = {mnv4.kernel = "pointwise"} {
    ^bb0(%in: f32, %w: f32, %out: f32):
      %m = arith.mulf %in, %w : f32
      %s = arith.addf %out, %m : f32
      linalg.yield %s : f32
    } loc(#blk)
    %ls = memref.get_global @ls : memref<8xf32>
    %out = memref.collapse_shape %y [[0, 1, 2], [3]] : memref<1x4x4x8xf32> into memref<16x8xf32>
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (p, c)>, affine_map<(p, c) -> (c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%y2, %ls : memref<16x8xf32>, memref<8xf32>) outs(%out : memref<16x8xf32>) attrs = {mnv4.kernel = "scale"} {
    ^bb0(%in: f32, %scale: f32, %o: f32):
      %m = arith.mulf %in, %scale : f32
      linalg.yield %m : f32
    } loc(#blk)
    return
  }
  memref.global "private" constant @we : memref<16x8xf32> = dense<1.0>
  memref.global "private" constant @be : memref<16xf32> = dense<1.0>
  memref.global "private" constant @wp : memref<8x16xf32> = dense<1.0>
  memref.global "private" constant @bp : memref<8xf32> = dense<1.0>
  memref.global "private" constant @ls : memref<8xf32> = dense<0.5>
}

// -----

// A ConvNeXt block: the start depthwise conv (on the zero-padded input) ->
// expansion -> projection. The start conv joins the launch: before the
// slices the workgroup computes S for its 16 pixels, all 4 channels, into
// workgroup memory, reading the block's input directly (zero outside the
// image: the padded copy is not made); the expansion reads S there.
// 1024 bytes: 16 pixels (Y 64 floats, S 64 floats), 4 slices of the 32
// expanded channels: the tile it has without the start conv (with a smaller
// one the start conv would stay a dispatch of its own).
// CHECK-LABEL: func.func @convnext
// CHECK-SAME:    (%[[X:[^:]*]]: memref<1x4x4x4xf32>
// CHECK-NOT:     memref.alloc() : memref<1x6x6x4xf32>
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1,
// CHECK:           %[[E:.*]] = memref.alloc() : memref<128xf32, #spirv.storage_class<Workgroup>>
// CHECK:           %[[Y:.*]] = memref.alloc() : memref<64xf32, #spirv.storage_class<Workgroup>>
// CHECK:           %[[S:.*]] = memref.alloc() : memref<64xf32, #spirv.storage_class<Workgroup>>
// CHECK:               scf.if
// CHECK:                 memref.load %[[X]][
// CHECK:             memref.store %{{.*}}, %[[S]][
// CHECK:           gpu.barrier
// CHECK:           scf.for %{{.*}} = %c0 to %c4 step %c1 {
// CHECK:                   memref.load %[[S]][
// CHECK:               memref.store %{{.*}}, %[[E]][
// CHECK:             gpu.barrier {mnv4.kernel = "depthwise+expand+project"}
// CHECK-NOT:     linalg.
// CHECK-NOT:     memref.copy
// CHECK:         return
// In 512 bytes the start conv would shrink the tile to 8 pixels (16 without
// it): it stays a dispatch of its own, the rest fuses.
// SHRINK-LABEL: func.func @convnext
// SHRINK:         linalg.depthwise_conv_2d_nhwc_hwc
// SHRINK:         gpu.launch
// SHRINK:           gpu.barrier {mnv4.kernel = "expand+project"}
// NOFIT-LABEL: func.func @convnext
// NOFIT-NOT:     gpu.launch
// NOFIT:         linalg.depthwise_conv_2d_nhwc_hwc

#blk = loc("blocks.2.5")
module {
  func.func @convnext(%x: memref<1x4x4x4xf32>, %y: memref<16x4xf32>) {
    %cst = arith.constant 0.000000e+00 : f32
    %ws = memref.get_global @ws : memref<3x3x4xf32>
    %bs = memref.get_global @bs : memref<4xf32>
    %we = memref.get_global @we : memref<32x4xf32>
    %be = memref.get_global @be : memref<32xf32>
    %wp = memref.get_global @wp : memref<4x32xf32>
    %bp = memref.get_global @bp : memref<4xf32>
    %p = memref.alloc() : memref<1x6x6x4xf32>
    linalg.map outs(%p : memref<1x6x6x4xf32>)
      (%init: f32) {
        linalg.yield %cst : f32
      } loc(#blk)
    %sub = memref.subview %p[0, 1, 1, 0] [1, 4, 4, 4] [1, 1, 1, 1] : memref<1x6x6x4xf32> to memref<1x4x4x4xf32, strided<[144, 24, 4, 1], offset: 28>>
    memref.copy %x, %sub : memref<1x4x4x4xf32> to memref<1x4x4x4xf32, strided<[144, 24, 4, 1], offset: 28>> loc(#blk)
    %s = memref.alloc() : memref<1x4x4x4xf32>
    linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bs : memref<4xf32>) outs(%s : memref<1x4x4x4xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, mnv4.kernel = "depthwise", strides = dense<1> : tensor<2xi64>} ins(%p, %ws : memref<1x6x6x4xf32>, memref<3x3x4xf32>) outs(%s : memref<1x4x4x4xf32>) loc(#blk)
    %s2 = memref.collapse_shape %s [[0, 1, 2], [3]] : memref<1x4x4x4xf32> into memref<16x4xf32>
    %e = memref.alloc() : memref<16x32xf32>
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%be : memref<32xf32>) outs(%e : memref<16x32xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c, k) -> (p, k)>, affine_map<(p, c, k) -> (c, k)>, affine_map<(p, c, k) -> (p, c)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%s2, %we : memref<16x4xf32>, memref<32x4xf32>) outs(%e : memref<16x32xf32>) attrs = {mnv4.kernel = "pointwise"} {
    ^bb0(%in: f32, %w: f32, %out: f32):
      %m = arith.mulf %in, %w : f32
      %a = arith.addf %out, %m : f32
      linalg.yield %a : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (p, c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%e : memref<16x32xf32>) outs(%e : memref<16x32xf32>) attrs = {mnv4.kernel = "activation"} {
    ^bb0(%in: f32, %out: f32):
      %r = arith.maximumf %in, %cst : f32
      linalg.yield %r : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%bp : memref<4xf32>) outs(%y : memref<16x4xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c, k) -> (p, k)>, affine_map<(p, c, k) -> (c, k)>, affine_map<(p, c, k) -> (p, c)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%e, %wp : memref<16x32xf32>, memref<4x32xf32>) outs(%y : memref<16x4xf32>) attrs = {mnv4.kernel = "pointwise"} {
    ^bb0(%in: f32, %w: f32, %out: f32):
      %m = arith.mulf %in, %w : f32
      %a = arith.addf %out, %m : f32
      linalg.yield %a : f32
    } loc(#blk)
    return
  }
  memref.global "private" constant @ws : memref<3x3x4xf32> = dense<1.0>
  memref.global "private" constant @bs : memref<4xf32> = dense<1.0>
  memref.global "private" constant @we : memref<32x4xf32> = dense<1.0>
  memref.global "private" constant @be : memref<32xf32> = dense<1.0>
  memref.global "private" constant @wp : memref<4x32xf32> = dense<1.0>
  memref.global "private" constant @bp : memref<4xf32> = dense<1.0>
}

// -----

// A FusedIB block: a full 3x3 conv expands the zero-padded input, a 1x1
// conv projects. One launch: the expansion reads the block's input directly
// (zero outside it), 16 pixels of E in slices of 8 channels.
// CHECK-LABEL: func.func @fused_ib
// CHECK-SAME:    (%[[X:[^:]*]]: memref<1x4x4x8xf32>
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1,
// CHECK:           %[[E:.*]] = memref.alloc() : memref<128xf32, #spirv.storage_class<Workgroup>>
// CHECK:           scf.for %{{.*}} = %c0 to %c2 step %c1 {
// CHECK:                     scf.if
// CHECK:                       memref.load %[[X]][
// CHECK:               memref.store %{{.*}}, %[[E]][
// CHECK:             gpu.barrier {mnv4.kernel = "conv+project"}
// CHECK-NOT:     linalg.
// CHECK-NOT:     memref.copy
// CHECK:         return
// NOFIT-LABEL: func.func @fused_ib
// NOFIT-NOT:     gpu.launch
// NOFIT:         linalg.conv_2d_nhwc_hwcf

#blk = loc("blocks.0.0")
module {
  func.func @fused_ib(%x: memref<1x4x4x8xf32>, %y: memref<16x8xf32>) {
    %cst = arith.constant 0.000000e+00 : f32
    %wc = memref.get_global @wc : memref<3x3x8x16xf32>
    %be = memref.get_global @be : memref<16xf32>
    %wp = memref.get_global @wp : memref<8x16xf32>
    %bp = memref.get_global @bp : memref<8xf32>
    %p = memref.alloc() : memref<1x6x6x8xf32>
    linalg.map outs(%p : memref<1x6x6x8xf32>)
      (%init: f32) {
        linalg.yield %cst : f32
      } loc(#blk)
    %sub = memref.subview %p[0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x6x6x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
    memref.copy %x, %sub : memref<1x4x4x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>> loc(#blk)
    %e = memref.alloc() : memref<1x4x4x16xf32>
    linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%be : memref<16xf32>) outs(%e : memref<1x4x4x16xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, mnv4.kernel = "conv", strides = dense<1> : tensor<2xi64>} ins(%p, %wc : memref<1x6x6x8xf32>, memref<3x3x8x16xf32>) outs(%e : memref<1x4x4x16xf32>) loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e : memref<1x4x4x16xf32>) outs(%e : memref<1x4x4x16xf32>) attrs = {mnv4.kernel = "activation"} {
    ^bb0(%in: f32, %out: f32):
      %r = arith.maximumf %in, %cst : f32
      linalg.yield %r : f32
    } loc(#blk)
    %e2 = memref.collapse_shape %e [[0, 1, 2], [3]] : memref<1x4x4x16xf32> into memref<16x16xf32>
    linalg.generic {indexing_maps = [affine_map<(p, c) -> (c)>, affine_map<(p, c) -> (p, c)>], iterator_types = ["parallel", "parallel"]} ins(%bp : memref<8xf32>) outs(%y : memref<16x8xf32>) attrs = {mnv4.kernel = "bias"} {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } loc(#blk)
    linalg.generic {indexing_maps = [affine_map<(p, c, k) -> (p, k)>, affine_map<(p, c, k) -> (c, k)>, affine_map<(p, c, k) -> (p, c)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%e2, %wp : memref<16x16xf32>, memref<8x16xf32>) outs(%y : memref<16x8xf32>) attrs = {mnv4.kernel = "pointwise"} {
    ^bb0(%in: f32, %w: f32, %out: f32):
      %m = arith.mulf %in, %w : f32
      %a = arith.addf %out, %m : f32
      linalg.yield %a : f32
    } loc(#blk)
    return
  }
  memref.global "private" constant @wc : memref<3x3x8x16xf32> = dense<1.0>
  memref.global "private" constant @be : memref<16xf32> = dense<1.0>
  memref.global "private" constant @wp : memref<8x16xf32> = dense<1.0>
  memref.global "private" constant @bp : memref<8xf32> = dense<1.0>
}
