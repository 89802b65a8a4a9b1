//===- Program.cpp - manifest text, SPIR-V checks, program files ----------===//

#include "runtime/vulkan/Program.h"

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace mnv4::vulkan {

namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s;
}

uint64_t shapeBytes(const std::vector<int64_t> &shape) {
  uint64_t n = 4;
  for (int64_t d : shape)
    n *= static_cast<uint64_t>(d);
  return n;
}

const char *bufferName(BufferKind kind) {
  switch (kind) {
  case BufferKind::Input:
    return "input";
  case BufferKind::Output:
    return "output";
  case BufferKind::Arena:
    return "arena";
  case BufferKind::Weights:
    return "weights";
  }
  return "?";
}

/// A word without whitespace (labels come from model layer names).
std::string token(const std::string &s) {
  if (s.empty())
    return "-";
  std::string t = s;
  for (char &c : t)
    if (std::isspace(static_cast<unsigned char>(c)))
      c = '_';
  return t;
}

bool parseUnsigned(const std::string &s, uint64_t &value) {
  if (s.empty() || s.size() > 19 ||
      s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  value = std::stoull(s);
  return true;
}

/// The largest buffer a manifest may declare (shapes and the arena): 1 TiB,
/// checked before anything is allocated.
constexpr uint64_t kMaxBufferBytes = uint64_t(1) << 40;

bool parseShape(const std::string &s, std::vector<int64_t> &shape) {
  std::stringstream in(s);
  std::string item;
  shape.clear();
  uint64_t bytes = 4;
  while (std::getline(in, item, ',')) {
    uint64_t d;
    // Each factor is at most 2^30 and the product stays below 2^40 before
    // it is multiplied again: no overflow.
    if (!parseUnsigned(item, d) || d == 0 || d > (1u << 30) ||
        (bytes *= d) >= kMaxBufferBytes)
      return false;
    shape.push_back(static_cast<int64_t>(d));
  }
  return !shape.empty() && shape.size() <= 8;
}

std::vector<std::string> split(const std::string &line) {
  std::stringstream in(line);
  std::vector<std::string> words;
  std::string w;
  while (in >> w)
    words.push_back(w);
  return words;
}

bool readFile(const std::filesystem::path &path, std::vector<char> &bytes,
              std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read '" + path.string() + "'";
    return false;
  }
  bytes.assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

} // namespace

const std::vector<uint32_t> *
Program::findModule(const std::string &name) const {
  for (const auto &[file, words] : modules)
    if (file == name)
      return &words;
  return nullptr;
}

std::string writeManifest(const Manifest &m) {
  std::ostringstream os;
  os << "mnv4-vulkan-program 1\n";
  os << "input " << shapeText(m.input) << "\n";
  for (const auto &out : m.outputs)
    os << "output " << shapeText(out) << "\n";
  os << "arena " << m.arenaBytes << "\n";
  os << "weights " << m.weightsFile << " " << m.weightsBytes << "\n";
  if (m.f16Storage)
    os << "storage f16\n";
  for (const Dispatch &d : m.dispatches) {
    os << "dispatch " << d.module << " " << d.entry << " " << token(d.kernel)
       << " " << token(d.label) << " groups " << d.groups[0] << " "
       << d.groups[1] << " " << d.groups[2] << " workgroup " << d.workgroup[0]
       << " " << d.workgroup[1] << " " << d.workgroup[2] << " bindings "
       << d.bindings.size();
    if (d.sharedBytes)
      os << " shared " << d.sharedBytes;
    os << "\n";
    for (const Binding &b : d.bindings) {
      os << "  binding " << bufferName(b.buffer);
      if (b.buffer == BufferKind::Output)
        os << b.output;
      os << " " << b.offset << " " << b.range << " " << (b.reads ? "r" : "")
         << (b.writes ? "w" : "") << "\n";
    }
  }
  return os.str();
}

bool parseManifest(const std::string &text, Manifest &m, std::string &error) {
  std::stringstream in(text);
  std::string line;
  size_t lineNo = 0;
  size_t pendingBindings = 0;
  bool sawInput = false, sawArena = false, sawWeights = false,
       sawStorage = false;
  auto fail = [&](const std::string &what) {
    error = "manifest line " + std::to_string(lineNo) + ": " + what;
    return false;
  };
  m = Manifest();
  while (std::getline(in, line)) {
    ++lineNo;
    std::vector<std::string> w = split(line);
    if (lineNo == 1) {
      if (w.size() != 2 || w[0] != "mnv4-vulkan-program" || w[1] != "1")
        return fail("expected 'mnv4-vulkan-program 1' (not a manifest, or "
                    "one of another version)");
      continue;
    }
    if (w.empty())
      continue;
    if (pendingBindings) {
      uint64_t offset, range;
      if (w.size() != 5 || w[0] != "binding" || !parseUnsigned(w[2], offset) ||
          !parseUnsigned(w[3], range))
        return fail("expected 'binding BUFFER OFFSET RANGE ACCESS'");
      Binding b;
      if (w[1] == "input")
        b.buffer = BufferKind::Input;
      else if (w[1] == "arena")
        b.buffer = BufferKind::Arena;
      else if (w[1] == "weights")
        b.buffer = BufferKind::Weights;
      else if (w[1].rfind("output", 0) == 0) {
        uint64_t index;
        if (!parseUnsigned(w[1].substr(6), index) || index > 1024)
          return fail("bad output buffer '" + w[1] + "'");
        b.buffer = BufferKind::Output;
        b.output = static_cast<uint32_t>(index);
      } else
        return fail("unknown buffer '" + w[1] + "'");
      if (w[4] != "r" && w[4] != "w" && w[4] != "rw")
        return fail("access must be r, w or rw");
      b.offset = offset;
      b.range = range;
      b.reads = w[4].find('r') != std::string::npos;
      b.writes = w[4].find('w') != std::string::npos;
      m.dispatches.back().bindings.push_back(b);
      --pendingBindings;
      continue;
    }
    if (w[0] == "input" && w.size() == 2 && !sawInput) {
      if (!parseShape(w[1], m.input))
        return fail("bad input shape '" + w[1] + "'");
      sawInput = true;
    } else if (w[0] == "output" && w.size() == 2) {
      m.outputs.emplace_back();
      if (!parseShape(w[1], m.outputs.back()))
        return fail("bad output shape '" + w[1] + "'");
    } else if (w[0] == "arena" && w.size() == 2 && !sawArena) {
      if (!parseUnsigned(w[1], m.arenaBytes) || m.arenaBytes >= kMaxBufferBytes)
        return fail("bad arena size (at most 2^40 bytes)");
      sawArena = true;
    } else if (w[0] == "weights" && w.size() == 3 && !sawWeights) {
      if (w[1].find('/') != std::string::npos ||
          !parseUnsigned(w[2], m.weightsBytes))
        return fail("expected 'weights FILE BYTES'");
      m.weightsFile = w[1];
      sawWeights = true;
    } else if (w[0] == "storage" && w.size() == 2 && !sawStorage) {
      if (w[1] != "f16" && w[1] != "f32")
        return fail("storage must be f32 or f16, not '" + w[1] + "'");
      m.f16Storage = w[1] == "f16";
      sawStorage = true;
    } else if (w[0] == "dispatch" && (w.size() == 15 || w.size() == 17) &&
               w[5] == "groups" && w[9] == "workgroup" && w[13] == "bindings") {
      Dispatch d;
      d.module = w[1];
      d.entry = w[2];
      d.kernel = w[3];
      d.label = w[4];
      if (d.module.find('/') != std::string::npos)
        return fail("module names are file names in the program directory");
      uint64_t v[7];
      for (int i = 0; i < 3; ++i)
        if (!parseUnsigned(w[6 + i], v[i]) ||
            !parseUnsigned(w[10 + i], v[3 + i]))
          return fail("bad dispatch size");
      if (!parseUnsigned(w[14], v[6]) || v[6] == 0 || v[6] > 64)
        return fail("a dispatch binds 1 to 64 buffers");
      for (int i = 0; i < 3; ++i) {
        if (v[i] == 0 || v[i] > 65535 || v[3 + i] == 0 || v[3 + i] > 1024)
          return fail("dispatch sizes out of range");
        d.groups[i] = static_cast<uint32_t>(v[i]);
        d.workgroup[i] = static_cast<uint32_t>(v[3 + i]);
      }
      if (w.size() == 17) {
        uint64_t shared;
        if (w[15] != "shared" || !parseUnsigned(w[16], shared) || shared == 0 ||
            shared > kMaxSharedBytes)
          return fail("expected 'shared BYTES' (1 to " +
                      std::to_string(kMaxSharedBytes) + ") after the bindings");
        d.sharedBytes = static_cast<uint32_t>(shared);
      }
      pendingBindings = v[6];
      m.dispatches.push_back(d);
    } else {
      return fail("unexpected '" + line + "'");
    }
  }
  if (pendingBindings)
    return fail("the last dispatch lacks bindings");
  if (!sawInput || m.outputs.empty() || !sawArena || !sawWeights ||
      m.dispatches.empty())
    return fail("incomplete: needs input, output, arena, weights and "
                "dispatch lines");
  return true;
}

bool checkSpirvModule(const std::vector<uint32_t> &words,
                      const std::string &entry, size_t bindings,
                      std::string &error) {
  constexpr uint32_t kMagic = 0x07230203, kOpEntryPoint = 15, kOpDecorate = 71,
                     kBinding = 33, kDescriptorSet = 34;
  if (words.size() < 5 || words[0] != kMagic) {
    error = "not a SPIR-V module (bad magic number)";
    return false;
  }
  bool foundEntry = false;
  std::set<uint32_t> bound;
  for (size_t i = 5; i < words.size();) {
    uint32_t count = words[i] >> 16, opcode = words[i] & 0xffff;
    if (count == 0 || i + count > words.size()) {
      error = "truncated SPIR-V instruction at word " + std::to_string(i);
      return false;
    }
    if (opcode == kOpEntryPoint && count > 3) {
      const char *name = reinterpret_cast<const char *>(&words[i + 3]);
      size_t maxLen = (count - 3) * 4;
      if (std::string(name, strnlen(name, maxLen)) == entry)
        foundEntry = true;
    }
    if (opcode == kOpDecorate && count == 4) {
      if (words[i + 2] == kBinding)
        bound.insert(words[i + 3]);
      if (words[i + 2] == kDescriptorSet && words[i + 3] != 0) {
        error = "a binding outside descriptor set 0";
        return false;
      }
    }
    i += count;
  }
  if (!foundEntry) {
    error = "no entry point '" + entry + "'";
    return false;
  }
  if (bound.size() != bindings ||
      (bindings && *bound.rbegin() != bindings - 1)) {
    error = "it declares " + std::to_string(bound.size()) +
            " bindings, the manifest " + std::to_string(bindings);
    return false;
  }
  return true;
}

bool checkProgram(const Program &p, std::string &error) {
  const Manifest &m = p.manifest;
  if (p.weights.size() != m.weightsBytes) {
    error = "the weights hold " + std::to_string(p.weights.size()) +
            " bytes, the manifest says " + std::to_string(m.weightsBytes);
    return false;
  }
  for (size_t i = 0; i < m.dispatches.size(); ++i) {
    const Dispatch &d = m.dispatches[i];
    std::string where = "dispatch " + std::to_string(i) + " (" + d.module + ")";
    const std::vector<uint32_t> *words = p.findModule(d.module);
    if (!words) {
      error = where + ": no SPIR-V module";
      return false;
    }
    if (!checkSpirvModule(*words, d.entry, d.bindings.size(), error)) {
      error = where + ": " + error;
      return false;
    }
    for (const Binding &b : d.bindings) {
      uint64_t size = 0;
      switch (b.buffer) {
      case BufferKind::Input:
        size = shapeBytes(m.input);
        break;
      case BufferKind::Output:
        if (b.output >= m.outputs.size()) {
          error = where + ": binds output " + std::to_string(b.output) +
                  " of " + std::to_string(m.outputs.size());
          return false;
        }
        size = shapeBytes(m.outputs[b.output]);
        break;
      case BufferKind::Arena:
        size = m.arenaBytes;
        break;
      case BufferKind::Weights:
        size = m.weightsBytes;
        break;
      }
      if (b.offset % kBufferAlignment || b.range == 0 || b.offset > size ||
          b.range > size - b.offset) {
        error = where + ": a binding of " + std::string(bufferName(b.buffer)) +
                " outside the buffer or misaligned";
        return false;
      }
    }
  }
  return true;
}

bool readProgram(const std::string &dir, Program &p, std::string &error) {
  namespace fs = std::filesystem;
  std::vector<char> bytes;
  if (!readFile(fs::path(dir) / "manifest.txt", bytes, error))
    return false;
  if (!parseManifest(std::string(bytes.begin(), bytes.end()), p.manifest,
                     error))
    return false;
  p.modules.clear();
  for (const Dispatch &d : p.manifest.dispatches) {
    if (p.findModule(d.module))
      continue;
    if (!readFile(fs::path(dir) / d.module, bytes, error))
      return false;
    if (bytes.size() % 4) {
      error = "'" + d.module +
              "' is not a SPIR-V module (size not a "
              "multiple of 4)";
      return false;
    }
    std::vector<uint32_t> words(bytes.size() / 4);
    if (!bytes.empty()) // an empty file: no words (memcpy takes no null)
      std::memcpy(words.data(), bytes.data(), bytes.size());
    p.modules.emplace_back(d.module, std::move(words));
  }
  if (!readFile(fs::path(dir) / p.manifest.weightsFile, bytes, error))
    return false;
  p.weights.assign(bytes.begin(), bytes.end());
  return checkProgram(p, error);
}

bool writeProgram(const Program &p, const std::string &dir,
                  std::string &error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    error = "cannot create directory '" + dir + "': " + ec.message();
    return false;
  }
  // The manifest goes first and comes back last: a directory with one is
  // complete, also where an earlier program was.
  fs::remove(fs::path(dir) / "manifest.txt", ec);
  std::vector<fs::path> written;
  auto write = [&](const std::string &name, const void *data, size_t size) {
    fs::path path = fs::path(dir) / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    written.push_back(path);
    out.write(static_cast<const char *>(data), size);
    out.close();
    if (!out) {
      error = "cannot write '" + path.string() + "'";
      return false;
    }
    return true;
  };
  bool ok = true;
  for (const auto &[name, words] : p.modules)
    ok = ok && write(name, words.data(), words.size() * 4);
  ok = ok && write(p.manifest.weightsFile, p.weights.data(), p.weights.size());
  std::string manifest = writeManifest(p.manifest);
  // The manifest last: a directory with one is complete.
  ok = ok && write("manifest.txt", manifest.data(), manifest.size());
  if (!ok)
    for (const fs::path &path : written)
      fs::remove(path, ec);
  return ok;
}

} // namespace mnv4::vulkan
