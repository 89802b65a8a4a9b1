//===- Features.cpp - device features a program needs beyond Vulkan 1.1 ---===//

#include "runtime/vulkan/Features.h"

namespace mnv4::vulkan {

std::string missingF16Features(const F16Support &support,
                               const std::string &device) {
  std::string missing;
  auto add = [&](const char *what) {
    missing += (missing.empty() ? "" : " and ") + std::string(what);
  };
  if (!support.storageBuffer16BitAccess)
    add("storageBuffer16BitAccess (16-bit storage buffers, "
        "VK_KHR_16bit_storage)");
  if (!support.float16Int8Extension || !support.shaderFloat16)
    add("shaderFloat16 (VK_KHR_shader_float16_int8)");
  if (missing.empty())
    return missing;
  return "the Vulkan device '" + device + "' lacks " + missing +
         ", which a --vulkan-fp16 program needs: run the fp32 program "
         "(without --vulkan-fp16) on it";
}

} // namespace mnv4::vulkan
