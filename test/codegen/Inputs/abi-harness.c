/* A C program that uses a compiled model exactly as docs/abi.md describes:
   the header `net.h` of `mnv4-compile --emit=obj --name=net`, the object,
   the runtime's CPU-feature check and thread pool. It runs the model twice
   at once on two threads with distinct arenas (the function is reentrant),
   one call on the calling thread only (pool NULL) and one on a pool of 3
   threads, and checks both results agree bit for bit; arenas and outputs start
   poisoned with NaNs, so reading uninitialized arena bytes or leaving an output
   element unwritten shows up as a NaN.

     abi-harness IN.bin OUT.bin   (IN: float32 NCHW, OUT: the output) */

#include "net.h"
#include "runtime/CpuFeatures.h"
#include "runtime/ThreadPool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Call {
  const float *input;
  float output[NET_OUTPUT0_SIZE];
  void *arena;
  mnv4_thread_pool *pool;
};

static void *run(void *arg) {
  struct Call *call = arg;
  net_run(call->input, call->output, call->arena, call->pool);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: abi-harness IN.bin OUT.bin\n");
    return 1;
  }
  char missing[128];
  if (!mnv4_cpu_supports(net_cpu_features, missing, sizeof(missing))) {
    fprintf(stderr, "error: this CPU lacks %s\n", missing);
    return 1;
  }
  static float input[NET_INPUT_SIZE];
  FILE *in = fopen(argv[1], "rb");
  if (!in ||
      fread(input, sizeof(float), NET_INPUT_SIZE, in) != NET_INPUT_SIZE) {
    fprintf(stderr, "error: cannot read %d floats from %s\n", NET_INPUT_SIZE,
            argv[1]);
    return 1;
  }
  fclose(in);

  static struct Call calls[2];
  calls[1].pool = mnv4_thread_pool_create(3);
  if (!calls[1].pool)
    return 1;
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) {
    calls[i].input = input;
    calls[i].arena = aligned_alloc(64, NET_ARENA_BYTES);
    memset(calls[i].arena, 0xff, NET_ARENA_BYTES);
    memset(calls[i].output, 0xff, sizeof(calls[i].output));
    if (pthread_create(&threads[i], NULL, run, &calls[i]) != 0)
      return 1;
  }
  for (int i = 0; i < 2; ++i)
    pthread_join(threads[i], NULL);
  if (memcmp(calls[0].output, calls[1].output, sizeof(calls[0].output)) != 0) {
    fprintf(stderr, "error: concurrent calls disagree\n");
    return 1;
  }
  /* A second call on a used arena, now on the pool, gives the same result. */
  calls[0].pool = calls[1].pool;
  run(&calls[0]);
  if (memcmp(calls[0].output, calls[1].output, sizeof(calls[0].output)) != 0) {
    fprintf(stderr, "error: a second call on the same arena differs\n");
    return 1;
  }

  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(calls[0].output, sizeof(float), NET_OUTPUT0_SIZE, out) !=
                  NET_OUTPUT0_SIZE) {
    fprintf(stderr, "error: cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(out);
  printf("arena_bytes=%d inputs=%d outputs=%d\n", NET_ARENA_BYTES,
         NET_INPUT_SIZE, NET_OUTPUT0_SIZE);
  free(calls[0].arena);
  free(calls[1].arena);
  return 0;
}
