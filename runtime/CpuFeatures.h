/*===- CpuFeatures.h - does this CPU run the compiled code? ----*- C -*-===*\
|*                                                                        *|
|* Every compiled model exports `<name>_cpu_features`, the comma-separated *|
|* CPU features its code uses. Checking them before the first call turns  *|
|* an illegal-instruction crash into a message (docs/abi.md).             *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#ifndef MNV4_RUNTIME_CPUFEATURES_H
#define MNV4_RUNTIME_CPUFEATURES_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns 1 when this CPU has every feature of the comma-separated list.
   Otherwise returns 0 and writes the missing (or unknown) ones, comma
   separated, into `missing` (at most `size` bytes, NUL terminated). */
int mnv4_cpu_supports(const char *features, char *missing, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* MNV4_RUNTIME_CPUFEATURES_H */
