/*===- Profile.h - per-block timestamps of a profiled build -----*- C -*-===*\
|*                                                                        *|
|* `mnv4-run --engine=compiled --profile` compiles the model a second     *|
|* time with a probe between blocks (mnv4-insert-profile-probes): the     *|
|* code calls mnv4_profile_mark(i) before block 0 (i = 0) and after block *|
|* i - 1, on the thread that called the entry point. This file records    *|
|* those calls. Objects written by `mnv4-compile --emit=obj` contain no   *|
|* probes and do not need it (docs/benchmarks.md).                        *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#ifndef MNV4_RUNTIME_PROFILE_H
#define MNV4_RUNTIME_PROFILE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Starts recording on the calling thread: mark `id` stores the monotonic
   clock, in nanoseconds, into stamps[id] (ids outside [0, capacity) are
   counted but not stored). Each thread records into its own buffer. */
void mnv4_profile_begin(uint64_t *stamps, int32_t capacity);

/* Stops recording on the calling thread; returns the number of marks since
   mnv4_profile_begin, or -1 when the thread was not recording. */
int32_t mnv4_profile_end(void);

/* The probe the profiled code calls. Does nothing on a thread that is not
   recording. */
void mnv4_profile_mark(int32_t id);

#ifdef __cplusplus
}
#endif

#endif /* MNV4_RUNTIME_PROFILE_H */
