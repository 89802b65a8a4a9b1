// A requantization multiplier that TFLite's 32-bit multiplier and shift
// cannot represent (1e6 / 2^-20 needs a left shift of 40) is an error naming
// the op; nothing is lowered.
// RUN: mnv4-opt %s --mnv4-lower-quant-to-linalg --verify-diagnostics

!a = !quant.uniform<i8:f32, 1.0e+06:0>
!b = !quant.uniform<i8:f32, 9.5367431640625E-7:0>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = mnv4.quantize %x : tensor<1x4xf32> -> tensor<1x4x!a>
  // expected-error @below {{'mnv4.quantize' op requantization multiplier 1.048576e+12 cannot be represented as TFLite's 32-bit multiplier and shift (shift 40, valid -31 to 31)}}
  %r = mnv4.quantize %q : tensor<1x4x!a> -> tensor<1x4x!b>
  %y = mnv4.dequantize %r : tensor<1x4x!b> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
