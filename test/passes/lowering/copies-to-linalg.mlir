// mnv4-copies-to-linalg: a memref.copy whose rows are contiguous on both
// sides (the padded-input copy into a strided subview) becomes a loop nest of
// row copies between contiguous subviews (each a memcpy); a copy without
// contiguous rows becomes linalg.copy (loops); a contiguous copy stays; a
// copy of a buffer onto itself goes. No copy needs MLIR's runtime.
// RUN: mnv4-opt %s --mnv4-copies-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @pad_copy(
// CHECK-SAME: %[[SRC:.*]]: memref<1x4x4x8xf32>, %[[DST:.*]]: memref<1x6x6x8xf32>, %[[FLAT:.*]]: memref<8xf32>, %[[FLAT2:.*]]: memref<8xf32>)
// CHECK: %[[SV:.*]] = memref.subview %[[DST]][0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK: scf.for %[[N:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[H:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[FROM:.*]] = memref.subview %[[SRC]][%[[N]], %[[H]], 0, 0] [1, 1, 4, 8] [1, 1, 1, 1]
// CHECK: %[[TO:.*]] = memref.subview %[[SV]][%[[N]], %[[H]], 0, 0] [1, 1, 4, 8] [1, 1, 1, 1]
// CHECK: memref.copy %[[FROM]], %[[TO]] : memref<1x1x4x8xf32, strided<[128, 32, 8, 1], offset: ?>> to memref<1x1x4x8xf32, strided<[288, 48, 8, 1], offset: ?>>
// CHECK: memref.copy %[[FLAT]], %[[FLAT2]] : memref<8xf32> to memref<8xf32>
// CHECK-NOT: linalg.copy
// CHECK: return
func.func @pad_copy(%src: memref<1x4x4x8xf32>, %dst: memref<1x6x6x8xf32>, %a: memref<8xf32>, %b: memref<8xf32>) {
  %sv = memref.subview %dst[0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x6x6x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
  memref.copy %src, %sv : memref<1x4x4x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
  memref.copy %a, %b : memref<8xf32> to memref<8xf32>
  return
}

// Every other element: no contiguous row, so loops.
// CHECK-LABEL: func.func @strided_copy(
// CHECK-SAME: %[[SRC:.*]]: memref<8xf32>, %[[DST:.*]]: memref<4xf32>)
// CHECK: %[[SV:.*]] = memref.subview %[[SRC]][0] [4] [2]
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[SV]] : memref<4xf32, strided<[2]>>) outs(%[[DST]] : memref<4xf32>)
func.func @strided_copy(%src: memref<8xf32>, %dst: memref<4xf32>) {
  %sv = memref.subview %src[0] [4] [2] : memref<8xf32> to memref<4xf32, strided<[2]>>
  memref.copy %sv, %dst : memref<4xf32, strided<[2]>> to memref<4xf32>
  return
}

// CHECK-LABEL: func.func @self_copy(
// CHECK-NOT: memref.copy
// CHECK-NOT: linalg.copy
// CHECK: return
func.func @self_copy(%a: memref<8xf32>) {
  memref.copy %a, %a : memref<8xf32> to memref<8xf32>
  return
}
