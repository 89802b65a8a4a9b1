// mnv4-outline-parallel-loops on a loop marked `mnv4.split_dim` (a pointwise
// kernel's pixels, set by mnv4-tile-and-vectorize): the threads split that
// dimension only, and each runs every other dimension over its part, those
// outer, as the loop nests them (the weight panels stay the outer loop).
// RUN: mnv4-opt %s --mnv4-outline-parallel-loops | FileCheck %s

// CHECK-LABEL: func.func @net_run(
// The pool gets the split dimension's 4 tiles, not the 3 x 4 of the space.
// CHECK: %[[N:.*]] = arith.constant 4 : i64
// CHECK: call @mnv4_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %[[N]])

// CHECK: func.func private @net_run_parallel_0(%{{.*}}: !llvm.ptr, %[[B:.*]]: i64, %[[E:.*]]: i64)
// CHECK-DAG: %[[BEGIN:.*]] = arith.index_cast %[[B]] : i64 to index
// CHECK-DAG: %[[END:.*]] = arith.index_cast %[[E]] : i64 to index
// The panels, outer, over all of their range ...
// CHECK: scf.for %[[P:.*]] = %c0{{.*}} to %c3{{.*}} step
// ... then this thread's pixel tiles.
// CHECK: scf.for %[[T:.*]] = %[[BEGIN]] to %[[END]] step
// CHECK: %[[M:.*]] = arith.muli %[[T]], %c2
// CHECK: vector.transfer_read %{{.*}}[%[[M]], %[[P]]]
// CHECK: return

func.func @net_run(%in: memref<8x3xf32>, %out: memref<8x3xf32>) {
  %pad = arith.constant 0.0 : f32
  scf.forall (%p, %m) = (0, 0) to (3, 8) step (1, 2) {
    %x = vector.transfer_read %in[%m, %p], %pad {in_bounds = [true]} : memref<8x3xf32>, vector<1xf32>
    vector.transfer_write %x, %out[%m, %p] {in_bounds = [true]} : vector<1xf32>, memref<8x3xf32>
  } {mnv4.split_dim = 1 : index}
  return
}
