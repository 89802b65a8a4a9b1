// mnv4-build-entry-abi: an elementwise map that is the input's only use (an
// int8 model's quantize) runs on the NCHW input as it is, with its vectors
// along W, and its result is transposed to NHWC instead of the input. With
// input-layout=nhwc nothing moves.
// RUN: mnv4-opt %s --mnv4-build-entry-abi=name=net | FileCheck %s
// RUN: mnv4-opt %s --mnv4-build-entry-abi="name=net input-layout=nhwc" | FileCheck %s --check-prefix=NHWC

// CHECK-LABEL: func.func @net_run(
// CHECK-SAME: %[[IN:.*]]: memref<1x3x4x5xf32>, %{{.*}}: memref<1x3x4x5xi8>)
// CHECK: %[[T:.*]] = bufferization.to_tensor %[[IN]]
// CHECK-NOT: tensor<1x4x5x3xf32>
// CHECK: %[[Q:.*]] = linalg.generic {{.*}} ins(%[[T]] : tensor<1x3x4x5xf32>) outs(%{{.*}} : tensor<1x3x4x5xi8>) attrs = {mnv4.kernel = "map"}
// CHECK:   arith.fptosi
// CHECK: %[[X:.*]] = linalg.transpose ins(%[[Q]] : tensor<1x3x4x5xi8>) outs(%{{.*}} : tensor<1x4x5x3xi8>) permutation = [0, 2, 3, 1]
// CHECK: linalg.transpose ins(%[[X]] : tensor<1x4x5x3xi8>) {{.*}} permutation = [0, 3, 1, 2]

// NHWC: %[[T:.*]] = bufferization.to_tensor
// NHWC: linalg.generic {{.*}} ins(%[[T]] : tensor<1x4x5x3xf32>) outs(%{{.*}} : tensor<1x4x5x3xi8>)

func.func @main(%x: tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xi8> {
  %e = tensor.empty() : tensor<1x4x5x3xi8>
  %q = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (a, b, c, d)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x4x5x3xf32>) outs(%e : tensor<1x4x5x3xi8>) attrs = {mnv4.kernel = "map"} {
  ^bb0(%in: f32, %out: i8):
    %i = arith.fptosi %in : f32 to i8
    linalg.yield %i : i8
  } -> tensor<1x4x5x3xi8>
  return %q : tensor<1x4x5x3xi8>
}
