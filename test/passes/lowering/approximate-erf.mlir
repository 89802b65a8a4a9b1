// RUN: mnv4-opt %s --mnv4-approximate-erf | FileCheck %s

// The exact GELU's erf becomes upstream's rational polynomial, on vectors
// too (libm would call erff once per element; GLSL.std.450 has no erf).
// CHECK-LABEL: func.func @gelu_erf
// CHECK-NOT:     math.erf
// CHECK:         math.fma
// CHECK:         return
func.func @gelu_erf(%x: f32) -> f32 {
  %y = math.erf %x : f32
  return %y : f32
}

// CHECK-LABEL: func.func @gelu_erf_vector
// CHECK-NOT:     math.erf
// CHECK:         math.fma {{.*}} : vector<16xf32>
// CHECK:         arith.divf {{.*}} : vector<16xf32>
// CHECK:         return {{.*}} : vector<16xf32>
func.func @gelu_erf_vector(%x: vector<16xf32>) -> vector<16xf32> {
  %y = math.erf %x : vector<16xf32>
  return %y : vector<16xf32>
}
