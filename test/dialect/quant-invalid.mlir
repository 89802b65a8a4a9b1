// Every TFLite int8 rule the int8 op verifiers enforce, one case each.
// RUN: mnv4-opt %s -split-input-file -verify-diagnostics

!act = !quant.uniform<i8:f32, 0.5:-3>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>
!b = !quant.uniform<i32:f32:0, {0.0625, 0.03125}>
func.func @weight_zero_point(%x: tensor<1x4x4x2x!act>, %b: tensor<2x!b>, %w: tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.125:1, 0.0625}>>) {
  // expected-error @+1 {{'mnv4.qconv2d' op filter must be symmetric int8 with narrow range [-127, 127] per-axis on axis 0, got '!quant.uniform<i8<-127:127>:f32:0, {1.250000e-01:1,6.250000e-02}>'}}
  %y = mnv4.qconv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2x!act>, tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.125:1, 0.0625}>>, tensor<2x!b>) -> tensor<1x4x4x2x!act>
  return
}

// -----

!act = !quant.uniform<i8:f32, 0.5:-3>
!b = !quant.uniform<i32:f32:0, {0.0625, 0.03125}>
// Full-range weights: TFLite weights are narrow range.
func.func @weight_full_range(%x: tensor<1x4x4x2x!act>, %b: tensor<2x!b>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.125, 0.0625}>>) {
  // expected-error @+1 {{'mnv4.qconv2d' op filter must be symmetric int8 with narrow range [-127, 127] per-axis on axis 0}}
  %y = mnv4.qconv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2x!act>, tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.125, 0.0625}>>, tensor<2x!b>) -> tensor<1x4x4x2x!act>
  return
}

// -----

!act = !quant.uniform<i8:f32, 0.5:-3>
!b = !quant.uniform<i32:f32:0, {0.0625, 0.03125}>
func.func @conv_per_tensor_filter(%x: tensor<1x4x4x2x!act>, %b: tensor<2x!b>, %w: tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32, 0.125>>) {
  // expected-error @+1 {{'mnv4.qconv2d' op filter must be symmetric int8 with narrow range [-127, 127] per-axis on axis 0}}
  %y = mnv4.qconv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2x!act>, tensor<2x1x1x2x!quant.uniform<i8<-127:127>:f32, 0.125>>, tensor<2x!b>) -> tensor<1x4x4x2x!act>
  return
}

// -----

!act = !quant.uniform<i8:f32, 0.5:-3>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>
func.func @bias_scale(%x: tensor<1x4x4x2x!act>, %w: tensor<2x1x1x2x!w>, %b: tensor<2x!quant.uniform<i32:f32:0, {0.0625, 0.0625}>>) {
  // expected-error @+1 {{'mnv4.qconv2d' op bias scale #1 must be input scale x weight scale = 3.125000e-02, got 6.250000e-02}}
  %y = mnv4.qconv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2x!act>, tensor<2x1x1x2x!w>, tensor<2x!quant.uniform<i32:f32:0, {0.0625, 0.0625}>>) -> tensor<1x4x4x2x!act>
  return
}

// -----

!act = !quant.uniform<i8:f32, 0.5:-3>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>
func.func @bias_int8(%x: tensor<1x4x4x2x!act>, %w: tensor<2x1x1x2x!w>, %b: tensor<2x!quant.uniform<i8:f32:0, {0.0625, 0.03125}>>) {
  // expected-error @+1 {{'mnv4.qconv2d' op bias must be int32 with zero point 0 and 2 scales on axis 0 (one per weight scale)}}
  %y = mnv4.qconv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2x!act>, tensor<2x1x1x2x!w>, tensor<2x!quant.uniform<i8:f32:0, {0.0625, 0.03125}>>) -> tensor<1x4x4x2x!act>
  return
}

// -----

!w = !quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>
!b = !quant.uniform<i32:f32:0, {0.0625, 0.03125}>
// Activations are full-range int8.
func.func @input_not_activation(%x: tensor<1x4x4x2x!quant.uniform<i8<-127:127>:f32, 0.5>>, %w: tensor<2x1x1x2x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{'mnv4.qconv2d' op input must be a per-tensor int8 activation (!quant.uniform<i8:f32, scale:zero_point>), got '!quant.uniform<i8<-127:127>:f32, 5.000000e-01>'}}
  %y = mnv4.qconv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2x!quant.uniform<i8<-127:127>:f32, 0.5>>, tensor<2x1x1x2x!w>, tensor<2x!b>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

// The scale is stored as float32 in a TFLite file.
func.func @scale_not_float32(%x: tensor<1x4x!quant.uniform<i8:f32, 0.1:0>>) {
  // expected-error @+1 {{'mnv4.qsoftmax' op input scale must be a positive float32 value, got 1.000000e-01}}
  %y = mnv4.qsoftmax %x : tensor<1x4x!quant.uniform<i8:f32, 0.1:0>> -> tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>>
  return
}

// -----

func.func @softmax_output(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:0>>) {
  // expected-error @+1 {{'mnv4.qsoftmax' op result must have scale 3.906250e-03 and zero point -128, got (3.906250e-03, 0)}}
  %y = mnv4.qsoftmax %x : tensor<1x4x!quant.uniform<i8:f32, 0.5:0>> -> tensor<1x4x!quant.uniform<i8:f32, 0.00390625:0>>
  return
}

// -----

func.func @reshape_params(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:0>>) {
  // expected-error @+1 {{'mnv4.qreshape' op result must have the input's scale and zero point (5.000000e-01, 0), got (5.000000e-01, 1)}}
  %y = mnv4.qreshape %x : tensor<1x4x!quant.uniform<i8:f32, 0.5:0>> -> tensor<4x!quant.uniform<i8:f32, 0.5:1>>
  return
}

// -----

func.func @pool_params(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:0>>) {
  // expected-error @+1 {{'mnv4.qavg_pool2d' op result must have the input's scale and zero point (5.000000e-01, 0), got (2.500000e-01, 0)}}
  %y = mnv4.qavg_pool2d %x {kernel = 2 : i64, stride = 2 : i64} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:0>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:0>>
  return
}

// -----

// Shapes follow the f32 op's rule and message.
func.func @transpose_perm(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:0>>) {
  // expected-error @+1 {{'mnv4.qtranspose' op perm [0, 0] is not a permutation of rank 2}}
  %y = mnv4.qtranspose %x {perm = array<i64: 0, 0>} : tensor<1x4x!quant.uniform<i8:f32, 0.5:0>> -> tensor<1x4x!quant.uniform<i8:f32, 0.5:0>>
  return
}

// -----

func.func @add_shapes(%a: tensor<1x4x!quant.uniform<i8:f32, 0.5:0>>, %b: tensor<1x2x!quant.uniform<i8:f32, 0.5:0>>) {
  // expected-error @+1 {{'mnv4.qadd' op rhs must have shape [1, 4], got [1, 2]}}
  %y = mnv4.qadd %a, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5:0>>, tensor<1x2x!quant.uniform<i8:f32, 0.5:0>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:0>>
  return
}

// -----

func.func @logistic_output(%x: tensor<4x!quant.uniform<i8:f32, 0.5:0>>) {
  // expected-error @+1 {{'mnv4.qlut' op result must have scale 3.906250e-03 and zero point -128, got (5.000000e-01, 0)}}
  %y = mnv4.qlut <logistic> %x : tensor<4x!quant.uniform<i8:f32, 0.5:0>> -> tensor<4x!quant.uniform<i8:f32, 0.5:0>>
  return
}

// -----

func.func @qconst_storage() {
  // expected-error @+1 {{'mnv4.qconst' op value must be 'i8' data of the result's shape, got 'tensor<2xi32>'}}
  %w = mnv4.qconst dense<1> : tensor<2xi32> -> tensor<2x!quant.uniform<i8<-127:127>:f32, 0.5>>
  return
}

// -----

func.func @qconst_short_blob() {
  // expected-error @+1 {{'mnv4.qconst' op dense_resource blob 'w' holds 2 bytes, but 'tensor<4xi8>' needs 4 bytes}}
  %w = mnv4.qconst dense_resource<w> : tensor<4xi8> -> tensor<4x!quant.uniform<i8<-127:127>:f32, 0.5>>
  return
}
{-#
  dialect_resources: { builtin: { w: "0x010000000102" } }
#-}

// -----

func.func @fc_per_axis_count(%x: tensor<1x2x!quant.uniform<i8:f32, 0.5:0>>, %w: tensor<3x2x!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>>, %b: tensor<3x!quant.uniform<i32:f32:0, {0.25, 0.125}>>) {
  // expected-error @+1 {{'mnv4.qfully_connected' op weight must be symmetric int8 with narrow range [-127, 127] per-tensor or per-axis on axis 0}}
  %y = mnv4.qfully_connected %x, %w, %b : (tensor<1x2x!quant.uniform<i8:f32, 0.5:0>>, tensor<3x2x!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>>, tensor<3x!quant.uniform<i32:f32:0, {0.25, 0.125}>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.5:0>>
  return
}

// -----

func.func @dequantize_float_input(%x: tensor<4xf32>) {
  // expected-error @+1 {{'mnv4.dequantize' op operand #0 must be ranked tensor of quantized type values}}
  %y = mnv4.dequantize %x : tensor<4xf32> -> tensor<4xf32>
  return
}
