/*===- SerialParallelFor.c - mnv4_parallel_for on one Hexagon thread -----===*\
|*                                                                        *|
|* Generated code hands its tile loops to mnv4_parallel_for (docs/abi.md  *|
|* section 5). The freestanding program has no threads: the whole range   *|
|* runs on the caller, whatever pool it passes.                           *|
|*                                                                        *|
\*===--------------------------------------------------------------------===*/

#include "runtime/ThreadPool.h"

void mnv4_parallel_for(mnv4_thread_pool *pool,
                       void (*fn)(void *ctx, int64_t begin, int64_t end),
                       void *ctx, int64_t n) {
  (void)pool;
  if (n > 0)
    fn(ctx, 0, n);
}
