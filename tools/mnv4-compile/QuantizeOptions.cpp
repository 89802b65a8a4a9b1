//===- QuantizeOptions.cpp - mnv4-compile --quantize=int8 -----------------===//

#include "QuantizeOptions.h"

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/ToolError.h"
#include "mnv4/Interp/SizeLimits.h"
#include "mnv4/Quant/Calibration.h"
#include "mnv4/Quant/ChannelEqualization.h"
#include "mnv4/Quant/ErrorAnalysis.h"
#include "mnv4/Quant/WeightOptimization.h"
#include "passes/Passes.h"

#include "mnv4/Zoo/Zoo.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace llvm;

namespace mnv4::compile {

static mlir::LogicalResult fail(const Twine &message) {
  reportToolError(message);
  return mlir::failure();
}

/// The seed of the N(0, 1) calibration inputs used without --calibration.
static constexpr uint64_t kGaussianSeed = 0;
/// The seed of the N(0, 1) --error-analysis inputs used without --evaluation.
static constexpr uint64_t kEvaluationSeed = 1;

QuantizeOptions::QuantizeOptions(cl::OptionCategory &category)
    : quantize("quantize",
               cl::desc("post-training quantization of the model (int8, "
                        "TFLite's int8 scheme; see docs/int8.md)"),
               cl::value_desc("int8"), cl::cat(category)),
      calibration("calibration",
                  cl::desc("directory of float32 NCHW .bin input tensors "
                           "and/or .jpg/.png images to calibrate on (default: "
                           "seeded N(0,1) inputs)"),
                  cl::value_desc("DIR"), cl::cat(category)),
      method("calibration-method",
             cl::desc("how sample ranges become one range per tensor"),
             cl::value_desc("minmax|percentile|mse"), cl::init("minmax"),
             cl::cat(category)),
      samples("calibration-samples",
              cl::desc("number of calibration inputs (default 32)"),
              cl::value_desc("N"), cl::init(32), cl::cat(category)),
      preprocess("preprocess",
                 cl::desc("the zoo variant whose timm eval transform (resize, "
                          "center crop, mean/std) prepares calibration images "
                          "(default: MODEL's zoo name or file stem)"),
                 cl::value_desc("VARIANT"), cl::cat(category)),
      perChannelFC("per-channel-fc",
                   cl::desc("quantize the classifier per channel (older "
                            "runtimes such as Arm NN 20.08 reject it)"),
                   cl::cat(category)),
      padZeroPoint0(
          "pad-zero-point-0",
          cl::desc("zero point 0 for every tensor the TFLite export pads with "
                   "an explicit PAD, so that Arm NN 20.08 (whose PAD pads "
                   "with 0) agrees with TFLite; costs precision there"),
          cl::cat(category)),
      weightRounding(
          "weight-rounding",
          cl::desc("how weights round onto their int8 grid: nearest "
                   "(TFLite's converter, default) or gptq (error feedback "
                   "through the calibration inputs' Gram matrix)"),
          cl::value_desc("nearest|gptq"), cl::init("nearest"),
          cl::cat(category)),
      biasCorrection(
          "bias-correction",
          cl::desc("fold the mean output shift that int8 rounding causes on "
                   "the calibration inputs into each layer's bias"),
          cl::cat(category)),
      equalizeChannels(
          "equalize-channels",
          cl::desc("before calibration, rescale the channels between "
                   "consecutive convs so that every channel of the tensor "
                   "between them spans its int8 range (cross-layer "
                   "equalization; same fp32 results)"),
          cl::cat(category)),
      errorAnalysis(
          "error-analysis",
          cl::desc("instead of writing the model, print how much the int8 "
                   "rounding of all, the activation, the weight tensors "
                   "(summary) or of each tensor alone (tensors, worst first) "
                   "costs: cosine similarity of the fp32 results with and "
                   "without it on the evaluation inputs (docs/int8.md)"),
          cl::value_desc("summary|tensors"), cl::cat(category)),
      evaluation("evaluation",
                 cl::desc("directory of .bin tensors and/or images for "
                          "--error-analysis (default: seeded N(0,1) inputs "
                          "other than the calibration ones)"),
                 cl::value_desc("DIR"), cl::cat(category)),
      evaluationSamples("evaluation-samples",
                        cl::desc("number of --error-analysis inputs "
                                 "(default 8)"),
                        cl::value_desc("N"), cl::init(8), cl::cat(category)),
      quiet("quiet",
            cl::desc("no calibration progress or notes on stderr (progress "
                     "shows only on a terminal anyway)"),
            cl::cat(category)),
      maxTensorElements(
          "max-tensor-elements",
          cl::desc("calibration: the largest tensor (elements) the model may "
                   "have, and the most elements of all calibration inputs "
                   "together; checked before anything is allocated (default "
                   "2^28, 1 GiB of float32)"),
          cl::value_desc("N"), cl::init(interp::kDefaultMaxTensorElements),
          cl::cat(category)) {}

bool QuantizeOptions::analysisRequested() const {
  return errorAnalysis.getNumOccurrences() > 0;
}

bool QuantizeOptions::requested() const {
  return quantize.getNumOccurrences() > 0;
}

/// The eval transform for calibration images: --preprocess, else the zoo
/// variant MODEL names (a zoo name, or a file such as conv_small.onnx).
static std::optional<zoo::EvalTransform> imageTransform(StringRef variant,
                                                        StringRef model) {
  if (!variant.empty())
    return zoo::evalTransform(variant);
  if (std::optional<zoo::EvalTransform> t = zoo::evalTransform(model))
    return t;
  return zoo::evalTransform(sys::path::stem(model));
}

/// "calibrating: 5/32 samples" on one line, redrawn; only on a terminal.
class Progress {
public:
  Progress(bool enabled, size_t total) : enabled(enabled), total(total) {}
  void update(size_t done) {
    if (!enabled)
      return;
    errs() << formatv("\rcalibrating: {0}/{1} samples", done, total);
    if (done == total)
      errs() << "\n";
    errs().flush();
  }
  void layer(size_t done, size_t layers) {
    if (!enabled)
      return;
    errs() << formatv("\rrounding weights: {0}/{1} layers", done, layers);
    if (done == layers)
      errs() << "\n";
    errs().flush();
  }

private:
  bool enabled;
  size_t total;
};

mlir::LogicalResult QuantizeOptions::apply(mlir::ModuleOp module,
                                           StringRef model) const {
  if (quantize != "int8")
    return fail(
        formatv("unknown --quantize scheme '{0}': expected int8", quantize));
  std::optional<quant::CalibrationMethod> how =
      quant::parseCalibrationMethod(method);
  if (!how)
    return fail(formatv("unknown --calibration-method '{0}': expected minmax, "
                        "percentile or mse",
                        method));
  if (samples == 0)
    return fail("--calibration-samples must be at least 1");
  if (analysisRequested() && errorAnalysis != "summary" &&
      errorAnalysis != "tensors")
    return fail(formatv("unknown --error-analysis '{0}': expected summary or "
                        "tensors",
                        errorAnalysis));
  if (!analysisRequested() && (evaluation.getNumOccurrences() > 0 ||
                               evaluationSamples.getNumOccurrences() > 0))
    return fail("--evaluation and --evaluation-samples need --error-analysis");
  if (evaluationSamples == 0)
    return fail("--evaluation-samples must be at least 1");
  if (weightRounding != "gptq" && weightRounding != "nearest")
    return fail(formatv("unknown --weight-rounding '{0}': expected gptq or "
                        "nearest",
                        weightRounding));
  if (!preprocess.empty() && !zoo::isModelName(preprocess))
    return fail(formatv("unknown --preprocess variant '{0}': expected a zoo "
                        "name (see --list-models)",
                        preprocess));

  mlir::PassManager decompose(module.getContext());
  decompose.addPass(createDecomposeBlocks());
  if (mlir::failed(decompose.run(module)))
    return fail("cannot decompose the model's blocks");
  mlir::func::FuncOp entry = getEntryFunction(module);
  if (!entry)
    return mlir::failure();
  SmallVector<int64_t> shape;
  if (entry.getNumArguments() == 1)
    if (auto type =
            dyn_cast<mlir::RankedTensorType>(entry.getArgument(0).getType()))
      shape.assign(type.getShape().begin(), type.getShape().end());
  // Calibration runs the interpreter on inputs it holds all at once.
  if (Error error = interp::checkTensorSizes(entry, maxTensorElements))
    return fail("cannot calibrate: " + toString(std::move(error)));
  std::optional<int64_t> inputElements = interp::elementCount(shape);
  int64_t allInputs;
  if (inputElements &&
      (__builtin_mul_overflow(*inputElements, int64_t(samples), &allInputs) ||
       allInputs > maxTensorElements))
    return fail(formatv("--calibration-samples={0} inputs of {1} elements "
                        "are more than the limit of {2} elements "
                        "(--max-tensor-elements)",
                        samples.getValue(), *inputElements,
                        maxTensorElements.getValue()));
  Expected<std::vector<interp::Tensor>> inputs =
      quant::loadCalibrationInputs(calibration, samples, shape, kGaussianSeed,
                                   imageTransform(preprocess, model));
  if (!inputs)
    return fail(toString(inputs.takeError()));
  if (!quiet && calibration.empty())
    errs() << formatv("note: calibrating on {0} seeded N(0,1) inputs (no "
                      "--calibration DIR given)\n",
                      inputs->size());
  else if (!quiet && inputs->size() < samples)
    errs() << formatv("note: calibrating on the {0} inputs of '{1}' "
                      "(--calibration-samples={2})\n",
                      inputs->size(), calibration, samples);
  if (equalizeChannels) {
    Expected<size_t> pairs = quant::equalizeChannels(entry, *inputs);
    if (!pairs)
      return fail("channel equalization failed: " +
                  toString(pairs.takeError()));
  }
  Progress progress(!quiet && sys::Process::StandardErrIsDisplayed(),
                    inputs->size());
  if (Error error = quant::calibrate(
          entry, *inputs, *how, [&](size_t done) { progress.update(done); }))
    return fail("calibration failed: " + toString(std::move(error)));
  // The analysis compares with the model as it was before its weights
  // changed.
  mlir::OwningOpRef<mlir::func::FuncOp> reference;
  if (analysisRequested())
    reference = entry.clone();
  quant::WeightOptimizationOptions weights;
  weights.hessianRounding = weightRounding == "gptq";
  weights.biasCorrection = biasCorrection;
  weights.perChannelFC = perChannelFC;
  if (weights.hessianRounding || weights.biasCorrection) {
    Progress layers(!quiet && sys::Process::StandardErrIsDisplayed(), 0);
    if (Error error = quant::optimizeInt8Weights(
            entry, *inputs, weights,
            [&](size_t done, size_t total) { layers.layer(done, total); }))
      return fail("weight optimization failed: " + toString(std::move(error)));
  }
  if (analysisRequested())
    return analyze(entry, reference.get(), shape,
                   imageTransform(preprocess, model));

  mlir::PassManager lower(module.getContext());
  lower.addPass(
      createQuantizeInt8(QuantizeInt8Options{perChannelFC, padZeroPoint0}));
  if (mlir::failed(lower.run(module)))
    return fail("cannot quantize the model");
  return mlir::success();
}

mlir::LogicalResult QuantizeOptions::analyze(
    mlir::func::FuncOp entry, mlir::func::FuncOp reference,
    ArrayRef<int64_t> shape,
    const std::optional<zoo::EvalTransform> &transform) const {
  Expected<std::vector<interp::Tensor>> inputs = quant::loadCalibrationInputs(
      evaluation, evaluationSamples, shape, kEvaluationSeed, transform);
  if (!inputs) {
    // The loader words its messages for calibration inputs.
    std::string message = toString(inputs.takeError());
    if (StringRef(message).starts_with("calibration "))
      message.replace(0, 11, "evaluation");
    else
      message = "evaluation inputs: " + message;
    return fail(message);
  }
  outs() << formatv("# int8 rounding against fp32 on {0} evaluation inputs "
                    "({1}): cosine similarity of the results\n",
                    inputs->size(),
                    evaluation.empty() ? std::string("seeded N(0,1)")
                                       : "'" + evaluation + "'");
  outs() << formatv("{0,-11} {1,-40} {2,10} {3,11} {4,10} {5,15}\n", "kind",
                    "tensor", "elements", "mean_cosine", "min_cosine",
                    "centered_cosine");
  std::vector<quant::RoundingSet> sets =
      errorAnalysis == "tensors"
          ? std::vector<quant::RoundingSet>{quant::RoundingSet::each}
          : std::vector<quant::RoundingSet>{
                quant::RoundingSet::all, quant::RoundingSet::activations,
                quant::RoundingSet::weights, quant::RoundingSet::input,
                quant::RoundingSet::inputWeights};
  for (quant::RoundingSet set : sets) {
    Expected<std::vector<quant::TensorError>> rows =
        quant::analyzeInt8Error(entry, reference, *inputs, set, perChannelFC);
    if (!rows)
      return fail("error analysis failed: " + toString(rows.takeError()));
    for (const quant::TensorError &row : *rows)
      outs() << formatv("{0,-11} {1,-40} {2,10} {3,11:f5} {4,10:f5} {5,15}\n",
                        row.kind, row.name,
                        row.elements ? std::to_string(row.elements) : "-",
                        row.meanCosine, row.minCosine,
                        std::isnan(row.centeredCosine)
                            ? std::string("-")
                            : formatv("{0:f5}", row.centeredCosine).str());
  }
  return mlir::success();
}

} // namespace mnv4::compile
