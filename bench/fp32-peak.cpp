//===- fp32-peak.cpp - this host's fp32 FMA peak, per ISA and threads -----===//
//
// The denominator of bench/compiled-vs-ort.py's "fraction of peak": K
// independent FMA chains per thread (acc[k] = acc[k] * a + b), enough to hide
// the FMA latency on both FMA ports, with 256-bit (ymm) and, when the host
// has AVX-512, 512-bit (zmm) vectors, on 1 and 2 threads. FLOP = 2 * K * lanes
// * iterations per thread. Built by the bench with
//
//   clang++-22 -O2 -march=native -std=c++17 -pthread fp32-peak.cpp
//
// and run as `fp32-peak [ITERATIONS]` (default 200000000: about 1 s per
// measurement; much shorter runs read low). Prints one line per measurement,
// the best of three:
//
//   fp32_peak_gflops: isa=zmm threads=1 wall=X cpu=Y
//
// wall: FLOP over wall time, summed over threads; cpu: FLOP over each
// thread's CPU time (CLOCK_THREAD_CPUTIME_ID), summed; the steadier figure
// when other jobs share the cores.
//
//===----------------------------------------------------------------------===//

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <time.h>
#include <vector>

#ifndef __FMA__
#error "build with -march=native on an x86-64 host with FMA"
#endif

namespace {

// 32 vector registers with AVX-512 (ymm16-31 too), 16 without: leave room
// for the two operands.
#ifdef __AVX512F__
constexpr int kChains = 16;
#else
constexpr int kChains = 12;
#endif

double threadCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

struct Ymm {
  using V = __m256;
  static constexpr int lanes = 8;
  static V set1(float x) { return _mm256_set1_ps(x); }
  static V fma(V x, V y, V z) { return _mm256_fmadd_ps(x, y, z); }
  static float sum(V v) {
    float t[lanes];
    _mm256_storeu_ps(t, v);
    return t[0] + t[lanes - 1];
  }
};

#ifdef __AVX512F__
struct Zmm {
  using V = __m512;
  static constexpr int lanes = 16;
  static V set1(float x) { return _mm512_set1_ps(x); }
  static V fma(V x, V y, V z) { return _mm512_fmadd_ps(x, y, z); }
  static float sum(V v) { return _mm512_reduce_add_ps(v); }
};
#endif

/// `iterations` rounds of kChains independent FMAs; returns a sum of the
/// accumulators so that the work stays live.
template <class Isa> float fmaChains(long iterations) {
  typename Isa::V acc[kChains];
  for (int k = 0; k < kChains; ++k)
    acc[k] = Isa::set1(1.0f + k * 1e-3f);
  typename Isa::V a = Isa::set1(0.999999f), b = Isa::set1(1e-7f);
  for (long i = 0; i < iterations; ++i)
#pragma unroll
    for (int k = 0; k < kChains; ++k)
      acc[k] = Isa::fma(acc[k], a, b);
  float s = 0;
  for (int k = 0; k < kChains; ++k)
    s += Isa::sum(acc[k]);
  return s;
}

struct Rates {
  double wall = 0, cpu = 0;
};

template <class Isa> Rates measure(int threads, long iterations) {
  Rates best;
  const double flop = 2.0 * kChains * Isa::lanes * iterations;
  for (int rep = 0; rep < 3; ++rep) {
    std::vector<std::thread> pool;
    std::vector<double> cpuSeconds(threads);
    std::vector<float> sums(threads);
    auto start = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        double c0 = threadCpuSeconds();
        sums[t] = fmaChains<Isa>(iterations);
        cpuSeconds[t] = threadCpuSeconds() - c0;
      });
    for (std::thread &t : pool)
      t.join();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (sums[0] == 12345.678f) // never true; keeps the sums live
      std::puts("");
    Rates rates;
    rates.wall = flop * threads / seconds / 1e9;
    for (double c : cpuSeconds)
      rates.cpu += flop / c / 1e9;
    best.wall = std::max(best.wall, rates.wall);
    best.cpu = std::max(best.cpu, rates.cpu);
  }
  return best;
}

template <class Isa> void report(const char *isa, long iterations) {
  for (int threads : {1, 2}) {
    Rates r = measure<Isa>(threads, iterations);
    std::printf("fp32_peak_gflops: isa=%s threads=%d wall=%.1f cpu=%.1f\n", isa,
                threads, r.wall, r.cpu);
    std::fflush(stdout);
  }
}

} // namespace

int main(int argc, char **argv) {
  long iterations = 200000000;
  if (argc > 2 || (argc == 2 && (iterations = std::atol(argv[1])) <= 0)) {
    std::fprintf(stderr, "usage: fp32-peak [ITERATIONS > 0]\n");
    return 1;
  }
#ifdef __AVX512F__
  if (__builtin_cpu_supports("avx512f"))
    report<Zmm>("zmm", iterations);
#endif
  report<Ymm>("ymm", iterations);
  return 0;
}
