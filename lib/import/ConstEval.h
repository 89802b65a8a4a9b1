//===- ConstEval.h - host evaluation of constant ONNX nodes -----*- C++ -*-===//

#ifndef MNV4_LIB_IMPORT_CONSTEVAL_H
#define MNV4_LIB_IMPORT_CONSTEVAL_H

#include "HostTensor.h"
#include "OnnxNode.h"

namespace mnv4::onnx_import {

/// Evaluates a node whose inputs are all constants. Returns false when the
/// op type is not constant-evaluable; otherwise fills `result` or `error`.
bool evaluateConstantNode(const onnx::NodeProto &node,
                          llvm::ArrayRef<const HostTensor *> inputs,
                          HostTensor &result, std::string &error);

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_CONSTEVAL_H
