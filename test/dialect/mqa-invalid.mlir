// Every verifier error of mnv4.mqa, including its ODS constraints (through
// the generic form where the custom syntax cannot express the error).
// RUN: mnv4-opt %s -split-input-file -verify-diagnostics

func.func @num_heads_zero(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 0 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @kv_stride_zero(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op attribute 'kv_stride' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 0 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @missing_num_heads(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op requires attribute 'num_heads'}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @input_rank(%x: tensor<1x64x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op input must have rank 4, got rank 3 [1, 64, 32]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x64x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @norm_scale(%x: tensor<1x8x8x32xf32>, %ns: tensor<16xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op norm scale must have shape [32], got [16]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<16xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @norm_shift(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<1x32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op norm shift must have shape [32], got [1, 32]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<1x32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @key_filter(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x16xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key filter must have shape [out, 1, 1, 32], got [16, 1, 1, 16]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x16xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @value_filter(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x3x3x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op value filter must have shape [out, 1, 1, 32], got [16, 3, 3, 32]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x3x3x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

// The query filter holds num_heads * key_dim = 2 * 16 output channels.
func.func @query_filter(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<16x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op query filter must have shape [32, 1, 1, 32], got [16, 1, 1, 32]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @query_filter_heads(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op query filter must have shape [64, 1, 1, 32], got [32, 1, 1, 32]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 4 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

// The output filter reads num_heads * value_dim = 2 * 16 channels.
func.func @output_filter(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x16xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op output filter must have shape [32, 1, 1, 32], got [32, 1, 1, 16]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x16xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

// Lone filters or biases only exist in the generic form.
func.func @key_down_filter_without_bias(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key_down conv needs both a filter and a bias, got only the filter}}
  %y = "mnv4.mqa"(%x, %ns, %nb, %q, %kdf, %vdf, %vdb, %k, %v, %o, %ls) <{num_heads = 2 : i64, kv_stride = 2 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1>}> : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @key_down_bias_without_filter(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key_down conv needs both a filter and a bias, got only the bias}}
  %y = "mnv4.mqa"(%x, %ns, %nb, %q, %kdb, %vdf, %vdb, %k, %v, %o, %ls) <{num_heads = 2 : i64, kv_stride = 2 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1>}> : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @value_down_filter_without_bias(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op value_down conv needs both a filter and a bias, got only the filter}}
  %y = "mnv4.mqa"(%x, %ns, %nb, %q, %kdf, %kdb, %vdf, %k, %v, %o, %ls) <{num_heads = 2 : i64, kv_stride = 2 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1>}> : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @value_down_bias_without_filter(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op value_down conv needs both a filter and a bias, got only the bias}}
  %y = "mnv4.mqa"(%x, %ns, %nb, %q, %kdf, %kdb, %vdb, %k, %v, %o, %ls) <{num_heads = 2 : i64, kv_stride = 2 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1>}> : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @kv_stride_without_down(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op kv_stride 2 requires key_down and value_down convs}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @kv_stride_without_value_down(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op kv_stride 2 requires key_down and value_down convs}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @down_without_kv_stride(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key_down/value_down convs require kv_stride > 1}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 1 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @key_down_only_without_kv_stride(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key_down/value_down convs require kv_stride > 1}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 1 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

// timm's K/V downsampling is a 3x3 depthwise conv with padding 1.
func.func @key_down_kernel(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<5x5x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key_down depthwise kernel must be 3, got 5}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<5x5x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @key_down_filter(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x16xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key_down filter must have shape [k, k, 32], got [3, 3, 16]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x16xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @key_down_filter_rank(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<32x1x3x3xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key_down filter must have rank 3, got rank 4 [32, 1, 3, 3]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @key_down_bias(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<16xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op key_down bias must have shape [32], got [16]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<16xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @value_down_kernel(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<1x1x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op value_down depthwise kernel must be 3, got 1}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<1x1x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @value_down_filter(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x5x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op value_down filter must have shape [k, k, 32], got [3, 5, 32]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x5x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @value_down_bias(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<3xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op value_down bias must have shape [32], got [3]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<3xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

func.func @layer_scale(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<16xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op layer scale must have shape [32], got [16]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<16xf32>) -> tensor<1x8x8x32xf32>
  return
}

// -----

// kv_stride downsamples keys and values only; the output keeps the input shape.
func.func @result(%x: tensor<1x8x8x32xf32>, %ns: tensor<32xf32>, %nb: tensor<32xf32>, %q: tensor<32x1x1x32xf32>, %kdf: tensor<3x3x32xf32>, %kdb: tensor<32xf32>, %vdf: tensor<3x3x32xf32>, %vdb: tensor<32xf32>, %k: tensor<16x1x1x32xf32>, %v: tensor<16x1x1x32xf32>, %o: tensor<32x1x1x32xf32>, %ls: tensor<32xf32>) {
  // expected-error @+1 {{'mnv4.mqa' op result must have shape [1, 8, 8, 32], got [1, 4, 4, 32]}}
  %y = mnv4.mqa %x norm(%ns, %nb) query(%q) key_down(%kdf, %kdb) value_down(%vdf, %vdb) key(%k) value(%v) output(%o) layer_scale(%ls) {num_heads = 2 : i64, kv_stride = 2 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x1x1x32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<3x3x32xf32>, tensor<32xf32>, tensor<16x1x1x32xf32>, tensor<16x1x1x32xf32>, tensor<32x1x1x32xf32>, tensor<32xf32>) -> tensor<1x4x4x32xf32>
  return
}
