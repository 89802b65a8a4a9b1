//===- ModelOutputs.cpp - mnv4-run's outputs and reference ----------------===//

#include "ModelOutputs.h"
#include "TensorFiles.h"

#include "mnv4/Driver/ToolError.h"

#include "dialects/mnv4/MNV4Dialect.h"
#include "runtime/TensorFile.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;
using mnv4::interp::Tensor;

namespace {

/// The static shape of an f32 tensor type.
std::optional<SmallVector<int64_t, 4>> staticShape(mlir::Type type) {
  auto ranked = dyn_cast<mlir::RankedTensorType>(type);
  if (!ranked || !ranked.hasStaticShape() || !ranked.getElementType().isF32())
    return std::nullopt;
  return SmallVector<int64_t, 4>(ranked.getShape());
}

/// A file name for output `name`: characters other than letters, digits,
/// '.', '-' and '_' become '_'.
std::string fileNameOf(StringRef name) {
  std::string s;
  for (char c : name)
    s += isAlnum(c) || c == '.' || c == '-' || c == '_' ? c : '_';
  if (s.empty() || s.front() == '.')
    s.insert(s.begin(), '_');
  return s + ".bin";
}

int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

} // namespace

std::optional<mnv4::run::ModelSignature>
mnv4::run::getModelSignature(mlir::func::FuncOp func) {
  mlir::FunctionType type = func.getFunctionType();
  if (type.getNumInputs() != 1 || type.getNumResults() == 0) {
    reportToolError(formatv("'{0}' takes {1} inputs and returns {2} results; "
                            "mnv4-run runs functions of one input and at "
                            "least one result",
                            func.getSymName(), type.getNumInputs(),
                            type.getNumResults()));
    return std::nullopt;
  }
  ModelSignature sig;
  std::optional<SmallVector<int64_t, 4>> in = staticShape(type.getInput(0));
  bool ok = in.has_value();
  if (in)
    sig.inputShape = *in;
  StringSet<> names;
  for (unsigned i = 0; i < type.getNumResults() && ok; ++i) {
    std::optional<SmallVector<int64_t, 4>> shape =
        staticShape(type.getResult(i));
    ok = shape.has_value();
    auto attr = func->getAttrOfType<mlir::ArrayAttr>(kOutputNamesAttr);
    auto name = attr && attr.size() == type.getNumResults()
                    ? dyn_cast<mlir::StringAttr>(attr[i])
                    : mlir::StringAttr();
    std::string unique = name ? name.str() : "output" + std::to_string(i);
    // Two graph outputs may share a name only through sanitising; keep the
    // file names apart.
    while (!names.insert(fileNameOf(unique)).second)
      unique += "_" + std::to_string(i);
    if (shape)
      sig.outputs.push_back({unique, *shape});
  }
  if (!ok) {
    reportToolError(formatv("'{0}' must take and return statically shaped "
                            "f32 tensors",
                            func.getSymName()));
    return std::nullopt;
  }
  return sig;
}

Tensor mnv4::run::concatenateOutputs(ArrayRef<Tensor> results) {
  Tensor flat;
  for (const Tensor &t : results) {
    Tensor stored = toFileLayout(t);
    flat.data.insert(flat.data.end(), stored.data.begin(), stored.data.end());
  }
  flat.shape = {static_cast<int64_t>(flat.data.size())};
  return flat;
}

std::optional<Tensor>
mnv4::run::readReferenceFile(StringRef path, ArrayRef<ModelOutput> outputs) {
  if (outputs.size() == 1) {
    std::optional<Tensor> t =
        readTensorFile("reference", path, outputs[0].shape);
    if (!t)
      return std::nullopt;
    return concatenateOutputs({*t});
  }
  int64_t total = 0;
  std::string parts;
  for (const ModelOutput &o : outputs) {
    total += numElements(o.shape);
    parts += (parts.empty() ? "" : ", ") + o.name + " " +
             describeFileTensor(o.shape);
  }
  int64_t actual = mnv4_tensor_file_size(path.str().c_str());
  if (actual >= 0 && actual != total * static_cast<int64_t>(sizeof(float))) {
    reportToolError(formatv("reference file '{0}' has {1} bytes, expected {2} "
                            "bytes (the {3} outputs concatenated: {4})",
                            path, actual, total * sizeof(float), outputs.size(),
                            parts));
    return std::nullopt;
  }
  return readTensorFile("reference", path, {total});
}

bool mnv4::run::writeOutputs(StringRef outputFile, StringRef outputDir,
                             ArrayRef<ModelOutput> outputs,
                             ArrayRef<Tensor> results) {
  if (results.size() != outputs.size()) {
    reportToolError(formatv("the engine returned {0} results for the {1} "
                            "outputs of the model",
                            results.size(), outputs.size()));
    return false;
  }
  std::vector<std::string> written;
  auto undo = [&] {
    for (const std::string &path : written)
      sys::fs::remove(path);
    return false;
  };
  if (!outputFile.empty()) {
    if (!writeTensorFile(outputFile, concatenateOutputs(results)))
      return false;
    written.push_back(outputFile.str());
  }
  if (outputDir.empty())
    return true;
  if (std::error_code ec = sys::fs::create_directories(outputDir)) {
    reportToolError(formatv("cannot create output directory '{0}': {1}",
                            outputDir, ec.message()));
    return undo();
  }
  for (auto [output, result] : llvm::zip(outputs, results)) {
    SmallString<256> path(outputDir);
    sys::path::append(path, fileNameOf(output.name));
    if (!writeTensorFile(path, concatenateOutputs({result})))
      return undo();
    written.push_back(path.str().str());
  }
  return true;
}
