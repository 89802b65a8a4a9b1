// Every verifier error of mnv4.uib, including its ODS constraints (through
// the generic form where the custom syntax cannot express the error).
// RUN: mnv4-opt %s -split-input-file -verify-diagnostics

func.func @stride_zero(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 0 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

// operandSegmentSizes must account for every operand.
func.func @segment_count(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op operand count (10) does not match with the total size (9) specified in attribute 'operandSegmentSizes'}}
  %y = "mnv4.uib"(%x, %sf, %sb, %ef, %eb, %mf, %mb, %pf, %pb, %ls) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1, 1, 1, 0>, stride = 2 : i64}> : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

// An optional group holds at most one value.
func.func @segment_two_start_filters(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op operand group starting at #1 requires 0 or 1 element, but found 2}}
  %y = "mnv4.uib"(%x, %sf, %sb, %ef, %eb, %mf, %mb, %pf, %pb, %ls) <{operandSegmentSizes = array<i32: 1, 2, 0, 1, 1, 1, 1, 1, 1, 1>, stride = 2 : i64}> : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

// The custom syntax cannot express a lone filter; the generic form can.
func.func @start_filter_without_bias(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op start conv needs both a filter and a bias, got only the filter}}
  %y = "mnv4.uib"(%x, %sf, %ef, %eb, %mf, %mb, %pf, %pb, %ls) <{operandSegmentSizes = array<i32: 1, 1, 0, 1, 1, 1, 1, 1, 1, 1>, stride = 2 : i64}> : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @start_bias_without_filter(%x: tensor<1x8x8x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op start conv needs both a filter and a bias, got only the bias}}
  %y = "mnv4.uib"(%x, %sb, %ef, %eb, %mf, %mb, %pf, %pb, %ls) <{operandSegmentSizes = array<i32: 1, 0, 1, 1, 1, 1, 1, 1, 1, 1>, stride = 2 : i64}> : (tensor<1x8x8x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @mid_filter_without_bias(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op mid conv needs both a filter and a bias, got only the filter}}
  %y = "mnv4.uib"(%x, %sf, %sb, %ef, %eb, %mf, %pf, %pb, %ls) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 0, 1, 1, 1>, stride = 2 : i64}> : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @mid_bias_without_filter(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op mid conv needs both a filter and a bias, got only the bias}}
  %y = "mnv4.uib"(%x, %sf, %sb, %ef, %eb, %mb, %pf, %pb, %ls) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0, 1, 1, 1, 1>, stride = 2 : i64}> : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @input_rank(%x: tensor<8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op input must have rank 4, got rank 3 [8, 8, 16]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @input_dynamic(%x: tensor<1x?x?x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op input must have a static shape, got 'tensor<1x?x?x16xf32>'}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x?x?x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

// A PyTorch-style [C,1,k,k] / [k,k,1,C] filter is not the dialect's [k,k,C].
func.func @start_filter_rank(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x1x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op start filter must have rank 3, got rank 4 [3, 3, 1, 16]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x1x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @start_filter_channels(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x64xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op start filter must have shape [k, k, 16], got [3, 3, 64]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x64xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @start_filter_not_square(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x5x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op start filter must have shape [k, k, 16], got [3, 5, 16]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x5x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @start_kernel(%x: tensor<1x8x8x16xf32>, %sf: tensor<7x7x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op start depthwise kernel must be 3 or 5, got 7}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<7x7x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @start_bias(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<64xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op start bias must have shape [16], got [64]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<64xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @expand_filter(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x3x3x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op expand filter must have shape [out, 1, 1, 16], got [64, 3, 3, 16]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x3x3x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @expand_filter_channels(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x24xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op expand filter must have shape [out, 1, 1, 16], got [64, 1, 1, 24]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x24xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @expand_bias(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<16xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op expand bias must have shape [64], got [16]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<16xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @mid_filter_channels(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x16xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op mid filter must have shape [k, k, 64], got [5, 5, 16]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x16xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @mid_kernel(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<1x1x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op mid depthwise kernel must be 3 or 5, got 1}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<1x1x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @mid_bias(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<24xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op mid bias must have shape [64], got [24]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<24xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @project_filter(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x16xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op project filter must have shape [out, 1, 1, 64], got [24, 1, 1, 16]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x16xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @project_filter_rank(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op project filter must have rank 4, got rank 2 [24, 64]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @project_bias(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<64xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op project bias must have shape [24], got [64]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<64xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @layer_scale(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<16xf32>) {
  // expected-error @+1 {{'mnv4.uib' op layer scale must have shape [24], got [16]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<16xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @layer_scale_rank(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<1x1x1x24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op layer scale must have shape [24], got [1, 1, 1, 24]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<1x1x1x24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

// An FFN block has no conv that could carry a stride.
func.func @stride_without_dw(%x: tensor<1x8x8x16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op stride 2 needs a start or mid depthwise conv to carry it}}
  %y = mnv4.uib %x expand(%ef, %eb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @antialias_without_mid(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op antialiased downsampling needs a mid depthwise conv}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64, antialias = #mnv4.aa<avg>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x4x4x24xf32>
  return
}

// -----

func.func @antialias_stride_1(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op antialiased downsampling requires stride 2, got stride 1}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 1 : i64, antialias = #mnv4.aa<blur>} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x8x8x24xf32>
  return
}

// -----

func.func @residual_channels(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op residual requires equal input and output channels and stride 1, got 16 -> 24 channels at stride 1}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 1 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x8x8x24xf32>
  return
}

// -----

func.func @residual_stride(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<16x1x1x64xf32>, %pb: tensor<16xf32>, %ls: tensor<16xf32>) {
  // expected-error @+1 {{'mnv4.uib' op residual requires equal input and output channels and stride 1, got 16 -> 16 channels at stride 2}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64, residual} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<16x1x1x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return
}

// -----

func.func @result(%x: tensor<1x8x8x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op result must have shape [1, 4, 4, 24], got [1, 8, 8, 24]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x8x8x24xf32>
  return
}

// -----

// The 2x2 average pool floors odd sizes: floor(9 / 2) = 4.
func.func @result_avg_floor(%x: tensor<1x9x9x16xf32>, %sf: tensor<3x3x16xf32>, %sb: tensor<16xf32>, %ef: tensor<64x1x1x16xf32>, %eb: tensor<64xf32>, %mf: tensor<5x5x64xf32>, %mb: tensor<64xf32>, %pf: tensor<24x1x1x64xf32>, %pb: tensor<24xf32>, %ls: tensor<24xf32>) {
  // expected-error @+1 {{'mnv4.uib' op result must have shape [1, 4, 4, 24], got [1, 5, 5, 24]}}
  %y = mnv4.uib %x start(%sf, %sb) expand(%ef, %eb) mid(%mf, %mb) project(%pf, %pb) layer_scale(%ls) {stride = 2 : i64, antialias = #mnv4.aa<avg>} : (tensor<1x9x9x16xf32>, tensor<3x3x16xf32>, tensor<16xf32>, tensor<64x1x1x16xf32>, tensor<64xf32>, tensor<5x5x64xf32>, tensor<64xf32>, tensor<24x1x1x64xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<1x5x5x24xf32>
  return
}
