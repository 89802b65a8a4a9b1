/*===- IntegerDivision.c - Hexagon's integer division helpers ------------===*\
|*                                                                        *|
|* Hexagon has no divide instruction: LLVM calls these (compiler-rt's     *|
|* names, normal C calling convention) for 32- and 64-bit division and    *|
|* remainder by a non-constant. Debian ships no Hexagon compiler-rt, so   *|
|* the harness brings them: restoring binary long division, C semantics   *|
|* (the quotient truncates, the remainder takes the dividend's sign).     *|
|* Division by zero returns 0 (C leaves it undefined; generated code      *|
|* never divides by zero).                                                *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#include <stdint.h>

static uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *remainder) {
  uint64_t q = 0, r = 0;
  if (d == 0) {
    *remainder = 0;
    return 0;
  }
  for (int bit = 63; bit >= 0; --bit) {
    r = (r << 1) | ((n >> bit) & 1);
    if (r >= d) {
      r -= d;
      q |= (uint64_t)1 << bit;
    }
  }
  *remainder = r;
  return q;
}

static uint64_t magnitude(int64_t x) {
  return x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
}

uint64_t __hexagon_udivdi3(uint64_t n, uint64_t d) {
  uint64_t r;
  return udivmod64(n, d, &r);
}

uint64_t __hexagon_umoddi3(uint64_t n, uint64_t d) {
  uint64_t r;
  udivmod64(n, d, &r);
  return r;
}

int64_t __hexagon_divdi3(int64_t n, int64_t d) {
  uint64_t r, q = udivmod64(magnitude(n), magnitude(d), &r);
  return (n < 0) != (d < 0) ? (int64_t)((uint64_t)0 - q) : (int64_t)q;
}

int64_t __hexagon_moddi3(int64_t n, int64_t d) {
  uint64_t r;
  udivmod64(magnitude(n), magnitude(d), &r);
  return n < 0 ? (int64_t)((uint64_t)0 - r) : (int64_t)r;
}

uint32_t __hexagon_udivsi3(uint32_t n, uint32_t d) {
  return (uint32_t)__hexagon_udivdi3(n, d);
}

uint32_t __hexagon_umodsi3(uint32_t n, uint32_t d) {
  return (uint32_t)__hexagon_umoddi3(n, d);
}

int32_t __hexagon_divsi3(int32_t n, int32_t d) {
  return (int32_t)__hexagon_divdi3(n, d);
}

int32_t __hexagon_modsi3(int32_t n, int32_t d) {
  return (int32_t)__hexagon_moddi3(n, d);
}
