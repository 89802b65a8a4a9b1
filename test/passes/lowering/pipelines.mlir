// The named pipelines of mnv4-opt: mnv4-lower-to-linalg-pipeline (what
// mnv4-compile --emit=linalg prints) and mnv4-lower-to-llvm (what
// --emit=obj compiles): bare-pointer entry point (input, outputs, arena,
// thread pool), no allocation and no runtime call but the pool's left in the
// code.
// RUN: mnv4-opt %s --mnv4-lower-to-linalg-pipeline=name=net | FileCheck %s --check-prefix=LINALG
// RUN: mnv4-opt %s --mnv4-lower-to-llvm="target=x86_64 cpu=x86-64-v3 name=net" | FileCheck %s --check-prefix=LLVM
// RUN: mnv4-opt %s --mnv4-lower-to-llvm="target=aarch64 cpu=neoverse-v1 name=net" | FileCheck %s --check-prefix=LLVM
// RUN: not mnv4-opt %s --mnv4-lower-to-llvm=target=riscv 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not mnv4-opt %s --mnv4-lower-to-llvm="target=x86_64 cpu=pentium9" 2>&1 | FileCheck %s --check-prefix=CPU

// LINALG-NOT: = mnv4.
// LINALG: func.func @net_run(%{{.*}}: memref<1x3x4x4xf32>, %{{.*}}: memref<1x10xf32>, %{{.*}}: memref<1x8x2x2xf32>)
// LINALG: linalg.transpose {{.*}} permutation = [0, 2, 3, 1]
// LINALG: mnv4.kernel = "pointwise"
// LINALG: linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
// LINALG-NOT: func.func @main

// LLVM: module attributes {mnv4.arena_bytes = {{[1-9][0-9]*}} : i64}
// LLVM: llvm.func @net_run(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) {
// LLVM: llvm.call @mnv4_parallel_for
// LLVM-NOT: malloc
// LLVM-NOT: memrefCopy
// LLVM-NOT: = mnv4.
// LLVM-NOT: memref.
// LLVM-NOT: linalg.

// TARGET-NOT: LLVM ERROR
// TARGET: error: unknown target 'riscv': valid targets are x86_64, aarch64, hexagon
// CPU: unknown CPU 'pentium9' for target x86_64: run `llc-22 -mtriple=x86_64-unknown-linux-gnu -mcpu=help` to list the valid CPUs

func.func @main(%x: tensor<1x4x4x3xf32>) -> (tensor<1x10xf32>, tensor<1x2x2x8xf32>) {
  %a = mnv4.global_avg_pool %x : tensor<1x4x4x3xf32> -> tensor<1x1x1x3xf32>
  %r = mnv4.reshape %a : tensor<1x1x1x3xf32> -> tensor<1x3xf32>
  %w = mnv4.const dense<0.5> : tensor<10x3xf32>
  %y = mnv4.fully_connected %r, %w : (tensor<1x3xf32>, tensor<10x3xf32>) -> tensor<1x10xf32>
  %p = mnv4.avg_pool2d %x {kernel = 2 : i64, stride = 2 : i64} : tensor<1x4x4x3xf32> -> tensor<1x2x2x3xf32>
  %w2 = mnv4.const dense<0.25> : tensor<8x1x1x3xf32>
  %f = mnv4.conv2d %p, %w2 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<gelu>} : (tensor<1x2x2x3xf32>, tensor<8x1x1x3xf32>) -> tensor<1x2x2x8xf32>
  return %y, %f : tensor<1x10xf32>, tensor<1x2x2x8xf32>
}
