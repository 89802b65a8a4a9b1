//===- EdgeTPUReport.h - which TFLite ops an EdgeTPU would run --*- C++ -*-===//
//
// Reads a .tflite model (as the TFLite writer produces it) and applies the
// EdgeTPU compiler's rules (../shared/docs/int8-tflite-edgetpu.md §4): for
// every op the status the compiler would print and the specific rule behind
// it, where the graph is cut, what runs on the CPU with and without multiple
// subgraphs, the share of MACs on the EdgeTPU and parameter memory on chip vs
// streamed. docs/edgetpu.md states the rules.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TARGETS_EDGETPUREPORT_H
#define MNV4_TARGETS_EDGETPUREPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mnv4::tflite {

struct EdgeTPUOp {
  int index;
  std::string op;     ///< TFLite builtin name, e.g. "CONV_2D"
  std::string tensor; ///< the op's output tensor (timm module name)
  /// What the op's own rules say: "Mapped to Edge TPU", "Operation not
  /// supported", "Tensor has unsupported rank ...", ...
  std::string status;
  /// The rule behind `status` (always given).
  std::string reason;
  bool supported;    ///< the op itself could map
  bool mappedSingle; ///< on the EdgeTPU in the default (one subgraph) mode
  bool mappedMulti;  ///< on the EdgeTPU with multiple subgraphs (-a)
  int64_t macs;
  int64_t paramBytes;
};

struct EdgeTPUReport {
  std::vector<EdgeTPUOp> ops;
  int firstCut = -1; ///< index of the first op that cannot map; -1: none
  int64_t totalMacs = 0, tpuMacsSingle = 0, tpuMacsMulti = 0;
  int64_t onChipBytes = 0, streamedBytes = 0; ///< parameters of mapped ops
  int tpuSegmentsMulti = 0;
};

/// The report of the model in `bytes`; fails when it is not a TFLite model.
llvm::Expected<EdgeTPUReport> analyzeEdgeTPU(llvm::StringRef bytes);

/// An order of the model's ops (indices into `bytes`' operators) that lists,
/// whenever one is ready, a supported op before an unsupported one, so that
/// the one-subgraph cut comes as late as the data dependences allow; the
/// values computed are the same (lib/targets/tflite/EdgeTPUSchedule.cpp).
llvm::Expected<std::vector<int>> edgeTPUSchedule(llvm::StringRef bytes,
                                                 const EdgeTPUReport &report);

void printEdgeTPUReport(const EdgeTPUReport &report, llvm::raw_ostream &os);
llvm::json::Value toJSON(const EdgeTPUReport &report);

} // namespace mnv4::tflite

#endif // MNV4_TARGETS_EDGETPUREPORT_H
