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
