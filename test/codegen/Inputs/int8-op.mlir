// An int8 model, which the fp32 lowering alone (and the Vulkan target) does
// not lower.
!act = !quant.uniform<i8:f32, 0.5:-3>
func.func @main(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %q = mnv4.quantize %x : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!act>
  %d = mnv4.dequantize %q : tensor<1x4x4x2x!act> -> tensor<1x4x4x2xf32>
  return %d : tensor<1x4x4x2xf32>
}
