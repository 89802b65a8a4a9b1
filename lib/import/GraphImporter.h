//===- GraphImporter.h - state of one ONNX graph -> mnv4 run ----*- C++ -*-===//
//
// Every runtime value is tracked with its layout: 4-D feature maps live in
// NHWC (the ONNX value is NCHW), anything that went through a Reshape,
// Transpose or MatMul keeps its ONNX shape. Layout transposes are inserted
// only where an op needs the other layout; the raising passes then see the
// exact chains the MQA pattern expects. Weights are converted once, at the
// point of use: conv OIHW -> OHWI, depthwise [C,1,k,k] -> [k,k,C].
//
// The handlers are split by kind over the Import*.cpp files; the value map
// lives in GraphImporterValues.cpp and the node loop in GraphToMNV4.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_IMPORT_GRAPHIMPORTER_H
#define MNV4_LIB_IMPORT_GRAPHIMPORTER_H

#include "GeluPattern.h"
#include "OnnxModel.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <deque>

namespace mnv4::onnx_import {

/// What an ONNX value name stands for.
struct Entry {
  const HostTensor *constant = nullptr; ///< host constant, or
  mlir::Value value;                    ///< a runtime tensor
  bool nhwc = false; ///< `value` is the NHWC form of a 4-D NCHW tensor
  mlir::Value nhwcCache, onnxCache;
};

class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext &ctx, const OnnxModel &model,
                llvm::StringRef path)
      : model(model), graph(model.graph()), path(path),
        fileLoc(mlir::FileLineColLoc::get(&ctx, path, 0, 0)), b(&ctx) {}

  mlir::OwningOpRef<mlir::ModuleOp> run();

private:
  using LogicalResult = mlir::LogicalResult;
  using NodeProto = onnx::NodeProto;

  // The node loop (GraphToMNV4.cpp).
  LogicalResult importNode(size_t index);
  /// Folds a node over constants only on the host; nullopt when it reads a
  /// runtime tensor or its op type is not constant-evaluable.
  std::optional<LogicalResult> foldConstantNode(const NodeProto &n);
  LogicalResult fail(const NodeProto &node, const llvm::Twine &msg);

  // Value access (GraphImporterValues.cpp).
  Entry *lookup(llvm::StringRef name) {
    auto it = entries.find(name);
    return it == entries.end() ? nullptr : &it->second;
  }
  const HostTensor *constantOf(llvm::StringRef name) {
    Entry *e = lookup(name);
    return e ? e->constant : nullptr;
  }
  llvm::SmallVector<int64_t> onnxShape(const Entry &e) const;
  mlir::Value asNHWC(Entry &e);
  mlir::Value asOnnx(Entry &e);
  void setRuntime(llvm::StringRef name, mlir::Value v, bool nhwc);
  void setConstant(llvm::StringRef name, HostTensor t);
  /// The runtime input `i` of `n`, or a diagnostic.
  Entry *runtimeInput(const NodeProto &n, int i);
  /// The constant input `i` of `n` (int64 for shape, axes and pads, float32
  /// for every other `what`), or a diagnostic.
  const HostTensor *constantInput(const NodeProto &n, int i,
                                  llvm::StringRef what);
  /// Like constantInput for an input that may be absent; `out` stays null
  /// then.
  LogicalResult optionalConstantInput(const NodeProto &n, int i,
                                      llvm::StringRef what,
                                      const HostTensor *&out);

  // Builders (GraphImporterValues.cpp).
  mlir::RankedTensorType f32(llvm::ArrayRef<int64_t> shape) {
    return mlir::RankedTensorType::get(shape, b.getF32Type());
  }
  mlir::Value weight(const HostTensor &t, llvm::ArrayRef<int64_t> shape,
                     llvm::StringRef hint);
  mlir::Value transposeOp(mlir::Value v, llvm::ArrayRef<int64_t> perm);
  mlir::Value reshapeOp(mlir::Value v, llvm::ArrayRef<int64_t> shape);

  // Constants and host folding (ImportConstants.cpp).
  LogicalResult importConstant(const NodeProto &n);
  LogicalResult importShape(const NodeProto &n);
  /// Like constantOf, but also imports a Constant node that comes later in
  /// the graph.
  const HostTensor *constantAhead(llvm::StringRef name);

  // Convolutions, pooling, fully connected (ImportConvPoolGemm.cpp).
  LogicalResult importConv(const NodeProto &n);
  LogicalResult importGlobalAveragePool(const NodeProto &n);
  LogicalResult importReduceMean(const NodeProto &n);
  LogicalResult importAveragePool(const NodeProto &n);
  LogicalResult importGemm(const NodeProto &n);

  // Elementwise (ImportElementwise.cpp).
  LogicalResult importActivation(const NodeProto &n);
  LogicalResult importGelu(size_t index);
  LogicalResult importAdd(const NodeProto &n);
  LogicalResult importMul(const NodeProto &n);
  LogicalResult importBatchNorm(const NodeProto &n);

  // Attention (ImportAttention.cpp).
  LogicalResult importMatMul(const NodeProto &n);
  LogicalResult importSoftmax(const NodeProto &n);

  // Shape ops in ONNX layout (ImportShapeOps.cpp).
  LogicalResult importReshapeLike(const NodeProto &n);
  LogicalResult importTranspose(const NodeProto &n);
  LogicalResult importPad(const NodeProto &n);

  const OnnxModel &model;
  const onnx::GraphProto &graph;
  std::string path;
  mlir::Location fileLoc; ///< the module's location
  mlir::OpBuilder b;
  mlir::Location loc = fileLoc; ///< NameLoc of the node being imported
  llvm::StringMap<Entry> entries;
  std::deque<HostTensor> owned;
  ConsumerMap consumers;
  llvm::StringMap<size_t> producers;
  std::vector<bool> consumed;
};

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_GRAPHIMPORTER_H
