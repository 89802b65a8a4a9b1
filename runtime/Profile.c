/*===- Profile.c - per-block timestamps of a profiled build -----*- C -*-===*/

#include "runtime/Profile.h"

#include <time.h>

/* One recording per thread: probes run on the thread that called the entry
   point, so concurrent profiled calls on different threads do not mix. */
static _Thread_local uint64_t *stamps;
static _Thread_local int32_t capacity;
static _Thread_local int32_t marks = -1;

void mnv4_profile_begin(uint64_t *buffer, int32_t size) {
  stamps = buffer;
  capacity = size;
  marks = 0;
}

int32_t mnv4_profile_end(void) {
  int32_t n = marks;
  stamps = 0;
  capacity = 0;
  marks = -1;
  return n;
}

void mnv4_profile_mark(int32_t id) {
  if (marks < 0)
    return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (id >= 0 && id < capacity)
    stamps[id] = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
  ++marks;
}
