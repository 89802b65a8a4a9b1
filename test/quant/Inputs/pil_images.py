"""Calibration-image test data and its expected tensors, with PIL.

  pil_images.py make DIR
      writes JPEG and PNG images of several sizes, aspect ratios and modes
  pil_images.py expect IMAGE CROP_PCT MEAN STD R OUT.bin
      timm's eval transform as timm, torchvision and PIL compute it:
      Image.open().convert("RGB"), Resize(floor(R / crop_pct)) (shorter side,
      bicubic), CenterCrop(R), ToTensor, Normalize(MEAN, STD) with MEAN and
      STD "half" (0.5) or "imagenet"; float32 NCHW [1,3,R,R]

Run with Debian's /usr/bin/python3 and python3-pil (scripts/setup.sh).
"""
import math
import os
import random
import struct
import sys

from PIL import Image

MEAN_STD = {"half": ((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),
            "imagenet": ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))}


def pattern(width, height, seed):
    """Gradients plus noise, so that every filter tap matters."""
    rng = random.Random(seed)
    img = Image.new("RGB", (width, height))
    img.putdata([((x * 255) // max(width - 1, 1) ^ rng.randrange(64),
                  (y * 255) // max(height - 1, 1) ^ rng.randrange(64),
                  rng.randrange(256)) for y in range(height) for x in range(width)])
    return img


def make(directory):
    os.makedirs(directory, exist_ok=True)
    pattern(300, 200, 1).save(os.path.join(directory, "a_landscape.jpg"), quality=90)
    pattern(199, 257, 2).save(os.path.join(directory, "b_portrait.png"))
    pattern(40, 30, 3).save(os.path.join(directory, "c_small.JPEG"), quality=75,
                            progressive=True)
    pattern(700, 23, 4).save(os.path.join(directory, "d_wide.png"))
    pattern(120, 90, 5).convert("L").save(os.path.join(directory, "e_gray.jpg"))
    pattern(90, 120, 6).convert("L").save(os.path.join(directory, "f_gray.png"))
    pattern(64, 64, 7).convert("P", palette=Image.ADAPTIVE).save(
        os.path.join(directory, "g_palette.png"))
    rgba = pattern(80, 100, 8).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((80, 100)))
    rgba.save(os.path.join(directory, "h_alpha.png"))
    pattern(256, 256, 9).save(os.path.join(directory, "i_square.jpg"), quality=95,
                              subsampling=0)


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def expect(path, crop_pct, mean_std, r, out):
    img = Image.open(path).convert("RGB")
    size = math.floor(r / crop_pct)
    w, h = img.size
    short, long_ = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long_ / short)
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    if (new_w, new_h) != (w, h):
        img = img.resize((new_w, new_h), Image.BICUBIC)
    top = int(round((new_h - r) / 2.0))
    left = int(round((new_w - r) / 2.0))
    img = img.crop((left, top, left + r, top + r))
    px = img.load()
    mean, std = MEAN_STD[mean_std]
    values = []
    for c in range(3):
        m, s = f32(mean[c]), f32(std[c])
        for y in range(r):
            for x in range(r):
                v = f32(px[x, y][c] / 255.0)
                values.append(f32(f32(v - m) / s))
    with open(out, "wb") as f:
        f.write(struct.pack("<%df" % len(values), *values))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        expect(sys.argv[2], float(sys.argv[3]), sys.argv[4], int(sys.argv[5]),
               sys.argv[6])
