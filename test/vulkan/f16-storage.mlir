// RUN: mnv4-opt %s --split-input-file --verify-diagnostics --mnv4-gpu-f16-storage | FileCheck %s

// The arena's views and the constants become f16 (the constant rounded to
// nearest even: 1/3 -> 0x3555, 1, -0.5, 0.5); the input and output stay f32. Kernels
// extend each f16 load to f32 and truncate each store to f16.
// CHECK:       memref.global "private" constant @w_f16 : memref<4xf16> = dense_resource<w_f16>
// CHECK-NOT:   memref.global "private" constant @w :
// CHECK-LABEL: func.func @net_run(%arg0: memref<4xf32>, %arg1: memref<4xf32>, %arg2: memref<1024xi8>)
// CHECK:         %[[W:.*]] = memref.get_global @w_f16 : memref<4xf16>
// CHECK:         %[[V:.*]] = memref.view %arg2[%{{.*}}][] : memref<1024xi8> to memref<4xf16>
// CHECK:         %[[S:.*]] = memref.subview %[[V]][1] [2] [1] : memref<4xf16> to memref<2xf16, strided<[1], offset: 1>>
// CHECK:         gpu.launch
// CHECK:           %[[X:.*]] = memref.load %arg0[%{{.*}}] : memref<4xf32>
// CHECK:           %[[WH:.*]] = memref.load %[[W]][%{{.*}}] : memref<4xf16>
// CHECK:           %[[WF:.*]] = arith.extf %[[WH]] : f16 to f32
// CHECK:           %[[M:.*]] = arith.mulf %[[X]], %[[WF]] : f32
// CHECK:           %[[MH:.*]] = arith.truncf %[[M]] : f32 to f16
// CHECK:           memref.store %[[MH]], %[[V]][%{{.*}}] : memref<4xf16>
// CHECK:           %[[SH:.*]] = memref.load %[[S]][%{{.*}}] : memref<2xf16, strided<[1], offset: 1>>
// CHECK:           %[[SF:.*]] = arith.extf %[[SH]] : f16 to f32
// CHECK:           memref.store %[[SF]], %arg1[%{{.*}}] : memref<4xf32>
// CHECK: {-#
// CHECK: w_f16: "0x020000005535003C00B80038"
memref.global "private" constant @w : memref<4xf32> = dense_resource<w> {alignment = 64 : i64}
func.func @net_run(%in: memref<4xf32>, %out: memref<4xf32>, %arena: memref<1024xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %w = memref.get_global @w : memref<4xf32>
  %v = memref.view %arena[%c0][] : memref<1024xi8> to memref<4xf32>
  %s = memref.subview %v[1] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1], offset: 1>>
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1) threads(%tx, %ty, %tz) in (%a = %c1, %b = %c1, %c = %c1) {
    %xi = memref.load %in[%tx] : memref<4xf32>
    %wi = memref.load %w[%tx] : memref<4xf32>
    %m = arith.mulf %xi, %wi : f32
    memref.store %m, %v[%tx] : memref<4xf32>
    %si = memref.load %s[%tx] : memref<2xf32, strided<[1], offset: 1>>
    memref.store %si, %out[%tx] : memref<4xf32>
    gpu.terminator
  }
  return
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x04000000ABAAAA3E0000803F000000BF0000003F"
    }
  }
#-}
