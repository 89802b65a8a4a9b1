// mnv4-plan-arena: the buffers inside a tile loop (mnv4.scratch_bytes) are
// its scratch; loops tagged with mnv4.block_index add theirs to
// mnv4.block_scratch_bytes on the module, indexed by block, each buffer
// counted once (here in the inner loop's block), -1 for a block without a
// tile loop.
// RUN: mnv4-opt %s --mnv4-plan-arena | FileCheck %s

// CHECK: module attributes {mnv4.arena_bytes = {{[0-9]+}} : i64, mnv4.block_scratch_bytes = array<i64: 0, -1, 1280>}
// CHECK: } {mnv4.block_index = 0 : i64, mnv4.scratch_bytes = 0 : i64}
// CHECK: } {mnv4.block_index = 2 : i64, mnv4.scratch_bytes = 256 : i64}
// CHECK: } {mnv4.block_index = 2 : i64, mnv4.scratch_bytes = 1280 : i64}
func.func @run(%in: memref<64xf32>, %out: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %i = %c0 to %c2 step %c1 {
    linalg.copy ins(%in : memref<64xf32>) outs(%out : memref<64xf32>)
  } {mnv4.block_index = 0 : i64, mnv4.scratch_bytes = 7 : i64}
  scf.for %i = %c0 to %c2 step %c1 {
    %a = memref.alloc() : memref<256xf32>
    linalg.copy ins(%in : memref<64xf32>) outs(%out : memref<64xf32>)
    scf.for %j = %c0 to %c2 step %c1 {
      %b = memref.alloc() : memref<64xf32>
      linalg.copy ins(%b : memref<64xf32>) outs(%out : memref<64xf32>)
    } {mnv4.block_index = 2 : i64, mnv4.scratch_bytes = 0 : i64}
    linalg.copy ins(%out : memref<64xf32>) outs(%in : memref<64xf32>)
    %v = memref.subview %a[0] [64] [1] : memref<256xf32> to memref<64xf32, strided<[1]>>
    linalg.copy ins(%v : memref<64xf32, strided<[1]>>) outs(%out : memref<64xf32>)
  } {mnv4.block_index = 2 : i64, mnv4.scratch_bytes = 0 : i64}
  return
}
