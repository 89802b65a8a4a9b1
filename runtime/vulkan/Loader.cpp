//===- Loader.cpp - dlopen the Vulkan loader, resolve entry points --------===//

#include "runtime/vulkan/Loader.h"

#include <cstdlib>
#include <dlfcn.h>

namespace mnv4::vulkan {

bool loadVulkan(Functions &vk, std::string &error) {
  const char *path = std::getenv("MNV4_VULKAN_LOADER");
  if (!path || !*path)
    path = "libvulkan.so.1";
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    error = std::string("cannot load the Vulkan loader ") + path +
            " (Debian package libvulkan1; a device also needs a driver, "
            "e.g. mesa-vulkan-drivers for the lavapipe CPU device)";
    return false;
  }
  vk.vkGetInstanceProcAddr = reinterpret_cast<PFN_vkGetInstanceProcAddr>(
      dlsym(library, "vkGetInstanceProcAddr"));
  if (!vk.vkGetInstanceProcAddr) {
    error = std::string(path) + " is not a Vulkan loader (no "
                                "vkGetInstanceProcAddr)";
    return false;
  }
#define MNV4_VK_LOAD(name)                                                     \
  vk.name =                                                                    \
      reinterpret_cast<PFN_##name>(vk.vkGetInstanceProcAddr(nullptr, #name));  \
  if (!vk.name) {                                                              \
    error = "the Vulkan loader lacks " #name;                                  \
    return false;                                                              \
  }
  MNV4_VK_GLOBAL_FUNCTIONS(MNV4_VK_LOAD)
#undef MNV4_VK_LOAD
  return true;
}

bool loadInstanceFunctions(Functions &vk, VkInstance instance,
                           std::string &error) {
#define MNV4_VK_LOAD(name)                                                     \
  vk.name =                                                                    \
      reinterpret_cast<PFN_##name>(vk.vkGetInstanceProcAddr(instance, #name));
  MNV4_VK_INSTANCE_FUNCTIONS(MNV4_VK_LOAD)
#undef MNV4_VK_LOAD
  if (!vk.vkDestroyInstance || !vk.vkEnumeratePhysicalDevices ||
      !vk.vkCreateDevice || !vk.vkGetDeviceProcAddr ||
      !vk.vkGetPhysicalDeviceProperties ||
      !vk.vkGetPhysicalDeviceQueueFamilyProperties ||
      !vk.vkGetPhysicalDeviceMemoryProperties) {
    error = "the Vulkan loader lacks an instance entry point";
    return false;
  }
  return true;
}

bool loadDeviceFunctions(Functions &vk, VkDevice device, std::string &error) {
#define MNV4_VK_LOAD(name)                                                     \
  vk.name =                                                                    \
      reinterpret_cast<PFN_##name>(vk.vkGetDeviceProcAddr(device, #name));     \
  if (!vk.name) {                                                              \
    error = "the Vulkan device lacks " #name;                                  \
    return false;                                                              \
  }
  MNV4_VK_DEVICE_FUNCTIONS(MNV4_VK_LOAD)
#undef MNV4_VK_LOAD
  return true;
}

const char *resultName(VkResult result) {
  switch (result) {
  case VK_ERROR_OUT_OF_HOST_MEMORY:
    return "VK_ERROR_OUT_OF_HOST_MEMORY";
  case VK_ERROR_OUT_OF_DEVICE_MEMORY:
    return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
  case VK_ERROR_INITIALIZATION_FAILED:
    return "VK_ERROR_INITIALIZATION_FAILED";
  case VK_ERROR_DEVICE_LOST:
    return "VK_ERROR_DEVICE_LOST";
  case VK_ERROR_LAYER_NOT_PRESENT:
    return "VK_ERROR_LAYER_NOT_PRESENT";
  case VK_ERROR_EXTENSION_NOT_PRESENT:
    return "VK_ERROR_EXTENSION_NOT_PRESENT";
  case VK_ERROR_INCOMPATIBLE_DRIVER:
    return "VK_ERROR_INCOMPATIBLE_DRIVER";
  case VK_ERROR_INVALID_SHADER_NV:
    return "VK_ERROR_INVALID_SHADER_NV";
  case VK_TIMEOUT:
    return "VK_TIMEOUT";
  default:
    return "a Vulkan error";
  }
}

} // namespace mnv4::vulkan
