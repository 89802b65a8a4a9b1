// mnv4-copies-to-linalg: every memref.copy (contiguous or strided) becomes a
// linalg.copy of the same operands, so no copy needs MLIR's runtime.
// RUN: mnv4-opt %s --mnv4-copies-to-linalg | FileCheck %s
// RUN: mnv4-opt %s --mnv4-copies-to-linalg --convert-linalg-to-loops | FileCheck %s --check-prefix=LOOPS

// CHECK-LABEL: func.func @pad_copy(
// CHECK-SAME: %[[SRC:.*]]: memref<1x4x4x8xf32>, %[[DST:.*]]: memref<1x6x6x8xf32>, %[[FLAT:.*]]: memref<8xf32>, %[[FLAT2:.*]]: memref<8xf32>)
// CHECK-NOT: memref.copy
// CHECK: %[[SV:.*]] = memref.subview %[[DST]][0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK: linalg.copy ins(%[[SRC]] : memref<1x4x4x8xf32>) outs(%[[SV]] : memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>)
// CHECK: linalg.copy ins(%[[FLAT]] : memref<8xf32>) outs(%[[FLAT2]] : memref<8xf32>)
// CHECK-NOT: memref.copy
// LOOPS-NOT: memref.copy
// LOOPS-NOT: linalg.copy
// LOOPS: scf.for
func.func @pad_copy(%src: memref<1x4x4x8xf32>, %dst: memref<1x6x6x8xf32>, %a: memref<8xf32>, %b: memref<8xf32>) {
  %sv = memref.subview %dst[0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x6x6x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
  memref.copy %src, %sv : memref<1x4x4x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
  memref.copy %a, %b : memref<8xf32> to memref<8xf32>
  return
}
