//===- Loader.h - the Vulkan loader, opened at run time ---------*- C++ -*-===//
//
// The runtime does not link libvulkan: it opens the loader with dlopen, so a
// machine without one gets a message naming the package instead of a
// dynamic-linker failure. The entry points it uses are this table.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_RUNTIME_VULKAN_LOADER_H
#define MNV4_RUNTIME_VULKAN_LOADER_H

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#include <string>

namespace mnv4::vulkan {

#define MNV4_VK_GLOBAL_FUNCTIONS(X)                                            \
  X(vkCreateInstance)                                                          \
  X(vkEnumerateInstanceLayerProperties)                                        \
  X(vkEnumerateInstanceExtensionProperties)

#define MNV4_VK_INSTANCE_FUNCTIONS(X)                                          \
  X(vkDestroyInstance)                                                         \
  X(vkEnumeratePhysicalDevices)                                                \
  X(vkGetPhysicalDeviceProperties)                                             \
  X(vkGetPhysicalDeviceQueueFamilyProperties)                                  \
  X(vkGetPhysicalDeviceMemoryProperties)                                       \
  X(vkGetPhysicalDeviceFeatures2)                                              \
  X(vkEnumerateDeviceExtensionProperties)                                      \
  X(vkCreateDevice)                                                            \
  X(vkGetDeviceProcAddr)                                                       \
  X(vkCreateDebugUtilsMessengerEXT)                                            \
  X(vkDestroyDebugUtilsMessengerEXT)

#define MNV4_VK_DEVICE_FUNCTIONS(X)                                            \
  X(vkDestroyDevice)                                                           \
  X(vkGetDeviceQueue)                                                          \
  X(vkDeviceWaitIdle)                                                          \
  X(vkCreateBuffer)                                                            \
  X(vkDestroyBuffer)                                                           \
  X(vkGetBufferMemoryRequirements)                                             \
  X(vkAllocateMemory)                                                          \
  X(vkFreeMemory)                                                              \
  X(vkBindBufferMemory)                                                        \
  X(vkMapMemory)                                                               \
  X(vkUnmapMemory)                                                             \
  X(vkCreateShaderModule)                                                      \
  X(vkDestroyShaderModule)                                                     \
  X(vkCreateDescriptorSetLayout)                                               \
  X(vkDestroyDescriptorSetLayout)                                              \
  X(vkCreatePipelineLayout)                                                    \
  X(vkDestroyPipelineLayout)                                                   \
  X(vkCreateComputePipelines)                                                  \
  X(vkDestroyPipeline)                                                         \
  X(vkCreateDescriptorPool)                                                    \
  X(vkDestroyDescriptorPool)                                                   \
  X(vkAllocateDescriptorSets)                                                  \
  X(vkUpdateDescriptorSets)                                                    \
  X(vkCreateCommandPool)                                                       \
  X(vkDestroyCommandPool)                                                      \
  X(vkAllocateCommandBuffers)                                                  \
  X(vkBeginCommandBuffer)                                                      \
  X(vkEndCommandBuffer)                                                        \
  X(vkCmdBindPipeline)                                                         \
  X(vkCmdBindDescriptorSets)                                                   \
  X(vkCmdDispatch)                                                             \
  X(vkCmdPipelineBarrier)                                                      \
  X(vkCmdCopyBuffer)                                                           \
  X(vkCmdResetQueryPool)                                                       \
  X(vkCmdWriteTimestamp)                                                       \
  X(vkCreateQueryPool)                                                         \
  X(vkDestroyQueryPool)                                                        \
  X(vkGetQueryPoolResults)                                                     \
  X(vkCreateFence)                                                             \
  X(vkDestroyFence)                                                            \
  X(vkResetFences)                                                             \
  X(vkWaitForFences)                                                           \
  X(vkCreateEvent)                                                             \
  X(vkDestroyEvent)                                                            \
  X(vkResetEvent)                                                              \
  X(vkGetEventStatus)                                                          \
  X(vkCmdSetEvent)                                                             \
  X(vkQueueSubmit)

/// The loaded entry points; global ones at load, the others once an
/// instance (device) exists.
struct Functions {
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
#define MNV4_VK_DECLARE(name) PFN_##name name = nullptr;
  MNV4_VK_GLOBAL_FUNCTIONS(MNV4_VK_DECLARE)
  MNV4_VK_INSTANCE_FUNCTIONS(MNV4_VK_DECLARE)
  MNV4_VK_DEVICE_FUNCTIONS(MNV4_VK_DECLARE)
#undef MNV4_VK_DECLARE
};

/// Opens the loader ($MNV4_VULKAN_LOADER, default libvulkan.so.1) and
/// resolves the global entry points.
bool loadVulkan(Functions &vk, std::string &error);
/// Resolves the instance-level entry points (the debug-utils ones may stay
/// null when the extension is off).
bool loadInstanceFunctions(Functions &vk, VkInstance instance,
                           std::string &error);
/// Resolves the device-level entry points.
bool loadDeviceFunctions(Functions &vk, VkDevice device, std::string &error);

/// "VK_ERROR_OUT_OF_DEVICE_MEMORY" and the like.
const char *resultName(VkResult result);

} // namespace mnv4::vulkan

#endif // MNV4_RUNTIME_VULKAN_LOADER_H
