// Every verifier error of mnv4.const.
// RUN: mnv4-opt %s -split-input-file -verify-diagnostics

func.func @integer_weights() {
  // expected-error @+1 {{'mnv4.const' op result #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xi32>'}}
  %w = mnv4.const dense<1> : tensor<4xi32>
  return
}

// -----

func.func @f16_weights() {
  // expected-error @+1 {{'mnv4.const' op result #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xf16>'}}
  %w = mnv4.const dense<1.0> : tensor<4xf16>
  return
}

// -----

func.func @type_mismatch() {
  // expected-error @+1 {{'mnv4.const' op failed to verify that all of {value, output} have same type}}
  %w = "mnv4.const"() <{value = dense<1.0> : tensor<4xf32>}> : () -> tensor<2x2xf32>
  return
}

// -----

func.func @missing_value() {
  // expected-error @+1 {{'mnv4.const' op requires attribute 'value'}}
  %w = "mnv4.const"() : () -> tensor<4xf32>
  return
}

// -----

// The blob holds 2 floats (8 bytes) but the type needs 3 (12 bytes).
func.func @short_blob() {
  // expected-error @+1 {{'mnv4.const' op dense_resource blob 'short_w' holds 8 bytes, but 'tensor<3xf32>' needs 12 bytes}}
  %w = mnv4.const dense_resource<short_w> : tensor<3xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      short_w: "0x040000000000803F00000040"
    }
  }
#-}

// -----

func.func @long_blob() {
  // expected-error @+1 {{'mnv4.const' op dense_resource blob 'long_w' holds 12 bytes, but 'tensor<1x1x1x2xf32>' needs 8 bytes}}
  %w = mnv4.const dense_resource<long_w> : tensor<1x1x1x2xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      long_w: "0x040000000000803F0000004000004040"
    }
  }
#-}
