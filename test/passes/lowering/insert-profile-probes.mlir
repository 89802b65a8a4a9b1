// mnv4-insert-profile-probes: every block (each op of the entry function but
// mnv4.const and func.return) between two calls of the runtime's
// mnv4_profile_mark, mark 0 before block 0 and mark i + 1 after block i.
// RUN: mnv4-opt %s --mnv4-insert-profile-probes | FileCheck %s

// The probes survive the whole lowering in program order.
// RUN: mnv4-opt %s --mnv4-insert-profile-probes --mnv4-lower-to-llvm="target=x86_64 cpu=x86-64-v3 name=net" | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: module
// CHECK: func.func private @mnv4_profile_mark(i32)
// CHECK-LABEL: func.func @main
// CHECK: mnv4.const
// CHECK: %[[M0:.*]] = arith.constant 0 : i32
// CHECK-NEXT: call @mnv4_profile_mark(%[[M0]]) : (i32) -> ()
// CHECK-NEXT: mnv4.depthwise_conv2d
// CHECK-NEXT: %[[M1:.*]] = arith.constant 1 : i32
// CHECK-NEXT: call @mnv4_profile_mark(%[[M1]]) : (i32) -> ()
// CHECK-NEXT: mnv4.const
// CHECK-NEXT: mnv4.add
// CHECK-NEXT: %[[M2:.*]] = arith.constant 2 : i32
// CHECK-NEXT: call @mnv4_profile_mark(%[[M2]]) : (i32) -> ()
// CHECK-NEXT: mnv4.global_avg_pool
// CHECK-NEXT: %[[M3:.*]] = arith.constant 3 : i32
// CHECK-NEXT: call @mnv4_profile_mark(%[[M3]]) : (i32) -> ()
// CHECK-NEXT: return
// CHECK-NOT: mnv4_profile_mark

// Each block's work (a parallel loop on the caller's pool, or plain loops)
// lies between its two marks; the marks stay in the entry point, on the
// calling thread, never inside an outlined parallel body. The layout
// transposes of the ABI lie outside every block.
// LLVM: llvm.func @mnv4_profile_mark(i32)
// LLVM-LABEL: llvm.func @net_run(
// LLVM-NOT: @mnv4_profile_mark
// LLVM: llvm.call @mnv4_parallel_for
// LLVM-NEXT: llvm.call @mnv4_profile_mark(%{{.*}}) : (i32) -> ()
// LLVM-NOT: @mnv4_profile_mark
// LLVM: llvm.call @mnv4_parallel_for
// LLVM-NEXT: llvm.call @mnv4_profile_mark(%{{.*}}) : (i32) -> ()
// LLVM-NOT: @mnv4_profile_mark
// LLVM: llvm.call @mnv4_parallel_for
// LLVM-NEXT: llvm.call @mnv4_profile_mark(%{{.*}}) : (i32) -> ()
// LLVM-NOT: @mnv4_profile_mark
// LLVM: llvm.store
// LLVM: llvm.call @mnv4_profile_mark(%{{.*}}) : (i32) -> ()
// LLVM-NOT: @mnv4_profile_mark
// LLVM: llvm.return
// LLVM: llvm.func @net_run_parallel_0(
// LLVM-NOT: @mnv4_profile_mark
func.func @main(%x: tensor<1x4x4x8xf32>) -> tensor<1x1x1x8xf32> {
  %f = mnv4.const dense<0.5> : tensor<3x3x8xf32>
  %d = mnv4.depthwise_conv2d %x, %f {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, act = #mnv4.act<none>} : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  %c = mnv4.const dense<1.0> : tensor<1x4x4x8xf32>
  %a = mnv4.add %d, %c : tensor<1x4x4x8xf32>
  %p = mnv4.global_avg_pool %a : tensor<1x4x4x8xf32> -> tensor<1x1x1x8xf32>
  return %p : tensor<1x1x1x8xf32>
}
