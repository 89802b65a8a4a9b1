//===- VulkanEngine.h - mnv4-run --engine=vulkan ----------------*- C++ -*-===//
//
// Compiles the model in process exactly as `mnv4-compile --target=vulkan
// --emit=spirv` does (or reads such a directory with --vulkan-program=DIR)
// and runs it with the host runtime of runtime/vulkan (docs/vulkan.md).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_VULKANENGINE_H
#define MNV4_TOOLS_MNV4_RUN_VULKANENGINE_H

#include "Profile.h"

#include "mnv4/Interp/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <vector>

namespace mnv4::run {

/// --device, --vulkan-validation, --vulkan-fp16, --vulkan-shared-memory,
/// --vulkan-program, registered in the tool's
/// category.
struct VulkanOptions {
  explicit VulkanOptions(llvm::cl::OptionCategory &category);
  llvm::cl::opt<int> device;
  llvm::cl::opt<bool> validation;
  llvm::cl::opt<bool> fp16;
  llvm::cl::opt<int64_t> sharedMemory;
  llvm::cl::opt<std::string> programDir;
};

class VulkanEngine {
public:
  ~VulkanEngine();
  /// Compiles `module` (consumed) or reads --vulkan-program and checks that
  /// it matches the model; creates the device objects. `profile` records
  /// timestamps around every dispatch.
  static llvm::Expected<std::unique_ptr<VulkanEngine>>
  create(mlir::ModuleOp module, const VulkanOptions &options, bool profile);

  /// Copies `input` (model layout: NHWC for rank 4) to the device.
  llvm::Error setInput(const interp::Tensor &input);
  /// One inference; with profiling and `recording`, adds its dispatch times
  /// to the blocks they belong to.
  llvm::Error run();
  /// The outputs of the last run, in model layout.
  std::vector<interp::Tensor> results() const;

  bool recording = false;
  /// Per-block times (the blocks of --stats-json, then the entry point's
  /// layout transposes).
  llvm::ArrayRef<BlockTimes> blockTimes() const { return blocks; }
  /// Dispatch and barrier counts, then each dispatch's median time.
  void printDispatchProfile(llvm::raw_ostream &os) const;

  struct Impl;

private:
  explicit VulkanEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
  std::vector<BlockTimes> blocks;
};

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_VULKANENGINE_H
