/*===- ThreadPool.h - the threads a compiled model runs on ------*- C -*-===*\
|*                                                                        *|
|* A compiled model's entry point takes a pool as its last argument and   *|
|* hands the tiles of each kernel to it through mnv4_parallel_for. NULL   *|
|* runs everything on the calling thread. The contract is docs/abi.md.    *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#ifndef MNV4_RUNTIME_THREADPOOL_H
#define MNV4_RUNTIME_THREADPOOL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mnv4_thread_pool mnv4_thread_pool;

/* A pool of `num_threads` threads counting the caller: it starts
   num_threads - 1 workers. Returns NULL when num_threads < 1 or a thread
   cannot be started. */
mnv4_thread_pool *mnv4_thread_pool_create(int num_threads);

/* Stops and joins the workers. NULL is accepted. */
void mnv4_thread_pool_destroy(mnv4_thread_pool *pool);

/* The number of threads counting the caller; 1 for NULL. */
int mnv4_thread_pool_size(const mnv4_thread_pool *pool);

/* Calls fn(ctx, begin, end) on disjoint ranges that cover [0, n) exactly
   once, on the caller and the pool's workers, and returns when all are done.
   Which thread runs which range varies; the generated code makes every
   iteration independent, so results do not depend on it. Calls from several
   threads on one pool are serialized. */
void mnv4_parallel_for(mnv4_thread_pool *pool,
                       void (*fn)(void *ctx, int64_t begin, int64_t end),
                       void *ctx, int64_t n);

#ifdef __cplusplus
}
#endif

#endif /* MNV4_RUNTIME_THREADPOOL_H */
