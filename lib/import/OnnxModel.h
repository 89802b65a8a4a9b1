//===- OnnxModel.h - a validated ONNX graph and its constants ---*- C++ -*-===//

#ifndef MNV4_LIB_IMPORT_ONNXMODEL_H
#define MNV4_LIB_IMPORT_ONNXMODEL_H

#include "HostTensor.h"
#include "OnnxNode.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace mnv4::onnx_import {

/// Opsets of the default domain the importer was checked against.
constexpr int64_t kMinOpset = 13, kMaxOpset = 17;

/// The parsed model after the checks every graph must pass: default-domain
/// opset 13..17, one float32 input of static shape with batch 1, one output,
/// float32/int64 initializers stored inside the file.
struct OnnxModel {
  onnx::ModelProto proto;
  int64_t opset = 0;
  std::string inputName, outputName;
  llvm::SmallVector<int64_t> inputShape; ///< ONNX order (NCHW)
  llvm::StringMap<HostTensor> initializers;

  const onnx::GraphProto &graph() const { return proto.graph(); }
};

/// Reads and validates `path`. On failure returns an error message that
/// names what is wrong (and the node, for node errors); the caller prefixes
/// the file name.
std::string loadOnnxModel(llvm::StringRef path, OnnxModel &model);

/// Decodes a TensorProto (raw_data or typed fields) as float32 or int64.
std::string decodeTensor(const onnx::TensorProto &t, HostTensor &out);

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_ONNXMODEL_H
