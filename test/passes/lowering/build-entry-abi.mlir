// mnv4-build-entry-abi: the model function (NHWC tensors in and out) becomes
// `<name>_run(input, outputs...)` over memrefs. The input is taken NCHW and
// transposed to NHWC inside (or taken as is with input-layout=nhwc); every
// rank-4 result is transposed to NCHW, other results are written as they
// are; each is materialized in place in its caller buffer.
// RUN: mnv4-opt %s --mnv4-build-entry-abi=name=net | FileCheck %s
// RUN: mnv4-opt %s --mnv4-build-entry-abi="name=net input-layout=nhwc" | FileCheck %s --check-prefix=NHWC
// RUN: mnv4-opt %s --mnv4-build-entry-abi | FileCheck %s --check-prefix=DEFAULT

// CHECK-NOT: func.func @main
// CHECK-LABEL: func.func @net_run(
// CHECK-SAME: %[[IN:.*]]: memref<1x3x4x5xf32>, %[[OUT0:.*]]: memref<1x3xf32>, %[[OUT1:.*]]: memref<1x3x4x5xf32>) {
// CHECK: %[[T:.*]] = bufferization.to_tensor %[[IN]] restrict : memref<1x3x4x5xf32> to tensor<1x3x4x5xf32>
// CHECK: %[[X:.*]] = linalg.transpose ins(%[[T]] : tensor<1x3x4x5xf32>) outs(%{{.*}} : tensor<1x4x5x3xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[POOL:.*]] = linalg.pooling_nhwc_sum {{.*}} ins(%[[X]], %{{.*}} : tensor<1x4x5x3xf32>, tensor<4x5xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[POOL]]
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<1x4x5x3xf32>)
// CHECK: bufferization.materialize_in_destination %[[FLAT]] in restrict writable %[[OUT0]] : (tensor<1x3xf32>, memref<1x3xf32>) -> ()
// CHECK: %[[NCHW:.*]] = linalg.transpose ins(%[[RELU]] : tensor<1x4x5x3xf32>) outs(%{{.*}} : tensor<1x3x4x5xf32>) permutation = [0, 3, 1, 2]
// CHECK: bufferization.materialize_in_destination %[[NCHW]] in restrict writable %[[OUT1]] : (tensor<1x3x4x5xf32>, memref<1x3x4x5xf32>) -> ()
// CHECK-NEXT: return
// CHECK-NEXT: }
// Private declarations are left alone.
// CHECK: func.func private @helper(tensor<2xf32>) -> tensor<2xf32>

// NHWC-LABEL: func.func @net_run(
// NHWC-SAME: %[[IN:.*]]: memref<1x4x5x3xf32>, %{{.*}}: memref<1x3xf32>, %{{.*}}: memref<1x3x4x5xf32>)
// NHWC: %[[T:.*]] = bufferization.to_tensor %[[IN]] restrict : memref<1x4x5x3xf32> to tensor<1x4x5x3xf32>
// NHWC-NOT: permutation = [0, 2, 3, 1]
// NHWC: linalg.pooling_nhwc_sum {{.*}} ins(%[[T]], %{{.*}} : tensor<1x4x5x3xf32>, tensor<4x5xf32>)
// The outputs stay NCHW whatever the input layout.
// NHWC: linalg.transpose {{.*}} permutation = [0, 3, 1, 2]

// DEFAULT: func.func @model_run(%{{.*}}: memref<1x3x4x5xf32>,

func.func @main(%x: tensor<1x4x5x3xf32>) -> (tensor<1x3xf32>, tensor<1x4x5x3xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x1x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x1x3xf32>) -> tensor<1x1x1x3xf32>
  %window = tensor.empty() : tensor<4x5xf32>
  %sum = linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %window : tensor<1x4x5x3xf32>, tensor<4x5xf32>) outs(%init : tensor<1x1x1x3xf32>) -> tensor<1x1x1x3xf32>
  %flat = tensor.collapse_shape %sum [[0, 1, 2], [3]] : tensor<1x1x1x3xf32> into tensor<1x3xf32>
  %e2 = tensor.empty() : tensor<1x4x5x3xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (a, b, c, d)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x4x5x3xf32>) outs(%e2 : tensor<1x4x5x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x5x3xf32>
  return %flat, %relu : tensor<1x3xf32>, tensor<1x4x5x3xf32>
}
func.func private @helper(%x: tensor<2xf32>) -> tensor<2xf32>
