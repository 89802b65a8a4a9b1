//===- ImportConstants.cpp - host values: Constant, Shape, folded nodes ---===//

#include "ConstEval.h"
#include "GraphImporter.h"

using namespace mlir;
using namespace llvm;

namespace mnv4::onnx_import {

LogicalResult GraphImporter::importConstant(const NodeProto &n) {
  HostTensor t;
  std::string err;
  if (const onnx::AttributeProto *a = findAttr(n, "value")) {
    err = decodeTensor(a->t(), t);
  } else if (const onnx::AttributeProto *a = findAttr(n, "value_float")) {
    t = HostTensor::floats({}, {a->f()});
  } else if (const onnx::AttributeProto *a = findAttr(n, "value_floats")) {
    t = HostTensor::floats({a->floats_size()},
                           {a->floats().begin(), a->floats().end()});
  } else if (const onnx::AttributeProto *a = findAttr(n, "value_int")) {
    t = HostTensor::ints({}, {a->i()});
  } else if (const onnx::AttributeProto *a = findAttr(n, "value_ints")) {
    t = HostTensor::ints({a->ints_size()},
                         {a->ints().begin(), a->ints().end()});
  } else {
    err = "unsupported Constant form (value, value_float(s) and value_int(s) "
          "are supported)";
  }
  if (!err.empty())
    return fail(n, err);
  setConstant(n.output(0), std::move(t));
  return success();
}

const HostTensor *GraphImporter::constantAhead(StringRef name) {
  if (const HostTensor *t = constantOf(name))
    return t;
  auto it = producers.find(name);
  if (it == producers.end() || consumed[it->second] ||
      graph.node(it->second).op_type() != "Constant")
    return nullptr;
  Location saved = loc;
  bool ok = succeeded(importConstant(graph.node(it->second)));
  loc = saved;
  if (!ok)
    return nullptr;
  consumed[it->second] = true;
  return constantOf(name);
}

/// Shapes are static, so Shape (with opset 15's start/end) and Size are
/// constants.
LogicalResult GraphImporter::importShape(const NodeProto &n) {
  Entry *x = lookup(n.input(0));
  if (!x)
    return fail(n, "missing input");
  SmallVector<int64_t> s = onnxShape(*x);
  if (n.op_type() == "Size") {
    setConstant(n.output(0), HostTensor::ints({}, {product(s)}));
    return success();
  }
  int64_t rank = s.size();
  int64_t start = getIntAttr(n, "start", 0), end = getIntAttr(n, "end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  std::vector<int64_t> v(s.begin() + start, s.begin() + std::max(start, end));
  int64_t len = v.size();
  setConstant(n.output(0), HostTensor::ints({len}, std::move(v)));
  return success();
}

std::optional<LogicalResult>
GraphImporter::foldConstantNode(const NodeProto &n) {
  SmallVector<const HostTensor *> constInputs;
  for (const std::string &in : n.input()) {
    const HostTensor *t = in.empty() ? nullptr : constantOf(in);
    if (!in.empty() && !t)
      return std::nullopt; // reads a runtime tensor
    constInputs.push_back(t);
  }
  HostTensor result;
  std::string err;
  if (n.input_size() == 0 || !evaluateConstantNode(n, constInputs, result, err))
    return std::nullopt;
  if (!err.empty())
    return fail(n, err);
  setConstant(n.output(0), std::move(result));
  return success();
}

} // namespace mnv4::onnx_import
