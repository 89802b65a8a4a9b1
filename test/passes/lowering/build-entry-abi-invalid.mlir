// mnv4-build-entry-abi rejects what the C ABI cannot express.
// RUN: mnv4-opt %s --split-input-file --mnv4-build-entry-abi --verify-diagnostics
// RUN: not mnv4-opt %s --split-input-file --mnv4-build-entry-abi=input-layout=chw 2>&1 | FileCheck %s --check-prefix=LAYOUT
// LAYOUT: error: input-layout must be nchw or nhwc, not 'chw'

// expected-error @below {{expected exactly one public function to compile, found 2}}
module {
  func.func @a(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
    return %x : tensor<1x2x2x3xf32>
  }
  func.func @b(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
    return %x : tensor<1x2x2x3xf32>
  }
}

// -----

// expected-error @below {{expected exactly one public function to compile, found 0}}
module {
  func.func private @only_private(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// expected-error @below {{entry argument must be a static tensor, not 'tensor<?x2x2x3xf32>'}}
func.func @dynamic(%x: tensor<?x2x2x3xf32>) -> tensor<2xf32> {
  %c = arith.constant dense<1.0> : tensor<2xf32>
  return %c : tensor<2xf32>
}

// -----

// expected-error @below {{entry result must be a static tensor, not 'f32'}}
func.func @scalar_result(%x: tensor<1x2x2x3xf32>) -> f32 {
  %c = arith.constant 1.0 : f32
  return %c : f32
}
