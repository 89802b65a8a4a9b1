//===- ConstEvalOps.h - the host evaluators of constant nodes ---*- C++ -*-===//
//
// One function per op family; each fills `out` or returns an error message.
// The dispatch lives in ConstEval.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_IMPORT_CONSTEVALOPS_H
#define MNV4_LIB_IMPORT_CONSTEVALOPS_H

#include "HostTensor.h"
#include "OnnxNode.h"

namespace mnv4::onnx_import {

using ConstInputs = llvm::ArrayRef<const HostTensor *>;

/// Add, Sub, Mul, Div, Pow, Mod, Min, Max, comparisons and logic, with numpy
/// broadcasting.
std::string evalBinary(const onnx::NodeProto &node, ConstInputs in,
                       HostTensor &out);
/// Neg, Abs, Floor, Ceil, Sqrt, Not.
std::string evalUnary(const onnx::NodeProto &node, ConstInputs in,
                      HostTensor &out);
std::string evalWhere(const onnx::NodeProto &node, ConstInputs in,
                      HostTensor &out);
std::string evalExpand(const onnx::NodeProto &node, ConstInputs in,
                       HostTensor &out);
std::string evalRange(const onnx::NodeProto &node, ConstInputs in,
                      HostTensor &out);

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_CONSTEVALOPS_H
