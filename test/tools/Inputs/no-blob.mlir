// A float model whose weight blob is missing (no dialect_resources section).
func.func @main(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  %s = mnv4.const dense_resource<gone> : tensor<3xf32>
  %y = mnv4.mul %x, %s : (tensor<1x2x2x3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}
