//===- StatsJSON.cpp - the --stats-json form of ModelStats ----------------===//

#include "mnv4/Support/Stats.h"

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
