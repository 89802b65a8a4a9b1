//===- QuantParams.h - TFLite's int8 parameter formulas ---------*- C++ -*-===//
//
// How TFLite's converter turns a calibrated range or a weight tensor into int8
// parameters and stored integers (../shared/docs/int8-tflite-edgetpu.md §1),
// in float32 where the converter computes in float32.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_QUANT_QUANTPARAMS_H
#define MNV4_QUANT_QUANTPARAMS_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace mnv4::quant {

struct ActivationParams {
  float scale;
  int32_t zeroPoint;
};

/// Asymmetric per-tensor parameters of a calibrated [min, max] (§1.1): the
/// range is widened to contain 0, scale = (rmax - rmin) / 255 in float32, the
/// zero point nudged to an integer in [-128, 127]. A range of only 0 gives
/// scale 1, zero point 0.
ActivationParams activationParams(float min, float max);

/// Parameters with zero point 0 covering [min, max]: scale
/// max(|min|, |max|) / 127. For a tensor that an explicit PAD pads: TFLite
/// pads with the zero point, Arm NN 20.08 with 0 (the reference doc's §5.1),
/// and with zero point 0 both agree.
ActivationParams zeroCenteredParams(float min, float max);

/// TFLite's SAME padding (before, after) of one spatial dimension.
std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t k, int64_t stride);

/// Whether a conv over NHWC `input` with a `kh` x `kw` window, `strides`
/// [h, w] and `pad` [top, left, bottom, right] is neither VALID nor SAME in
/// TFLite, so that its export needs an explicit PAD op (PyTorch's symmetric
/// padding of a strided conv over an even size).
bool needsExplicitPad(llvm::ArrayRef<int64_t> input, int64_t kh, int64_t kw,
                      llvm::ArrayRef<int64_t> strides,
                      llvm::ArrayRef<int64_t> pad);

/// float -> int8 as QUANTIZE does (§2.16): clamp(round(x / s) + z).
int8_t quantizeToInt8(float x, ActivationParams params);

/// Symmetric narrow-range scale of a weight slice (§1.2): max|w| / 127 in
/// float32, the range widened to +-5e-7 when it is (nearly) zero.
float symmetricScale(llvm::ArrayRef<float> slice);

/// One weight as stored: clamp(round(w * float(1 / s)), -127, 127).
int8_t quantizeWeight(float w, float scale);

/// Per-channel symmetric quantization of `weights`, whose channel (the
/// quantized dimension) is `axis` of `shape`; returns the scales and fills
/// `stored`.
std::vector<float> quantizeWeights(llvm::ArrayRef<float> weights,
                                   llvm::ArrayRef<int64_t> shape, int64_t axis,
                                   std::vector<int8_t> &stored);

/// The channel each element of a row-major tensor of `shape` belongs to
/// when its channel dimension is `axis` (one channel when `axis` < 0).
class ChannelOf {
public:
  ChannelOf(llvm::ArrayRef<int64_t> shape, int64_t axis) {
    if (axis < 0) {
      for (int64_t d : shape)
        inner *= d;
      return;
    }
    channels = shape[axis];
    for (size_t d = axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
  }
  int64_t operator()(int64_t element) const {
    return (element / inner) % channels;
  }
  int64_t count() const { return channels; }

private:
  int64_t inner = 1, channels = 1;
};

/// The bias scale float32(s_in * s_w) and a bias as stored (§1.3).
float biasScale(float inputScale, float weightScale);
int32_t quantizeBias(float b, float scale);

} // namespace mnv4::quant

#endif // MNV4_QUANT_QUANTPARAMS_H
