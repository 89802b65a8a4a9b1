// mnv4-plan-arena: every memref.alloc of the entry point becomes a view into
// one arena, a new last argument; buffers whose lifetimes (allocation to the
// last use of the buffer or of a view of it) do not overlap share bytes;
// deallocs go; the size is mnv4.arena_bytes.
// RUN: mnv4-opt %s --mnv4-plan-arena | FileCheck %s
// RUN: mnv4-opt %s --mnv4-plan-arena=alignment=512 | FileCheck %s --check-prefix=ALIGN

// Lifetimes in top-level ops: a [0, 4], b [2, 7] (through its subview),
// c [5, 11], d [8, 10]. Largest first: a at 0, b at 1024 (overlaps a), d at 0
// (a is dead by then), c at 2048 (overlaps b and d).
// CHECK: module attributes {mnv4.arena_bytes = 2304 : i64}
// CHECK-LABEL: func.func @run(
// CHECK-SAME: %[[IN:.*]]: memref<256xf32>, %[[OUT:.*]]: memref<64xf32>, %[[OUT2:.*]]: memref<256xf32>, %[[ARENA:.*]]: memref<2304xi8>)
// CHECK-NOT: memref.alloc
// CHECK: %[[OA:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[OA]]][] : memref<2304xi8> to memref<256xf32>
// CHECK: linalg.copy ins(%[[IN]] : memref<256xf32>) outs(%[[A]] : memref<256xf32>)
// CHECK: %[[OB:.*]] = arith.constant 1024 : index
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[OB]]][] : memref<2304xi8> to memref<256xf32>
// CHECK: linalg.copy ins(%[[A]] : memref<256xf32>) outs(%[[B]] : memref<256xf32>)
// CHECK: %[[OC:.*]] = arith.constant 2048 : index
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%[[OC]]][] : memref<2304xi8> to memref<64xf32>
// CHECK: %[[SV:.*]] = memref.subview %[[B]][0] [64] [1]
// CHECK: linalg.copy ins(%[[SV]] : {{.*}}) outs(%[[C]] : memref<64xf32>)
// CHECK: %[[OD:.*]] = arith.constant 0 : index
// CHECK: %[[D:.*]] = memref.view %[[ARENA]][%[[OD]]][] : memref<2304xi8> to memref<256xf32>
// CHECK: linalg.copy ins(%[[IN]] : memref<256xf32>) outs(%[[D]] : memref<256xf32>)
// CHECK: linalg.copy ins(%[[D]] : memref<256xf32>) outs(%[[OUT2]] : memref<256xf32>)
// CHECK: linalg.copy ins(%[[C]] : memref<64xf32>) outs(%[[OUT]] : memref<64xf32>)
// CHECK-NOT: memref.dealloc
// CHECK: return

// With 512-byte alignment the same plan fits, and the size is rounded up.
// ALIGN: module attributes {mnv4.arena_bytes = 2560 : i64}
// ALIGN: memref<2560xi8>
func.func @run(%in: memref<256xf32>, %out: memref<64xf32>, %out2: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  linalg.copy ins(%in : memref<256xf32>) outs(%a : memref<256xf32>)
  %b = memref.alloc() : memref<256xf32>
  linalg.copy ins(%a : memref<256xf32>) outs(%b : memref<256xf32>)
  memref.dealloc %a : memref<256xf32>
  %c = memref.alloc() : memref<64xf32>
  %sv = memref.subview %b[0] [64] [1] : memref<256xf32> to memref<64xf32, strided<[1]>>
  linalg.copy ins(%sv : memref<64xf32, strided<[1]>>) outs(%c : memref<64xf32>)
  %d = memref.alloc() : memref<256xf32>
  linalg.copy ins(%in : memref<256xf32>) outs(%d : memref<256xf32>)
  linalg.copy ins(%d : memref<256xf32>) outs(%out2 : memref<256xf32>)
  linalg.copy ins(%c : memref<64xf32>) outs(%out : memref<64xf32>)
  return
}
