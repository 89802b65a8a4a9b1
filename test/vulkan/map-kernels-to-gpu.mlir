// RUN: mnv4-opt %s --split-input-file --verify-diagnostics --mnv4-map-kernels-to-gpu="workgroup-size=32 fuse-elementwise=0" --canonicalize | FileCheck %s
// RUN: mnv4-opt %s --split-input-file --verify-diagnostics --mnv4-map-kernels-to-gpu="workgroup-size=32 fuse-elementwise=0" --gpu-kernel-outlining --mnv4-spirv-entry-abi | FileCheck %s --check-prefix=ABI
// RUN: mnv4-opt %s --split-input-file --verify-diagnostics --mnv4-map-kernels-to-gpu=workgroup-size=32 --canonicalize | FileCheck %s --check-prefix=FUSE

// A bias broadcast over 1x4x4x8 (128 points: 4 workgroups of 32) and a copy
// into a padded view; both read and write views of the arena.
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
memref.global "private" constant @bias : memref<8xf32> = dense<1.0>
func.func @net_run(%in: memref<1x4x4x8xf32>, %out: memref<1x6x6x8xf32>, %arena: memref<1024xi8>) {
  %b = memref.get_global @bias : memref<8xf32>
  %c0 = arith.constant 0 : index
  %v = memref.view %arena[%c0][] : memref<1024xi8> to memref<1x4x4x8xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<8xf32>) outs(%v : memref<1x4x4x8xf32>) attrs = {mnv4.kernel = "bias"} {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  %sv = memref.subview %out[0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x6x6x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
  memref.copy %v, %sv : memref<1x4x4x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
  return
}

// CHECK-LABEL: func.func @net_run
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}} = %[[C4]], {{.*}} = %c1{{.*}}, {{.*}} = %c1{{.*}}) threads({{.*}}) in ({{.*}} = %[[C32]],
// CHECK:           arith.cmpi ult, %{{.*}}, %c128
// CHECK:           scf.if
// CHECK:             memref.load %{{.*}} : memref<8xf32>
// CHECK:             memref.store %{{.*}} : memref<1x4x4x8xf32>
// CHECK:           } {mnv4.kernel = "bias"}
// CHECK:           gpu.terminator
// CHECK:         memref.subview
// CHECK:         gpu.launch
// CHECK:           } {mnv4.kernel = "copy"}
// CHECK-NOT:     linalg.
// CHECK-NOT:     memref.copy
// CHECK:         return

// Fused: the copy reads %v only at the point the bias wrote it, so one
// invocation runs both, in order.
// FUSE-LABEL: func.func @net_run
// FUSE:         gpu.launch
// FUSE:           scf.if
// FUSE:             %[[B:.*]] = memref.load %{{.*}} : memref<8xf32>
// FUSE-NEXT:        memref.store %[[B]], %[[V:.*]][%[[N:.*]], %[[H:.*]], %[[W:.*]], %[[C:.*]]] : memref<1x4x4x8xf32>
// FUSE-NEXT:        %[[X:.*]] = memref.load %[[V]][%[[N]], %[[H]], %[[W]], %[[C]]]
// FUSE-NEXT:        memref.store %[[X]], %{{.*}}[%[[N]], %[[H]], %[[W]], %[[C]]] : memref<1x4x4x8xf32, strided
// FUSE:           } {mnv4.kernel = "bias+copy"}
// FUSE-NOT:     gpu.launch
// FUSE:         return

// ABI:       module attributes {gpu.container_module, spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader], [SPV_KHR_storage_buffer_storage_class]>
// ABI:         gpu.launch_func @net_run_kernel::@net_run_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in
// ABI-SAME:      args(%{{.*}} : memref<8xf32>, %{{.*}} : memref<1x4x4x8xf32>)
// ABI:         gpu.launch_func @net_run_kernel_0::@net_run_kernel
// ABI-SAME:      memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
// ABI:       gpu.module @net_run_kernel
// ABI:         gpu.func @net_run_kernel(%{{.*}}: memref<8xf32>, %{{.*}}: memref<1x4x4x8xf32>) kernel
// ABI-SAME:      spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [32, 1, 1]>

// -----

// A kernel with more workgroups than a grid dimension guarantees (65535)
// gets a 2-D grid: 2^22 points / 32 = 131072 groups, as 43691 x 3.
func.func @big(%arena: memref<16777216xi8>) {
  %c0 = arith.constant 0 : index
  %cst = arith.constant 0.0 : f32
  %v = memref.view %arena[%c0][] : memref<16777216xi8> to memref<4194304xf32>
  linalg.fill ins(%cst : f32) outs(%v : memref<4194304xf32>)
  return
}
// CHECK-LABEL: func.func @big
// CHECK-DAG:     %[[GX:.*]] = arith.constant 43691 : index
// CHECK-DAG:     %[[GY:.*]] = arith.constant 3 : index
// CHECK:         gpu.launch blocks(%[[BX:.*]], %[[BY:.*]], %{{.*}}) in ({{.*}} = %[[GX]], {{.*}} = %[[GY]],
// CHECK:           arith.muli %[[BY]], %[[GX]]
// CHECK:           } {mnv4.kernel = "fill"}

// The fill value is cloned into the kernel: only buffers become arguments.
// ABI:         gpu.launch_func @big_kernel::@big_kernel
// ABI-SAME:      args(%{{.*}} : memref<4194304xf32>)
// ABI:         gpu.func @big_kernel(%{{.*}}: memref<4194304xf32>) kernel
// ABI:           arith.constant 0.000000e+00 : f32

// -----

func.func @host_work(%a: memref<4xf32>, %i: index) {
  %x = arith.constant 1.0 : f32
  // expected-error @below {{this op would run on the host between dispatches}}
  memref.store %x, %a[%i] : memref<4xf32>
  return
}

// -----

// Not fused: the second kernel reads the first one's output at another
// point (through a shifted view of the same bytes).
func.func @shifted(%out: memref<1x4x4x8xf32>, %arena: memref<4096xi8>) {
  %c0 = arith.constant 0 : index
  %cst = arith.constant 1.0 : f32
  %v = memref.view %arena[%c0][] : memref<4096xi8> to memref<1x5x5x8xf32>
  %a = memref.subview %v[0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x5x5x8xf32> to memref<1x4x4x8xf32, strided<[200, 40, 8, 1]>>
  linalg.fill ins(%cst : f32) outs(%a : memref<1x4x4x8xf32, strided<[200, 40, 8, 1]>>)
  %b = memref.subview %v[0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x5x5x8xf32> to memref<1x4x4x8xf32, strided<[200, 40, 8, 1], offset: 48>>
  memref.copy %b, %out : memref<1x4x4x8xf32, strided<[200, 40, 8, 1], offset: 48>> to memref<1x4x4x8xf32>
  return
}
// FUSE-LABEL: func.func @shifted
// FUSE:         gpu.launch
// FUSE:           } {mnv4.kernel = "fill"}
// FUSE:         gpu.launch
// FUSE:           } {mnv4.kernel = "copy"}

// -----

// A reduction listed before the parallel dimension: the loops are reordered
// so that the parallel dimension (16 columns) is the invocations.
#rows = affine_map<(r, c) -> (r, c)>
#cols = affine_map<(r, c) -> (c)>
func.func @column_sums(%in: memref<64x16xf32>, %out: memref<16xf32>) {
  linalg.generic {indexing_maps = [#rows, #cols], iterator_types = ["reduction", "parallel"]}
      ins(%in : memref<64x16xf32>) outs(%out : memref<16xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  return
}
// FUSE-LABEL: func.func @column_sums
// FUSE:         gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}, {{.*}}) threads({{.*}}) in ({{.*}} = %c32
// FUSE:           arith.cmpi ult, %{{.*}}, %c16
// FUSE:           scf.for %{{.*}} = %c0 to %c64 step %c1
// FUSE:             arith.addf
// FUSE:           } {mnv4.kernel = "generic"}
