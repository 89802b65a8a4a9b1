// A float-in, float-out int8 chain for the TFLite validators: QUANTIZE,
// CONV_2D (SAME, relu6), DEPTHWISE_CONV_2D, ADD (relu), AVERAGE_POOL_2D,
// MEAN, FULLY_CONNECTED, SOFTMAX, DEQUANTIZE (no PAD: Arm NN 20.08 pads with
// 0 instead of the zero point).
!act = !quant.uniform<i8:f32, 0.5:-3>
!act2 = !quant.uniform<i8:f32, 0.25:10>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>
!b = !quant.uniform<i32:f32:0, {0.0625, 0.03125}>
!dw = !quant.uniform<i8<-127:127>:f32:2, {0.125, 0.0625}>
!fcw = !quant.uniform<i8<-127:127>:f32, 0.125>
!fcb = !quant.uniform<i32:f32, 0.0625>
!prob = !quant.uniform<i8:f32, 0.00390625:-128>

func.func @main(%x: tensor<1x4x4x2xf32>) -> tensor<1x2xf32> {
  %q = mnv4.quantize %x : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!act>
  %w = mnv4.qconst dense<[[[[1, -2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]], [[13, 14], [15, 16], [17, 18]]], [[[-127, 127], [0, 0], [1, 1]], [[2, 2], [3, 3], [4, 4]], [[5, 5], [6, 6], [7, 7]]]]> : tensor<2x3x3x2xi8> -> tensor<2x3x3x2x!w>
  %b = mnv4.qconst dense<[100, -100]> : tensor<2xi32> -> tensor<2x!b>
  %c = mnv4.qconv2d %q, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, act = #mnv4.qact<relu6>} : (tensor<1x4x4x2x!act>, tensor<2x3x3x2x!w>, tensor<2x!b>) -> tensor<1x4x4x2x!act2>
  %dwf = mnv4.qconst dense<1> : tensor<3x3x2xi8> -> tensor<3x3x2x!dw>
  %dwb = mnv4.qconst dense<0> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {0.03125, 0.015625}>>
  %d = mnv4.qdepthwise_conv2d %c, %dwf, %dwb {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x2x!act2>, tensor<3x3x2x!dw>, tensor<2x!quant.uniform<i32:f32:0, {0.03125, 0.015625}>>) -> tensor<1x4x4x2x!act2>
  %a = mnv4.qadd %c, %d {act = #mnv4.qact<relu>} : (tensor<1x4x4x2x!act2>, tensor<1x4x4x2x!act2>) -> tensor<1x4x4x2x!act>
  %p = mnv4.qavg_pool2d %a {kernel = 2 : i64, stride = 2 : i64} : tensor<1x4x4x2x!act> -> tensor<1x2x2x2x!act>
  %m = mnv4.qmean %p : tensor<1x2x2x2x!act> -> tensor<1x1x1x2x!act2>
  %fw = mnv4.qconst dense<[[3, -5], [7, 2]]> : tensor<2x2xi8> -> tensor<2x2x!fcw>
  %fb = mnv4.qconst dense<[7, -20]> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32, 0.03125>>
  %f = mnv4.qfully_connected %m, %fw, %fb : (tensor<1x1x1x2x!act2>, tensor<2x2x!fcw>, tensor<2x!quant.uniform<i32:f32, 0.03125>>) -> tensor<1x2x!act>
  %s = mnv4.qsoftmax %f : tensor<1x2x!act> -> tensor<1x2x!prob>
  %y = mnv4.dequantize %s : tensor<1x2x!prob> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
