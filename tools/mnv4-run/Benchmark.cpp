//===- Benchmark.cpp - mnv4-run --bench: timed inferences -----------------===//

#include "Benchmark.h"

#include "mnv4/Driver/ToolError.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <time.h>

using namespace llvm;

namespace {

/// CPU time of the whole process (every thread), in milliseconds.
double processCpuMs() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec * 1e-6;
}

void printRunTimes(raw_ostream &os, StringRef label,
                   const mnv4::run::RunTimes &t, unsigned runs,
                   unsigned threads) {
  os << formatv("{0}: median={1:f3} min={2:f3} max={3:f3} runs={4} "
                "threads={5}\n",
                label, t.median, t.min, t.max, runs, threads);
}

/// Reads one line of stdin; false at its end.
bool readStdinLine() {
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, stdin))
    if (std::strchr(buffer, '\n'))
      return true;
  return false;
}

} // namespace

mnv4::run::RunTimes mnv4::run::summarizeRunTimes(ArrayRef<double> values) {
  SmallVector<double> sorted(values);
  llvm::sort(sorted);
  size_t n = sorted.size();
  RunTimes times;
  times.min = sorted.front();
  times.max = sorted.back();
  times.median =
      n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  return times;
}

Expected<mnv4::run::BenchmarkResult>
mnv4::run::benchmarkInference(function_ref<Error()> inference,
                              const BenchmarkPlan &plan,
                              function_ref<void()> afterWarmup) {
  for (unsigned i = 0; i < plan.warmupRuns; ++i)
    if (Error error = inference())
      return std::move(error);
  if (afterWarmup)
    afterWarmup();
  SmallVector<double> wall, cpu;
  for (unsigned i = 0; i < plan.timedRuns; ++i) {
    double cpuStart = processCpuMs();
    auto start = std::chrono::steady_clock::now();
    if (Error error = inference())
      return std::move(error);
    auto stop = std::chrono::steady_clock::now();
    cpu.push_back(processCpuMs() - cpuStart);
    wall.push_back(
        std::chrono::duration<double, std::milli>(stop - start).count());
  }
  BenchmarkResult result;
  result.wallMs = summarizeRunTimes(wall);
  result.cpuMs = summarizeRunTimes(cpu);
  result.runs = plan.timedRuns;
  result.threads = plan.threads;
  return result;
}

void mnv4::run::printBenchmarkResult(raw_ostream &os,
                                     const BenchmarkResult &result) {
  printRunTimes(os, "latency_ms", result.wallMs, result.runs, result.threads);
  printRunTimes(os, "cpu_ms", result.cpuMs, result.runs, result.threads);
}

mnv4::run::BenchmarkOptions::BenchmarkOptions(cl::OptionCategory &category)
    : timedRuns("bench",
                cl::desc("time N inferences (after --bench-warmup untimed "
                         "ones) and print 'latency_ms: median=X min=Y max=Z "
                         "runs=N threads=T' and a 'cpu_ms:' line"),
                cl::value_desc("N"), cl::init(0), cl::cat(category)),
      warmupRuns("bench-warmup",
                 cl::desc("untimed inferences before --bench's (default 3)"),
                 cl::value_desc("W"), cl::init(3), cl::cat(category)),
      perStdinLine(
          "bench-per-stdin-line",
          cl::desc("repeat the --bench measurement once for every line read "
                   "from stdin until it ends, printing its lines each time "
                   "(for a driver that alternates engines between rounds)"),
          cl::cat(category)),
      profileTable("profile",
                   cl::desc("time every block in the timed runs (--bench, "
                            "default 10) and print a table: name, kind, MACs, "
                            "median us, GFLOP/s, share of the total "
                            "(--engine=compiled times a separate build with "
                            "a probe between blocks)"),
                   cl::cat(category)),
      profileJSON("profile-json", cl::desc("print --profile's table as JSON"),
                  cl::cat(category)) {}

Error mnv4::run::BenchmarkOptions::checkProfileOptions(bool time) const {
  StringRef flag = profileTable ? "--profile" : "--profile-json";
  if (profileRequested() && perStdinLine)
    return createStringError(flag + " measures one set of runs; it cannot be "
                                    "combined with --bench-per-stdin-line");
  if (profileRequested() && time)
    return createStringError(flag + " times every block of the timed runs; "
                                    "--time (one untimed run) cannot be "
                                    "combined with it");
  return Error::success();
}

std::optional<mnv4::run::BenchmarkPlan>
mnv4::run::BenchmarkOptions::getPlan(unsigned threads) const {
  if (benchRequested() && timedRuns == 0) {
    reportToolError("invalid --bench=0: expected a positive number of timed "
                    "runs");
    return std::nullopt;
  }
  return BenchmarkPlan{warmupRuns, benchRequested() ? timedRuns : 10u, threads};
}

Expected<mnv4::run::BenchmarkResult> mnv4::run::BenchmarkOptions::runRounds(
    function_ref<Error()> inference, const BenchmarkPlan &plan, raw_ostream &os,
    function_ref<void()> afterWarmup) const {
  std::optional<BenchmarkResult> last;
  while (!perStdinLine || readStdinLine()) {
    Expected<BenchmarkResult> result =
        benchmarkInference(inference, plan, afterWarmup);
    if (!result)
      return result.takeError();
    if (benchRequested()) {
      printBenchmarkResult(os, *result);
      os.flush();
    }
    last = *result;
    if (!perStdinLine)
      break;
  }
  if (!last)
    return createStringError("--bench-per-stdin-line: stdin ended before the "
                             "first round");
  return *last;
}
