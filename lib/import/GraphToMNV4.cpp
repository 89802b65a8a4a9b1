//===- GraphToMNV4.cpp - ONNX nodes to generic mnv4 ops, 1:1 --------------===//
//
// The node loop: checks each node's inputs, folds constant-only nodes on the
// host and dispatches the rest to the per-op handlers (Import*.cpp).
//
//===----------------------------------------------------------------------===//

#include "GraphToMNV4.h"
#include "GraphImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace llvm;

namespace mnv4::onnx_import {

std::string moduleNameOf(StringRef nodeName) {
  SmallVector<StringRef> parts;
  nodeName.split(parts, '/', -1, /*KeepEmpty=*/false);
  for (StringRef p : parts)
    if (p.starts_with("blocks.") && p.count('.') == 2)
      return p.str();
  if (parts.size() > 1)
    return parts.front().str();
  return nodeName.str();
}

/// "[1, ?, 7, 7]" (? for a dynamic dimension).
static std::string formatDims(ArrayRef<int64_t> dims) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(dims))
    s += (i ? ", " : "") + (d < 0 ? std::string("?") : std::to_string(d));
  return s + "]";
}

LogicalResult GraphImporter::fail(const NodeProto &node, const Twine &msg) {
  emitError(UnknownLoc::get(b.getContext()))
      << path << ": " << describeNode(node) << ": " << msg;
  return failure();
}

/// Required (non-empty) leading inputs, so handlers can index them.
static int requiredInputs(StringRef op) {
  static const StringMap<int> arity = {
      {"Conv", 2},        {"Relu", 1},
      {"Clip", 1},        {"HardSwish", 1},
      {"Add", 2},         {"Mul", 2},
      {"Div", 2},         {"BatchNormalization", 5},
      {"MatMul", 2},      {"Softmax", 1},
      {"Reshape", 2},     {"Flatten", 1},
      {"Unsqueeze", 2},   {"Squeeze", 1},
      {"Transpose", 1},   {"GlobalAveragePool", 1},
      {"AveragePool", 1}, {"Gemm", 2},
      {"Pad", 2},         {"Shape", 1},
      {"Size", 1},        {"Identity", 1},
      {"Dropout", 1},     {"Gelu", 1},
      {"ReduceMean", 1}};
  auto it = arity.find(op);
  return it == arity.end() ? 0 : it->second;
}

LogicalResult GraphImporter::importNode(size_t index) {
  const NodeProto &n = graph.node(index);
  loc = NameLoc::get(b.getStringAttr(moduleNameOf(n.name())));
  StringRef op = n.op_type();
  if (n.output_size() < 1)
    return fail(n, "has no outputs");
  for (const std::string &in : n.input())
    if (!in.empty() && !lookup(in))
      return fail(n, "input '" + in +
                         "' is not defined before its use (graph not in "
                         "topological order, or a missing initializer)");
  int need = requiredInputs(op);
  for (int i = 0; i < need; ++i)
    if (!hasInput(n, i))
      return fail(n, "expects at least " + Twine(need) + " inputs, input " +
                         Twine(i) + " is missing");
  if (op == "Constant")
    return importConstant(n);
  if (op == "Identity" || op == "Dropout") {
    entries[n.output(0)] = *lookup(n.input(0)); // an alias
    return success();
  }
  if (op == "Shape" || op == "Size")
    return importShape(n);

  if (std::optional<LogicalResult> folded = foldConstantNode(n))
    return *folded;

  using Handler = LogicalResult (GraphImporter::*)(const NodeProto &);
  Handler h =
      llvm::StringSwitch<Handler>(op)
          .Case("Conv", &GraphImporter::importConv)
          .Cases({"Relu", "Clip", "HardSwish", "Gelu"},
                 &GraphImporter::importActivation)
          .Case("Add", &GraphImporter::importAdd)
          .Case("Mul", &GraphImporter::importMul)
          .Case("BatchNormalization", &GraphImporter::importBatchNorm)
          .Case("MatMul", &GraphImporter::importMatMul)
          .Case("Softmax", &GraphImporter::importSoftmax)
          .Cases({"Reshape", "Flatten", "Unsqueeze", "Squeeze"},
                 &GraphImporter::importReshapeLike)
          .Case("Transpose", &GraphImporter::importTranspose)
          .Case("GlobalAveragePool", &GraphImporter::importGlobalAveragePool)
          .Case("ReduceMean", &GraphImporter::importReduceMean)
          .Case("AveragePool", &GraphImporter::importAveragePool)
          .Case("Gemm", &GraphImporter::importGemm)
          .Case("Pad", &GraphImporter::importPad)
          .Default(nullptr);
  if (op == "Div")
    return importGelu(index);
  if (!h)
    return fail(n, "unsupported ONNX op type '" + op + "'");
  return (this->*h)(n);
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  for (size_t i = 0, e = graph.node_size(); i < e; ++i) {
    for (const std::string &in : graph.node(i).input())
      if (!in.empty())
        consumers[in].push_back(i);
    for (const std::string &out : graph.node(i).output())
      producers[out] = i;
  }
  consumed.assign(graph.node_size(), false);
  for (const auto &it : model.initializers) {
    Entry e;
    e.constant = &it.second;
    entries[it.first()] = e;
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());
  const SmallVector<int64_t> &s = model.inputShape;
  auto inputType = f32({s[0], s[2], s[3], s[1]});
  auto func = func::FuncOp::create(b, fileLoc, "main",
                                   b.getFunctionType({inputType}, {}));
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  setRuntime(model.inputName, body->getArgument(0), /*nhwc=*/true);

  for (size_t i = 0, e = graph.node_size(); i < e; ++i)
    if (!consumed[i] && failed(importNode(i)))
      return nullptr;

  loc = NameLoc::get(b.getStringAttr("output"));
  SmallVector<Value> results;
  for (const GraphOutput &o : model.outputs) {
    Entry *out = lookup(o.name);
    if (!out || !out->value) {
      emitError(UnknownLoc::get(b.getContext()))
          << path << ": graph output '" << o.name
          << "' is not computed by any node";
      return nullptr;
    }
    SmallVector<int64_t> shape = onnxShape(*out);
    if (o.hasShape &&
        (o.declaredShape.size() != shape.size() ||
         llvm::any_of(llvm::zip(o.declaredShape, shape), [](auto p) {
           return std::get<0>(p) >= 0 && std::get<0>(p) != std::get<1>(p);
         }))) {
      emitError(UnknownLoc::get(b.getContext()))
          << path << ": graph output '" << o.name << "' is declared "
          << formatDims(o.declaredShape) << " but computes "
          << formatDims(shape);
      return nullptr;
    }
    // Rank-4 results are feature maps and, like the input, NHWC (the mnv4
    // function convention; mnv4-run writes them back as NCHW).
    results.push_back(shape.size() == 4 ? asNHWC(*out) : asOnnx(*out));
  }
  func::ReturnOp::create(b, fileLoc, results);
  func.setFunctionType(
      b.getFunctionType({inputType}, ValueRange(results).getTypes()));
  SmallVector<Attribute> names;
  for (const GraphOutput &o : model.outputs)
    names.push_back(b.getStringAttr(o.name));
  func->setAttr(kOutputNamesAttr, b.getArrayAttr(names));
  return module;
}

OwningOpRef<ModuleOp> convertGraph(MLIRContext &ctx, const OnnxModel &model,
                                   StringRef path) {
  ctx.loadDialect<MNV4Dialect, func::FuncDialect>();
  return GraphImporter(ctx, model, path).run();
}

} // namespace mnv4::onnx_import
