//===- InputShapeFlags.cpp - --batch, --resolution, --input-shape ---------===//

#include "mnv4/Driver/InputShapeFlags.h"
#include "mnv4/Driver/ToolError.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace {

/// Largest batch and image side the flags accept.
constexpr uint64_t kMaxDim = 1 << 16;

/// Parses --input-shape=N,C,H,W: four integers from 1 to kMaxDim.
std::optional<SmallVector<int64_t, 4>> parseInputShape(StringRef text) {
  SmallVector<StringRef, 4> parts;
  text.split(parts, ',');
  SmallVector<int64_t, 4> shape;
  for (StringRef p : parts) {
    uint64_t v = 0;
    if (p.trim().getAsInteger(10, v) || v < 1 || v > kMaxDim)
      break;
    shape.push_back(static_cast<int64_t>(v));
  }
  if (parts.size() != 4 || shape.size() != 4) {
    mnv4::reportToolError(
        formatv("invalid --input-shape '{0}': expected N,C,H,W, four "
                "integers from 1 to {1}",
                text, kMaxDim));
    return std::nullopt;
  }
  return shape;
}

} // namespace

std::optional<uint64_t> mnv4::parseIntegerFlag(StringRef name, StringRef text,
                                               uint64_t min, uint64_t max) {
  uint64_t value = 0;
  if (text.getAsInteger(10, value) || value < min || value > max) {
    reportToolError(
        formatv("invalid --{0} '{1}': expected an integer from {2} to {3}",
                name, text, min, max));
    return std::nullopt;
  }
  return value;
}

mnv4::InputShapeFlags::InputShapeFlags(cl::OptionCategory &category)
    : batchArg("batch",
               cl::desc("batch N of the input (zoo models; .onnx files with "
                        "a dynamic batch, default 1)"),
               cl::value_desc("N"), cl::init(""), cl::cat(category)),
      resolutionArg("resolution",
                    cl::desc("input height = width (zoo models, default the "
                             "variant's; .onnx files with dynamic H and W)"),
                    cl::value_desc("R"), cl::init(""), cl::cat(category)),
      inputShapeArg("input-shape",
                    cl::desc("the whole NCHW input shape (instead of --batch "
                             "and --resolution)"),
                    cl::value_desc("N,C,H,W"), cl::init(""),
                    cl::cat(category)) {}

bool mnv4::InputShapeFlags::given() const {
  return !batchArg.empty() || !resolutionArg.empty() || !inputShapeArg.empty();
}

std::optional<mnv4::InputShapeOptions> mnv4::InputShapeFlags::parse() const {
  if (!inputShapeArg.empty() && (!batchArg.empty() || !resolutionArg.empty())) {
    reportToolError("--input-shape gives the whole input shape: do not "
                    "combine it with --batch or --resolution");
    return std::nullopt;
  }
  InputShapeOptions input;
  if (!batchArg.empty()) {
    std::optional<uint64_t> batch =
        parseIntegerFlag("batch", batchArg, 1, kMaxDim);
    if (!batch)
      return std::nullopt;
    input.batch = static_cast<int64_t>(*batch);
  }
  if (!resolutionArg.empty()) {
    std::optional<uint64_t> resolution =
        parseIntegerFlag("resolution", resolutionArg, 1, kMaxDim);
    if (!resolution)
      return std::nullopt;
    input.resolution = static_cast<int64_t>(*resolution);
  }
  if (!inputShapeArg.empty()) {
    std::optional<SmallVector<int64_t, 4>> shape =
        parseInputShape(inputShapeArg);
    if (!shape)
      return std::nullopt;
    input.shape = *shape;
  }
  return input;
}
