//===- FuzzVulkanProgram.cpp - mnv4-run --vulkan-program=DIR's reader -----===//
//
// Input: the manifest text up to the first NUL byte, then for each module
// file the manifest names (in order, once each) a 4-byte little-endian length
// and that many bytes, then the weights file. The files go into a program
// directory read by the runtime's readProgram (manifest, SPIR-V and binding
// checks). A program that reads must have sizes the limits allow,
// and its manifest must print and parse back to the same text.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "runtime/vulkan/Program.h"

#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <set>

namespace {

void writeFile(const std::string &path, llvm::StringRef bytes) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    llvm::report_fatal_error(llvm::Twine("cannot write ") + path);
  os << bytes;
}

/// A name readProgram may open inside the directory.
bool isPlainFileName(const std::string &name) {
  return !name.empty() && name.size() < 128 && name != "." && name != ".." &&
         name != "manifest.txt" && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

/// Bytes of a float32 tensor of `shape`; 0 when it overflows.
uint64_t tensorBytes(const std::vector<int64_t> &shape) {
  uint64_t n = 4;
  for (int64_t d : shape)
    if (d <= 0 || __builtin_mul_overflow(n, static_cast<uint64_t>(d), &n))
      return 0;
  return n;
}

/// The manifest's buffers (shapes, arena) take less than 2^40 bytes
/// (Program.cpp).
constexpr uint64_t kMaxBufferBytes = uint64_t(1) << 40;

void checkProgram(const mnv4::vulkan::Program &program) {
  const mnv4::vulkan::Manifest &m = program.manifest;
  uint64_t input = tensorBytes(m.input);
  if (input == 0 || input >= kMaxBufferBytes ||
      m.arenaBytes >= kMaxBufferBytes ||
      m.weightsBytes != program.weights.size())
    __builtin_trap();
  for (const std::vector<int64_t> &out : m.outputs) {
    uint64_t bytes = tensorBytes(out);
    if (bytes == 0 || bytes >= kMaxBufferBytes)
      __builtin_trap();
  }
  std::string text = mnv4::vulkan::writeManifest(m);
  mnv4::vulkan::Manifest again;
  std::string error;
  if (!mnv4::vulkan::parseManifest(text, again, error) ||
      mnv4::vulkan::writeManifest(again) != text)
    __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes = mnv4::fuzz::asStringRef(data, size);
  size_t nul = bytes.find('\0');
  llvm::StringRef manifest = bytes.take_front(nul);
  llvm::StringRef rest = nul == llvm::StringRef::npos
                             ? llvm::StringRef()
                             : bytes.drop_front(nul + 1);
  const std::string &dir = mnv4::fuzz::emptyScratchDirectory(".vulkan");
  writeFile(dir + "/manifest.txt", manifest);
  // The files the manifest names, when it parses.
  mnv4::vulkan::Manifest parsed;
  std::string error;
  if (mnv4::vulkan::parseManifest(manifest.str(), parsed, error)) {
    std::set<std::string> written;
    for (const mnv4::vulkan::Dispatch &d : parsed.dispatches) {
      if (rest.size() < 4 || !isPlainFileName(d.module) ||
          !written.insert(d.module).second)
        continue;
      uint32_t length;
      std::memcpy(&length, rest.data(), 4);
      rest = rest.drop_front(4);
      writeFile(dir + "/" + d.module, rest.take_front(length));
      rest = rest.drop_front(std::min<size_t>(length, rest.size()));
    }
    if (isPlainFileName(parsed.weightsFile) &&
        !written.count(parsed.weightsFile))
      writeFile(dir + "/" + parsed.weightsFile, rest);
  }
  mnv4::vulkan::Program program;
  if (mnv4::vulkan::readProgram(dir, program, error))
    checkProgram(program);
  return 0;
}
