// Used by mnv4-compile-errors.test: %y is never defined.
func.func @main(%x: tensor<1xf32>) -> tensor<1xf32> {
  return %y : tensor<1xf32>
}
