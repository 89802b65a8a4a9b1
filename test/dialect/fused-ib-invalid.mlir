// Every verifier error of mnv4.fused_ib, including its ODS constraints.
// RUN: mnv4-opt %s -split-input-file -verify-diagnostics

func.func @stride_zero(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 0 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @missing_stride(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op requires attribute 'stride'}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @input_rank(%x: tensor<8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op input must have rank 4, got rank 3 [8, 8, 16]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @expand_rank(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op expand filter must have rank 4, got rank 3 [32, 3, 16]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @expand_even_kernel(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x2x2x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op expand filter must have shape [mid, k, k, 16] with odd k, got [32, 2, 2, 16]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x2x2x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @expand_not_square(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x5x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op expand filter must have shape [mid, k, k, 16] with odd k, got [32, 3, 5, 16]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x5x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @expand_channels(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x8xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op expand filter must have shape [mid, k, k, 16] with odd k, got [32, 3, 3, 8]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x8xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @expand_bias(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<24xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op expand bias must have shape [32], got [24]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<24xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @project_rank(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op project filter must have rank 4, got rank 2 [24, 32]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @project_not_pointwise(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x3x3x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op project filter must have shape [out, 1, 1, 32], got [24, 3, 3, 32]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x3x3x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @project_channels(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x16xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op project filter must have shape [out, 1, 1, 32], got [24, 1, 1, 16]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x16xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @project_bias(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op project bias must have shape [24], got [32]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<32xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @antialias_stride_1(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op antialiased downsampling requires stride 2, got stride 1}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 1 : i64, antialias = #mnv4.aa<avg>} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x8x8x24xf32>
  return
}

// -----

func.func @antialias_stride_4(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op antialiased downsampling requires stride 2, got stride 4}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 4 : i64, antialias = #mnv4.aa<blur>} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x2x2x24xf32>
  return
}

// -----

func.func @residual_channels(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op residual requires equal input and output channels and stride 1, got 16 -> 24 channels at stride 1}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x8x8x24xf32>
  return
}

// -----

func.func @residual_stride(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<16x1x1x32xf32>, %pb: tensor<16xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op residual requires equal input and output channels and stride 1, got 16 -> 16 channels at stride 2}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return
}

// -----

func.func @result_channels(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op result must have shape [1, 4, 4, 24], got [1, 4, 4, 32]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x32xf32>
  return
}

// -----

func.func @result_avg_floor(%x: tensor<1x9x9x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op result must have shape [1, 4, 4, 24], got [1, 5, 5, 24]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<avg>} : (tensor<1x9x9x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x5x5x24xf32>
  return
}

// -----

func.func @result_blur_ceil(%x: tensor<1x9x9x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.fused_ib' op result must have shape [1, 5, 5, 24], got [1, 4, 4, 24]}}
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<blur>} : (tensor<1x9x9x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}
