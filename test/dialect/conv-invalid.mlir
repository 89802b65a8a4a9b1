// Every verifier error of conv2d, depthwise_conv2d and fully_connected.
// RUN: mnv4-opt %s -split-input-file -verify-diagnostics

func.func @conv_f16_input(%x: tensor<1x8x8x16xf16>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<1x8x8x16xf16>'}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf16>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_i32_result(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op result #0 must be ranked tensor of 32-bit float values, but got 'tensor<1x8x8x8xi32>'}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xi32>
  return
}

// -----

func.func @conv_unranked(%x: tensor<*xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<*xf32>'}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<*xf32>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_missing_strides(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op requires attribute 'strides'}}
  %y = mnv4.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_dynamic_input(%x: tensor<?x8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op input must have a static shape, got 'tensor<?x8x8x16xf32>'}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<?x8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_input_rank(%x: tensor<8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op input must have rank 4, got rank 3 [8, 8, 16]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_filter_rank(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op filter must have rank 4, got rank 3 [3, 3, 16]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

func.func @conv_zero_sized_filter(%x: tensor<1x8x8x16xf32>, %w: tensor<8x0x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op filter must not have a zero-sized dimension, got [8, 0, 3, 16]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x0x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x12xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op filter input channels (12) do not match input channels (16)}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x12xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_stride_zero(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op strides must be two positive integers, got [1, 0]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 0>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_stride_count(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op strides must be two positive integers, got [2]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 2>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @conv_negative_pad(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op pad must be four non-negative integers [top, left, bottom, right], got [1, -1, 1, 1]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, -1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_pad_count(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op pad must be four non-negative integers [top, left, bottom, right], got [1, 1]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op bias must have shape [8], got [16]}}
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>, tensor<16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_bias_rank(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op bias must have shape [8], got [1, 8]}}
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>, tensor<1x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_kernel_too_large(%x: tensor<1x2x2x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op kernel 3x3 does not fit input [1, 2, 2, 16] with pad [0, 0, 0, 0]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x2x2x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x1x1x8xf32>
  return
}

// -----

// (2 - 3) / 2 + 1 truncates to one window; the kernel still does not fit.
func.func @conv_kernel_too_large_strided(%x: tensor<1x2x2x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op kernel 3x3 does not fit input [1, 2, 2, 16] with pad [0, 0, 0, 0]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x2x2x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x1x1x8xf32>
  return
}

// -----

// Symmetric padding 1 with stride 2: ceil(8 / 2) = 4 rows, not 3.
func.func @conv_result(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.conv2d' op result must have shape [1, 4, 4, 8], got [1, 3, 3, 8]}}
  %y = mnv4.conv2d %x, %w {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>) -> tensor<1x3x3x8xf32>
  return
}

// -----

func.func @depthwise_filter_rank(%x: tensor<1x8x8x16xf32>, %w: tensor<16x3x3x1xf32>) {
  // expected-error @+1 {{'mnv4.depthwise_conv2d' op filter must have rank 3, got rank 4 [16, 3, 3, 1]}}
  %y = mnv4.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<16x3x3x1xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

func.func @depthwise_input_rank(%x: tensor<1x8x16xf32>, %w: tensor<3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.depthwise_conv2d' op input must have rank 4, got rank 3 [1, 8, 16]}}
  %y = mnv4.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x16xf32>, tensor<3x3x16xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

func.func @depthwise_channels(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x8xf32>) {
  // expected-error @+1 {{'mnv4.depthwise_conv2d' op filter channels (8) do not match input channels (16)}}
  %y = mnv4.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<3x3x8xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

func.func @depthwise_bias(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'mnv4.depthwise_conv2d' op bias must have shape [16], got [8]}}
  %y = mnv4.depthwise_conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<8xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

func.func @depthwise_stride(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.depthwise_conv2d' op strides must be two positive integers, got [0, 0]}}
  %y = mnv4.depthwise_conv2d %x, %w {strides = array<i64: 0, 0>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

func.func @depthwise_pad(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.depthwise_conv2d' op pad must be four non-negative integers [top, left, bottom, right], got [1, 1, 1, 1, 0]}}
  %y = mnv4.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1, 0>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

func.func @depthwise_does_not_fit(%x: tensor<1x4x4x16xf32>, %w: tensor<5x5x16xf32>) {
  // expected-error @+1 {{'mnv4.depthwise_conv2d' op kernel 5x5 does not fit input [1, 4, 4, 16] with pad [0, 0, 0, 0]}}
  %y = mnv4.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x16xf32>, tensor<5x5x16xf32>) -> tensor<1x1x1x16xf32>
  return
}

// -----

func.func @depthwise_result(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16xf32>) {
  // expected-error @+1 {{'mnv4.depthwise_conv2d' op result must have shape [1, 8, 8, 16], got [1, 8, 8, 32]}}
  %y = mnv4.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @fc_input_rank(%x: tensor<1x1x1280xf32>, %w: tensor<1000x1280xf32>) {
  // expected-error @+1 {{'mnv4.fully_connected' op input must be [N, in] or [N, 1, 1, in], got [1, 1, 1280]}}
  %y = mnv4.fully_connected %x, %w : (tensor<1x1x1280xf32>, tensor<1000x1280xf32>) -> tensor<1x1000xf32>
  return
}

// -----

func.func @fc_unpooled_input(%x: tensor<1x7x7x1280xf32>, %w: tensor<1000x1280xf32>) {
  // expected-error @+1 {{'mnv4.fully_connected' op input must be [N, in] or [N, 1, 1, in], got [1, 7, 7, 1280]}}
  %y = mnv4.fully_connected %x, %w : (tensor<1x7x7x1280xf32>, tensor<1000x1280xf32>) -> tensor<1x1000xf32>
  return
}

// -----

func.func @fc_weight_rank(%x: tensor<1x1280xf32>, %w: tensor<1000x1280x1xf32>) {
  // expected-error @+1 {{'mnv4.fully_connected' op weight must have rank 2, got rank 3 [1000, 1280, 1]}}
  %y = mnv4.fully_connected %x, %w : (tensor<1x1280xf32>, tensor<1000x1280x1xf32>) -> tensor<1x1000xf32>
  return
}

// -----

// A transposed [in, out] weight is rejected.
func.func @fc_weight(%x: tensor<1x1280xf32>, %w: tensor<1280x1000xf32>) {
  // expected-error @+1 {{'mnv4.fully_connected' op weight must have shape [out, 1280], got [1280, 1000]}}
  %y = mnv4.fully_connected %x, %w : (tensor<1x1280xf32>, tensor<1280x1000xf32>) -> tensor<1x1000xf32>
  return
}

// -----

func.func @fc_bias(%x: tensor<1x1280xf32>, %w: tensor<1000x1280xf32>, %b: tensor<1280xf32>) {
  // expected-error @+1 {{'mnv4.fully_connected' op bias must have shape [1000], got [1280]}}
  %y = mnv4.fully_connected %x, %w, %b : (tensor<1x1280xf32>, tensor<1000x1280xf32>, tensor<1280xf32>) -> tensor<1x1000xf32>
  return
}

// -----

func.func @fc_result(%x: tensor<2x1x1x1280xf32>, %w: tensor<1000x1280xf32>) {
  // expected-error @+1 {{'mnv4.fully_connected' op result must have shape [2, 1000], got [1, 1000]}}
  %y = mnv4.fully_connected %x, %w : (tensor<2x1x1x1280xf32>, tensor<1000x1280xf32>) -> tensor<1x1000xf32>
  return
}
