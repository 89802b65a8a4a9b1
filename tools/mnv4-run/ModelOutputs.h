//===- ModelOutputs.h - mnv4-run's outputs and reference --------*- C++ -*-===//
//
// A model returns one or more tensors (a classifier its logits, a backbone
// one feature map per stage). `--output FILE` holds them concatenated in
// output order, each in file layout (rank 4 as NCHW, like PyTorch's), and so
// does `--compare`'s reference; `--output-dir DIR` writes one file per output,
// `DIR/<name>.bin`, named after the output (the ONNX graph output's name).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_MODELOUTPUTS_H
#define MNV4_TOOLS_MNV4_RUN_MODELOUTPUTS_H

#include "mnv4/Interp/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace mnv4::run {

/// One result of the entry function, in model layout.
struct ModelOutput {
  std::string name; ///< from kOutputNamesAttr, or "output<i>" without it
  llvm::SmallVector<int64_t, 4> shape;
};

/// The entry function's single input shape and its outputs; prints an
/// `error:` and returns nullopt unless every one is a static f32 tensor.
struct ModelSignature {
  llvm::SmallVector<int64_t, 4> inputShape;
  std::vector<ModelOutput> outputs;
};
std::optional<ModelSignature> getModelSignature(mlir::func::FuncOp func);

/// Reads `path` as the concatenation of `outputs` in file layout, returned
/// flat; prints an `error:` on a missing or wrongly sized file.
std::optional<interp::Tensor>
readReferenceFile(llvm::StringRef path, llvm::ArrayRef<ModelOutput> outputs);

/// The results concatenated in file layout, flat (what --output holds).
interp::Tensor concatenateOutputs(llvm::ArrayRef<interp::Tensor> results);

/// Writes `results` to `outputFile` (concatenated) and/or one file per output
/// into `outputDir` (created if needed); prints an `error:` and removes what
/// it wrote on failure.
bool writeOutputs(llvm::StringRef outputFile, llvm::StringRef outputDir,
                  llvm::ArrayRef<ModelOutput> outputs,
                  llvm::ArrayRef<interp::Tensor> results);

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_MODELOUTPUTS_H
