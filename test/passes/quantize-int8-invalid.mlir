// mnv4-quantize-int8 fails naming the op when a range is missing or an op has
// no int8 form.
// RUN: mnv4-opt %s --mnv4-quantize-int8 -split-input-file -verify-diagnostics

func.func @no_range(%x: tensor<1x4xf32> {mnv4.range = array<f32: -1.0, 1.0>}) -> tensor<1x4xf32> {
  // expected-error @+1 {{'mnv4.activation' op has no calibrated range (mnv4.range = array<f32: min, max>) to quantize it}}
  %a = mnv4.activation <gelu> %x : tensor<1x4xf32>
  %s = mnv4.softmax %a {mnv4.range = array<f32: 0.0, 1.0>} : tensor<1x4xf32>
  return %s : tensor<1x4xf32>
}

// -----

func.func @blocks_not_decomposed(%x: tensor<1x4x4x8xf32> {mnv4.range = array<f32: -1.0, 1.0>}) -> tensor<1x4x4x8xf32> {
  %s = mnv4.const dense<1.0> : tensor<8xf32>
  %t = mnv4.const dense<0.0> : tensor<8xf32>
  // expected-error @+1 {{'mnv4.batch_norm' op has no int8 form (run mnv4-decompose-blocks first; see docs/int8.md for the ops that quantize)}}
  %y = mnv4.batch_norm %x, %s, %t {mnv4.range = array<f32: -1.0, 1.0>} : (tensor<1x4x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

func.func @standalone_relu(%x: tensor<1x4xf32> {mnv4.range = array<f32: -1.0, 1.0>}) -> tensor<1x4xf32> {
  // expected-error @+1 {{'mnv4.activation' op has no int8 form: a standalone relu activation (TFLite fuses relu/relu6 into the conv)}}
  %y = mnv4.activation <relu> %x {mnv4.range = array<f32: 0.0, 1.0>} : tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
