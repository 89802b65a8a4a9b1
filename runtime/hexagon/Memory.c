/*===- Memory.c - memcpy, memmove and memset for freestanding Hexagon ----===*\
|*                                                                        *|
|* LLVM emits calls to these for copies and fills (and Hexagon's backend  *|
|* its own name for aligned copies of 32 bytes or more in multiples of    *|
|* 8). Built with -ffreestanding, so the loops are not turned back into   *|
|* calls of themselves.                                                   *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
    for (; n >= 8; n -= 8, d += 8, s += 8)
      *(uint64_t *)d = *(const uint64_t *)s;
  }
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d <= s || d >= s + n)
    return memcpy(dst, src, n);
  while (n--)
    d[n] = s[n];
  return dst;
}

void *memset(void *dst, int value, size_t n) {
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)value;
  return dst;
}

void *__hexagon_memcpy_likely_aligned_min32bytes_mult8bytes(void *dst,
                                                            const void *src,
                                                            size_t n) {
  return memcpy(dst, src, n);
}
