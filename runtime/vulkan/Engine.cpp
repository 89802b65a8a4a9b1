//===- Engine.cpp - device, buffers, pipelines, one command buffer --------===//

#include "runtime/vulkan/Engine.h"

#include "runtime/vulkan/Features.h"
#include "runtime/vulkan/Loader.h"

#include <chrono>
#include <cstdio>
#include <cstring>

namespace mnv4::vulkan {

namespace {

// A device that completes no dispatch for this long is hung; one that is
// slow but progressing (a CPU driver on a loaded machine) is waited for.
constexpr int64_t kStallSeconds = 300;
// How often the host looks at the progress while it waits.
constexpr uint64_t kPollNanoseconds = 1000000000ull;

struct DeviceBuffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  void *mapped = nullptr; // host-visible buffers stay mapped
  uint64_t size = 0;
};

struct Range {
  const DeviceBuffer *buffer;
  uint64_t begin, end;
  bool overlaps(const Range &o) const {
    return buffer == o.buffer && begin < o.end && o.begin < end;
  }
};

bool overlapsAny(const Range &r, const std::vector<Range> &set) {
  for (const Range &o : set)
    if (r.overlaps(o))
      return true;
  return false;
}

VKAPI_ATTR VkBool32 VKAPI_CALL onValidationMessage(
    VkDebugUtilsMessageSeverityFlagBitsEXT, VkDebugUtilsMessageTypeFlagsEXT,
    const VkDebugUtilsMessengerCallbackDataEXT *data, void *user) {
  ++*static_cast<size_t *>(user);
  std::fprintf(stderr, "vulkan validation: %s\n",
               data && data->pMessage ? data->pMessage : "(no message)");
  return VK_FALSE;
}

} // namespace

struct Engine::State {
  Functions vk;
  EngineOptions options;
  Manifest manifest;
  VkInstance instance = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
  size_t validationMessages = 0;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkPhysicalDeviceProperties properties{};
  VkPhysicalDeviceMemoryProperties memory{};
  std::string deviceName;
  uint32_t queueFamily = 0;
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  VkCommandPool commandPool = VK_NULL_HANDLE;
  VkCommandBuffer commands = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  VkQueryPool timestamps = VK_NULL_HANDLE;
  /// Set by the command buffer after each dispatch: the host's view of the
  /// progress of an inference.
  std::vector<VkEvent> done;
  DeviceBuffer input, arena, weights;
  std::vector<DeviceBuffer> outputs;
  std::vector<VkShaderModule> shaders;
  std::vector<VkDescriptorSetLayout> setLayouts;
  std::vector<VkPipelineLayout> pipelineLayouts;
  std::vector<VkPipeline> pipelines;
  VkDescriptorPool descriptorPool = VK_NULL_HANDLE;
  std::vector<VkDescriptorSet> sets;
  EngineStats stats;
  std::vector<double> micros;

  ~State();
  bool check(VkResult result, const char *what, std::string &error) {
    if (result == VK_SUCCESS)
      return true;
    error = std::string(what) + " failed: " + resultName(result);
    return false;
  }
  bool validationClean(const char *when, std::string &error) {
    if (!validationMessages)
      return true;
    error = "the Vulkan validation layer reported " +
            std::to_string(validationMessages) + " message(s) " + when;
    return false;
  }

  bool createInstance(std::string &error);
  bool pickDevice(std::string &error);
  bool checkLimits(std::string &error);
  bool createDevice(std::string &error);
  bool createBuffer(DeviceBuffer &b, uint64_t size, VkBufferUsageFlags usage,
                    bool hostVisible, std::string &error);
  bool uploadWeights(const std::vector<uint8_t> &data, std::string &error);
  bool createPipelines(const Program &program, std::string &error);
  bool recordCommands(std::string &error);
  const DeviceBuffer &bufferOf(const Binding &b) const {
    switch (b.buffer) {
    case BufferKind::Input:
      return input;
    case BufferKind::Output:
      return outputs[b.output];
    case BufferKind::Weights:
      return weights;
    case BufferKind::Arena:
      break;
    }
    return arena;
  }
  /// Submits `cb` and waits for it. `events` (set in order by `cb`, reset
  /// here) show its progress: the wait ends with an error only when none
  /// is set for kStallSeconds, never on a slow but progressing run.
  bool submitAndWait(VkCommandBuffer cb, const std::vector<VkEvent> &events,
                     std::string &error) {
    for (VkEvent e : events)
      if (!check(vk.vkResetEvent(device, e), "vkResetEvent", error))
        return false;
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cb;
    if (!check(vk.vkResetFences(device, 1, &fence), "vkResetFences", error) ||
        !check(vk.vkQueueSubmit(queue, 1, &submit, fence), "vkQueueSubmit",
               error))
      return false;
    using Clock = std::chrono::steady_clock;
    Clock::time_point progressed = Clock::now();
    size_t finished = 0;
    for (;;) {
      VkResult waited =
          vk.vkWaitForFences(device, 1, &fence, VK_TRUE, kPollNanoseconds);
      if (waited != VK_TIMEOUT)
        return check(waited, "waiting for the device", error);
      size_t before = finished;
      while (finished < events.size() &&
             vk.vkGetEventStatus(device, events[finished]) == VK_EVENT_SET)
        ++finished;
      if (finished != before) {
        progressed = Clock::now();
        continue;
      }
      if (Clock::now() - progressed < std::chrono::seconds(kStallSeconds))
        continue;
      error = "the device finished no dispatch for " +
              std::to_string(kStallSeconds) + " s (a hang?)";
      if (finished < manifest.dispatches.size() && !events.empty()) {
        const Dispatch &d = manifest.dispatches[finished];
        error += ": dispatch " + std::to_string(finished) + " (" + d.module +
                 ", " + d.kernel + " " + d.label + ") never ended";
      }
      return false;
    }
  }
};

Engine::State::~State() {
  if (device) {
    vk.vkDeviceWaitIdle(device);
    for (VkPipeline p : pipelines)
      vk.vkDestroyPipeline(device, p, nullptr);
    for (VkPipelineLayout l : pipelineLayouts)
      vk.vkDestroyPipelineLayout(device, l, nullptr);
    for (VkDescriptorSetLayout l : setLayouts)
      vk.vkDestroyDescriptorSetLayout(device, l, nullptr);
    for (VkShaderModule s : shaders)
      vk.vkDestroyShaderModule(device, s, nullptr);
    if (descriptorPool)
      vk.vkDestroyDescriptorPool(device, descriptorPool, nullptr);
    if (timestamps)
      vk.vkDestroyQueryPool(device, timestamps, nullptr);
    for (VkEvent e : done)
      vk.vkDestroyEvent(device, e, nullptr);
    if (fence)
      vk.vkDestroyFence(device, fence, nullptr);
    if (commandPool)
      vk.vkDestroyCommandPool(device, commandPool, nullptr);
    auto release = [&](DeviceBuffer &b) {
      if (b.buffer)
        vk.vkDestroyBuffer(device, b.buffer, nullptr);
      if (b.memory)
        vk.vkFreeMemory(device, b.memory, nullptr);
    };
    release(input);
    release(arena);
    release(weights);
    for (DeviceBuffer &b : outputs)
      release(b);
    vk.vkDestroyDevice(device, nullptr);
  }
  if (messenger)
    vk.vkDestroyDebugUtilsMessengerEXT(instance, messenger, nullptr);
  if (instance)
    vk.vkDestroyInstance(instance, nullptr);
}

bool Engine::State::createInstance(std::string &error) {
  if (!loadVulkan(vk, error))
    return false;
  std::vector<const char *> layers, extensions;
  if (options.validation) {
    uint32_t count = 0;
    vk.vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> available(count);
    vk.vkEnumerateInstanceLayerProperties(&count, available.data());
    bool found = false;
    for (const VkLayerProperties &l : available)
      found |= std::strcmp(l.layerName, "VK_LAYER_KHRONOS_validation") == 0;
    if (!found) {
      error = "the Vulkan validation layer VK_LAYER_KHRONOS_validation is "
              "not installed (Debian package vulkan-validationlayers)";
      return false;
    }
    layers.push_back("VK_LAYER_KHRONOS_validation");
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    extensions.push_back(VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME);
  }
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "mnv4";
  app.apiVersion = VK_API_VERSION_1_1;
  VkDebugUtilsMessengerCreateInfoEXT messengerInfo{
      VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
  messengerInfo.messageSeverity =
      VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
      VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
  messengerInfo.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                              VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                              VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  messengerInfo.pfnUserCallback = onValidationMessage;
  messengerInfo.pUserData = &validationMessages;
  VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  info.pApplicationInfo = &app;
  info.enabledLayerCount = static_cast<uint32_t>(layers.size());
  info.ppEnabledLayerNames = layers.data();
  info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();
  // Synchronization validation too: it checks the barriers recorded from
  // the manifest's byte ranges (recordCommands) against every dispatch's
  // accesses.
  VkValidationFeatureEnableEXT enables[] = {
      VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT};
  VkValidationFeaturesEXT features{VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT};
  features.enabledValidationFeatureCount = 1;
  features.pEnabledValidationFeatures = enables;
  features.pNext = &messengerInfo;
  // Also covers messages of vkCreateInstance itself.
  if (options.validation)
    info.pNext = &features;
  VkResult result = vk.vkCreateInstance(&info, nullptr, &instance);
  if (result == VK_ERROR_INCOMPATIBLE_DRIVER) {
    error = "no Vulkan driver found: install one (Debian: mesa-vulkan-drivers "
            "provides lavapipe, a CPU device)";
    return false;
  }
  if (!check(result, "vkCreateInstance", error) ||
      !loadInstanceFunctions(vk, instance, error))
    return false;
  if (options.validation &&
      (!vk.vkCreateDebugUtilsMessengerEXT ||
       !check(vk.vkCreateDebugUtilsMessengerEXT(instance, &messengerInfo,
                                                nullptr, &messenger),
              "vkCreateDebugUtilsMessengerEXT", error)))
    return error.empty() ? (error = "VK_EXT_debug_utils is missing", false)
                         : false;
  return true;
}

bool Engine::State::pickDevice(std::string &error) {
  uint32_t count = 0;
  if (!check(vk.vkEnumeratePhysicalDevices(instance, &count, nullptr),
             "vkEnumeratePhysicalDevices", error))
    return false;
  std::vector<VkPhysicalDevice> devices(count);
  vk.vkEnumeratePhysicalDevices(instance, &count, devices.data());
  if (count == 0) {
    error = "no Vulkan device found: install a driver (Debian: "
            "mesa-vulkan-drivers provides lavapipe, a CPU device)";
    return false;
  }
  auto computeQueue = [&](VkPhysicalDevice d, uint32_t &family) {
    uint32_t n = 0;
    vk.vkGetPhysicalDeviceQueueFamilyProperties(d, &n, nullptr);
    std::vector<VkQueueFamilyProperties> families(n);
    vk.vkGetPhysicalDeviceQueueFamilyProperties(d, &n, families.data());
    for (uint32_t i = 0; i < n; ++i)
      if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
        family = i;
        // Timestamps need valid bits on this family.
        return families[i].timestampValidBits;
      }
    family = ~0u;
    return 0u;
  };
  std::string list;
  for (uint32_t i = 0; i < count; ++i) {
    VkPhysicalDeviceProperties p;
    vk.vkGetPhysicalDeviceProperties(devices[i], &p);
    list += (i ? ", " : "") + std::to_string(i) + ": " + p.deviceName;
  }
  int chosen = options.device;
  uint32_t timestampBits = 0;
  if (chosen >= 0) {
    if (static_cast<uint32_t>(chosen) >= count) {
      error = "--device=" + std::to_string(chosen) +
              " is out of range: " + std::to_string(count) +
              " Vulkan device(s) (" + list + ")";
      return false;
    }
    timestampBits = computeQueue(devices[chosen], queueFamily);
    if (queueFamily == ~0u) {
      error = "Vulkan device " + std::to_string(chosen) +
              " has no compute queue (" + list + ")";
      return false;
    }
  } else {
    for (uint32_t i = 0; i < count && chosen < 0; ++i) {
      timestampBits = computeQueue(devices[i], queueFamily);
      if (queueFamily != ~0u)
        chosen = static_cast<int>(i);
    }
    if (chosen < 0) {
      error = "no Vulkan device with a compute queue (" + list + ")";
      return false;
    }
  }
  physical = devices[chosen];
  vk.vkGetPhysicalDeviceProperties(physical, &properties);
  vk.vkGetPhysicalDeviceMemoryProperties(physical, &memory);
  deviceName = properties.deviceName;
  if (options.profile &&
      (!timestampBits || !properties.limits.timestampComputeAndGraphics)) {
    error = "the Vulkan device '" + deviceName +
            "' has no compute timestamps, which --profile needs";
    return false;
  }
  return true;
}

bool Engine::State::checkLimits(std::string &error) {
  const VkPhysicalDeviceLimits &l = properties.limits;
  auto fail = [&](const std::string &what) {
    error = "the Vulkan device '" + deviceName + "' " + what;
    return false;
  };
  if (kBufferAlignment % l.minStorageBufferOffsetAlignment)
    return fail("needs storage buffer offsets aligned to " +
                std::to_string(l.minStorageBufferOffsetAlignment) +
                " bytes (the program aligns them to " +
                std::to_string(kBufferAlignment) + ")");
  for (const Dispatch &d : manifest.dispatches) {
    uint64_t invocations = 1;
    for (int i = 0; i < 3; ++i) {
      invocations *= d.workgroup[i];
      if (d.workgroup[i] > l.maxComputeWorkGroupSize[i] ||
          d.groups[i] > l.maxComputeWorkGroupCount[i])
        return fail("limits workgroups to " +
                    std::to_string(l.maxComputeWorkGroupSize[i]) +
                    " invocations and dispatches to " +
                    std::to_string(l.maxComputeWorkGroupCount[i]) +
                    " workgroups in dimension " + std::to_string(i) +
                    ", less than dispatch " + d.module + " needs");
    }
    if (invocations > l.maxComputeWorkGroupInvocations)
      return fail("allows " + std::to_string(l.maxComputeWorkGroupInvocations) +
                  " invocations per workgroup, " + d.module + " has " +
                  std::to_string(invocations));
    if (d.bindings.size() > l.maxPerStageDescriptorStorageBuffers)
      return fail("allows " +
                  std::to_string(l.maxPerStageDescriptorStorageBuffers) +
                  " storage buffers per shader, " + d.module + " binds " +
                  std::to_string(d.bindings.size()));
    if (d.sharedBytes > l.maxComputeSharedMemorySize)
      return fail("has maxComputeSharedMemorySize " +
                  std::to_string(l.maxComputeSharedMemorySize) +
                  " bytes, less than the " + std::to_string(d.sharedBytes) +
                  " bytes of workgroup memory " + d.module + " (" + d.label +
                  ") needs: compile with --vulkan-shared-memory=" +
                  std::to_string(l.maxComputeSharedMemorySize) +
                  " (or 0, unfused blocks)");
    for (const Binding &b : d.bindings)
      if (b.range > l.maxStorageBufferRange)
        return fail("limits a storage buffer binding to " +
                    std::to_string(l.maxStorageBufferRange) + " bytes, " +
                    d.module + " binds " + std::to_string(b.range));
  }
  return true;
}

bool Engine::State::createDevice(std::string &error) {
  float priority = 1.0f;
  VkDeviceQueueCreateInfo queueInfo{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  queueInfo.queueFamilyIndex = queueFamily;
  queueInfo.queueCount = 1;
  queueInfo.pQueuePriorities = &priority;
  VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queueInfo;
  // f16 storage: 16-bit storage buffers and float16 (for the conversions),
  // checked, then enabled.
  VkPhysicalDevice16BitStorageFeatures storage16{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES};
  VkPhysicalDeviceShaderFloat16Int8Features float16{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES};
  const char *float16Extension = VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME;
  if (manifest.f16Storage) {
    F16Support support;
    uint32_t n = 0;
    vk.vkEnumerateDeviceExtensionProperties(physical, nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> extensions(n);
    vk.vkEnumerateDeviceExtensionProperties(physical, nullptr, &n,
                                            extensions.data());
    for (const VkExtensionProperties &e : extensions)
      support.float16Int8Extension |=
          std::strcmp(e.extensionName, float16Extension) == 0;
    storage16.pNext = &float16;
    VkPhysicalDeviceFeatures2 features{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    features.pNext = &storage16;
    vk.vkGetPhysicalDeviceFeatures2(physical, &features);
    support.storageBuffer16BitAccess = storage16.storageBuffer16BitAccess;
    support.shaderFloat16 = float16.shaderFloat16;
    error = missingF16Features(support, deviceName);
    if (!error.empty())
      return false;
    storage16 = {VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES};
    storage16.storageBuffer16BitAccess = VK_TRUE;
    storage16.pNext = &float16;
    float16 = {VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES};
    float16.shaderFloat16 = VK_TRUE;
    info.pNext = &storage16;
    info.enabledExtensionCount = 1;
    info.ppEnabledExtensionNames = &float16Extension;
  }
  if (!check(vk.vkCreateDevice(physical, &info, nullptr, &device),
             "vkCreateDevice", error) ||
      !loadDeviceFunctions(vk, device, error))
    return false;
  vk.vkGetDeviceQueue(device, queueFamily, 0, &queue);
  VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  poolInfo.queueFamilyIndex = queueFamily;
  VkFenceCreateInfo fenceInfo{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  return check(vk.vkCreateCommandPool(device, &poolInfo, nullptr, &commandPool),
               "vkCreateCommandPool", error) &&
         check(vk.vkCreateFence(device, &fenceInfo, nullptr, &fence),
               "vkCreateFence", error);
}

bool Engine::State::createBuffer(DeviceBuffer &b, uint64_t size,
                                 VkBufferUsageFlags usage, bool hostVisible,
                                 std::string &error) {
  b.size = size;
  VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  info.size = size;
  info.usage = usage;
  if (!check(vk.vkCreateBuffer(device, &info, nullptr, &b.buffer),
             "vkCreateBuffer", error))
    return false;
  VkMemoryRequirements req;
  vk.vkGetBufferMemoryRequirements(device, b.buffer, &req);
  // Host-visible buffers want coherent memory; device buffers prefer
  // device-local memory (on an integrated GPU or lavapipe both hold).
  VkMemoryPropertyFlags want = hostVisible
                                   ? VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                         VK_MEMORY_PROPERTY_HOST_COHERENT_BIT
                                   : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
  uint32_t type = ~0u;
  for (int pass = 0; pass < 2 && type == ~0u; ++pass)
    for (uint32_t i = 0; i < memory.memoryTypeCount && type == ~0u; ++i)
      if ((req.memoryTypeBits >> i & 1) &&
          ((pass == 1 && !hostVisible) ||
           (memory.memoryTypes[i].propertyFlags & want) == want))
        type = i;
  if (type == ~0u) {
    error = "the Vulkan device has no suitable memory type for a buffer";
    return false;
  }
  VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = type;
  if (!check(vk.vkAllocateMemory(device, &alloc, nullptr, &b.memory),
             "allocating device memory", error) ||
      !check(vk.vkBindBufferMemory(device, b.buffer, b.memory, 0),
             "vkBindBufferMemory", error))
    return false;
  if (memory.memoryTypes[type].propertyFlags &
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)
    return check(
        vk.vkMapMemory(device, b.memory, 0, VK_WHOLE_SIZE, 0, &b.mapped),
        "vkMapMemory", error);
  return true;
}

bool Engine::State::uploadWeights(const std::vector<uint8_t> &data,
                                  std::string &error) {
  uint64_t size = std::max<uint64_t>(data.size(), 4);
  if (!createBuffer(weights, size,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                        VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                    /*hostVisible=*/false, error))
    return false;
  if (weights.mapped) { // device-local and host-visible: written in place
    std::memcpy(weights.mapped, data.data(), data.size());
    return true;
  }
  // A discrete GPU: through a staging buffer, once.
  DeviceBuffer staging;
  bool ok = createBuffer(staging, size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                         /*hostVisible=*/true, error);
  VkCommandBuffer cb = VK_NULL_HANDLE;
  if (ok) {
    std::memcpy(staging.mapped, data.data(), data.size());
    VkCommandBufferAllocateInfo alloc{
        VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = commandPool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    ok = check(vk.vkAllocateCommandBuffers(device, &alloc, &cb),
               "vkAllocateCommandBuffers", error);
  }
  if (ok) {
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vk.vkBeginCommandBuffer(cb, &begin);
    VkBufferCopy region{0, 0, size};
    vk.vkCmdCopyBuffer(cb, staging.buffer, weights.buffer, 1, &region);
    ok = check(vk.vkEndCommandBuffer(cb), "vkEndCommandBuffer", error) &&
         submitAndWait(cb, {}, error);
  }
  if (staging.buffer)
    vk.vkDestroyBuffer(device, staging.buffer, nullptr);
  if (staging.memory)
    vk.vkFreeMemory(device, staging.memory, nullptr);
  return ok;
}

bool Engine::State::createPipelines(const Program &program,
                                    std::string &error) {
  size_t totalBindings = 0;
  for (const Dispatch &d : manifest.dispatches)
    totalBindings += d.bindings.size();
  VkDescriptorPoolSize poolSize{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                                static_cast<uint32_t>(totalBindings)};
  VkDescriptorPoolCreateInfo poolInfo{
      VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  poolInfo.maxSets = static_cast<uint32_t>(manifest.dispatches.size());
  poolInfo.poolSizeCount = 1;
  poolInfo.pPoolSizes = &poolSize;
  if (!check(vk.vkCreateDescriptorPool(device, &poolInfo, nullptr,
                                       &descriptorPool),
             "vkCreateDescriptorPool", error))
    return false;
  for (const Dispatch &d : manifest.dispatches) {
    const std::vector<uint32_t> *words = program.findModule(d.module);
    VkShaderModuleCreateInfo shaderInfo{
        VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    shaderInfo.codeSize = words->size() * 4;
    shaderInfo.pCode = words->data();
    shaders.push_back(VK_NULL_HANDLE);
    if (!check(vk.vkCreateShaderModule(device, &shaderInfo, nullptr,
                                       &shaders.back()),
               "vkCreateShaderModule", error))
      return false;
    std::vector<VkDescriptorSetLayoutBinding> layoutBindings;
    for (uint32_t i = 0; i < d.bindings.size(); ++i)
      layoutBindings.push_back({i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                                VK_SHADER_STAGE_COMPUTE_BIT, nullptr});
    VkDescriptorSetLayoutCreateInfo layoutInfo{
        VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    layoutInfo.bindingCount = static_cast<uint32_t>(layoutBindings.size());
    layoutInfo.pBindings = layoutBindings.data();
    setLayouts.push_back(VK_NULL_HANDLE);
    if (!check(vk.vkCreateDescriptorSetLayout(device, &layoutInfo, nullptr,
                                              &setLayouts.back()),
               "vkCreateDescriptorSetLayout", error))
      return false;
    VkPipelineLayoutCreateInfo plInfo{
        VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    plInfo.setLayoutCount = 1;
    plInfo.pSetLayouts = &setLayouts.back();
    pipelineLayouts.push_back(VK_NULL_HANDLE);
    if (!check(vk.vkCreatePipelineLayout(device, &plInfo, nullptr,
                                         &pipelineLayouts.back()),
               "vkCreatePipelineLayout", error))
      return false;
    VkComputePipelineCreateInfo pipeInfo{
        VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    pipeInfo.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                      nullptr,
                      0,
                      VK_SHADER_STAGE_COMPUTE_BIT,
                      shaders.back(),
                      d.entry.c_str(),
                      nullptr};
    pipeInfo.layout = pipelineLayouts.back();
    pipelines.push_back(VK_NULL_HANDLE);
    if (!check(vk.vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &pipeInfo,
                                           nullptr, &pipelines.back()),
               ("creating the pipeline of " + d.module).c_str(), error))
      return false;
    VkDescriptorSetAllocateInfo setInfo{
        VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    setInfo.descriptorPool = descriptorPool;
    setInfo.descriptorSetCount = 1;
    setInfo.pSetLayouts = &setLayouts.back();
    sets.push_back(VK_NULL_HANDLE);
    if (!check(vk.vkAllocateDescriptorSets(device, &setInfo, &sets.back()),
               "vkAllocateDescriptorSets", error))
      return false;
    std::vector<VkDescriptorBufferInfo> infos;
    for (const Binding &b : d.bindings)
      infos.push_back({bufferOf(b).buffer, b.offset, b.range});
    std::vector<VkWriteDescriptorSet> writes;
    for (uint32_t i = 0; i < infos.size(); ++i) {
      VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
      w.dstSet = sets.back();
      w.dstBinding = i;
      w.descriptorCount = 1;
      w.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      w.pBufferInfo = &infos[i];
      writes.push_back(w);
    }
    vk.vkUpdateDescriptorSets(device, static_cast<uint32_t>(writes.size()),
                              writes.data(), 0, nullptr);
  }
  return true;
}

bool Engine::State::recordCommands(std::string &error) {
  size_t n = manifest.dispatches.size();
  if (options.profile) {
    VkQueryPoolCreateInfo qp{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
    qp.queryType = VK_QUERY_TYPE_TIMESTAMP;
    qp.queryCount = static_cast<uint32_t>(n + 1);
    if (!check(vk.vkCreateQueryPool(device, &qp, nullptr, &timestamps),
               "vkCreateQueryPool", error))
      return false;
  }
  done.resize(n, VK_NULL_HANDLE);
  for (VkEvent &e : done) {
    VkEventCreateInfo info{VK_STRUCTURE_TYPE_EVENT_CREATE_INFO};
    if (!check(vk.vkCreateEvent(device, &info, nullptr, &e), "vkCreateEvent",
               error))
      return false;
  }
  VkCommandBufferAllocateInfo alloc{
      VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  alloc.commandPool = commandPool;
  alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  alloc.commandBufferCount = 1;
  if (!check(vk.vkAllocateCommandBuffers(device, &alloc, &commands),
             "vkAllocateCommandBuffers", error))
    return false;
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  vk.vkBeginCommandBuffer(commands, &begin);
  if (timestamps) {
    vk.vkCmdResetQueryPool(commands, timestamps, 0,
                           static_cast<uint32_t>(n + 1));
    vk.vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT,
                           timestamps, 0);
  }
  // A barrier only where a dispatch touches bytes an earlier one (since the
  // last barrier) wrote, or writes bytes it read.
  std::vector<Range> written, read;
  for (size_t i = 0; i < n; ++i) {
    const Dispatch &d = manifest.dispatches[i];
    bool hazard = false;
    for (const Binding &b : d.bindings) {
      Range r{&bufferOf(b), b.offset, b.offset + b.range};
      hazard |= overlapsAny(r, written) || (b.writes && overlapsAny(r, read));
    }
    if (hazard) {
      VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
      barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
      barrier.dstAccessMask =
          VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
      vk.vkCmdPipelineBarrier(commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                              VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1,
                              &barrier, 0, nullptr, 0, nullptr);
      ++stats.barriers;
      written.clear();
      read.clear();
    }
    for (const Binding &b : d.bindings) {
      Range r{&bufferOf(b), b.offset, b.offset + b.range};
      if (b.writes)
        written.push_back(r);
      if (b.reads)
        read.push_back(r);
    }
    vk.vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                         pipelines[i]);
    vk.vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                               pipelineLayouts[i], 0, 1, &sets[i], 0, nullptr);
    vk.vkCmdDispatch(commands, d.groups[0], d.groups[1], d.groups[2]);
    vk.vkCmdSetEvent(commands, done[i], VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
    if (timestamps)
      vk.vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                             timestamps, static_cast<uint32_t>(i + 1));
  }
  // The outputs become visible to the host.
  VkMemoryBarrier toHost{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  toHost.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
  toHost.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
  vk.vkCmdPipelineBarrier(commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                          VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &toHost, 0, nullptr,
                          0, nullptr);
  stats.dispatches = n;
  return check(vk.vkEndCommandBuffer(commands), "vkEndCommandBuffer", error);
}

Engine::Engine(std::unique_ptr<State> state) : state(std::move(state)) {}
Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::create(const Program &program,
                                       const EngineOptions &options,
                                       std::string &error) {
  if (!checkProgram(program, error))
    return nullptr;
  auto s = std::make_unique<State>();
  s->options = options;
  s->manifest = program.manifest;
  const Manifest &m = s->manifest;
  constexpr VkBufferUsageFlags storage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
  auto bytes = [](const std::vector<int64_t> &shape) {
    uint64_t n = 4;
    for (int64_t d : shape)
      n *= static_cast<uint64_t>(d);
    return n;
  };
  if (!s->createInstance(error) || !s->pickDevice(error) ||
      !s->checkLimits(error) || !s->createDevice(error) ||
      !s->createBuffer(s->input, bytes(m.input), storage, true, error) ||
      !s->createBuffer(s->arena, std::max<uint64_t>(m.arenaBytes, 4), storage,
                       false, error))
    return nullptr;
  s->outputs.resize(m.outputs.size());
  for (size_t i = 0; i < m.outputs.size(); ++i)
    if (!s->createBuffer(s->outputs[i], bytes(m.outputs[i]), storage, true,
                         error))
      return nullptr;
  if (!s->uploadWeights(program.weights, error) ||
      !s->createPipelines(program, error) || !s->recordCommands(error) ||
      !s->validationClean("while setting up", error))
    return nullptr;
  s->stats.arenaBytes = m.arenaBytes;
  s->stats.weightsBytes = m.weightsBytes;
  return std::unique_ptr<Engine>(new Engine(std::move(s)));
}

bool Engine::setInput(const std::vector<float> &in, std::string &error) {
  if (in.size() * 4 != state->input.size) {
    error = "the input has " + std::to_string(in.size()) +
            " floats, the program takes " +
            std::to_string(state->input.size / 4);
    return false;
  }
  std::memcpy(state->input.mapped, in.data(), state->input.size);
  return true;
}

bool Engine::run(std::string &error) {
  State &s = *state;
  if (!s.submitAndWait(s.commands, s.done, error))
    return false;
  if (s.timestamps) {
    size_t n = s.manifest.dispatches.size();
    std::vector<uint64_t> ticks(n + 1);
    if (!s.check(s.vk.vkGetQueryPoolResults(
                     s.device, s.timestamps, 0, static_cast<uint32_t>(n + 1),
                     ticks.size() * 8, ticks.data(), 8,
                     VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
                 "reading the timestamps", error))
      return false;
    double period = s.properties.limits.timestampPeriod; // ns per tick
    s.micros.resize(n);
    for (size_t i = 0; i < n; ++i)
      s.micros[i] = (ticks[i + 1] - ticks[i]) * period / 1000.0;
  }
  return s.validationClean("during an inference", error);
}

std::vector<float> Engine::output(size_t index) const {
  const DeviceBuffer &b = state->outputs[index];
  std::vector<float> out(b.size / 4);
  std::memcpy(out.data(), b.mapped, b.size);
  return out;
}

std::vector<double> Engine::dispatchMicros() const { return state->micros; }
const std::string &Engine::deviceName() const { return state->deviceName; }
EngineStats Engine::stats() const { return state->stats; }

} // namespace mnv4::vulkan
