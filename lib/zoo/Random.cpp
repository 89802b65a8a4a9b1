//===- Random.cpp - the zoo's portable pseudo-random numbers
//---------------===//

#include "Random.h"

#include <cmath>

namespace mnv4::zoo::detail {

static uint64_t splitMix64(uint64_t &x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// 64-bit FNV-1a: a stable hash of the stream name.
static uint64_t hashName(llvm::StringRef name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

Random::Random(uint64_t seed, llvm::StringRef stream) {
  uint64_t x = seed;
  x = splitMix64(x) ^ hashName(stream);
  for (uint64_t &s : state)
    s = splitMix64(x);
}

uint64_t Random::next() {
  uint64_t result = rotl(state[1] * 5, 7) * 9;
  uint64_t t = state[1] << 17;
  state[2] ^= state[0];
  state[3] ^= state[1];
  state[1] ^= state[2];
  state[0] ^= state[3];
  state[2] ^= t;
  state[3] = rotl(state[3], 45);
  return result;
}

double Random::uniform() { return (next() >> 11) * 0x1.0p-53; }

double Random::normal(double mean, double stddev) {
  if (hasSpare) {
    hasSpare = false;
    return mean + stddev * spare;
  }
  // 1 - uniform() lies in (0, 1], so the log is finite.
  double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
  double angle = 2.0 * M_PI * uniform();
  spare = radius * std::sin(angle);
  hasSpare = true;
  return mean + stddev * radius * std::cos(angle);
}

} // namespace mnv4::zoo::detail
