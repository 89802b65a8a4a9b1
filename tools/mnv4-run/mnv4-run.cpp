//===- mnv4-run.cpp - run a MobileNetV4 model on one input ----------------===//
//
//   mnv4-run MODEL --input IN.bin --output OUT.bin [--engine=reference]
//            [--compare=REF.bin [--tolerance=1e-4]] [--time]
//            [--resolution=N --seed=N]            (zoo models only)
//
// Tensor files are raw little-endian float32 (runtime/TensorFile.h). Rank-4
// tensors are stored NCHW, as PyTorch writes them, and converted to and from
// the model's NHWC; other ranks are stored as they are.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/ModelOptions.h"
#include "mnv4/Interp/Interpreter.h"
#include "mnv4/Interp/Kernels.h"

#include "dialects/mnv4/MNV4Dialect.h"
#include "runtime/TensorFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>

using namespace llvm;
using mnv4::interp::Tensor;

namespace {

cl::OptionCategory category("mnv4-run options");

mnv4::ModelOptions modelOptions(category);
cl::opt<std::string> inputFile("input",
                               cl::desc("input tensor: raw float32, NCHW"),
                               cl::value_desc("file"), cl::init(""),
                               cl::cat(category));
cl::opt<std::string> outputFile("output",
                                cl::desc("where to write the result tensor"),
                                cl::value_desc("file"), cl::init(""),
                                cl::cat(category));
cl::opt<std::string> engine("engine",
                            cl::desc("execution engine (only: reference, the "
                                     "fp32 interpreter)"),
                            cl::init("reference"), cl::cat(category));
cl::opt<std::string>
    compareFile("compare",
                cl::desc("reference output: print max_abs_err and "
                         "max_rel_err, fail when max_rel_err > --tolerance"),
                cl::value_desc("file"), cl::init(""), cl::cat(category));
cl::opt<double> tolerance("tolerance",
                          cl::desc("largest max_rel_err (max|out-ref| / "
                                   "max|ref|) that --compare accepts"),
                          cl::init(1e-4), cl::cat(category));
cl::opt<bool> printTime("time", cl::desc("print the run time to stderr"),
                        cl::cat(category));

std::string formatShape(ArrayRef<int64_t> shape) {
  return "[" +
         join(map_range(shape, [](int64_t d) { return std::to_string(d); }),
              ",") +
         "]";
}

/// How error messages describe a file's tensor.
std::string describeFileTensor(ArrayRef<int64_t> shape) {
  return (shape.size() == 4 ? "float32 NCHW " : "float32 ") +
         formatShape(shape);
}

/// The shape a tensor has in a file: NCHW for a rank-4 NHWC tensor.
SmallVector<int64_t, 4> fileShape(ArrayRef<int64_t> shape) {
  if (shape.size() != 4)
    return SmallVector<int64_t, 4>(shape);
  return {shape[0], shape[3], shape[1], shape[2]};
}

Tensor fromFileLayout(Tensor t) {
  return t.rank() == 4 ? mnv4::interp::transpose(t, {0, 2, 3, 1}) : t;
}

Tensor toFileLayout(Tensor t) {
  return t.rank() == 4 ? mnv4::interp::transpose(t, {0, 3, 1, 2}) : t;
}

/// Reads `path` as a tensor of `shape` (file layout); prints an error naming
/// `what` on failure.
std::optional<Tensor> readTensor(StringRef what, StringRef path,
                                 ArrayRef<int64_t> shape) {
  Tensor t(shape);
  int64_t expected = t.numElements() * static_cast<int64_t>(sizeof(float));
  int64_t actual = mnv4_tensor_file_size(path.str().c_str());
  if (actual < 0) {
    mnv4::reportToolError(formatv("cannot open {0} file '{1}': {2}", what, path,
                                  std::strerror(errno)));
    return std::nullopt;
  }
  if (actual != expected) {
    mnv4::reportToolError(
        formatv("{0} file '{1}' has {2} bytes, expected {3} bytes ({4})", what,
                path, actual, expected, describeFileTensor(shape)));
    return std::nullopt;
  }
  int status =
      mnv4_read_f32_file(path.str().c_str(), t.data.data(), t.data.size());
  if (status != MNV4_TENSOR_FILE_OK) {
    mnv4::reportToolError(formatv("cannot read {0} file '{1}': {2}", what, path,
                                  mnv4_tensor_file_status_message(status)));
    return std::nullopt;
  }
  return t;
}

/// The static shape of a function argument or result type.
std::optional<SmallVector<int64_t, 4>> staticShape(mlir::Type type) {
  auto ranked = dyn_cast<mlir::RankedTensorType>(type);
  if (!ranked || !ranked.hasStaticShape() || !ranked.getElementType().isF32())
    return std::nullopt;
  return SmallVector<int64_t, 4>(ranked.getShape());
}

/// max |out - ref| and that over max |ref|; NaN when either holds a NaN.
struct Errors {
  double maxAbs = 0.0, maxRel = 0.0;
};

Errors compare(const Tensor &out, const Tensor &ref) {
  double maxAbs = 0.0, maxRef = 0.0;
  bool nan = false;
  for (size_t i = 0; i < out.data.size(); ++i) {
    double diff = std::fabs(double(out.data[i]) - double(ref.data[i]));
    nan |= std::isnan(diff);
    maxAbs = std::max(maxAbs, diff);
    maxRef = std::max(maxRef, std::fabs(double(ref.data[i])));
  }
  if (nan)
    return {NAN, NAN};
  double maxRel =
      maxRef > 0.0 ? maxAbs / maxRef : (maxAbs > 0.0 ? INFINITY : 0.0);
  return {maxAbs, maxRel};
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "mnv4-run: run a MobileNetV4 model (zoo name, .onnx, .mlir or .mlirbc) "
      "on one input tensor\n");

  if (modelOptions.printModelListIfAsked(outs()))
    return 0;
  std::optional<mnv4::zoo::BuildOptions> zooOptions =
      modelOptions.getZooOptions();
  if (!zooOptions)
    return 1;
  if (inputFile.empty() || outputFile.empty())
    return mnv4::reportToolError("both --input and --output must be given");
  if (engine != "reference")
    return mnv4::reportToolError(
        formatv("unknown engine '{0}': expected reference", engine));

  mlir::DialectRegistry registry;
  registry.insert<mnv4::MNV4Dialect, mlir::func::FuncDialect>();
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mnv4::loadModel(context, modelOptions.model(), *zooOptions);
  if (!module)
    return 1;
  mlir::func::FuncOp func = mnv4::getEntryFunction(*module);
  if (!func)
    return 1;
  mlir::FunctionType type = func.getFunctionType();
  if (type.getNumInputs() != 1 || type.getNumResults() != 1)
    return mnv4::reportToolError(
        formatv("'{0}' takes {1} inputs and returns {2} results; "
                "mnv4-run runs functions of one input and one result",
                func.getSymName(), type.getNumInputs(), type.getNumResults()));
  std::optional<SmallVector<int64_t, 4>> inShape =
      staticShape(type.getInput(0));
  std::optional<SmallVector<int64_t, 4>> outShape =
      staticShape(type.getResult(0));
  if (!inShape || !outShape)
    return mnv4::reportToolError(
        formatv("'{0}' must take and return statically shaped f32 "
                "tensors",
                func.getSymName()));

  // Every input is validated before the (possibly long) run.
  std::optional<Tensor> input =
      readTensor("input", inputFile, fileShape(*inShape));
  if (!input)
    return 1;
  std::optional<Tensor> reference;
  if (!compareFile.empty() &&
      !(reference = readTensor("reference", compareFile, fileShape(*outShape))))
    return 1;

  auto start = std::chrono::steady_clock::now();
  Expected<std::vector<Tensor>> results =
      mnv4::interp::runFunction(func, {fromFileLayout(std::move(*input))});
  auto stop = std::chrono::steady_clock::now();
  if (!results)
    return mnv4::reportToolError(toString(results.takeError()));
  if (printTime)
    errs() << formatv(
        "mnv4-run: {0} engine: {1:f1} ms\n", engine,
        std::chrono::duration<double, std::milli>(stop - start).count());

  Tensor output = toFileLayout(std::move(results->front()));
  int status = mnv4_write_f32_file(outputFile.c_str(), output.data.data(),
                                   output.data.size());
  if (status != MNV4_TENSOR_FILE_OK)
    return mnv4::reportToolError(formatv("cannot write output file '{0}': {1}",
                                         outputFile, std::strerror(errno)));

  if (!reference)
    return 0;
  Errors errors = compare(output, *reference);
  outs() << formatv("max_abs_err={0:e} max_rel_err={1:e}\n", errors.maxAbs,
                    errors.maxRel);
  // Written so that NaN fails too.
  return errors.maxRel <= tolerance ? 0 : 1;
}
