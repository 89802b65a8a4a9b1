// RUN: mnv4-opt %s --mnv4-expand-math-for-spirv | FileCheck %s

// GLSL.std.450 has no erf: the exact GELU's erf becomes a polynomial.
// CHECK-LABEL: func.func @gelu_erf
// CHECK-NOT:     math.erf
// CHECK:         math.fma
// CHECK:         return
func.func @gelu_erf(%x: f32) -> f32 {
  %y = math.erf %x : f32
  return %y : f32
}
