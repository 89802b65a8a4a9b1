//===- Random.h - the zoo's portable pseudo-random numbers ------*- C++ -*-===//
//
// Private to lib/zoo. std:: distributions differ between standard libraries,
// so the zoo draws its weights from its own generator: xoshiro256** seeded
// through splitmix64, with Box-Muller normals. Every layer gets its own
// stream, keyed by the seed and the layer's name, so a layer's raw weights do
// not depend on how many numbers other layers drew.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_ZOO_RANDOM_H
#define MNV4_LIB_ZOO_RANDOM_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mnv4::zoo::detail {

class Random {
public:
  /// The stream named `stream` of generator `seed`.
  Random(uint64_t seed, llvm::StringRef stream);

  uint64_t next();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Normal(mean, stddev) by Box-Muller; the second value is kept for the
  /// next call.
  double normal(double mean = 0.0, double stddev = 1.0);

private:
  uint64_t state[4];
  double spare = 0.0;
  bool hasSpare = false;
};

} // namespace mnv4::zoo::detail

#endif // MNV4_LIB_ZOO_RANDOM_H
