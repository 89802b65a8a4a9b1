// mnv4-pad-into-producer: a tensor.pad becomes a bordered buffer made before
// its source's producer; after eliminate-empty-tensors and bufferization
// the producer writes the interior in place and nothing is copied.
// RUN: mnv4-opt %s --mnv4-pad-into-producer | FileCheck %s
// RUN: mnv4-opt %s --mnv4-pad-into-producer --eliminate-empty-tensors --one-shot-bufferize="bufferize-function-boundaries" --cse --canonicalize | FileCheck %s --check-prefix=BUF

// CHECK-LABEL: func.func @producer
// CHECK-NOT: tensor.pad
// CHECK: %[[P:.*]] = tensor.empty() : tensor<1x6x6x8xf32>
// CHECK: tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 1, 6, 8]
// CHECK: linalg.fill
// CHECK: tensor.extract_slice %{{.*}}[0, 5, 0, 0] [1, 1, 6, 8]
// CHECK: linalg.fill
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 6, 1, 8]
// CHECK: linalg.fill
// CHECK: %[[B:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 5, 0] [1, 6, 1, 8]
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x4x4x8xf32>
// CHECK: %[[Y:.*]] = linalg.exp ins(%arg0 : tensor<1x4x4x8xf32>) outs(%[[E]]
// CHECK: tensor.insert_slice %[[Y]] into %[[B]][0, 1, 1, 0] [1, 4, 4, 8]
// BUF-LABEL: func.func @producer
// BUF: %[[A:.*]] = memref.alloc() {{.*}} : memref<1x6x6x8xf32>
// BUF-COUNT-4: linalg.fill
// BUF: %[[I:.*]] = memref.subview %[[A]][0, 1, 1, 0] [1, 4, 4, 8]
// BUF: linalg.exp ins(%arg0 : {{.*}}) outs(%[[I]] :
// BUF-NOT: memref.copy
// BUF: return %[[A]]
func.func @producer(%x: tensor<1x4x4x8xf32>) -> tensor<1x6x6x8xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %y = linalg.exp ins(%x : tensor<1x4x4x8xf32>) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %p = tensor.pad %y low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %cst : f32
  } : tensor<1x4x4x8xf32> to tensor<1x6x6x8xf32>
  return %p : tensor<1x6x6x8xf32>
}

// Through a tile loop's shared output; padding only on one side of W.
// CHECK-LABEL: func.func @forall_producer
// CHECK: %[[P:.*]] = tensor.empty() : tensor<1x4x5x8xf32>
// CHECK: tensor.extract_slice %[[P]][0, 0, 4, 0] [1, 4, 1, 8]
// CHECK: linalg.fill
// CHECK-NOT: linalg.fill
// CHECK: scf.forall
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 4, 4, 8]
// BUF-LABEL: func.func @forall_producer
// BUF-NOT: memref.copy
// BUF: return
func.func @forall_producer(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x5x8xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %y = scf.forall (%i) in (4) shared_outs(%o = %e) -> (tensor<1x4x4x8xf32>) {
    %s = tensor.extract_slice %x[0, %i, 0, 0] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x4x4x8xf32> to tensor<1x1x4x8xf32>
    %d = tensor.extract_slice %o[0, %i, 0, 0] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x4x4x8xf32> to tensor<1x1x4x8xf32>
    %r = linalg.exp ins(%s : tensor<1x1x4x8xf32>) outs(%d : tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %r into %o[0, %i, 0, 0] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x1x4x8xf32> into tensor<1x4x4x8xf32>
    }
  }
  %p = tensor.pad %y low[0, 0, 0, 0] high[0, 0, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %cst : f32
  } : tensor<1x4x4x8xf32> to tensor<1x4x5x8xf32>
  return %p : tensor<1x4x5x8xf32>
}

// A function argument has no producer to write in place: it is copied into
// the interior; the border is still filled, not the whole buffer.
// BUF-LABEL: func.func @argument
// BUF-COUNT-2: linalg.fill
// BUF: memref.copy %arg0
func.func @argument(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x6x8xf32> {
  %cst = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 0] high[0, 0, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %cst : f32
  } : tensor<1x4x4x8xf32> to tensor<1x4x6x8xf32>
  return %p : tensor<1x4x6x8xf32>
}
