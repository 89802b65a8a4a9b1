//===- NaiveReference.h - naive loops for the kernel tests ------*- C++ -*-===//
//
// Straightforward reference implementations written from the op descriptions
// (MNV4Ops.td) without sharing code with lib/interp: every loop index is
// spelled out, padding is an explicit bounds test, and sums are in double.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TEST_UNIT_INTERP_NAIVEREFERENCE_H
#define MNV4_TEST_UNIT_INTERP_NAIVEREFERENCE_H

#include "mnv4/Interp/Tensor.h"

#include "dialects/mnv4/MNV4Dialect.h"

#include <array>
#include <cstdint>
#include <vector>

namespace mnv4::interp::naive {

struct Window {
  int64_t strideH = 1, strideW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
};

/// A window with stride s and the blocks' symmetric padding (k - 1) / 2.
Window same(int64_t kernel, int64_t stride);

/// The window of a kernel's strides [h, w] and pad [top, left, bottom, right].
Window window(std::array<int64_t, 2> strides, std::array<int64_t, 4> pad);

/// A tensor of `shape` with uniform values in [lo, hi) from `seed`.
Tensor random(std::vector<int64_t> shape, unsigned seed, float lo = -1.0f,
              float hi = 1.0f);

double act(double x, Activation a);

/// filter OHWI [Cout,kh,kw,Cin]; bias may be null.
Tensor conv(const Tensor &x, const Tensor &filter, const Tensor *bias,
            Window win, Activation a);
/// filter HWC [kh,kw,C]; bias may be null.
Tensor depthwise(const Tensor &x, const Tensor &filter, const Tensor *bias,
                 Window win, Activation a);
Tensor avgPool(const Tensor &x, int64_t k, int64_t s);
Tensor blur(const Tensor &x);
/// [N,H,W,C] * [C] per channel.
Tensor scaleChannels(const Tensor &x, const Tensor &scale);
Tensor addSame(const Tensor &a, const Tensor &b);

/// The Mobile MQA block, straight from the formula in MNV4Ops.td.
struct MQAWeights {
  Tensor normScale, normShift, query, keyDown, keyDownBias, valueDown,
      valueDownBias, key, value, output, layerScale;
};
Tensor mobileMQA(const Tensor &x, const MQAWeights &w, int64_t heads,
                 int64_t kvStride, bool withLayerScale);

} // namespace mnv4::interp::naive

#endif // MNV4_TEST_UNIT_INTERP_NAIVEREFERENCE_H
