// mnv4-insert-profile-probes rejects a module it cannot probe.
// RUN: mnv4-opt %s --split-input-file --mnv4-insert-profile-probes --verify-diagnostics

// expected-error @below {{expected exactly one public function to profile, found 2}}
module {
  func.func @a(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
  func.func @b(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// expected-error @below {{the module already defines @mnv4_profile_mark}}
module {
  func.func private @mnv4_profile_mark(i32)
  func.func @a(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}
