// Used by mnv4-compile-errors.test: parses, fails the verifier.
func.func @main(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> {
  %y = mnv4.global_avg_pool %x : tensor<1x8x8x3xf32> -> tensor<1x8x8x3xf32>
  return %y : tensor<1x8x8x3xf32>
}
