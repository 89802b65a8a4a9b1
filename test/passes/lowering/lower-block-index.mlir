// mnv4-lower-to-linalg: a fused block's tile loop (the op carrying
// mnv4.scratch_bytes) is tagged with the block's index in --stats-json's
// blocks (mnv4.const excluded), which mnv4-plan-arena sums per block.
// RUN: mnv4-opt %S/../../codegen/Inputs/tiny-net.mlir --mnv4-lower-to-linalg="fuse-min-bytes=0" | FileCheck %s
// RUN: mnv4-opt %S/../../codegen/Inputs/tiny-net.mlir --mnv4-lower-to-linalg="fuse-blocks=0" | FileCheck %s --check-prefix=UNFUSED

// Blocks: 0 conv2d, 1 uib, 2 activation; only the uib has a tile loop.
// CHECK-LABEL: func.func @main
// CHECK: scf.for
// CHECK: } {mnv4.block_index = 1 : i64, mnv4.scratch_bytes = {{[1-9][0-9]*}} : i64}
// CHECK-NOT: mnv4.block_index
// CHECK: return

// UNFUSED-NOT: mnv4.block_index
