//===- Engine.h - run a compiled Vulkan program -----------------*- C++ -*-===//
//
// The host runtime of the Vulkan target (docs/vulkan.md, section 3): picks a
// device, uploads the weights once, keeps every intermediate in one planned
// arena buffer, records the whole inference into one command buffer (at
// creation; each run submits it) and reads per-dispatch timestamps. Vulkan
// API only, no LLVM or MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_RUNTIME_VULKAN_ENGINE_H
#define MNV4_RUNTIME_VULKAN_ENGINE_H

#include "runtime/vulkan/Program.h"

#include <memory>
#include <string>
#include <vector>

namespace mnv4::vulkan {

struct EngineOptions {
  int device = -1;         // index among the physical devices; -1: the
                           // first with a compute queue
  bool validation = false; // enable VK_LAYER_KHRONOS_validation; any message
                           // it reports fails the call that caused it
  bool profile = false;    // timestamps around every dispatch
};

struct EngineStats {
  size_t dispatches = 0;
  size_t barriers = 0; // between dispatches (a read-after-write or
                       // write-after-read on overlapping bytes)
  uint64_t arenaBytes = 0, weightsBytes = 0;
};

class Engine {
public:
  ~Engine();
  /// Creates the device objects and uploads the weights; nullptr with
  /// `error` on failure (no loader, no device, a limit the program exceeds,
  /// a validation message).
  static std::unique_ptr<Engine> create(const Program &program,
                                        const EngineOptions &options,
                                        std::string &error);

  /// Copies the ABI input (NCHW float32, manifest.input) to the device.
  bool setInput(const std::vector<float> &input, std::string &error);
  /// Submits the inference and waits for it.
  bool run(std::string &error);
  /// Output `index` of the last run (ABI layout).
  std::vector<float> output(size_t index) const;
  /// Microseconds of each dispatch in the last run (with options.profile).
  std::vector<double> dispatchMicros() const;

  const std::string &deviceName() const;
  EngineStats stats() const;

  struct State;

private:
  explicit Engine(std::unique_ptr<State> state);
  std::unique_ptr<State> state;
};

} // namespace mnv4::vulkan

#endif // MNV4_RUNTIME_VULKAN_ENGINE_H
