/* classify: MobileNetV4 top-5 with a model compiled at build time by
   mnv4_add_model (docs/build-time-codegen.md).

     classify --input IN.bin [--runs N] [--threads T]  float32 NCHW [1,3,R,R]
     classify IMAGE.{ppm,png,jpg} [--runs N] [--threads T]

   An image is decoded with stb_image (Debian's libstb-dev, compiled in) and
   preprocessed as timm's eval transform for the variant (Preprocess.h).
   Prints the five best classes (index, logit, softmax probability) and the
   median latency of N runs. With mnv4_add_model(... THREADS ON) (NET_THREADS
   1) the model runs on a pool of T threads (default: the online CPUs); with
   THREADS OFF on the calling thread (a NULL pool). */

#include "net.h"
#include "runtime/CpuFeatures.h"
#include "runtime/ThreadPool.h"

#include "Preprocess.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef CLASSIFY_HAVE_STB
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO_FILE_EXTRA
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#define STBI_ONLY_PNM
#include <stb_image.h>
#endif

#ifndef CLASSIFY_VARIANT
#define CLASSIFY_VARIANT "conv_small"
#endif

static float input[NET_INPUT_SIZE];
static float logits[NET_OUTPUT0_SIZE];

static int readInput(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "error: cannot open %s\n", path);
    return -1;
  }
  size_t n = fread(input, sizeof(float), NET_INPUT_SIZE, f);
  int extra = fgetc(f) != EOF;
  fclose(f);
  if (n != NET_INPUT_SIZE || extra) {
    fprintf(stderr, "error: %s is not %d float32 values (NCHW [1,3,R,R])\n",
            path, NET_INPUT_SIZE);
    return -1;
  }
  return 0;
}

static int readImage(const char *path) {
#ifdef CLASSIFY_HAVE_STB
  int w, h, channels;
  unsigned char *rgb = stbi_load(path, &w, &h, &channels, 3);
  if (!rgb) {
    fprintf(stderr, "error: cannot decode %s: %s\n", path,
            stbi_failure_reason());
    return -1;
  }
  int r = (int)lround(sqrt(NET_INPUT_SIZE / 3.0));
  int rc =
      preprocessImage(rgb, w, h, r, preprocessingOf(CLASSIFY_VARIANT), input);
  stbi_image_free(rgb);
  if (rc != 0)
    fprintf(stderr, "error: out of memory preprocessing %s\n", path);
  return rc;
#else
  fprintf(stderr,
          "error: %s: built without image support (libstb-dev); "
          "pass --input IN.bin\n",
          path);
  return -1;
#endif
}

static double nowMs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  const char *inputFile = NULL, *imageFile = NULL;
  int runs = 1, threads = 0;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--input") == 0 && i + 1 < argc)
      inputFile = argv[++i];
    else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
      runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (argv[i][0] != '-' && !imageFile)
      imageFile = argv[i];
    else
      imageFile = inputFile = NULL, i = argc;
  }
  if (!inputFile == !imageFile || runs < 1 || runs > 100000 || threads < 0 ||
      threads > 1024) {
    fprintf(stderr, "usage: classify (--input IN.bin | IMAGE) [--runs N] "
                    "[--threads T]\n");
    return 2;
  }
  char missing[128];
  if (!mnv4_cpu_supports(net_cpu_features, missing, sizeof missing)) {
    fprintf(stderr, "error: this CPU lacks %s\n", missing);
    return 1;
  }
  if ((inputFile ? readInput(inputFile) : readImage(imageFile)) != 0)
    return 1;

  void *arena = aligned_alloc(64, (NET_ARENA_BYTES + 63) / 64 * 64 + 64);
  double *times = malloc(sizeof(double) * (size_t)runs);
  if (!arena || !times) {
    fprintf(stderr, "error: out of memory\n");
    return 1;
  }
  mnv4_thread_pool *pool = NULL;
#if NET_THREADS
  if (threads == 0)
    threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (threads > 1 && !(pool = mnv4_thread_pool_create(threads))) {
    fprintf(stderr, "error: cannot start %d threads\n", threads);
    return 1;
  }
#endif
  for (int i = 0; i < runs; ++i) {
    double start = nowMs();
    net_run(input, logits, arena, pool);
    times[i] = nowMs() - start;
  }
  int used = mnv4_thread_pool_size(pool);
  mnv4_thread_pool_destroy(pool);
  qsort(times, (size_t)runs, sizeof(double), compareDoubles);

  float best = logits[0];
  for (int i = 1; i < NET_OUTPUT0_SIZE; ++i)
    best = logits[i] > best ? logits[i] : best;
  double sum = 0.0;
  for (int i = 0; i < NET_OUTPUT0_SIZE; ++i)
    sum += exp((double)logits[i] - best);
  int top[5];
  for (int k = 0; k < 5 && k < NET_OUTPUT0_SIZE; ++k) {
    top[k] = -1;
    for (int i = 0; i < NET_OUTPUT0_SIZE; ++i) {
      int taken = 0;
      for (int j = 0; j < k; ++j)
        taken |= top[j] == i;
      if (!taken && (top[k] < 0 || logits[i] > logits[top[k]]))
        top[k] = i;
    }
    printf("top%d: class=%d logit=%.5f prob=%.5f\n", k + 1, top[k],
           logits[top[k]], exp((double)logits[top[k]] - best) / sum);
  }
  printf("latency_ms: median=%.3f runs=%d threads=%d\n", times[runs / 2], runs,
         used);
  free(times);
  free(arena);
  return 0;
}
