// RUN: mnv4-opt %s --split-input-file --mnv4-register-accumulators | FileCheck %s

// A reduction over two loops (a 1x1 conv's input channels split in two):
// the output element is loaded once before the outer loop, carried through
// both, and stored once after.
// CHECK-LABEL: func.func @two_loops
// CHECK:         %[[INIT:.*]] = memref.load %arg2[%arg3] : memref<4xf32>
// CHECK:         %[[OUTER:.*]] = scf.for %{{.*}} = %c0 to %c2 step %c1 iter_args(%[[A:.*]] = %[[INIT]]) -> (f32) {
// CHECK:           %[[INNER:.*]] = scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args(%[[B:.*]] = %[[A]]) -> (f32) {
// CHECK-NOT:         memref.store
// CHECK:             %[[X:.*]] = memref.load %arg0
// CHECK:             %[[S:.*]] = arith.addf %[[B]], %{{.*}} : f32
// CHECK:             scf.yield %[[S]] : f32
// CHECK:           scf.yield %[[INNER]] : f32
// CHECK:         memref.store %[[OUTER]], %arg2[%arg3] : memref<4xf32>
func.func @two_loops(%in: memref<2x8xf32>, %w: memref<2x8xf32>, %out: memref<4xf32>, %i: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  scf.for %a = %c0 to %c2 step %c1 {
    scf.for %b = %c0 to %c8 step %c1 {
      %x = memref.load %in[%a, %b] : memref<2x8xf32>
      %y = memref.load %w[%a, %b] : memref<2x8xf32>
      %acc = memref.load %out[%i] : memref<4xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      memref.store %s, %out[%i] : memref<4xf32>
    }
  }
  return
}

// -----

// Not promoted: the loop also reads the output buffer elsewhere (another
// index), or the stored index changes with the loop.
// CHECK-LABEL: func.func @kept
// CHECK:         scf.for
// CHECK-NOT:       iter_args
// CHECK:           memref.load %arg1[%arg2]
// CHECK:           memref.load %arg1[%c0]
// CHECK:           memref.store
// CHECK:         scf.for
// CHECK-NOT:       iter_args
// CHECK:           memref.store %{{.*}}, %arg1[%{{.*}}]
func.func @kept(%in: memref<8xf32>, %out: memref<8xf32>, %i: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %k = %c0 to %c8 step %c1 {
    %acc = memref.load %out[%i] : memref<8xf32>
    %other = memref.load %out[%c0] : memref<8xf32>
    %s = arith.addf %acc, %other : f32
    memref.store %s, %out[%i] : memref<8xf32>
  }
  scf.for %k = %c0 to %c8 step %c1 {
    %acc = memref.load %out[%k] : memref<8xf32>
    %x = memref.load %in[%k] : memref<8xf32>
    %s = arith.addf %acc, %x : f32
    memref.store %s, %out[%k] : memref<8xf32>
  }
  return
}
