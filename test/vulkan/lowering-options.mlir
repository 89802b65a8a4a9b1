// The shared lowering's options the Vulkan target sets (GpuPipeline.cpp):
// with score-tiles=0 a batch-1 Mobile MQA has no scf.for around its kernels
// (a dispatch list must be static) but the whole score and value
// contractions, K and V still projected once for all heads; with
// polynomial-exp=0 softmax's exp is math.exp (GLSL.std.450 Exp), not the
// polynomial whose rounding trick a shader compiler may reassociate away.
// RUN: mnv4-opt %s --mnv4-lower-to-linalg="fuse-blocks=0 score-tiles=0 polynomial-exp=0" | FileCheck %s
// RUN: mnv4-opt %s --mnv4-lower-to-linalg | FileCheck %s --check-prefix=CPU

// CHECK-LABEL: func.func @mqa_batch1
// CHECK-NOT: scf.for
// CHECK-COUNT-3: attrs = {mnv4.kernel = "pointwise"}
// CHECK-NOT: mnv4.kernel = "pointwise"
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x16x4x8xf32>, tensor<1x8x16xf32>) outs(%{{.*}} : tensor<1x4x16x16xf32>) attrs = {mnv4.kernel = "attention_scores"}
// CHECK: mnv4.kernel = "softmax"
// CHECK: mnv4.kernel = "softmax"
// CHECK-NOT: arith.bitcast
// CHECK: math.exp
// CHECK: mnv4.kernel = "softmax"
// CHECK: mnv4.kernel = "softmax"
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x4x16x16xf32>, tensor<1x16x4xf32>) outs(%{{.*}} : tensor<1x16x4x4xf32>) attrs = {mnv4.kernel = "attention_values"}
// CHECK-NOT: scf.for
// CHECK: return

// The CPU's defaults: score tiles and the polynomial exp.
// CPU-LABEL: func.func @mqa_batch1
// CPU: scf.for
// CPU-NOT: math.exp
// CPU: arith.bitcast %{{.*}} : i32 to f32
// CPU: return
func.func @mqa_batch1(%x: tensor<1x4x4x24xf32>, %ns: tensor<24xf32>, %nb: tensor<24xf32>, %q: tensor<32x1x1x24xf32>, %k: tensor<8x1x1x24xf32>, %v: tensor<4x1x1x24xf32>, %o: tensor<24x1x1x16xf32>) -> tensor<1x4x4x24xf32> {
  %0 = mnv4.mqa %x norm(%ns, %nb) query(%q) key(%k) value(%v) output(%o) {num_heads = 4 : i64, kv_stride = 1 : i64} : (tensor<1x4x4x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<32x1x1x24xf32>, tensor<8x1x1x24xf32>, tensor<4x1x1x24xf32>, tensor<24x1x1x16xf32>) -> tensor<1x4x4x24xf32>
  return %0 : tensor<1x4x4x24xf32>
}
