// mnv4-quantize-int8 on hand-calibrated ranges: TFLite's parameter formulas
// (docs/int8.md) give exactly these scales, zero points and stored integers.
// RUN: mnv4-opt %s --mnv4-quantize-int8 | FileCheck %s
// RUN: mnv4-opt %s --mnv4-quantize-int8=per-channel-fc=true | FileCheck %s --check-prefix=PERCHANNEL
// The output verifies and round-trips through bytecode.
// RUN: mnv4-opt %s --mnv4-quantize-int8 --emit-bytecode | mnv4-opt | FileCheck %s

// Input range [-1, 3]: s = 4/255, z = round(-128 + 1/s) = round(-64.25) = -64.
// CHECK-LABEL: func.func @conv_head
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x1xf32>) -> tensor<1x2xf32>
// CHECK: %[[Q:.*]] = mnv4.quantize %[[X]] : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<i8:f32, 0.015686275437474251:-64>>
// Per-channel symmetric weights: s_c = max|w_c| / 127, both stored as +-127.
// CHECK: %[[W:.*]] = mnv4.qconst dense_resource<stem.weight> : tensor<2x1x1x1xi8> -> tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.0039370078593492508,0.0019685039296746254}>>
// Bias at s_in x s_w[c], zero point 0.
// CHECK: %[[B:.*]] = mnv4.qconst dense_resource<stem.bias> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {6.1756989452987909E-5,3.0878494726493955E-5}>>
// Output range [0, 1.5] with a fused relu: s = 1.5/255, z = -128.
// CHECK: mnv4.qconv2d %[[Q]], %[[W]], %[[B]] {act = #mnv4.qact<relu>, {{.*}}} : {{.*}} -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.0058823530562222004:-128>>
// CHECK: mnv4.qmean
// Pools keep their input's parameters; softmax gets 1/256, -128.
// CHECK: mnv4.qfully_connected {{.*}}tensor<2x2x!quant.uniform<i8<-127:127>:f32, {{.*}}>>
// CHECK: mnv4.qsoftmax {{.*}} -> tensor<1x2x!quant.uniform<i8:f32, 3.906250e-03:-128>>
// CHECK: %[[Y:.*]] = mnv4.dequantize {{.*}} -> tensor<1x2xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: mnv4.range
// Stored integers: weights 127, -127; biases round(0.1 / s_b0) = 1619 and
// round(-0.2 / s_b1) = -6477; the classifier per-tensor: 127, -127, 64, 32.
// CHECK: stem.weight: "0x010000007F81"
// CHECK: stem.bias: "0x0400000053060000B3E6FFFF"
// CHECK: fully_connected.weight: "0x010000007F814020"
// PERCHANNEL: mnv4.qfully_connected {{.*}}tensor<2x2x!quant.uniform<i8<-127:127>:f32:0, {{.*}}>>
func.func @conv_head(%x: tensor<1x2x2x1xf32> {mnv4.range = array<f32: -1.0, 3.0>}) -> tensor<1x2xf32> {
  %w = mnv4.const dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32>
  %b = mnv4.const dense<[0.1, -0.2]> : tensor<2xf32>
  %c = mnv4.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, act = #mnv4.act<relu>, mnv4.range = array<f32: 0.0, 1.5>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("stem")
  %m = mnv4.global_avg_pool %c {mnv4.range = array<f32: 0.0, 1.0>} : tensor<1x2x2x2xf32> -> tensor<1x1x1x2xf32>
  %fw = mnv4.const dense<[[1.0, -1.0], [0.5, 0.25]]> : tensor<2x2xf32>
  %f = mnv4.fully_connected %m, %fw {mnv4.range = array<f32: -2.0, 2.0>} : (tensor<1x1x1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %s = mnv4.softmax %f {mnv4.range = array<f32: 0.0, 1.0>} : tensor<1x2xf32>
  return %s : tensor<1x2xf32>
}
