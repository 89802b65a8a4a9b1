//===- OnnxModel.h - a validated ONNX graph and its constants ---*- C++ -*-===//

#ifndef MNV4_LIB_IMPORT_ONNXMODEL_H
#define MNV4_LIB_IMPORT_ONNXMODEL_H

#include "HostTensor.h"
#include "OnnxNode.h"

#include "mnv4/Import/OnnxImporter.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace mnv4::onnx_import {

/// Opsets of the default domain the importer was checked against.
constexpr int64_t kMinOpset = 13, kMaxOpset = 21;

/// A graph output and the shape the graph declares for it (-1: a dynamic
/// dimension; empty without a declared shape).
struct GraphOutput {
  std::string name;
  llvm::SmallVector<int64_t> declaredShape;
  bool hasShape = false;
};

/// The largest graph input dimension and conv pad or stride accepted (the
/// zoo's resolution limit too): sizes computed from them never overflow.
constexpr int64_t kMaxDim = 65536;

/// The parsed model after the checks every graph must pass: default-domain
/// opset 13..21, one float32 NCHW input whose dimensions are static once the
/// InputShapeOptions are applied, one or more float32 outputs, float32/int64
/// initializers (external data already read into the proto).
struct OnnxModel {
  onnx::ModelProto proto;
  int64_t opset = 0;
  std::string inputName;
  std::vector<GraphOutput> outputs;      ///< graph order
  llvm::SmallVector<int64_t> inputShape; ///< ONNX order (NCHW), static
  llvm::StringMap<HostTensor> initializers;

  const onnx::GraphProto &graph() const { return proto.graph(); }
};

/// Reads and validates `path`. On failure returns an error message that
/// names what is wrong (and the node, for node errors); the caller prefixes
/// the file name.
std::string loadOnnxModel(llvm::StringRef path, const InputShapeOptions &shape,
                          OnnxModel &model);

/// `v`'s tensor type when it is a float32 tensor; otherwise an error message
/// naming `what` ("graph input 'x'").
std::string floatTensorType(const onnx::ValueInfoProto &v,
                            const std::string &what,
                            const onnx::TypeProto::Tensor *&type);

/// The static NCHW shape of graph input `v` once `options` fix its dynamic
/// dimensions; an error message naming the dimension and the flag to pass.
std::string resolveInputShape(const onnx::ValueInfoProto &v,
                              const InputShapeOptions &options,
                              llvm::SmallVectorImpl<int64_t> &shape);

/// Reads every EXTERNAL tensor of the graph (initializers and Constant
/// values) from its file beside `modelPath` into raw_data; an error message
/// naming the tensor and the file.
std::string loadExternalData(llvm::StringRef modelPath,
                             onnx::GraphProto &graph);

/// Decodes a TensorProto (raw_data or typed fields) as float32 or int64.
std::string decodeTensor(const onnx::TensorProto &t, HostTensor &out);

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_ONNXMODEL_H
