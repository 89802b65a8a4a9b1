// mnv4-lower-quant-to-linalg with the signed 4-way dot products of AArch64
// (sdot, dotprod) and Hexagon HVX (vrmpy): int8 x int8 with no offset, so the
// bias absorbs z_in sum(w) only: 10 - (-3) * 4 = 22 (0x16). sdot takes 16 bytes per
// 4 lanes; vrmpy 128 bytes per 32 lanes, as i32 vectors, so a panel needs 32
// channels.
// RUN: mnv4-opt %s --mnv4-lower-quant-to-linalg="dot-product=sdot panel-width=8 rows=2" | FileCheck %s --check-prefix=SDOT
// RUN: mnv4-opt %s --mnv4-lower-quant-to-linalg="dot-product=vrmpy panel-width=32 rows=2" | FileCheck %s --check-prefix=VRMPY

// SDOT: arith.constant dense_resource<qpacked_dot> : tensor<4x1x32xi8>
// SDOT: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) in (1, 1, 1, 4) shared_outs
// SDOT:     vector.transfer_read {{.*}} : tensor<4x1x32xi8>, vector<16xi8>
// SDOT-NOT: arith.extsi
// SDOT-NOT: arith.xori
// SDOT:     llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"({{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// SDOT:   tensor.parallel_insert_slice {{.*}} [1, 1, 2, 8] [1, 1, 1, 1]
// SDOT: qbias: "0x0400000016000000{{(16000000)+}}"

// VRMPY: arith.constant dense_resource<qpacked_dot> : tensor<1x1x128xi8>
// VRMPY:     vector.transfer_read {{.*}} : tensor<1x1x128xi8>, vector<128xi8>
// VRMPY:     vector.bitcast {{.*}} : vector<128xi8> to vector<32xi32>
// VRMPY:     llvm.call_intrinsic "llvm.hexagon.V6.vrmpybv.acc.128B"({{.*}}) : (vector<32xi32>, vector<32xi32>, vector<32xi32>) -> vector<32xi32>
// VRMPY:   tensor.parallel_insert_slice {{.*}} [1, 1, 2, 32] [1, 1, 1, 1]
// VRMPY: qbias: "0x0400000016000000{{(16000000)+}}"

!in = !quant.uniform<i8:f32, 0.5:-3>
!out = !quant.uniform<i8:f32, 0.25:5>
!w = !quant.uniform<i8<-127:127>:f32, 0.125>
!b = !quant.uniform<i32:f32, 0.0625>
func.func @fc(%x: tensor<2x4xf32>) -> tensor<2x32xf32> {
  %q = mnv4.quantize %x : tensor<2x4xf32> -> tensor<2x4x!in>
  %w = mnv4.qconst dense<1> : tensor<32x4xi8> -> tensor<32x4x!w>
  %b = mnv4.qconst dense<10> : tensor<32xi32> -> tensor<32x!b>
  %f = mnv4.qfully_connected %q, %w, %b : (tensor<2x4x!in>, tensor<32x4x!w>, tensor<32x!b>) -> tensor<2x32x!out>
  %y = mnv4.dequantize %f : tensor<2x32x!out> -> tensor<2x32xf32>
  return %y : tensor<2x32xf32>
}
