//===- OnnxNode.h - reading one ONNX node -----------------------*- C++ -*-===//

#ifndef MNV4_LIB_IMPORT_ONNXNODE_H
#define MNV4_LIB_IMPORT_ONNXNODE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <onnx/onnx_pb.h>
#include <optional>
#include <string>

namespace mnv4::onnx_import {

/// "node '/blocks/blocks.1/blocks.1.0/pw_exp/conv/Conv' (Conv)".
std::string describeNode(const onnx::NodeProto &node);

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

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_ONNXNODE_H
