//===- EdgeTPUSchedule.cpp - an op order that maps more on one EdgeTPU ----===//
//
// The EdgeTPU compiler cuts a model at its first unsupported op: that op and
// every op after it in the file's order run on the CPU. Any topological order
// computes the same values, so listing every supported op whose inputs are
// ready before the next unsupported one moves the cut as late as the data
// dependences allow, without changing a single result.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Targets/EdgeTPUReport.h"

#include "schema_generated.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <set>

namespace mnv4::tflite {

using namespace ::tflite;

llvm::Expected<std::vector<int>> edgeTPUSchedule(llvm::StringRef bytes,
                                                 const EdgeTPUReport &report) {
  flatbuffers::Verifier verifier(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  if (!VerifyModelBuffer(verifier))
    return llvm::createStringError("not a TFLite flatbuffer");
  const SubGraph *graph = GetModel(bytes.data())->subgraphs()->Get(0);
  int count = static_cast<int>(graph->operators()->size());
  if (static_cast<int>(report.ops.size()) != count)
    return llvm::createStringError("the report does not match the model");

  // The op that produces each tensor, and how many producers each op waits on.
  llvm::DenseMap<int32_t, int> producer;
  for (int i = 0; i < count; ++i)
    for (int32_t t : *graph->operators()->Get(i)->outputs())
      producer[t] = i;
  std::vector<std::vector<int>> consumers(count);
  std::vector<int> waiting(count, 0);
  for (int i = 0; i < count; ++i) {
    llvm::DenseSet<int> from;
    for (int32_t t : *graph->operators()->Get(i)->inputs()) {
      auto it = producer.find(t);
      if (it != producer.end() && from.insert(it->second).second) {
        consumers[it->second].push_back(i);
        ++waiting[i];
      }
    }
  }
  // Ready ops in file order; supported ones first.
  std::set<int> readySupported, readyOther;
  auto makeReady = [&](int i) {
    (report.ops[i].supported ? readySupported : readyOther).insert(i);
  };
  for (int i = 0; i < count; ++i)
    if (waiting[i] == 0)
      makeReady(i);
  std::vector<int> order;
  while (!readySupported.empty() || !readyOther.empty()) {
    std::set<int> &from = readySupported.empty() ? readyOther : readySupported;
    int i = *from.begin();
    from.erase(from.begin());
    order.push_back(i);
    for (int c : consumers[i])
      if (--waiting[c] == 0)
        makeReady(c);
  }
  if (static_cast<int>(order.size()) != count)
    return llvm::createStringError("the model's ops form a cycle");
  return order;
}

} // namespace mnv4::tflite
