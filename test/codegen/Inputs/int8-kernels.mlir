//--- conv.mlir
// conv 3x3 s2 (z_in = 127, relu6), depthwise 3x3 (z_in = -128, relu), 1x1 (saturating), dw 5x5 s2 none
!x = !quant.uniform<i8:f32, 0.5:127>
!c1 = !quant.uniform<i8:f32, 0.25:-128>
!c2 = !quant.uniform<i8:f32, 0.125:3>
!c3 = !quant.uniform<i8:f32, 0.015625:-7>
!w1 = !quant.uniform<i8<-127:127>:f32:0, {0.25,0.0078125,2.0,0.5}>
!b1 = !quant.uniform<i32:f32:0, {0.125,0.00390625,1.0,0.25}>
!w2 = !quant.uniform<i8<-127:127>:f32:2, {0.25,0.0078125,2.0,0.5}>
!b2 = !quant.uniform<i32:f32:0, {0.0625,0.001953125,0.5,0.125}>
!w3 = !quant.uniform<i8<-127:127>:f32:0, {0.25,0.5,0.0625,1.0,0.125,0.25,0.5,2.0}>
!b3 = !quant.uniform<i32:f32:0, {0.03125,0.0625,0.0078125,0.125,0.015625,0.03125,0.0625,0.25}>
!w4 = !quant.uniform<i8<-127:127>:f32:2, {0.25,0.5,0.0625,1.0,0.125,0.25,0.5,2.0}>
!b4 = !quant.uniform<i32:f32:0, {0.00390625,0.0078125,0.0009765625,0.015625,0.001953125,0.00390625,0.0078125,0.03125}>
func.func @main(%in: tensor<1x9x9x3xf32>) -> (tensor<1x3x3x8xf32>) {
  %x = mnv4.quantize %in : tensor<1x9x9x3xf32> -> tensor<1x9x9x3x!x>
  %w1 = mnv4.qconst dense<[[[[6, -21, 79], [-50, 118, -34], [-53, -83, 69]], [[53, 53, 11], [42, -56, -99], [107, -121, -64]], [[-29, 81, 64], [-20, -63, 93], [1, 78, -46]]], [[[36, 89, 48], [114, 58, -25], [-92, 14, -112]], [[-92, 81, 75], [97, -77, -89], [98, 53, 9]], [[16, 78, 117], [48, -74, -43], [11, -96, 98]]], [[[56, 36, -110], [-48, -23, -107], [2, 113, 92]], [[-6, 36, 26], [-91, 47, 80], [-23, 81, 2]], [[108, -41, -123], [-17, -32, 19], [-114, 102, 65]]], [[[62, -37, -115], [118, -5, -32], [21, 71, -126]], [[95, -24, -66], [-98, 15, -73], [118, -64, 7]], [[118, -35, -113], [-59, -111, 74], [-57, -78, 64]]]]> : tensor<4x3x3x3xi8> -> tensor<4x3x3x3x!w1>
  %b1 = mnv4.qconst dense<[1947, 1551, 1367, 1534]> : tensor<4xi32> -> tensor<4x!b1>
  %c1 = mnv4.qconv2d %x, %w1, %b1 {act = #mnv4.qact<relu6>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x9x9x3x!x>, tensor<4x3x3x3x!w1>, tensor<4x!b1>) -> tensor<1x5x5x4x!c1>
  %w2 = mnv4.qconst dense<[[[103, -94, -63, 41], [-49, 107, -38, -46], [-84, -42, -103, 105]], [[20, 21, 73, -58], [-42, -125, -115, 65], [126, -38, -123, -8]], [[63, -58, -6, 35], [-114, 59, -77, -48], [-61, -108, 64, 125]]]> : tensor<3x3x4xi8> -> tensor<3x3x4x!w2>
  %b2 = mnv4.qconst dense<[2859, 972, -2831, 2087]> : tensor<4xi32> -> tensor<4x!b2>
  %c2 = mnv4.qdepthwise_conv2d %c1, %w2, %b2 {act = #mnv4.qact<relu>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x5x5x4x!c1>, tensor<3x3x4x!w2>, tensor<4x!b2>) -> tensor<1x5x5x4x!c2>
  %w3 = mnv4.qconst dense<[[[[17, 7, 48, -92]]], [[[-24, -3, 60, 116]]], [[[118, 123, 24, 82]]], [[[-27, -81, -77, 127]]], [[[-63, 118, -89, 46]]], [[[-99, 105, -73, -115]]], [[[88, 122, 10, -49]]], [[[79, 100, 108, -47]]]]> : tensor<8x1x1x4xi8> -> tensor<8x1x1x4x!w3>
  %b3 = mnv4.qconst dense<[-411, -2595, -1678, 432, -2240, 2663, -446, -948]> : tensor<8xi32> -> tensor<8x!b3>
  %c3 = mnv4.qconv2d %c2, %w3, %b3 {pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5x4x!c2>, tensor<8x1x1x4x!w3>, tensor<8x!b3>) -> tensor<1x5x5x8x!c3>
  %w4 = mnv4.qconst dense<[[[41, -24, -5, -108, 11, -106, 12, 35], [123, -66, -70, 9, 118, -60, 20, -86], [78, -52, -115, 58, 100, -3, 23, -27], [84, -3, -71, 14, -23, 5, 33, -14], [-108, 120, -10, 65, -72, -69, -4, -46]], [[82, -79, 121, -34, 26, -120, 119, 63], [20, 18, 5, -19, -114, 101, 86, -43], [119, 21, -84, 111, 119, 15, -68, 29], [-47, -33, -83, 121, 66, -73, -50, -16], [-36, -13, 24, -104, 5, -100, 6, -125]], [[-78, 114, 20, 103, 53, 14, 68, -82], [-12, -9, -13, 92, 2, -92, 10, 13], [-6, -12, -124, -52, -60, -80, 125, -125], [84, 103, -8, -41, 65, -43, -73, -114], [-59, -102, 5, 43, 52, -124, -120, -99]], [[-7, 54, 104, -50, 29, -75, 127, 72], [-102, 72, 105, 82, 87, 125, -121, -11], [10, 83, 67, 109, -71, 95, 39, -120], [90, -25, 76, -96, -18, 117, -113, 62], [11, -112, -79, 122, 10, -60, -59, -36]], [[-39, 113, 12, 21, 82, 122, -21, -24], [106, -126, 7, 65, 127, -41, -107, 66], [64, 85, 76, -119, 33, 60, 94, -55], [-44, -45, -97, -42, -95, 10, 87, -65], [109, -1, 83, -55, -14, -96, -62, -64]]]> : tensor<5x5x8xi8> -> tensor<5x5x8x!w4>
  %b4 = mnv4.qconst dense<[-2397, 2578, 444, -457, 2610, -1360, 955, -6]> : tensor<8xi32> -> tensor<8x!b4>
  %c4 = mnv4.qdepthwise_conv2d %c3, %w4, %b4 {pad = array<i64: 2, 2, 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x5x5x8x!c3>, tensor<5x5x8x!w4>, tensor<8x!b4>) -> tensor<1x3x3x8x!c1>
  %y = mnv4.dequantize %c4 : tensor<1x3x3x8x!c1> -> tensor<1x3x3x8xf32>
  return %y : tensor<1x3x3x8xf32>
}
//--- elementwise.mlir
// requantization by exactly 1/2 (every odd value a tie), add with relu, mul with a broadcast constant, avg pool 2x2 (count 4: ties), mean, GELU and LOGISTIC tables
!x = !quant.uniform<i8:f32, 0.25:-128>
!h = !quant.uniform<i8:f32, 0.5:127>
!a = !quant.uniform<i8:f32, 0.375:-5>
!m = !quant.uniform<i8:f32, 0.100000001490116119384765625:10>
!k = !quant.uniform<i8:f32, 0.0078125:-9>
!s = !quant.uniform<i8:f32, 0.00390625:-128>
!g = !quant.uniform<i8:f32, 0.20000000298023223876953125:-100>
func.func @main(%in: tensor<1x8x8x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>, tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) {
  %x = mnv4.quantize %in : tensor<1x8x8x4xf32> -> tensor<1x8x8x4x!x>
  %h = mnv4.quantize %x : tensor<1x8x8x4x!x> -> tensor<1x8x8x4x!h>
  %a = mnv4.qadd %x, %h {act = #mnv4.qact<relu>} : (tensor<1x8x8x4x!x>, tensor<1x8x8x4x!h>) -> tensor<1x8x8x4x!a>
  %k = mnv4.qconst dense<[127, -128, 3, -64]> : tensor<4xi8> -> tensor<4x!k>
  %m = mnv4.qmul %h, %k : (tensor<1x8x8x4x!h>, tensor<4x!k>) -> tensor<1x8x8x4x!m>
  %p = mnv4.qavg_pool2d %m {kernel = 2 : i64, stride = 2 : i64} : tensor<1x8x8x4x!m> -> tensor<1x4x4x4x!m>
  %e = mnv4.qmean %a : tensor<1x8x8x4x!a> -> tensor<1x1x1x4x!m>
  %g = mnv4.qlut <gelu> %a : tensor<1x8x8x4x!a> -> tensor<1x8x8x4x!g>
  %l = mnv4.qlut <logistic> %h : tensor<1x8x8x4x!h> -> tensor<1x8x8x4x!s>
  %y0 = mnv4.dequantize %p : tensor<1x4x4x4x!m> -> tensor<1x4x4x4xf32>
  %y1 = mnv4.dequantize %e : tensor<1x1x1x4x!m> -> tensor<1x1x1x4xf32>
  %y2 = mnv4.dequantize %g : tensor<1x8x8x4x!g> -> tensor<1x8x8x4xf32>
  %y3 = mnv4.dequantize %l : tensor<1x8x8x4x!s> -> tensor<1x8x8x4xf32>
  return %y0, %y1, %y2, %y3 : tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>, tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>
}
//--- attention.mlir
// heads by reshape/transpose, scores by BATCH_MATMUL (both zero points nonzero), SOFTMAX, values, then FULLY_CONNECTED per tensor
!x = !quant.uniform<i8:f32, 0.125:-20>
!sc = !quant.uniform<i8:f32, 0.5:-1>
!s = !quant.uniform<i8:f32, 0.00390625:-128>
!v = !quant.uniform<i8:f32, 0.0625:4>
!fw = !quant.uniform<i8<-127:127>:f32, 0.015625>
!fb = !quant.uniform<i32:f32, 0.0009765625>
!o = !quant.uniform<i8:f32, 0.25:0>
func.func @main(%in: tensor<1x4x4x8xf32>) -> (tensor<1x16x6xf32>) {
  %x = mnv4.quantize %in : tensor<1x4x4x8xf32> -> tensor<1x4x4x8x!x>
  %r = mnv4.qreshape %x : tensor<1x4x4x8x!x> -> tensor<1x16x2x4x!x>
  %q = mnv4.qtranspose %r {perm = array<i64: 0, 2, 1, 3>} : tensor<1x16x2x4x!x> -> tensor<1x2x16x4x!x>
  %kt = mnv4.qtranspose %q {perm = array<i64: 0, 1, 3, 2>} : tensor<1x2x16x4x!x> -> tensor<1x2x4x16x!x>
  %sc = mnv4.qbatch_matmul %q, %kt : (tensor<1x2x16x4x!x>, tensor<1x2x4x16x!x>) -> tensor<1x2x16x16x!sc>
  %s = mnv4.qsoftmax %sc : tensor<1x2x16x16x!sc> -> tensor<1x2x16x16x!s>
  %v = mnv4.qbatch_matmul %s, %q : (tensor<1x2x16x16x!s>, tensor<1x2x16x4x!x>) -> tensor<1x2x16x4x!v>
  %vt = mnv4.qtranspose %v {perm = array<i64: 0, 2, 1, 3>} : tensor<1x2x16x4x!v> -> tensor<1x16x2x4x!v>
  %f = mnv4.qreshape %vt : tensor<1x16x2x4x!v> -> tensor<16x8x!v>
  %fw = mnv4.qconst dense<[[-95, -73, 2, 125, 122, 74, 19, -89], [73, -52, -106, -16, -15, 8, 102, -28], [72, 6, 27, 67, 103, -88, 42, 16], [-91, -85, 23, 9, 112, -46, -1, 78], [96, 98, -55, 117, 111, -23, -111, 30], [-67, -84, 103, 55, -89, 72, -67, -18]]> : tensor<6x8xi8> -> tensor<6x8x!fw>
  %fb = mnv4.qconst dense<[1483, -365, 1427, 630, 1111, -1948]> : tensor<6xi32> -> tensor<6x!fb>
  %o = mnv4.qfully_connected %f, %fw, %fb : (tensor<16x8x!v>, tensor<6x8x!fw>, tensor<6x!fb>) -> tensor<16x6x!o>
  %o3 = mnv4.qreshape %o : tensor<16x6x!o> -> tensor<1x16x6x!o>
  %y = mnv4.dequantize %o3 : tensor<1x16x6x!o> -> tensor<1x16x6xf32>
  return %y : tensor<1x16x6xf32>
}
