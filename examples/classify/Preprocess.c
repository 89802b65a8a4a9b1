/* timm's eval transform (Preprocess.h). The resampling follows PIL's
   Image.resize(BICUBIC): a separable convolution with the a = -0.5 cubic
   kernel whose support is widened by the scale when shrinking. */

#include "Preprocess.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct Preprocessing preprocessingOf(const char *variant) {
  struct Preprocessing imagenet = {
      0.95f, {0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}};
  struct Preprocessing half = {0.875f, {0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f}};
  if (strcmp(variant, "conv_small_035") == 0 ||
      strcmp(variant, "conv_small_050") == 0)
    return half;
  if (strcmp(variant, "conv_small") == 0)
    imagenet.cropPct = 0.875f;
  return imagenet;
}

static double cubic(double x) {
  const double a = -0.5;
  x = fabs(x);
  if (x < 1.0)
    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0)
    return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

/* Resamples `n` values of stride `stride` (in floats) to `m` values into
   `dst` (stride `dstStride`), PIL-style. */
static void resample(const float *src, int n, int stride, float *dst, int m,
                     int dstStride) {
  double scale = (double)n / m;
  double filterScale = scale > 1.0 ? scale : 1.0;
  double support = 2.0 * filterScale;
  for (int i = 0; i < m; ++i) {
    double center = (i + 0.5) * scale;
    int lo = (int)floor(center - support + 0.5);
    int hi = (int)floor(center + support + 0.5);
    if (lo < 0)
      lo = 0;
    if (hi > n)
      hi = n;
    double sum = 0.0, weights = 0.0;
    for (int j = lo; j < hi; ++j) {
      double w = cubic((j - center + 0.5) / filterScale);
      sum += w * src[(long)j * stride];
      weights += w;
    }
    dst[(long)i * dstStride] = (float)(weights != 0.0 ? sum / weights : 0.0);
  }
}

int preprocessImage(const unsigned char *rgb, int w, int h, int r,
                    struct Preprocessing p, float *out) {
  int shorter = (int)floorf((float)r / p.cropPct);
  int rw = w <= h ? shorter : (int)((long)shorter * w / h);
  int rh = w <= h ? (int)((long)shorter * h / w) : shorter;
  float *plane = malloc(sizeof(float) * (size_t)w * h);
  float *rows = malloc(sizeof(float) * (size_t)rw * h);
  float *resized = malloc(sizeof(float) * (size_t)rw * rh);
  if (!plane || !rows || !resized) {
    free(plane);
    free(rows);
    free(resized);
    return -1;
  }
  int left = (rw - r) / 2, top = (rh - r) / 2;
  for (int c = 0; c < 3; ++c) {
    for (long i = 0; i < (long)w * h; ++i)
      plane[i] = rgb[i * 3 + c];
    for (int y = 0; y < h; ++y) /* horizontal pass */
      resample(plane + (long)y * w, w, 1, rows + (long)y * rw, rw, 1);
    for (int x = 0; x < rw; ++x) /* vertical pass */
      resample(rows + x, h, rw, resized + x, rh, rw);
    for (int y = 0; y < r; ++y)
      for (int x = 0; x < r; ++x) {
        /* PIL rounds to 8 bits before ToTensor. */
        float v = roundf(resized[(long)(y + top) * rw + x + left]);
        v = v < 0.0f ? 0.0f : v > 255.0f ? 255.0f : v;
        out[((long)c * r + y) * r + x] = (v / 255.0f - p.mean[c]) / p.std[c];
      }
  }
  free(plane);
  free(rows);
  free(resized);
  return 0;
}
