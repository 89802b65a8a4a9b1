//===- ModelOptions.cpp - the MODEL options every tool shares -------------===//

#include "mnv4/Driver/ModelOptions.h"
#include "mnv4/Driver/ToolError.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

mnv4::ModelOptions::ModelOptions(cl::OptionCategory &category)
    : modelArg(cl::Positional, cl::desc("<model>"), cl::init(""),
               cl::cat(category)),
      listModels("list-models", cl::desc("print the zoo model names and exit"),
                 cl::cat(category)),
      shapeFlags(category),
      seedArg("seed", cl::desc("weight seed of a zoo model (default 0)"),
              cl::value_desc("N"), cl::init(""), cl::cat(category)) {}

bool mnv4::ModelOptions::printModelListIfAsked(raw_ostream &os) const {
  if (!listModels)
    return false;
  for (StringRef name : zoo::modelNames())
    os << name << "\n";
  return true;
}

std::optional<mnv4::ModelLoadOptions>
mnv4::ModelOptions::getLoadOptions() const {
  if (modelArg.empty()) {
    reportToolError("no model given: name a zoo model (see --list-models) or "
                    "a .onnx, .mlir or .mlirbc file");
    return std::nullopt;
  }
  bool isZoo = zoo::isModelName(modelArg);
  if (!isZoo && !seedArg.empty()) {
    reportToolError(
        formatv("--seed applies to zoo models only, not to '{0}'", modelArg));
    return std::nullopt;
  }
  if (!isZoo && !StringRef(modelArg).ends_with(".onnx") && shapeFlags.given()) {
    reportToolError(formatv("--batch, --resolution and --input-shape apply to "
                            "zoo models and .onnx files only, not to '{0}' "
                            "(its IR fixes the shapes)",
                            modelArg));
    return std::nullopt;
  }
  ModelLoadOptions options;
  std::optional<InputShapeOptions> parsed = shapeFlags.parse();
  if (!parsed)
    return std::nullopt;
  InputShapeOptions &input = options.input = *parsed;
  if (!seedArg.empty()) {
    std::optional<uint64_t> seed =
        parseIntegerFlag("seed", seedArg, 0, UINT64_MAX);
    if (!seed)
      return std::nullopt;
    options.zoo.seed = *seed;
  }
  if (!isZoo)
    return options;
  // The zoo builds RGB square images: --input-shape must be N,3,R,R.
  if (!input.shape.empty()) {
    ArrayRef<int64_t> s = input.shape;
    if (s[1] != 3 || s[2] != s[3]) {
      reportToolError(formatv("--input-shape {0},{1},{2},{3} does not fit zoo "
                              "model '{4}': it takes N,3,R,R (RGB, square)",
                              s[0], s[1], s[2], s[3], modelArg));
      return std::nullopt;
    }
    input.batch = s[0];
    input.resolution = s[2];
  }
  if (input.batch)
    options.zoo.batch = input.batch;
  options.zoo.resolution = input.resolution;
  return options;
}
