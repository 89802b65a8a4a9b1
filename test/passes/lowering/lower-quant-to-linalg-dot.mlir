// mnv4-lower-quant-to-linalg with dot-product: the 1x1 / FC / kxk int8
// kernels as register tiles (scf.forall over pixels x channel panels) around
// x86 dot-product intrinsics. vpdpbusd multiplies unsigned activations: x +
// 128 (xor 0x80 in each byte of the splat), and the bias absorbs
// (z_in + 128) sum(w): 10 - (-3 + 128) * 4 = -490. vpmaddwd multiplies
// sign-extended i16 pairs: the bias is 10 - (-3) * 4 = 22. The requantization's
// high multiply takes the even and the odd i32 lanes as i64 lanes in place
// (two vpmuldq) and shuffles the halves of the results together.
// RUN: mnv4-opt %s --mnv4-lower-quant-to-linalg="dot-product=avx512vnni panel-width=16 rows=7" | FileCheck %s --check-prefix=VNNI
// RUN: mnv4-opt %s --mnv4-lower-quant-to-linalg="dot-product=avx2 panel-width=16 rows=7" | FileCheck %s --check-prefix=AVX2
// RUN: not mnv4-opt %s --mnv4-lower-quant-to-linalg="dot-product=sse" 2>&1 | FileCheck %s --check-prefix=BAD

// VNNI: arith.constant dense_resource<qpacked_dot> : tensor<1x1x64xi8>
// VNNI: arith.constant dense<-490> : tensor<16xi32>
// VNNI: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) in (1, 1, 1, 1) shared_outs
// VNNI:   scf.for
// VNNI:     vector.transfer_read {{.*}} : tensor<1x1x64xi8>, vector<64xi8>
// VNNI:     vector.transfer_read {{.*}} : tensor<1x1x2x4xi8>, vector<4xi8>
// VNNI:     vector.broadcast {{.*}} : i32 to vector<16xi32>
// VNNI:     arith.xori {{.*}} : vector<64xi8>
// VNNI:     llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"({{.*}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// VNNI:   arith.muli {{.*}} : vector<8xi64>
// VNNI:   arith.muli {{.*}} : vector<8xi64>
// VNNI:   vector.shuffle {{.*}} [0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31] : vector<16xi32>, vector<16xi32>
// VNNI:   arith.trunci {{.*}} : vector<16xi32> to vector<16xi8>
// VNNI:   tensor.parallel_insert_slice {{.*}} [1, 1, 2, 16] [1, 1, 1, 1]

// AVX2: arith.constant dense_resource<qpacked_dot> : tensor<1x2x32xi16>
// AVX2: arith.constant dense<22> : tensor<16xi32>
// AVX2: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) in (1, 1, 1, 1) shared_outs
// AVX2:     arith.extsi {{.*}} : vector<2xi8> to vector<2xi16>
// AVX2:     llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"({{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// AVX2:     arith.addi {{.*}} : vector<8xi32>
// AVX2:   arith.muli {{.*}} : vector<4xi64>
// AVX2:   arith.muli {{.*}} : vector<4xi64>
// AVX2:   vector.shuffle {{.*}} [0, 9, 2, 11, 4, 13, 6, 15] : vector<8xi32>, vector<8xi32>

// BAD: error: mnv4-lower-quant-to-linalg: dot-product must be avx512vnni, avx2, sdot, vrmpy or none, not 'sse'

!in = !quant.uniform<i8:f32, 0.5:-3>
!out = !quant.uniform<i8:f32, 0.25:5>
!w = !quant.uniform<i8<-127:127>:f32, 0.125>
!b = !quant.uniform<i32:f32, 0.0625>
func.func @fc(%x: tensor<2x4xf32>) -> tensor<2x16xf32> {
  %q = mnv4.quantize %x : tensor<2x4xf32> -> tensor<2x4x!in>
  %w = mnv4.qconst dense<1> : tensor<16x4xi8> -> tensor<16x4x!w>
  %b = mnv4.qconst dense<10> : tensor<16xi32> -> tensor<16x!b>
  %f = mnv4.qfully_connected %q, %w, %b : (tensor<2x4x!in>, tensor<16x4x!w>, tensor<16x!b>) -> tensor<2x16x!out>
  %y = mnv4.dequantize %f : tensor<2x16x!out> -> tensor<2x16xf32>
  return %y : tensor<2x16xf32>
}
