//===- Program.h - a model compiled for Vulkan: manifest, SPIR-V, weights -===//
//
// What `mnv4-compile --target=vulkan --emit=spirv -o DIR` writes and the
// host runtime runs (docs/vulkan.md): one SPIR-V module per dispatch, the
// weights blob, and a manifest saying which buffer bytes each dispatch binds.
// Plain C++: the runtime does not depend on LLVM or MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_RUNTIME_VULKAN_PROGRAM_H
#define MNV4_RUNTIME_VULKAN_PROGRAM_H

#include <cstdint>
#include <string>
#include <vector>

namespace mnv4::vulkan {

/// The device buffers of an inference: the caller's input, each output, the
/// planned arena of every intermediate, and the weights (uploaded once).
enum class BufferKind { Input, Output, Arena, Weights };

/// One descriptor binding (set 0, binding = its index in Dispatch::bindings).
struct Binding {
  BufferKind buffer = BufferKind::Arena;
  uint32_t output = 0; // which output, for BufferKind::Output
  uint64_t offset = 0; // bytes, a multiple of kBufferAlignment
  uint64_t range = 0;  // bytes the kernel may touch from offset
  bool reads = false;  // the kernel loads from it
  bool writes = false; // the kernel stores to it
};

struct Dispatch {
  std::string module; // SPIR-V file name in the program directory
  std::string entry;  // entry point name
  std::string kernel; // role (conv, pointwise, ... the mnv4.kernel tag)
  std::string label;  // the model layer it comes from (timm module name)
  uint32_t groups[3] = {1, 1, 1};
  uint32_t workgroup[3] = {1, 1, 1};
  uint32_t sharedBytes = 0; // workgroup memory (a fused block's tile)
  std::vector<Binding> bindings;
};

struct Manifest {
  std::vector<int64_t> input;                // NCHW (or NHWC) float32 shape
  std::vector<std::vector<int64_t>> outputs; // float32 shapes, rank 4 NCHW
  uint64_t arenaBytes = 0;
  uint64_t weightsBytes = 0;
  std::string weightsFile = "weights.bin";
  /// The arena and the weights hold f16 (--vulkan-fp16; the input and
  /// outputs stay f32): the device needs 16-bit storage buffers and float16.
  bool f16Storage = false;
  std::vector<Dispatch> dispatches;
};

/// Offsets of every binding are multiples of this (Vulkan's largest allowed
/// minStorageBufferOffsetAlignment), so any device can bind them.
constexpr uint64_t kBufferAlignment = 256;

/// A dispatch's workgroup memory, at most (devices have 16 KiB to 64 KiB).
constexpr uint64_t kMaxSharedBytes = 1 << 20;

struct Program {
  Manifest manifest;
  /// SPIR-V words of each Dispatch::module, by file name.
  std::vector<std::pair<std::string, std::vector<uint32_t>>> modules;
  std::vector<uint8_t> weights;

  const std::vector<uint32_t> *findModule(const std::string &name) const;
};

/// The manifest as text (docs/vulkan.md, section 2).
std::string writeManifest(const Manifest &manifest);
/// Parses and checks a manifest; false with `error` naming the line.
bool parseManifest(const std::string &text, Manifest &manifest,
                   std::string &error);

/// Checks that `words` is a SPIR-V module with entry point `entry` whose
/// descriptor bindings are exactly 0..bindings-1 of set 0.
bool checkSpirvModule(const std::vector<uint32_t> &words,
                      const std::string &entry, size_t bindings,
                      std::string &error);

/// Checks the whole program: every module present and matching its
/// dispatches, every binding inside its buffer, the weights' size.
bool checkProgram(const Program &program, std::string &error);

/// Reads DIR/manifest.txt, the SPIR-V modules and the weights it names.
bool readProgram(const std::string &dir, Program &program, std::string &error);
/// Writes the program into the directory `dir` (created if missing).
bool writeProgram(const Program &program, const std::string &dir,
                  std::string &error);

} // namespace mnv4::vulkan

#endif // MNV4_RUNTIME_VULKAN_PROGRAM_H
