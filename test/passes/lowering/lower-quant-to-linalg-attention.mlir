// mnv4-lower-quant-to-linalg on a Mobile MQA's int8 attention (query heads
// split, K flattened and transposed, V flattened, BATCH_MATMUL -> SOFTMAX ->
// BATCH_MATMUL, heads merged): one scf.for over tiles of the heads' query
// rows against the shared K and V, packed once; no [heads, N, M] tensor.
// K and V are the pointwise kernel's panels (generic), or the dot-product
// kernel's runtime-packed weights (with vpdpbusd, M = 16 keys and vd = 16
// are whole panels, kd = 8 and M whole groups of 4). The zero points: the
// row sums of Q and of each probability tile, the column sums of K and V
// once.
// RUN: mnv4-opt %s --mnv4-lower-quant-to-linalg | FileCheck %s
// RUN: mnv4-opt %s --mnv4-lower-quant-to-linalg="dot-product=avx512vnni panel-width=32 rows=7" | FileCheck %s --check-prefix=VNNI
// RUN: mnv4-opt %s --mnv4-lower-quant-to-linalg="fuse-blocks=0" | FileCheck %s --check-prefix=UNFUSED

// CHECK-LABEL: func.func @main
// CHECK-NOT: tensor<1x2x16x16xi8>
// Q's row sums times -z_k (7); K's column sums times -z_q (-3) from kd z_q z_k
// (8 * 3 * -7); V's column sums times -z_a (128) from M z_a z_v (16 * -128 * 12).
// CHECK: arith.constant 7 : i32
// CHECK: arith.constant -168 : i32
// CHECK: arith.constant -3 : i32
// CHECK: arith.constant -24576 : i32
// CHECK: arith.constant 128 : i32
// CHECK: scf.for {{.*}} -> (tensor<32x16xi8>)
// CHECK: mnv4.kernel = "bias"
// CHECK: mnv4.kernel = "pointwise"
// CHECK: mnv4.kernel = "activation"
// CHECK: mnv4.kernel = "softmax"
// CHECK: mnv4.kernel = "bias"
// CHECK: mnv4.kernel = "pointwise"
// CHECK: mnv4.kernel = "activation"
// CHECK: tensor.insert_slice
// CHECK: } {mnv4.scratch_bytes = {{[0-9]+}} : i64}
// CHECK-NOT: tensor<1x2x16x16xi8>

// With vpdpbusd the activations are read + 128: K's column terms take
// -(z_q + 128) = -131, V's -(z_a + 128) = 0 (no sum, only the constant).
// VNNI-LABEL: func.func @main
// VNNI-NOT: tensor<1x2x16x16xi8>
// VNNI: arith.constant -131 : i32
// VNNI: %[[VT:.*]] = arith.constant -24576 : i32
// VNNI-NEXT: tensor.empty() : tensor<16xi32>
// VNNI-NEXT: linalg.fill ins(%[[VT]] : i32)
// VNNI-NEXT: tensor.expand_shape
// VNNI: scf.for
// VNNI: scf.forall {{.*}} -> (tensor<1x1x32x16xi8>)
// VNNI: llvm.x86.avx512.vpdpbusd.512
// VNNI: mnv4.kernel = "softmax"
// VNNI: scf.forall {{.*}} -> (tensor<1x1x32x16xi8>)
// VNNI: llvm.x86.avx512.vpdpbusd.512
// VNNI: mnv4.scratch_bytes
// VNNI-NOT: tensor<1x2x16x16xi8>

// UNFUSED: tensor<1x2x16x16xi8>
// UNFUSED-NOT: scf.for
!q = !quant.uniform<i8:f32, 0.0625:3>
!k = !quant.uniform<i8:f32, 0.0625:-7>
!s = !quant.uniform<i8:f32, 0.125:10>
!p = !quant.uniform<i8:f32, 0.00390625:-128>
!v = !quant.uniform<i8:f32, 0.0625:12>
!o = !quant.uniform<i8:f32, 0.03125:-4>
func.func @main(%x: tensor<1x4x4x16xf32>, %y: tensor<1x4x4x8xf32>, %z: tensor<1x4x4x16xf32>) -> tensor<1x4x4x32xf32> {
  %q = mnv4.quantize %x : tensor<1x4x4x16xf32> -> tensor<1x4x4x16x!q>
  %k = mnv4.quantize %y : tensor<1x4x4x8xf32> -> tensor<1x4x4x8x!k>
  %v = mnv4.quantize %z : tensor<1x4x4x16xf32> -> tensor<1x4x4x16x!v>
  %q1 = mnv4.qreshape %q : tensor<1x4x4x16x!q> -> tensor<1x16x2x8x!q>
  %q2 = mnv4.qtranspose %q1 {perm = array<i64: 0, 2, 1, 3>} : tensor<1x16x2x8x!q> -> tensor<1x2x16x8x!q>
  %k1 = mnv4.qreshape %k : tensor<1x4x4x8x!k> -> tensor<1x1x16x8x!k>
  %k2 = mnv4.qtranspose %k1 {perm = array<i64: 0, 1, 3, 2>} : tensor<1x1x16x8x!k> -> tensor<1x1x8x16x!k>
  %v1 = mnv4.qreshape %v : tensor<1x4x4x16x!v> -> tensor<1x1x16x16x!v>
  %s = mnv4.qbatch_matmul %q2, %k2 : (tensor<1x2x16x8x!q>, tensor<1x1x8x16x!k>) -> tensor<1x2x16x16x!s>
  %a = mnv4.qsoftmax %s : tensor<1x2x16x16x!s> -> tensor<1x2x16x16x!p>
  %o = mnv4.qbatch_matmul %a, %v1 : (tensor<1x2x16x16x!p>, tensor<1x1x16x16x!v>) -> tensor<1x2x16x16x!o>
  %o1 = mnv4.qtranspose %o {perm = array<i64: 0, 2, 1, 3>} : tensor<1x2x16x16x!o> -> tensor<1x16x2x16x!o>
  %o2 = mnv4.qreshape %o1 : tensor<1x16x2x16x!o> -> tensor<1x4x4x32x!o>
  %r = mnv4.dequantize %o2 : tensor<1x4x4x32x!o> -> tensor<1x4x4x32xf32>
  return %r : tensor<1x4x4x32xf32>
}
