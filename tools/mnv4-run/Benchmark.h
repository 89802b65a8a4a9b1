//===- Benchmark.h - mnv4-run --bench: timed inferences ---------*- C++ -*-===//
//
// `--bench=N [--bench-warmup=W]` for any engine: W untimed runs, then N timed
// inferences, summarised on stdout as exactly one machine-readable line
//
//   latency_ms: median=X min=Y max=Z runs=N threads=T
//
// (wall clock per inference) followed by a `cpu_ms:` line of the same form
// (process CPU time per inference, all threads; on a shared machine the
// steadier figure for one thread). An engine hooks in by passing one
// inference as a callback. --profile/--profile-json (Profile.h) time the same
// runs block by block.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TOOLS_MNV4_RUN_BENCHMARK_H
#define MNV4_TOOLS_MNV4_RUN_BENCHMARK_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace mnv4::run {

/// How many runs a benchmark makes and what it reports as `threads`.
struct BenchmarkPlan {
  unsigned warmupRuns = 0;
  unsigned timedRuns = 1;
  unsigned threads = 1;
};

/// median, min and max of a set of per-run figures, in milliseconds.
struct RunTimes {
  double median = 0.0, min = 0.0, max = 0.0;
};

/// The summary of `values` (not empty); the median of an even count is the
/// mean of the two middle values.
RunTimes summarizeRunTimes(llvm::ArrayRef<double> values);

/// What a benchmark measured.
struct BenchmarkResult {
  RunTimes wallMs;
  RunTimes cpuMs;
  unsigned runs = 0;
  unsigned threads = 1;
};

/// Runs `inference` plan.warmupRuns times, calls `afterWarmup` (when given),
/// then runs it plan.timedRuns times, timing each of these. Stops at the first
/// error `inference` returns.
llvm::Expected<BenchmarkResult>
benchmarkInference(llvm::function_ref<llvm::Error()> inference,
                   const BenchmarkPlan &plan,
                   llvm::function_ref<void()> afterWarmup = nullptr);

/// Prints the `latency_ms:` line, then the `cpu_ms:` line.
void printBenchmarkResult(llvm::raw_ostream &os, const BenchmarkResult &result);

/// The --bench, --bench-warmup, --bench-per-stdin-line, --profile and
/// --profile-json options, registered in the tool's option category.
/// Construct one (statically, like any cl::opt) before parsing the command
/// line.
class BenchmarkOptions {
public:
  explicit BenchmarkOptions(llvm::cl::OptionCategory &category);

  /// Whether --bench was given: print the latency lines.
  bool benchRequested() const { return timedRuns.getNumOccurrences() > 0; }
  /// Whether --profile or --profile-json was given.
  bool profileRequested() const { return profileTable || profileJSON; }
  bool profileTableRequested() const { return profileTable; }
  bool profileJSONRequested() const { return profileJSON; }
  /// Whether the tool runs timed inferences at all.
  bool requested() const { return benchRequested() || profileRequested(); }

  /// Fails when --profile/--profile-json come with options that contradict
  /// them: --bench-per-stdin-line (a profile is one measurement) or --time
  /// (`time` says whether it was given).
  llvm::Error checkProfileOptions(bool time) const;

  /// The plan for an engine running on `threads` threads (10 timed runs when
  /// only a profile is asked for); prints an `error:` and returns nullopt
  /// when --bench is not a positive count.
  std::optional<BenchmarkPlan> getPlan(unsigned threads) const;

  /// Measures `plan` once, or with --bench-per-stdin-line once for every
  /// line read from stdin until it ends (warm-up included each time), so that
  /// a driver can alternate engines between rounds without loading the model
  /// again. After each round prints the latency lines to `os` (flushed) when
  /// --bench was given. Returns the last round's result.
  llvm::Expected<BenchmarkResult>
  runRounds(llvm::function_ref<llvm::Error()> inference,
            const BenchmarkPlan &plan, llvm::raw_ostream &os,
            llvm::function_ref<void()> afterWarmup = nullptr) const;

private:
  llvm::cl::opt<unsigned> timedRuns;
  llvm::cl::opt<unsigned> warmupRuns;
  llvm::cl::opt<bool> perStdinLine;
  llvm::cl::opt<bool> profileTable;
  llvm::cl::opt<bool> profileJSON;
};

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_BENCHMARK_H
