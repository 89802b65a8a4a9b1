//===- EdgeTPUReport.cpp - which TFLite ops an EdgeTPU would run ----------===//
//
// The rules of ../shared/docs/int8-tflite-edgetpu.md §4 (Coral's "TensorFlow
// models on the Edge TPU" and compiler docs, google-coral/edgetpu maintainer
// answers), applied op by op to a .tflite model; docs/edgetpu.md lists them.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Targets/EdgeTPUReport.h"

#include "schema_generated.h"

#include "llvm/Support/FormatVariadic.h"

namespace mnv4::tflite {

using namespace ::tflite;

namespace {

/// Parameters the EdgeTPU caches on chip; the rest streams from host memory
/// on every inference (Coral: "on-chip memory", about 8 MiB with 6-8 MiB
/// usable for parameters, §4.1).
constexpr int64_t kOnChipParameterBytes = 8 * 1024 * 1024;
constexpr int64_t kSoftmaxMaxElements = 16000;

const char *kMapped = "Mapped to Edge TPU";
const char *kUnsupportedOp = "Operation not supported";
const char *kDataType = "Operation is working on an unsupported data type";
const char *kRank =
    "Tensor has unsupported rank (up to 3 innermost dimensions mapped)";
const char *kAfterCut = "More than one subgraph is not supported";
const char *kUnspecified = "Operation is otherwise supported, but not mapped "
                           "due to some unspecified limitation";

struct Rule {
  const char *status = kMapped;
  std::string reason;
};

std::string shapeText(const Tensor *t) {
  std::string s = "[";
  if (t->shape())
    for (unsigned i = 0; i < t->shape()->size(); ++i)
      s += (i ? "," : "") + std::to_string(t->shape()->Get(i));
  return s + "]";
}

std::string tensorName(const Tensor *t) {
  return t->name() ? t->name()->str() : "";
}

int64_t elements(const Tensor *t) {
  int64_t n = 1;
  if (t->shape())
    for (int32_t d : *t->shape())
      n *= d;
  return n;
}

/// The EdgeTPU maps tensors of rank <= 3, or higher ranks whose dims other
/// than the 3 innermost are 1.
bool rankMaps(const Tensor *t) {
  if (!t->shape() || t->shape()->size() <= 3)
    return true;
  for (unsigned i = 0; i + 3 < t->shape()->size(); ++i)
    if (t->shape()->Get(i) != 1)
      return false;
  return true;
}

/// Every dim but the last is 1 ("1-D" to the EdgeTPU).
bool isVector(const Tensor *t) {
  if (!t->shape())
    return true;
  for (unsigned i = 0; i + 1 < t->shape()->size(); ++i)
    if (t->shape()->Get(i) != 1)
      return false;
  return true;
}

class Analyzer {
public:
  Analyzer(const Model *model, const SubGraph *graph)
      : model(model), graph(graph) {}

  const Tensor *tensor(int32_t i) const { return graph->tensors()->Get(i); }

  bool isConstant(int32_t i) const {
    uint32_t b = tensor(i)->buffer();
    return b != 0 && model->buffers()->Get(b)->data() &&
           model->buffers()->Get(b)->data()->size() > 0;
  }

  int64_t constantBytes(const Operator *op) const {
    int64_t bytes = 0;
    for (int32_t i : *op->inputs())
      if (i >= 0 && isConstant(i))
        bytes += model->buffers()->Get(tensor(i)->buffer())->data()->size();
    return bytes;
  }

  int64_t macs(BuiltinOperator code, const Operator *op) const {
    const Tensor *out = tensor(op->outputs()->Get(0));
    switch (code) {
    case BuiltinOperator_CONV_2D: {
      const Tensor *f = tensor(op->inputs()->Get(1));
      return elements(out) * f->shape()->Get(1) * f->shape()->Get(2) *
             f->shape()->Get(3);
    }
    case BuiltinOperator_DEPTHWISE_CONV_2D: {
      const Tensor *f = tensor(op->inputs()->Get(1));
      return elements(out) * f->shape()->Get(1) * f->shape()->Get(2);
    }
    case BuiltinOperator_FULLY_CONNECTED:
      return elements(out) * tensor(op->inputs()->Get(1))->shape()->Get(1);
    case BuiltinOperator_BATCH_MATMUL: {
      const Tensor *lhs = tensor(op->inputs()->Get(0));
      return elements(out) * lhs->shape()->Get(lhs->shape()->size() - 1);
    }
    default:
      return 0;
    }
  }

  /// The op's own rules, independent of where it sits in the graph.
  Rule rule(BuiltinOperator code, const Operator *op) const {
    const Tensor *in = tensor(op->inputs()->Get(0));
    const Tensor *out = tensor(op->outputs()->Get(0));
    std::string name = EnumNameBuiltinOperator(code);
    if (code == BuiltinOperator_DEQUANTIZE)
      return {kDataType, "DEQUANTIZE produces float32 '" + tensorName(out) +
                             "'; the EdgeTPU computes int8/uint8 only (it "
                             "runs on the CPU; harmless as the last op)"};
    if (code == BuiltinOperator_QUANTIZE && in->type() != TensorType_FLOAT32)
      return {kMapped, "int8 requantization (QUANTIZE, runtime 13+)"};
    if (code == BuiltinOperator_QUANTIZE)
      return {kMapped, "float32 -> int8 input quantization (QUANTIZE, "
                       "runtime 13+)"};
    // Weights (constant inputs) are laid out by the compiler; the rank rule
    // applies to the activations.
    for (int32_t i : *op->inputs())
      if (i >= 0 && !isConstant(i) && !rankMaps(tensor(i)))
        return {kRank, llvm::formatv("{0} input '{1}' has shape {2}: only "
                                     "the 3 innermost dimensions may be > 1",
                                     name, tensorName(tensor(i)),
                                     shapeText(tensor(i)))};
    if (!rankMaps(out))
      return {kRank, llvm::formatv("{0} output '{1}' has shape {2}: only the "
                                   "3 innermost dimensions may be > 1",
                                   name, tensorName(out), shapeText(out))};
    switch (code) {
    case BuiltinOperator_CONV_2D:
    case BuiltinOperator_DEPTHWISE_CONV_2D:
      return {kMapped, name + " with equal (no) dilation in x and y"};
    case BuiltinOperator_ADD:
    case BuiltinOperator_MUL:
      return {kMapped, name + " (int8, per-tensor)"};
    case BuiltinOperator_AVERAGE_POOL_2D:
      if (op->builtin_options_as_Pool2DOptions()->fused_activation_function() !=
          ActivationFunctionType_NONE)
        return {kUnsupportedOp, "AVERAGE_POOL_2D with a fused activation"};
      return {kMapped, "AVERAGE_POOL_2D without fused activation"};
    case BuiltinOperator_MEAN:
      return {kMapped, "MEAN over x and y (no batch reduction)"};
    case BuiltinOperator_PAD:
      return {kMapped, "PAD of x and y (no batch padding)"};
    case BuiltinOperator_RESHAPE:
      return {kMapped,
              "RESHAPE '" + tensorName(out) + "' to " + shapeText(out)};
    case BuiltinOperator_LOGISTIC:
      return {kMapped, "LOGISTIC"};
    case BuiltinOperator_FULLY_CONNECTED:
      if (!isVector(out))
        return {kUnspecified, "FULLY_CONNECTED output '" + tensorName(out) +
                                  "' " + shapeText(out) +
                                  " is not 1-D (the EdgeTPU maps a 1-D "
                                  "output only)"};
      return {kMapped, "FULLY_CONNECTED with a 1-D output " + shapeText(out)};
    case BuiltinOperator_SOFTMAX:
      if (!isVector(in))
        return {kUnsupportedOp, "SOFTMAX input '" + tensorName(in) + "' " +
                                    shapeText(in) +
                                    " is not 1-D (the EdgeTPU maps 1-D "
                                    "softmax only)"};
      if (elements(in) > kSoftmaxMaxElements)
        return {kUnsupportedOp,
                llvm::formatv("SOFTMAX of {0} elements (limit {1})",
                              elements(in), kSoftmaxMaxElements)};
      return {kMapped, "SOFTMAX of a 1-D input of " +
                           std::to_string(elements(in)) + " elements"};
    case BuiltinOperator_TRANSPOSE:
      return {kUnsupportedOp,
              "TRANSPOSE is not in the EdgeTPU op table (compiler 16 "
              "reports an unspecified limitation; treated as unsupported)"};
    default:
      return {kUnsupportedOp,
              name + " is not in the EdgeTPU op table (Coral, compiler 16 / "
                     "runtime 14)"};
    }
  }

  EdgeTPUReport run() {
    EdgeTPUReport report;
    bool inTpuSegment = false;
    for (unsigned i = 0; i < graph->operators()->size(); ++i) {
      const Operator *op = graph->operators()->Get(i);
      const OperatorCode *code =
          model->operator_codes()->Get(op->opcode_index());
      BuiltinOperator builtin = static_cast<BuiltinOperator>(std::max<int32_t>(
          code->builtin_code(), code->deprecated_builtin_code()));
      Rule r = rule(builtin, op);
      EdgeTPUOp entry;
      entry.index = static_cast<int>(i);
      entry.op = EnumNameBuiltinOperator(builtin);
      entry.tensor = tensorName(tensor(op->outputs()->Get(0)));
      entry.supported = r.status == kMapped;
      entry.macs = macs(builtin, op);
      entry.paramBytes = constantBytes(op);
      if (!entry.supported && report.firstCut < 0)
        report.firstCut = entry.index;
      bool cut = report.firstCut >= 0;
      entry.mappedSingle = entry.supported && !cut;
      entry.mappedMulti = entry.supported;
      entry.status = r.status;
      entry.reason = r.reason;
      if (entry.supported && cut) {
        entry.status = kAfterCut;
        entry.reason = llvm::formatv("supported ({0}), but it follows the "
                                     "cut at op #{1}: without multiple "
                                     "subgraphs everything after the first "
                                     "unsupported op runs on the CPU",
                                     r.reason, report.firstCut);
      }
      if (entry.mappedMulti && !inTpuSegment)
        ++report.tpuSegmentsMulti;
      inTpuSegment = entry.mappedMulti;
      report.totalMacs += entry.macs;
      if (entry.mappedSingle) {
        report.tpuMacsSingle += entry.macs;
        int64_t room = kOnChipParameterBytes - report.onChipBytes;
        int64_t onChip = std::min(room, entry.paramBytes);
        report.onChipBytes += onChip;
        report.streamedBytes += entry.paramBytes - onChip;
      }
      if (entry.mappedMulti)
        report.tpuMacsMulti += entry.macs;
      report.ops.push_back(std::move(entry));
    }
    return report;
  }

private:
  const Model *model;
  const SubGraph *graph;
};

double share(int64_t part, int64_t total) {
  return total ? 100.0 * static_cast<double>(part) / static_cast<double>(total)
               : 0.0;
}

} // namespace

llvm::Expected<EdgeTPUReport> analyzeEdgeTPU(llvm::StringRef bytes) {
  flatbuffers::Verifier verifier(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  if (!VerifyModelBuffer(verifier))
    return llvm::createStringError("not a valid TFLite flatbuffer");
  const Model *model = GetModel(bytes.data());
  if (!model->subgraphs() || model->subgraphs()->size() != 1)
    return llvm::createStringError("the model must have one subgraph");
  return Analyzer(model, model->subgraphs()->Get(0)).run();
}

void printEdgeTPUReport(const EdgeTPUReport &report, llvm::raw_ostream &os) {
  os << llvm::formatv("{0,4} {1,-18} {2,-36} {3}\n", "#", "op", "output",
                      "status: reason");
  for (const EdgeTPUOp &op : report.ops)
    os << llvm::formatv("{0,4} {1,-18} {2,-36} {3}: {4}\n", op.index, op.op,
                        op.tensor, op.status, op.reason);
  int mapped = 0, mappedMulti = 0;
  for (const EdgeTPUOp &op : report.ops) {
    mapped += op.mappedSingle;
    mappedMulti += op.mappedMulti;
  }
  int total = static_cast<int>(report.ops.size());
  if (report.firstCut < 0)
    os << "cut: none (every op maps)\n";
  else
    os << llvm::formatv("cut: at op #{0} {1} '{2}': {3}\n", report.firstCut,
                        report.ops[report.firstCut].op,
                        report.ops[report.firstCut].tensor,
                        report.ops[report.firstCut].reason);
  os << llvm::formatv("one subgraph (default): {0}/{1} ops on the Edge TPU, "
                      "{2} on the CPU, {3:f1}% of MACs on the Edge TPU\n",
                      mapped, total, total - mapped,
                      share(report.tpuMacsSingle, report.totalMacs));
  os << llvm::formatv("multiple subgraphs (-a): {0}/{1} ops in {2} Edge TPU "
                      "subgraph(s), {3:f1}% of MACs on the Edge TPU\n",
                      mappedMulti, total, report.tpuSegmentsMulti,
                      share(report.tpuMacsMulti, report.totalMacs));
  os << llvm::formatv("parameters of mapped ops: {0} bytes on chip, {1} bytes "
                      "streamed from host memory (on-chip cache {2} bytes)\n",
                      report.onChipBytes, report.streamedBytes,
                      kOnChipParameterBytes);
}

llvm::json::Value toJSON(const EdgeTPUReport &report) {
  llvm::json::Array ops;
  for (const EdgeTPUOp &op : report.ops)
    ops.push_back(llvm::json::Object{{"index", op.index},
                                     {"op", op.op},
                                     {"tensor", op.tensor},
                                     {"status", op.status},
                                     {"reason", op.reason},
                                     {"edgetpu", op.mappedSingle},
                                     {"edgetpu_multi_subgraph", op.mappedMulti},
                                     {"macs", op.macs},
                                     {"param_bytes", op.paramBytes}});
  return llvm::json::Object{
      {"ops", std::move(ops)},
      {"cut_index", report.firstCut},
      {"total_macs", report.totalMacs},
      {"edgetpu_macs", report.tpuMacsSingle},
      {"edgetpu_macs_multi_subgraph", report.tpuMacsMulti},
      {"edgetpu_mac_share", share(report.tpuMacsSingle, report.totalMacs)},
      {"edgetpu_mac_share_multi_subgraph",
       share(report.tpuMacsMulti, report.totalMacs)},
      {"edgetpu_subgraphs_multi", report.tpuSegmentsMulti},
      {"on_chip_param_bytes", report.onChipBytes},
      {"streamed_param_bytes", report.streamedBytes}};
}

} // namespace mnv4::tflite
