// Small models for the rows of docs/bad-input.md (split by split-file).
//--- huge-weight.mlir
func.func @main(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  %w = mnv4.const dense<1.0> : tensor<100000x100000x3xf32>
  return %x : tensor<1x2x2x3xf32>
}
//--- huge-input.mlir
func.func @main(%x: tensor<1x1000000x1000000x3xf32>) -> tensor<1x1000000x1000000x3xf32> {
  return %x : tensor<1x1000000x1000000x3xf32>
}
//--- no-blob.mlir
func.func @main(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  %s = mnv4.const dense_resource<gone> : tensor<3xf32>
  %y = mnv4.mul %x, %s : (tensor<1x2x2x3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}
//--- two-inputs.mlir
func.func @main(%x: tensor<1x2x2x3xf32>, %z: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  %y = mnv4.add %x, %z : tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}
//--- huge-int8.mlir
!act = !quant.uniform<i8:f32, 0.5:-3>
!fcw = !quant.uniform<i8<-127:127>:f32, 0.125>
!fcb = !quant.uniform<i32:f32, 0.0625>
func.func @main(%x: tensor<1x100000xf32>) -> tensor<1x100000xf32> {
  %q = mnv4.quantize %x : tensor<1x100000xf32> -> tensor<1x100000x!act>
  %fw = mnv4.qconst dense<3> : tensor<100000x100000xi8> -> tensor<100000x100000x!fcw>
  %fb = mnv4.qconst dense<7> : tensor<100000xi32> -> tensor<100000x!fcb>
  %f = mnv4.qfully_connected %q, %fw, %fb : (tensor<1x100000x!act>, tensor<100000x100000x!fcw>, tensor<100000x!fcb>) -> tensor<1x100000x!act>
  %y = mnv4.dequantize %f : tensor<1x100000x!act> -> tensor<1x100000xf32>
  return %y : tensor<1x100000xf32>
}
//--- wide-int8.mlir
!act = !quant.uniform<i8:f32, 0.5:-3>
func.func @main(%x: tensor<1x3000000000xf32>) -> tensor<1x3000000000xf32> {
  %q = mnv4.quantize %x : tensor<1x3000000000xf32> -> tensor<1x3000000000x!act>
  %y = mnv4.dequantize %q : tensor<1x3000000000x!act> -> tensor<1x3000000000xf32>
  return %y : tensor<1x3000000000xf32>
}
//--- bad-multiplier-int8.mlir
!a = !quant.uniform<i8:f32, 1.0e+06:0>
!b = !quant.uniform<i8:f32, 9.5367431640625E-7:0>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = mnv4.quantize %x : tensor<1x4xf32> -> tensor<1x4x!a>
  %r = mnv4.quantize %q : tensor<1x4x!a> -> tensor<1x4x!b>
  %y = mnv4.dequantize %r : tensor<1x4x!b> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
