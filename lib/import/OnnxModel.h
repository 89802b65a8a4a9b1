//===- OnnxModel.h - a validated ONNX graph and its constants ---*- C++ -*-===//

#ifndef MNV4_LIB_IMPORT_ONNXMODEL_H
#define MNV4_LIB_IMPORT_ONNXMODEL_H

#include "HostTensor.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <onnx/onnx_pb.h>
#include <optional>

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

/// Attribute access on a node; `std::nullopt` when absent.
const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     llvm::StringRef name);
int64_t getIntAttr(const onnx::NodeProto &node, llvm::StringRef name,
                   int64_t dflt);
std::optional<llvm::SmallVector<int64_t>>
getIntsAttr(const onnx::NodeProto &node, llvm::StringRef name);
std::string getStringAttr(const onnx::NodeProto &node, llvm::StringRef name);

/// Input `i` of `node` is present (ONNX leaves optional inputs empty).
inline bool hasInput(const onnx::NodeProto &node, int i) {
  return i < node.input_size() && !node.input(i).empty();
}

/// Transpose's `perm` attribute (default: the dims reversed), checked to be a
/// permutation of `rank` dims. Returns an error message, empty on success.
std::string getTransposePerm(const onnx::NodeProto &node, int64_t rank,
                             llvm::SmallVectorImpl<int64_t> &perm);

/// Evaluates a node whose inputs are all constants. Returns false when the
/// op type is not constant-evaluable; otherwise fills `result` or `error`.
bool evaluateConstantNode(const onnx::NodeProto &node,
                          llvm::ArrayRef<const HostTensor *> inputs,
                          HostTensor &result, std::string &error);

/// "node '/blocks/blocks.1/blocks.1.0/pw_exp/conv/Conv' (Conv)".
std::string describeNode(const onnx::NodeProto &node);

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_ONNXMODEL_H
