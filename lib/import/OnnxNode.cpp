//===- OnnxNode.cpp - attributes and names of ONNX nodes ------------------===//

#include "OnnxNode.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"

using namespace llvm;

namespace mnv4::onnx_import {

std::string describeNode(const onnx::NodeProto &node) {
  std::string name = node.name().empty() ? "<unnamed>" : node.name();
  return "node '" + name + "' (" + node.op_type() + ")";
}

const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     StringRef name) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t getIntAttr(const onnx::NodeProto &node, StringRef name, int64_t dflt) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a ? a->i() : dflt;
}

std::optional<SmallVector<int64_t>> getIntsAttr(const onnx::NodeProto &node,
                                                StringRef name) {
  const onnx::AttributeProto *a = findAttr(node, name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

std::string getStringAttr(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a ? a->s() : std::string();
}

std::string getTransposePerm(const onnx::NodeProto &node, int64_t rank,
                             SmallVectorImpl<int64_t> &perm) {
  perm.clear();
  if (auto p = getIntsAttr(node, "perm"))
    perm.append(p->begin(), p->end());
  else
    for (int64_t i = rank; i-- > 0;)
      perm.push_back(i);
  SmallVector<int64_t> sorted(perm.begin(), perm.end());
  llvm::sort(sorted);
  if (!llvm::equal(sorted, llvm::seq<int64_t>(0, rank)))
    return "perm is not a permutation of the input's dims";
  return "";
}

} // namespace mnv4::onnx_import
