// Two results: the logits [1,10] and a feature map [1,2,2,8] (NHWC inside,
// NCHW [1,8,2,2] at the ABI).
func.func @main(%x: tensor<1x4x4x3xf32>) -> (tensor<1x10xf32>, tensor<1x2x2x8xf32>) {
  %a = mnv4.global_avg_pool %x : tensor<1x4x4x3xf32> -> tensor<1x1x1x3xf32>
  %w = mnv4.const dense<0.5> : tensor<10x3xf32>
  %y = mnv4.fully_connected %a, %w : (tensor<1x1x1x3xf32>, tensor<10x3xf32>) -> tensor<1x10xf32>
  %p = mnv4.avg_pool2d %x {kernel = 2 : i64, stride = 2 : i64} : tensor<1x4x4x3xf32> -> tensor<1x2x2x3xf32>
  %w2 = mnv4.const dense<0.25> : tensor<8x1x1x3xf32>
  %f = mnv4.conv2d %p, %w2 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x2x2x3xf32>, tensor<8x1x1x3xf32>) -> tensor<1x2x2x8xf32>
  return %y, %f : tensor<1x10xf32>, tensor<1x2x2x8xf32>
}
