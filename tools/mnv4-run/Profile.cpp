//===- Profile.cpp - mnv4-run --profile: the per-block cost table ---------===//

#include "Profile.h"

#include "Benchmark.h"

#include "mnv4/Support/SourceBlocks.h"

#include "llvm/Support/FormatAdapters.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <optional>

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

/// The whole inference: its median wall time and the median over runs of
/// the share of the run the blocks' times cover.
struct Inference {
  double medianMicros = 0.0, coverage = 0.0;
};

std::optional<Inference> inferenceOf(ArrayRef<mnv4::run::BlockTimes> blocks,
                                     ArrayRef<double> walls) {
  if (walls.empty())
    return std::nullopt;
  Inference inference;
  SmallVector<double> coverage;
  for (auto [run, wall] : llvm::enumerate(walls)) {
    double sum = 0.0;
    for (const mnv4::run::BlockTimes &b : blocks)
      sum += b.micros[run];
    coverage.push_back(wall > 0.0 ? sum / wall : 0.0);
  }
  inference.medianMicros = mnv4::run::summarizeRunTimes(walls).median;
  inference.coverage = mnv4::run::summarizeRunTimes(coverage).median;
  return inference;
}

} // namespace

void mnv4::run::BlockProfiler::startRun() {
  startBlocks();
  start = std::chrono::steady_clock::now();
}

Error mnv4::run::BlockProfiler::finishRun() {
  auto stop = std::chrono::steady_clock::now();
  if (Error error = finishBlocks())
    return error;
  if (recording)
    runs.push_back(
        std::chrono::duration<double, std::micro>(stop - start).count());
  return Error::success();
}

std::vector<mnv4::run::BlockTimes>
mnv4::run::blocksOf(mlir::func::FuncOp func) {
  std::vector<BlockTimes> blocks;
  for (const BlockSpan &span : blockSpans(func)) {
    BlockTimes block;
    block.name =
        span.name.empty() ? formatv("#{0}", blocks.size()).str() : span.name;
    block.kind = span.kind;
    block.macs = span.macs;
    blocks.push_back(std::move(block));
  }
  return blocks;
}

void mnv4::run::printProfileTable(raw_ostream &os, ArrayRef<BlockTimes> blocks,
                                  ArrayRef<double> runMicros,
                                  const ProfileContext &context) {
  if (context.probes)
    os << context.engine
       << " engine, profiled build: a timestamp probe between blocks (the "
          "object --emit=obj writes has none)\n";
  if (context.int8)
    os << "int8 model: one row per source block (its decomposed ops); GOP/s "
          "counts an int8 multiply-accumulate as 2 operations\n";
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
                "median_us", context.int8 ? "GOP/s" : "GFLOP/s", "share");
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
                totalGflops, 100.0, runs, context.threads);
  if (std::optional<Inference> inference = inferenceOf(blocks, runMicros))
    os << formatv("whole inference: median {0:f1} us; the blocks cover "
                  "{1:f1}% of a run (median over runs)\n",
                  inference->medianMicros, 100.0 * inference->coverage);
}

json::Value mnv4::run::profileToJSON(ArrayRef<BlockTimes> blocks,
                                     ArrayRef<double> runMicros,
                                     const ProfileContext &context) {
  std::optional<Inference> inference = inferenceOf(blocks, runMicros);
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
  return json::Object{
      {"engine", context.engine},
      {"probes", context.probes},
      {"int8", context.int8},
      {"runs", static_cast<int64_t>(runs)},
      {"threads", static_cast<int64_t>(context.threads)},
      {"total_median_us", total},
      {"inference_median_us",
       inference ? json::Value(inference->medianMicros) : json::Value(nullptr)},
      {"coverage",
       inference ? json::Value(inference->coverage) : json::Value(nullptr)},
      {"blocks", std::move(rows)}};
}
