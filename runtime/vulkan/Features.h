//===- Features.h - what a program needs beyond Vulkan 1.1 ----*- C++ -*-===//
//
// A --vulkan-fp16 program (Manifest::f16Storage) loads and stores f16 in
// storage buffers and converts it to f32: the device needs
// storageBuffer16BitAccess (VK_KHR_16bit_storage, core in 1.1) and
// shaderFloat16 (VK_KHR_shader_float16_int8).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_RUNTIME_VULKAN_FEATURES_H
#define MNV4_RUNTIME_VULKAN_FEATURES_H

#include <string>

namespace mnv4::vulkan {

/// What a device offers of the f16 features.
struct F16Support {
  bool storageBuffer16BitAccess = false;
  bool shaderFloat16 = false;
  bool float16Int8Extension = false; // VK_KHR_shader_float16_int8 listed
};

/// Empty when a device with `support` runs f16-storage programs; else the
/// message naming the device and each missing feature.
std::string missingF16Features(const F16Support &support,
                               const std::string &device);

} // namespace mnv4::vulkan

#endif // MNV4_RUNTIME_VULKAN_FEATURES_H
