/* Stress for runtime/ThreadPool.c under ThreadSanitizer: many short jobs of
   varying sizes, callers on several threads sharing one pool, and pools
   created and destroyed while idle. Each job's ranges must cover [0, n)
   exactly once; the writes to `hits` are plain stores, so a missing
   happens-before edge between a chunk and the caller's check is a race
   TSan reports.

     pool-stress THREADS CALLERS ROUNDS */

#include "runtime/ThreadPool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_N = 257 };

struct Job {
  int hits[MAX_N];
};

static void mark(void *ctx, int64_t begin, int64_t end) {
  struct Job *job = ctx;
  for (int64_t i = begin; i < end; ++i)
    job->hits[i] += 1;
}

struct Caller {
  mnv4_thread_pool *pool;
  int rounds, seed, failures;
};

static void *call(void *arg) {
  struct Caller *c = arg;
  struct Job job;
  for (int r = 0; r < c->rounds; ++r) {
    int n = (r * 31 + c->seed * 7) % MAX_N;
    memset(job.hits, 0, sizeof(job.hits));
    mnv4_parallel_for(c->pool, mark, &job, n);
    for (int i = 0; i < MAX_N; ++i)
      c->failures += job.hits[i] != (i < n);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: pool-stress THREADS CALLERS ROUNDS\n");
    return 2;
  }
  int threads = atoi(argv[1]), callers = atoi(argv[2]), rounds = atoi(argv[3]);
  int failures = 0;
  for (int pass = 0; pass < 3; ++pass) {
    mnv4_thread_pool *pool = mnv4_thread_pool_create(threads);
    if (!pool)
      return 2;
    pthread_t ids[8];
    struct Caller cs[8];
    for (int i = 0; i < callers && i < 8; ++i) {
      cs[i] = (struct Caller){pool, rounds, i + pass, 0};
      pthread_create(&ids[i], NULL, call, &cs[i]);
    }
    for (int i = 0; i < callers && i < 8; ++i) {
      pthread_join(ids[i], NULL);
      failures += cs[i].failures;
    }
    mnv4_thread_pool_destroy(pool);
  }
  printf("failures=%d\n", failures);
  return failures != 0;
}
