//===- Profile.cpp - mnv4-run --profile: the per-block cost table ---------===//

#include "Profile.h"

#include "Benchmark.h"

#include "mnv4/Support/Stats.h"

#include "llvm/Support/FormatAdapters.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace llvm;

namespace {

/// One block's figures, from its times and the sum of all medians.
struct Row {
  mnv4::run::RunTimes micros;
  double gflops = 0.0, share = 0.0;
};

double totalMedianMicros(ArrayRef<mnv4::run::BlockTimes> blocks) {
  double total = 0.0;
  for (const mnv4::run::BlockTimes &b : blocks)
    total += mnv4::run::summarizeRunTimes(b.micros).median;
  return total;
}

Row rowOf(const mnv4::run::BlockTimes &block, double totalMicros) {
  Row row;
  row.micros = mnv4::run::summarizeRunTimes(block.micros);
  // 2 FLOP per MAC; FLOP per microsecond / 1e3 = GFLOP/s.
  if (row.micros.median > 0.0)
    row.gflops = 2.0 * block.macs / row.micros.median / 1e3;
  if (totalMicros > 0.0)
    row.share = row.micros.median / totalMicros;
  return row;
}

} // namespace

std::vector<mnv4::run::BlockTimes>
mnv4::run::blocksOf(mlir::func::FuncOp func) {
  std::vector<BlockTimes> blocks;
  for (const BlockStats &stats : computeStats(func).blocks) {
    BlockTimes block;
    std::optional<StringRef> name = stats.attrs.getString("name");
    block.name = name ? name->str() : formatv("#{0}", blocks.size()).str();
    block.kind = stats.kind;
    block.macs = stats.macs;
    blocks.push_back(std::move(block));
  }
  return blocks;
}

void mnv4::run::printProfileTable(raw_ostream &os, ArrayRef<BlockTimes> blocks,
                                  unsigned threads) {
  size_t nameWidth = 5, kindWidth = 4;
  for (const BlockTimes &b : blocks) {
    nameWidth = std::max(nameWidth, b.name.size());
    kindWidth = std::max(kindWidth, b.kind.size());
  }
  double total = totalMedianMicros(blocks);
  int64_t macs = 0;
  os << formatv("{0} {1} {2,12} {3,11} {4,8} {5,7}\n",
                fmt_align("name", AlignStyle::Left, nameWidth),
                fmt_align("kind", AlignStyle::Left, kindWidth), "MACs",
                "median_us", "GFLOP/s", "share");
  for (const BlockTimes &b : blocks) {
    Row row = rowOf(b, total);
    macs += b.macs;
    os << formatv("{0} {1} {2,12} {3,11:f1} {4,8:f1} {5,6:f1}%\n",
                  fmt_align(b.name, AlignStyle::Left, nameWidth),
                  fmt_align(b.kind, AlignStyle::Left, kindWidth), b.macs,
                  row.micros.median, row.gflops, 100.0 * row.share);
  }
  double totalGflops = total > 0.0 ? 2.0 * macs / total / 1e3 : 0.0;
  size_t runs = blocks.empty() ? 0 : blocks.front().micros.size();
  os << formatv("{0} {1} {2,12} {3,11:f1} {4,8:f1} {5,6:f1}%   (sum of "
                "medians; runs={6} threads={7})\n",
                fmt_align("total", AlignStyle::Left, nameWidth),
                fmt_align("", AlignStyle::Left, kindWidth), macs, total,
                totalGflops, 100.0, runs, threads);
}

json::Value mnv4::run::profileToJSON(ArrayRef<BlockTimes> blocks,
                                     unsigned threads) {
  double total = totalMedianMicros(blocks);
  json::Array rows;
  for (const BlockTimes &b : blocks) {
    Row row = rowOf(b, total);
    rows.push_back(json::Object{{"name", b.name},
                                {"kind", b.kind},
                                {"macs", b.macs},
                                {"median_us", row.micros.median},
                                {"min_us", row.micros.min},
                                {"gflops", row.gflops},
                                {"share", row.share}});
  }
  size_t runs = blocks.empty() ? 0 : blocks.front().micros.size();
  return json::Object{{"runs", static_cast<int64_t>(runs)},
                      {"threads", static_cast<int64_t>(threads)},
                      {"total_median_us", total},
                      {"blocks", std::move(rows)}};
}
