// mnv4-plan-arena needs static buffers.
// RUN: mnv4-opt %s --mnv4-plan-arena --verify-diagnostics

func.func @dynamic(%n: index) {
  // expected-error @below {{arena planning needs a static, identity-layout buffer, not 'memref<?xf32>'}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}
