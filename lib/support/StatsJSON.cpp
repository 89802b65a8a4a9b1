//===- StatsJSON.cpp - the --stats-json form of ModelStats ----------------===//

#include "mnv4/Support/Stats.h"

#include "mlir/IR/BuiltinTypes.h"

using llvm::json::Array;
using llvm::json::Object;

llvm::json::Value mnv4::toJSON(const ModelStats &stats) {
  Array blocks;
  for (const BlockStats &block : stats.blocks) {
    Object entry = block.attrs;
    entry["kind"] = block.kind;
    entry["params"] = block.params;
    entry["weights"] = block.weights;
    entry["macs"] = block.macs;
    blocks.push_back(std::move(entry));
  }
  return Object{{"params", stats.params},
                {"weights", stats.weights},
                {"macs", stats.macs},
                {"blocks", std::move(blocks)}};
}

std::optional<int64_t> mnv4::inputResolution(mlir::func::FuncOp func) {
  if (func.getNumArguments() != 1)
    return std::nullopt;
  auto type =
      llvm::dyn_cast<mlir::RankedTensorType>(func.getArgument(0).getType());
  if (!type || type.getRank() != 4 || type.getDimSize(1) != type.getDimSize(2))
    return std::nullopt;
  return type.getDimSize(1);
}

Object mnv4::modelStatsJSON(mlir::func::FuncOp func, llvm::StringRef model) {
  llvm::json::Value stats = toJSON(computeStats(func));
  Object object = std::move(*stats.getAsObject());
  object["model"] = model;
  if (std::optional<int64_t> r = inputResolution(func))
    object["resolution"] = *r;
  else
    object["resolution"] = nullptr;
  return object;
}
