// mnv4-outline-parallel-loops: the entry gains the thread-pool argument;
// each outermost scf.forall becomes a function of (ctx, begin, end) and a
// call of mnv4_parallel_for; the context carries the entry's buffers and
// loop-carried scalars, views and constants are recomputed inside.
// RUN: mnv4-opt %s --mnv4-outline-parallel-loops | FileCheck %s
// The result lowers to the LLVM dialect like the rest of the pipeline.
// RUN: mnv4-opt %s --mnv4-outline-parallel-loops --convert-vector-to-scf=full-unroll=true --convert-scf-to-cf --convert-vector-to-llvm --finalize-memref-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm --convert-func-to-llvm=use-bare-ptr-memref-call-conv=1 --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// CHECK: func.func private @mnv4_parallel_for(!llvm.ptr, (!llvm.ptr, i64, i64) -> (), !llvm.ptr, i64)
// CHECK-LABEL: func.func @net_run(
// CHECK-SAME: %[[IN:.*]]: memref<4x8xf32>, %[[OUT:.*]]: memref<4x8xf32>, %[[ARENA:.*]]: memref<256xi8>, %[[POOL:.*]]: !llvm.ptr)
// CHECK-DAG: %[[CTX0:.*]] = llvm.alloca %{{.*}} x i64
// CHECK-DAG: %[[CTX1:.*]] = llvm.alloca %{{.*}} x i64
// The first loop reads the input and writes an arena view: two pointers.
// CHECK: memref.extract_aligned_pointer_as_index %[[IN]]
// CHECK: llvm.store
// CHECK: memref.extract_aligned_pointer_as_index %[[ARENA]]
// CHECK: llvm.store
// CHECK: %[[FN0:.*]] = constant @net_run_parallel_0 : (!llvm.ptr, i64, i64) -> ()
// The whole iteration space is split, linearized: 4 x 2 tiles.
// CHECK: %[[N0:.*]] = arith.constant 8 : i64
// CHECK: call @mnv4_parallel_for(%[[POOL]], %[[FN0]], %{{.*}}, %[[N0]])
// The second loop sits in a serial band loop whose index it uses.
// CHECK: scf.for %[[BAND:.*]] =
// CHECK: arith.index_cast %[[BAND]] : index to i64
// CHECK: %[[FN1:.*]] = {{(func.)?}}constant @net_run_parallel_1
// CHECK: %[[N1:.*]] = arith.constant 8 : i64
// CHECK: call @mnv4_parallel_for(%[[POOL]], %[[FN1]], %{{.*}}, %[[N1]])
// A loop that allocates per iteration stays on the calling thread.
// CHECK: scf.for
// CHECK: memref.alloca
// CHECK-NOT: scf.forall
// CHECK: return

// CHECK: func.func private @net_run_parallel_0(%[[C:.*]]: !llvm.ptr, %[[B:.*]]: i64, %[[E:.*]]: i64)
// CHECK: llvm.load
// CHECK: builtin.unrealized_conversion_cast {{.*}} to memref<4x8xf32>
// CHECK: builtin.unrealized_conversion_cast {{.*}} to memref<256xi8>
// CHECK: memref.view
// CHECK: scf.for %[[L:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[Q:.*]] = arith.divui %[[L]], %c2{{.*}} : index
// CHECK: %[[R:.*]] = arith.remui %[[L]], %c2{{.*}} : index
// CHECK: %[[J:.*]] = arith.muli %[[R]], %c4
// CHECK: vector.transfer_read %{{.*}}[%[[Q]], %[[J]]]
// CHECK: vector.transfer_write
// CHECK: return
// CHECK: func.func private @net_run_parallel_1(

// LLVM: llvm.func @net_run(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// LLVM: llvm.mlir.addressof @net_run_parallel_0
// LLVM: llvm.call @mnv4_parallel_for
// LLVM: llvm.func @net_run_parallel_0(%{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// LLVM-NOT: unrealized_conversion_cast

func.func @net_run(%in: memref<4x8xf32>, %out: memref<4x8xf32>, %arena: memref<256xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %pad = arith.constant 0.0 : f32
  %v = memref.view %arena[%c0][] : memref<256xi8> to memref<4x8xf32>
  scf.forall (%i, %j) = (0, 0) to (4, 8) step (1, 4) {
    %x = vector.transfer_read %in[%i, %j], %pad {in_bounds = [true]} : memref<4x8xf32>, vector<4xf32>
    vector.transfer_write %x, %v[%i, %j] {in_bounds = [true]} : vector<4xf32>, memref<4x8xf32>
  }
  scf.for %b = %c0 to %c4 step %c1 {
    scf.forall (%j) in (8) {
      %x = memref.load %v[%b, %j] : memref<4x8xf32>
      memref.store %x, %out[%b, %j] : memref<4x8xf32>
    }
  }
  scf.forall (%i) in (4) {
    %t = memref.alloca() : memref<8xf32>
    %x = memref.load %t[%i] : memref<8xf32>
    memref.store %x, %out[%i, %i] : memref<4x8xf32>
  }
  return
}
