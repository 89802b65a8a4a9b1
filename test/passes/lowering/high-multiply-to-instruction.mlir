// RUN: mnv4-opt %s --mnv4-high-multiply-to-instruction=instruction=hvx | FileCheck %s
// RUN: mnv4-opt %s --mnv4-high-multiply-to-instruction=instruction=none | FileCheck %s --check-prefix=NONE
// RUN: not mnv4-opt %s --mnv4-high-multiply-to-instruction=instruction=sse 2>&1 | FileCheck %s --check-prefix=BAD

// FixedPoint::srdhm's i64 form, vectorized, goes on HVX's rounding doubling
// high multiply on 32 i32 lanes; where a = m = INT32_MIN the i64 form's own
// value (INT32_MIN) is kept. instruction=none leaves it alone.
// BAD: unknown instruction 'sse' (none or hvx)

// 8 lanes: padded to 32 with copies of lane 0, the 8 taken back.
// CHECK-LABEL: func.func @srdhm8
// CHECK-NOT:     i64
// CHECK:         %[[A:.*]] = vector.shuffle %arg0, %arg0 [0, 1, 2, 3, 4, 5, 6, 7, 0, 0,
// CHECK:         %[[M:.*]] = vector.shuffle %arg1, %arg1 [0, 1, 2, 3, 4, 5, 6, 7, 0, 0,
// CHECK:         %[[E:.*]] = llvm.call_intrinsic "llvm.hexagon.V6.vmpyewuh.128B"(%[[A]], %[[M]])
// CHECK:         %[[O:.*]] = llvm.call_intrinsic "llvm.hexagon.V6.vmpyowh.rnd.sacc.128B"(%[[E]], %[[A]], %[[M]])
// CHECK:         %[[R:.*]] = vector.shuffle %[[O]], %[[O]] [0, 1, 2, 3, 4, 5, 6, 7] : vector<32xi32>, vector<32xi32>
// CHECK:         %[[XA:.*]] = arith.xori %arg0, %[[MIN:.*]] : vector<8xi32>
// CHECK:         %[[XM:.*]] = arith.xori %arg1, %[[MIN]] : vector<8xi32>
// CHECK:         %[[OR:.*]] = arith.ori %[[XA]], %[[XM]]
// CHECK:         %[[BOTH:.*]] = arith.cmpi eq, %[[OR]]
// CHECK:         %[[S:.*]] = arith.select %[[BOTH]], %[[MIN]], %[[R]]
// CHECK:         return %[[S]]
// NONE-LABEL: func.func @srdhm8
// NONE:         arith.divsi {{.*}} : vector<8xi64>
// NONE-NOT:     llvm.call_intrinsic
func.func @srdhm8(%a: vector<8xi32>, %m: vector<8xi32>) -> vector<8xi32> {
  %zero = arith.constant dense<0> : vector<8xi64>
  %up = arith.constant dense<1073741824> : vector<8xi64>
  %down = arith.constant dense<-1073741823> : vector<8xi64>
  %d = arith.constant dense<2147483648> : vector<8xi64>
  %a64 = arith.extsi %a : vector<8xi32> to vector<8xi64>
  %m64 = arith.extsi %m : vector<8xi32> to vector<8xi64>
  %p = arith.muli %a64, %m64 : vector<8xi64>
  %s = arith.cmpi sge, %p, %zero : vector<8xi64>
  %n = arith.select %s, %up, %down : vector<8xi1>, vector<8xi64>
  %t = arith.addi %p, %n : vector<8xi64>
  %q = arith.divsi %t, %d : vector<8xi64>
  %r = arith.trunci %q : vector<8xi64> to vector<8xi32>
  return %r : vector<8xi32>
}

// 64 lanes: two 32-lane pieces; a folded constant multiplier (the nudge
// operand first) is the i32 constant (its 32-lane pieces folded).
// CHECK-LABEL: func.func @srdhm64
// CHECK-NOT:     i64
// CHECK-DAG:     arith.constant dense<1431655765> : vector<32xi32>
// CHECK:         vector.extract_strided_slice {{.*}} {offsets = [0], sizes = [32], strides = [1]}
// CHECK:         llvm.call_intrinsic "llvm.hexagon.V6.vmpyowh.rnd.sacc.128B"
// CHECK:         vector.extract_strided_slice {{.*}} {offsets = [32], sizes = [32], strides = [1]}
// CHECK:         llvm.call_intrinsic "llvm.hexagon.V6.vmpyowh.rnd.sacc.128B"
// CHECK:         vector.insert_strided_slice {{.*}} {offsets = [32], strides = [1]}
func.func @srdhm64(%a: vector<64xi32>) -> vector<64xi32> {
  %zero = arith.constant dense<0> : vector<64xi64>
  %up = arith.constant dense<1073741824> : vector<64xi64>
  %down = arith.constant dense<-1073741823> : vector<64xi64>
  %d = arith.constant dense<2147483648> : vector<64xi64>
  %m64 = arith.constant dense<1431655765> : vector<64xi64>
  %a64 = arith.extsi %a : vector<64xi32> to vector<64xi64>
  %p = arith.muli %a64, %m64 : vector<64xi64>
  %s = arith.cmpi sge, %p, %zero : vector<64xi64>
  %n = arith.select %s, %up, %down : vector<64xi1>, vector<64xi64>
  %t = arith.addi %n, %p : vector<64xi64>
  %q = arith.divsi %t, %d : vector<64xi64>
  %r = arith.trunci %q : vector<64xi64> to vector<64xi32>
  return %r : vector<64xi32>
}

// 3x16: row by row (LLVM keeps the rows apart), each row padded; the
// per-channel multiplier broadcast over the rows.
// CHECK-LABEL: func.func @srdhm3x16
// CHECK-NOT:     i64
// CHECK:         vector.broadcast %arg1 : vector<16xi32> to vector<3x16xi32>
// CHECK:         vector.extract {{.*}}[0] : vector<16xi32> from vector<3x16xi32>
// CHECK:         vector.shuffle {{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0,
// CHECK-COUNT-3: llvm.call_intrinsic "llvm.hexagon.V6.vmpyowh.rnd.sacc.128B"
// CHECK:         vector.insert {{.*}} [2] : vector<16xi32> into vector<3x16xi32>
func.func @srdhm3x16(%a: vector<3x16xi32>, %m: vector<16xi32>) -> vector<3x16xi32> {
  %zero = arith.constant dense<0> : vector<3x16xi64>
  %up = arith.constant dense<1073741824> : vector<3x16xi64>
  %down = arith.constant dense<-1073741823> : vector<3x16xi64>
  %d = arith.constant dense<2147483648> : vector<3x16xi64>
  %a64 = arith.extsi %a : vector<3x16xi32> to vector<3x16xi64>
  %m64 = arith.extsi %m : vector<16xi32> to vector<16xi64>
  %mb = vector.broadcast %m64 : vector<16xi64> to vector<3x16xi64>
  %p = arith.muli %a64, %mb : vector<3x16xi64>
  %s = arith.cmpi sge, %p, %zero : vector<3x16xi64>
  %n = arith.select %s, %up, %down : vector<3x16xi1>, vector<3x16xi64>
  %t = arith.addi %p, %n : vector<3x16xi64>
  %q = arith.divsi %t, %d : vector<3x16xi64>
  %r = arith.trunci %q : vector<3x16xi64> to vector<3x16xi32>
  return %r : vector<3x16xi32>
}

// Not the srdhm: a divisor of 2^30, a scalar, and a multiplier constant
// that does not fit in i32 stay as they are.
// CHECK-LABEL: func.func @other
// CHECK-NOT:     llvm.call_intrinsic
// CHECK:         return
func.func @other(%a: vector<8xi32>, %m: vector<8xi32>, %x: i32, %y: i32) -> (vector<8xi32>, i32, vector<8xi32>) {
  %zero = arith.constant dense<0> : vector<8xi64>
  %up = arith.constant dense<1073741824> : vector<8xi64>
  %down = arith.constant dense<-1073741823> : vector<8xi64>
  %d30 = arith.constant dense<1073741824> : vector<8xi64>
  %a64 = arith.extsi %a : vector<8xi32> to vector<8xi64>
  %m64 = arith.extsi %m : vector<8xi32> to vector<8xi64>
  %p = arith.muli %a64, %m64 : vector<8xi64>
  %s = arith.cmpi sge, %p, %zero : vector<8xi64>
  %n = arith.select %s, %up, %down : vector<8xi1>, vector<8xi64>
  %t = arith.addi %p, %n : vector<8xi64>
  %q = arith.divsi %t, %d30 : vector<8xi64>
  %r = arith.trunci %q : vector<8xi64> to vector<8xi32>
  %zs = arith.constant 0 : i64
  %ups = arith.constant 1073741824 : i64
  %downs = arith.constant -1073741823 : i64
  %ds = arith.constant 2147483648 : i64
  %x64 = arith.extsi %x : i32 to i64
  %y64 = arith.extsi %y : i32 to i64
  %ps = arith.muli %x64, %y64 : i64
  %ss = arith.cmpi sge, %ps, %zs : i64
  %ns = arith.select %ss, %ups, %downs : i64
  %ts = arith.addi %ps, %ns : i64
  %qs = arith.divsi %ts, %ds : i64
  %rs = arith.trunci %qs : i64 to i32
  %big = arith.constant dense<4294967296> : vector<8xi64>
  %d = arith.constant dense<2147483648> : vector<8xi64>
  %pb = arith.muli %a64, %big : vector<8xi64>
  %sb = arith.cmpi sge, %pb, %zero : vector<8xi64>
  %nb = arith.select %sb, %up, %down : vector<8xi1>, vector<8xi64>
  %tb = arith.addi %pb, %nb : vector<8xi64>
  %qb = arith.divsi %tb, %d : vector<8xi64>
  %rb = arith.trunci %qb : vector<8xi64> to vector<8xi32>
  return %r, %rs, %rb : vector<8xi32>, i32, vector<8xi32>
}
