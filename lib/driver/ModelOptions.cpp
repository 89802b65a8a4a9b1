//===- ModelOptions.cpp - the MODEL options every tool shares -------------===//

#include "mnv4/Driver/ModelOptions.h"
#include "mnv4/Driver/ToolError.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace {

/// Parses `--name=text` as an integer in [min, max].
std::optional<uint64_t> parseInteger(StringRef name, StringRef text,
                                     uint64_t min, uint64_t max) {
  uint64_t value = 0;
  if (text.getAsInteger(10, value) || value < min || value > max) {
    mnv4::reportToolError(
        formatv("invalid --{0} '{1}': expected an integer from {2} to {3}",
                name, text, min, max));
    return std::nullopt;
  }
  return value;
}

} // namespace

mnv4::ModelOptions::ModelOptions(cl::OptionCategory &category)
    : modelArg(cl::Positional, cl::desc("<model>"), cl::init(""),
               cl::cat(category)),
      listModels("list-models", cl::desc("print the zoo model names and exit"),
                 cl::cat(category)),
      resolutionArg(
          "resolution",
          cl::desc("input resolution of a zoo model (default: the variant's)"),
          cl::value_desc("N"), cl::init(""), cl::cat(category)),
      seedArg("seed", cl::desc("weight seed of a zoo model (default 0)"),
              cl::value_desc("N"), cl::init(""), cl::cat(category)) {}

bool mnv4::ModelOptions::printModelListIfAsked(raw_ostream &os) const {
  if (!listModels)
    return false;
  for (StringRef name : zoo::modelNames())
    os << name << "\n";
  return true;
}

std::optional<mnv4::zoo::BuildOptions>
mnv4::ModelOptions::getZooOptions() const {
  if (modelArg.empty()) {
    reportToolError("no model given: name a zoo model (see --list-models) or "
                    "a .onnx, .mlir or .mlirbc file");
    return std::nullopt;
  }
  if (!zoo::isModelName(modelArg) &&
      (!resolutionArg.empty() || !seedArg.empty())) {
    reportToolError(formatv("--resolution and --seed apply to zoo models "
                            "only, not to '{0}'",
                            modelArg));
    return std::nullopt;
  }
  zoo::BuildOptions options;
  if (!resolutionArg.empty()) {
    std::optional<uint64_t> resolution =
        parseInteger("resolution", resolutionArg, 1, 1 << 16);
    if (!resolution)
      return std::nullopt;
    options.resolution = static_cast<int64_t>(*resolution);
  }
  if (!seedArg.empty()) {
    std::optional<uint64_t> seed = parseInteger("seed", seedArg, 0, UINT64_MAX);
    if (!seed)
      return std::nullopt;
    options.seed = *seed;
  }
  return options;
}
