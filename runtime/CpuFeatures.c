/*===- CpuFeatures.c - run-time check of the object's CPU features -------===*/

#include "runtime/CpuFeatures.h"

#include <string.h>

#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>

/* LLVM's AArch64 feature names and the Linux hwcaps that announce them
   (<asm/hwcap.h>; bit numbers spelled out so no kernel header is needed). */
static const struct {
  const char *name;
  int hwcap2; /* 0: AT_HWCAP, 1: AT_HWCAP2 */
  unsigned long bit;
} kAArch64Features[] = {
    {"neon", 0, 1UL << 1},      /* HWCAP_ASIMD */
    {"fullfp16", 0, 1UL << 10}, /* HWCAP_ASIMDHP */
    {"dotprod", 0, 1UL << 20},  /* HWCAP_ASIMDDP */
    {"sve", 0, 1UL << 22},      /* HWCAP_SVE */
    {"sve2", 1, 1UL << 1},      /* HWCAP2_SVE2 */
    {"i8mm", 1, 1UL << 13},     /* HWCAP2_I8MM */
    {"bf16", 1, 1UL << 14},     /* HWCAP2_BF16 */
};
#endif

/* __builtin_cpu_supports takes string literals only: one entry per name. */
static int hasFeature(const char *name, size_t len) {
#if defined(__x86_64__) || defined(__i386__)
#define MNV4_FEATURE(lit)                                                      \
  if (len == sizeof(lit) - 1 && strncmp(name, lit, len) == 0)                  \
    return __builtin_cpu_supports(lit);
  __builtin_cpu_init();
  MNV4_FEATURE("sse4.2")
  MNV4_FEATURE("avx")
  MNV4_FEATURE("avx2")
  MNV4_FEATURE("fma")
  MNV4_FEATURE("avx512f")
  MNV4_FEATURE("avx512vl")
  MNV4_FEATURE("avx512bw")
  MNV4_FEATURE("avx512dq")
  MNV4_FEATURE("avx512vnni")
#undef MNV4_FEATURE
#elif defined(__aarch64__) && defined(__linux__)
  for (size_t i = 0; i < sizeof(kAArch64Features) / sizeof(kAArch64Features[0]);
       ++i)
    if (strlen(kAArch64Features[i].name) == len &&
        strncmp(name, kAArch64Features[i].name, len) == 0)
      return (getauxval(kAArch64Features[i].hwcap2 ? AT_HWCAP2 : AT_HWCAP) &
              kAArch64Features[i].bit) != 0;
#endif
  (void)name;
  (void)len;
  return 0;
}

static void append(char *out, size_t size, const char *name, size_t len) {
  size_t used = strlen(out);
  if (used && used + 1 < size)
    out[used++] = ',';
  for (size_t i = 0; i < len && used + 1 < size; ++i)
    out[used++] = name[i];
  out[used < size ? used : size - 1] = '\0';
}

int mnv4_cpu_supports(const char *features, char *missing, size_t size) {
  int ok = 1;
  if (missing && size)
    missing[0] = '\0';
  const char *p = features;
  while (p && *p) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len && !hasFeature(p, len)) {
      ok = 0;
      if (missing && size)
        append(missing, size, p, len);
    }
    p = end ? end + 1 : NULL;
  }
  return ok;
}
