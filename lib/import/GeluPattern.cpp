//===- GeluPattern.cpp - match the exported exact-GELU chain --------------===//

#include "GeluPattern.h"

#include <cmath>

using namespace llvm;

namespace mnv4::onnx_import {

/// True when `t` is a one-element constant equal to `v` (float32 rounding).
static bool isScalar(const HostTensor *t, double v) {
  return t && t->numElements() == 1 &&
         std::fabs(t->at(0) - v) <= 1e-6 * std::fabs(v);
}

std::optional<GeluMatch>
matchGelu(const onnx::GraphProto &graph, size_t divIndex,
          const ConsumerMap &consumers,
          function_ref<const HostTensor *(StringRef)> constant) {
  // The single consumer of `node`'s output, if it has op type `opType`.
  auto next = [&](size_t node, StringRef opType) -> std::optional<size_t> {
    const onnx::NodeProto &n = graph.node(node);
    if (n.output_size() != 1)
      return std::nullopt;
    for (const onnx::ValueInfoProto &o : graph.output())
      if (o.name() == n.output(0))
        return std::nullopt;
    auto it = consumers.find(n.output(0));
    if (it == consumers.end() || it->second.size() != 1 ||
        graph.node(it->second[0]).op_type() != opType)
      return std::nullopt;
    return it->second[0];
  };
  // The operand of binary `node` that is not `known`.
  auto other = [&](size_t node, StringRef known) -> std::optional<StringRef> {
    const onnx::NodeProto &n = graph.node(node);
    if (n.input_size() != 2)
      return std::nullopt;
    if (n.input(0) == known)
      return StringRef(n.input(1));
    if (n.input(1) == known)
      return StringRef(n.input(0));
    return std::nullopt;
  };

  const onnx::NodeProto &div = graph.node(divIndex);
  if (div.input_size() != 2 || !isScalar(constant(div.input(1)), M_SQRT2))
    return std::nullopt;
  std::string x = div.input(0);
  SmallVector<size_t> chain = {divIndex};
  // Appends the next node of the chain: the single consumer of the last one,
  // of op type `opType`, whose other operand (if binary) satisfies `operand`.
  auto extend = [&](StringRef opType,
                    function_ref<bool(StringRef)> operand) -> bool {
    auto n = next(chain.back(), opType);
    if (!n)
      return false;
    if (operand) {
      auto o = other(*n, graph.node(chain.back()).output(0));
      if (!o || !operand(*o))
        return false;
    }
    chain.push_back(*n);
    return true;
  };
  auto isX = [&](StringRef name) { return name == x; };
  auto isOne = [&](StringRef name) { return isScalar(constant(name), 1.0); };
  auto isHalf = [&](StringRef name) { return isScalar(constant(name), 0.5); };
  if (!extend("Erf", nullptr) || !extend("Add", isOne) || !extend("Mul", isX) ||
      !extend("Mul", isHalf))
    return std::nullopt;
  GeluMatch m;
  m.input = x;
  m.output = graph.node(chain.back()).output(0);
  m.nodes = std::move(chain);
  return m;
}

} // namespace mnv4::onnx_import
