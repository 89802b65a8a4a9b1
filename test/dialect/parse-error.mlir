// Malformed input: mnv4-opt must fail with a located parse error, never crash.
// RUN: not mnv4-opt %s -split-input-file 2>&1 | FileCheck %s
// Without splitting, the first error stops the whole file.
// RUN: not mnv4-opt %s 2>&1 | FileCheck %s --check-prefix=WHOLE

// CHECK: parse-error.mlir:[[@LINE+3]]:{{[0-9]+}}: error: custom op 'mnv4.activation' expected ::mnv4::Activation to be one of: none, relu, relu6, gelu, hardswish
// WHOLE: parse-error.mlir:[[@LINE+2]]:{{[0-9]+}}: error: custom op 'mnv4.activation' expected ::mnv4::Activation to be one of: none, relu, relu6, gelu, hardswish
func.func @unknown_activation(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %y = mnv4.activation <swish> %x : tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// CHECK: parse-error.mlir:[[@LINE+2]]:{{[0-9]+}}: error: expected ::mnv4::Antialias to be one of: none, avg, blur
func.func @unknown_antialias(%x: tensor<1x8x8x16xf32>, %ef: tensor<32x3x3x16xf32>, %eb: tensor<32xf32>, %pf: tensor<24x1x1x32xf32>, %pb: tensor<24xf32>) {
  %y = mnv4.fused_ib %x expand(%ef, %eb) project(%pf, %pb) {stride = 2 : i64, antialias = #mnv4.aa<bilinear>} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<24x1x1x32xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

// The expand group is not optional.
// CHECK: parse-error.mlir:[[@LINE+2]]:{{[0-9]+}}: error: custom op 'mnv4.uib' expected 'expand'
func.func @uib_without_expand(%x: tensor<1x8x8x16xf32>, %pf: tensor<16x1x1x16xf32>, %pb: tensor<16xf32>) {
  %y = mnv4.uib %x project(%pf, %pb) {stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<16x1x1x16xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

// An optional group is a filter and its bias together.
// CHECK: parse-error.mlir:[[@LINE+2]]:{{[0-9]+}}: error: expected ','
func.func @uib_mid_without_bias(%x: tensor<1x8x8x16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<3x3x64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>) {
  %y = mnv4.uib %x expand(%ef, %eb) mid(%mf) project(%pf, %pb) {stride = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<3x3x64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

// The functional type must list one type per operand.
// CHECK: parse-error.mlir:[[@LINE+2]]:{{[0-9]+}}: error: custom op 'mnv4.conv2d' number of operands and types do not match: got 3 operands and 2 types
func.func @conv_operand_types(%x: tensor<1x8x8x16xf32>, %w: tensor<8x1x1x16xf32>, %b: tensor<8xf32>) {
  %y = mnv4.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x16xf32>, tensor<8x1x1x16xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

// CHECK: parse-error.mlir:[[@LINE+2]]:{{[0-9]+}}: error: custom op 'mnv4.conv3d' is unknown
func.func @unknown_op(%x: tensor<1x8x8x16xf32>) {
  %y = mnv4.conv3d %x : tensor<1x8x8x16xf32>
  return
}

// -----

// CHECK: parse-error.mlir:[[@LINE+8]]:{{[0-9]+}}: error: expected hex string blob for key 'bad_hex'
func.func @bad_blob() {
  %w = mnv4.const dense_resource<bad_hex> : tensor<2xf32>
  return
}
{-#
  dialect_resources: {
    builtin: {
      bad_hex: "0x04000000zz"
    }
  }
#-}

// -----

// CHECK: parse-error.mlir:{{[0-9]+}}:{{[0-9]+}}: error: expected operation name in quotes
func.func @truncated(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %y = mnv4.activation <relu> %x : tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
