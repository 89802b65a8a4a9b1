//===- ModelOptions.h - the MODEL options every tool shares -----*- C++ -*-===//
//
// MODEL [--list-models] [--batch=N] [--resolution=R] [--input-shape=N,C,H,W]
// [--seed=N], registered in the tool's option category, and the checks every
// tool runs on them.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_DRIVER_MODELOPTIONS_H
#define MNV4_DRIVER_MODELOPTIONS_H

#include "mnv4/Driver/InputShapeFlags.h"
#include "mnv4/Driver/ModelLoader.h"

#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>

namespace mnv4 {

/// The command-line options that name a model. Construct one (statically,
/// like any cl::opt) before parsing the command line.
class ModelOptions {
public:
  explicit ModelOptions(llvm::cl::OptionCategory &category);

  /// The MODEL argument (see loadModel).
  llvm::StringRef model() const { return modelArg; }

  /// With --list-models, prints the zoo names, one a line, and returns true:
  /// the tool then exits 0.
  bool printModelListIfAsked(llvm::raw_ostream &os) const;

  /// Checks that a MODEL is given, that --seed is given for a zoo model only,
  /// --batch, --resolution and --input-shape for a zoo model or an .onnx file
  /// only, and that their values are integers in range. Prints an `error:`
  /// and returns nullopt on the first problem.
  std::optional<ModelLoadOptions> getLoadOptions() const;

private:
  llvm::cl::opt<std::string> modelArg;
  llvm::cl::opt<bool> listModels;
  InputShapeFlags shapeFlags;
  // Read as text so that a bad value gets an `error:` naming it.
  llvm::cl::opt<std::string> seedArg;
};

} // namespace mnv4

#endif // MNV4_DRIVER_MODELOPTIONS_H
