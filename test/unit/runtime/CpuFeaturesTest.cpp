//===- CpuFeaturesTest.cpp - the run-time CPU feature check ---------------===//
//
// mnv4_cpu_supports answers for every feature name a compiled object may
// list (docs/abi.md) exactly as the compiler's own CPU detection does, and
// names the missing and the unknown ones.
//
//===----------------------------------------------------------------------===//

#include "runtime/CpuFeatures.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

struct Known {
  const char *name;
  bool present;
};

/// The names the runtime knows, with this CPU's answer from the compiler.
std::vector<Known> knownFeatures() {
  __builtin_cpu_init();
  return {{"sse4.2", __builtin_cpu_supports("sse4.2") != 0},
          {"avx", __builtin_cpu_supports("avx") != 0},
          {"avx2", __builtin_cpu_supports("avx2") != 0},
          {"fma", __builtin_cpu_supports("fma") != 0},
          {"avx512f", __builtin_cpu_supports("avx512f") != 0},
          {"avx512vl", __builtin_cpu_supports("avx512vl") != 0},
          {"avx512bw", __builtin_cpu_supports("avx512bw") != 0},
          {"avx512dq", __builtin_cpu_supports("avx512dq") != 0},
          {"avx512vnni", __builtin_cpu_supports("avx512vnni") != 0}};
}

std::string missingOf(const char *features, size_t size = 256) {
  std::vector<char> missing(size, 'x');
  mnv4_cpu_supports(features, missing.data(), size);
  return std::string(missing.data());
}

TEST(CpuFeatures, EveryKnownNameMatchesTheCompilersDetection) {
  for (const Known &f : knownFeatures()) {
    SCOPED_TRACE(f.name);
    char missing[64];
    EXPECT_EQ(mnv4_cpu_supports(f.name, missing, sizeof(missing)),
              f.present ? 1 : 0);
    EXPECT_EQ(std::string(missing), f.present ? "" : f.name);
  }
}

TEST(CpuFeatures, AListIsSupportedWhenEveryNameIs) {
  std::string all, present, absent;
  for (const Known &f : knownFeatures()) {
    all += (all.empty() ? "" : ",") + std::string(f.name);
    std::string &which = f.present ? present : absent;
    which += (which.empty() ? "" : ",") + std::string(f.name);
  }
  EXPECT_EQ(mnv4_cpu_supports(all.c_str(), nullptr, 0), absent.empty());
  EXPECT_EQ(missingOf(all.c_str()), absent);
  // Every x86-64 CPU that runs this test has SSE4.2-era features at least.
  ASSERT_FALSE(present.empty());
  EXPECT_EQ(mnv4_cpu_supports(present.c_str(), nullptr, 0), 1);
  EXPECT_EQ(missingOf(present.c_str()), "");
}

TEST(CpuFeatures, AnEmptyListNeedsNothing) {
  EXPECT_EQ(mnv4_cpu_supports("", nullptr, 0), 1);
  EXPECT_EQ(mnv4_cpu_supports(nullptr, nullptr, 0), 1);
  EXPECT_EQ(missingOf(""), "");
  // Empty entries (",,") are not names.
  EXPECT_EQ(mnv4_cpu_supports(",,", nullptr, 0), 1);
}

TEST(CpuFeatures, UnknownNamesAreMissing) {
  EXPECT_EQ(mnv4_cpu_supports("no-such-feature", nullptr, 0), 0);
  EXPECT_EQ(missingOf("no-such-feature"), "no-such-feature");
  // A prefix or an extension of a known name is not that name.
  EXPECT_EQ(missingOf("avx5,avx2x"), "avx5,avx2x");
  EXPECT_EQ(missingOf("sse4.2,bogus,sse4.2,other"), "bogus,other");
}

TEST(CpuFeatures, TheMissingListIsTruncatedAndTerminated) {
  // "alpha,beta" cut to 7 bytes and a NUL.
  EXPECT_EQ(missingOf("alpha,beta", 8), "alpha,b");
  EXPECT_EQ(missingOf("alpha,beta", 1), "");
  // No buffer at all: only the answer.
  EXPECT_EQ(mnv4_cpu_supports("alpha", nullptr, 16), 0);
  char untouched = 'x';
  EXPECT_EQ(mnv4_cpu_supports("alpha", &untouched, 0), 0);
  EXPECT_EQ(untouched, 'x');
}

} // namespace
