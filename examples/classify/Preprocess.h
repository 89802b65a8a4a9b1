/* timm's eval transform for a MobileNetV4 variant, in C: resize the shorter
   side to floor(R / crop_pct) (bicubic, antialiased as PIL does it), center
   crop R x R, scale to [0, 1], subtract the mean and divide by the std; the
   result is float32 NCHW [1, 3, R, R]. */

#ifndef CLASSIFY_PREPROCESS_H
#define CLASSIFY_PREPROCESS_H

struct Preprocessing {
  float cropPct;
  float mean[3], std[3];
};

/* The pretrained configuration of a zoo variant (timm's pretrained_cfg:
   ../shared/docs/mnv4-architectures.md); ImageNet mean/std and crop_pct 0.95
   for a name it does not know. */
struct Preprocessing preprocessingOf(const char *variant);

/* Writes 3 * r * r floats to `out` from an 8-bit RGB image of w x h pixels
   (row-major, interleaved). Returns 0, or -1 when out of memory. */
int preprocessImage(const unsigned char *rgb, int w, int h, int r,
                    struct Preprocessing p, float *out);

#endif /* CLASSIFY_PREPROCESS_H */
